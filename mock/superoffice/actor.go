package superoffice

import (
	"errors"
	"fmt"
	"strings"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// CreateChat implements api.Actor: a session the visitor started (joined, InQueue), picked
// up at once when an agent is named (joined, UserLast, no welcome message), then the
// initial messages. Everything is checked before the session is stored.
func (a *Adapter) CreateChat(n api.NewChat) (store.Chat, error) {
	a.mu.RLock()
	t, ok := a.tenants[n.Tenant]
	a.mu.RUnlock()
	if !ok {
		return store.Chat{}, api.Errorf(api.KindNotFound, "body tenant", "no SuperOffice customer %q", n.Tenant)
	}
	if n.ID != "" {
		if _, err := sessionNumber(n.ID); err != nil {
			return store.Chat{}, api.Errorf(api.KindInvalid, "body id", "%v", err)
		}
	}
	if n.Visitor.Name == "" {
		return store.Chat{}, api.Errorf(api.KindMissing, "body visitor.name", "the visitor needs a name")
	}
	var ag fixtures.Agent
	if n.Agent != "" {
		if ag, ok = a.agent(t.ID, n.Agent); !ok {
			return store.Chat{}, api.Errorf(api.KindNotFound, "body agent", "no associate %q in %s", n.Agent, t.ID)
		}
	}
	for i, m := range n.Messages {
		switch {
		case m.From == "agent" && n.Agent == "":
			return store.Chat{}, api.Errorf(api.KindMissing, "body agent", "messages[%d] is from the agent; name the agent", i)
		case m.From != "agent" && m.From != "visitor":
			return store.Chat{}, api.Errorf(api.KindInvalid, fmt.Sprintf("body messages[%d].from", i), "%q: use visitor or agent", m.From)
		}
	}
	st := a.store()
	rank := int64(0)
	if n.Agent != "" {
		rank = a.nextRank(t.ID, ag.ID)
	}
	queued := len(st.List(store.Filter{Vendor: Vendor, Tenant: t.ID, Match: func(c *store.Chat) bool { return statusOf(c) == statusInQueue }}))
	c, err := st.Create(store.ChatSpec{Vendor: Vendor, Tenant: t.ID, ID: n.ID, NumericID: n.ID == "",
		State: store.StateWaiting, VendorState: statusInQueue, Subject: n.Subject, UserData: n.UserData})
	if errors.Is(err, store.ErrExists) {
		return store.Chat{}, api.Errorf(api.KindConflict, "body id", "SuperOffice session %s already exists", n.ID)
	} else if err != nil {
		return store.Chat{}, api.Internal(err)
	}
	_, c, err = st.Update(c.Key, func(tx *store.Tx) error {
		nick := n.Visitor.Nickname
		if nick == "" {
			nick, _, _ = strings.Cut(n.Visitor.Name, " ")
		}
		vid := tx.AddParticipant(store.Participant{Role: store.RoleVisitor, Name: n.Visitor.Name, Nickname: nick, Email: n.Visitor.Email})
		tx.Append(store.EventSpec{Kind: store.KindJoined, From: vid})
		setTime(tx, "WhenRequested", tx.Now())
		setAttr(tx, "SessionKey", sessionKeyFor(t.ID, tx.C.Key.ID, tx.Now()))
		setBool(tx, "CustomerConsented", true)
		setInt(tx, "InitialQueuePos", int64(queued+1))
		pid := ""
		if n.Agent != "" {
			pid = ensureAgent(tx, ag)
			tx.Append(store.EventSpec{Kind: store.KindJoined, From: pid})
			setAttr(tx, attrUser, ag.ID)
			setTime(tx, "WhenStarted", tx.Now())
			setInt(tx, "Rank", rank)
			setStatus(tx, statusUserLast)
		}
		for _, m := range n.Messages {
			if m.From == "agent" {
				say(tx, pid, store.KindText, typeToCustomer, m.Text, m.Visibility, nil)
			} else {
				say(tx, vid, store.KindText, typeToUser, m.Text, m.Visibility, nil)
			}
		}
		return nil
	})
	if err != nil {
		return store.Chat{}, api.Internal(err)
	}
	return c, nil
}

// Act implements api.Actor. Agent actions: accept (pickup with the welcome message), send
// (ToCustomer), notice (Special; custom-notice when for agents only), typing-start and
// typing-stop (Flags UserIsTyping, no message), leave and complete (ClosedByUser, Status
// Closed), transfer (to target: the session's User changes). Visitor actions: join, send
// (ToUser), typing-start and typing-stop (Flags CustomerIsTyping), complete
// (ClosedByCustomer; Status Closed, or ClosedFromQueue from the queue). An action the
// session's Status does not allow is KindWrongState.
func (a *Adapter) Act(k store.Key, act api.Action) ([]store.Event, store.Chat, error) {
	if k.Vendor != Vendor {
		return nil, store.Chat{}, api.Errorf(api.KindNotFound, "path vendor", "%s sessions are not served by the SuperOffice adapter", k.Vendor)
	}
	c, err := a.store().Get(k)
	if err != nil {
		return nil, store.Chat{}, api.Errorf(api.KindNotFound, "path chatId", "SuperOffice session %s not found in %s", k.ID, k.Tenant)
	}
	if (act.Name == "send" || act.Name == "notice") && act.Text == "" {
		return nil, store.Chat{}, api.Errorf(api.KindMissing, "body text", "required for %s", act.Name)
	}
	var fn func(tx *store.Tx) error
	switch act.Role {
	case api.AsAgent:
		fn, err = a.agentAction(&c, act)
	case api.AsVisitor:
		fn, err = visitorAction(act)
	default:
		err = api.Errorf(api.KindInvalid, "role", "%q: act as agent or visitor", act.Role)
	}
	if err != nil {
		return nil, store.Chat{}, err
	}
	events, after, err := a.store().Update(k, fn)
	if errors.Is(err, store.ErrNotFound) {
		return nil, store.Chat{}, api.Errorf(api.KindNotFound, "path chatId", "SuperOffice session %s not found in %s", k.ID, k.Tenant)
	}
	return events, after, err
}

// wrongState says why the session's Status forbids an action.
func wrongState(tx *store.Tx, action string) error {
	return api.Errorf(api.KindWrongState, "body action", "%s is not possible: session %s is %s", action, tx.C.Key.ID, statusOf(&tx.C))
}
