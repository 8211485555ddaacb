package gws

import (
	"errors"
	"slices"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// CreateChat implements api.Actor: a chat as RequestChat makes it, optionally accepted at
// once by an agent, with initial messages.
func (a *Adapter) CreateChat(n api.NewChat) (store.Chat, error) {
	a.mu.RLock()
	t, known := a.tenants[n.Tenant]
	a.mu.RUnlock()
	if !known {
		return store.Chat{}, api.Errorf(api.KindNotFound, "body tenant", "no gws contact center %q", n.Tenant)
	}
	var ag fixtures.Agent
	if n.Agent != "" {
		var err error
		if ag, err = a.agentOf(t.ID, n.Agent); err != nil {
			return store.Chat{}, err
		}
	}
	for i, m := range n.Messages {
		if m.From == api.AsAgent && n.Agent == "" {
			return store.Chat{}, api.Errorf(api.KindMissing, "body agent", "messages[%d] is from the agent, so an agent is required", i)
		}
	}
	queue := ""
	if len(t.Queues) > 0 {
		queue = t.Queues[0]
	}
	st := a.store()
	c, err := st.Create(store.ChatSpec{Vendor: Vendor, Tenant: t.ID, ID: n.ID, State: store.StateWaiting, Subject: n.Subject, Queue: queue, UserData: n.UserData})
	if errors.Is(err, store.ErrExists) {
		return store.Chat{}, api.Errorf(api.KindConflict, "body id", "gws chat %s already exists", n.ID)
	} else if err != nil {
		return store.Chat{}, api.Internal(err)
	}
	nick := n.Visitor.Nickname
	if nick == "" {
		nick = n.Visitor.Name
	}
	_, c, err = a.update(c.Key, func(tx *store.Tx) error {
		visitor := tx.AddParticipant(store.Participant{Role: store.RoleVisitor, Name: n.Visitor.Name, Nickname: nick, Email: n.Visitor.Email})
		tx.Append(store.EventSpec{Kind: store.KindJoined, From: visitor})
		if n.Agent == "" {
			a.offer(tx, "")
			return nil
		}
		tx.C.OfferedTo = ag.ID
		if err := a.agentAct(tx, ag, agentOp{Name: "Accept"}); err != nil {
			return err
		}
		me, _ := tx.C.AgentByRef(ag.ID)
		for _, m := range n.Messages {
			from := visitor
			if m.From == api.AsAgent {
				from = me.ID
			}
			tx.Append(store.EventSpec{Kind: store.KindText, From: from, Text: m.Text, Visibility: m.Visibility})
		}
		return nil
	})
	return c, err
}

func (a *Adapter) agentOf(tenant, id string) (fixtures.Agent, error) {
	a.mu.RLock()
	ag, found := a.byID[id]
	a.mu.RUnlock()
	if !found || ag.Tenant != tenant {
		return fixtures.Agent{}, api.Errorf(api.KindNotFound, "body agent", "no agent %q in gws contact center %s", id, tenant)
	}
	return ag, nil
}

// agentOps maps control-API agent actions to GWS agent operations.
var agentOps = map[string]string{
	"accept": "Accept", "reject": "Reject", "send": "SendMessage",
	"typing-start": "SendStartTypingNotification", "typing-stop": "SendStopTypingNotification",
	"leave": "Leave", "complete": "Complete", "transfer": "Transfer", "update-user-data": "UpdateUserData",
}

// customerOps maps control-API visitor actions to GWS customer operations.
var customerOps = map[string]string{
	"send": "SendMessage", "typing-start": "SendStartTypingNotification",
	"typing-stop": "SendStopTypingNotification", "complete": "Complete",
}

// Act implements api.Actor with the same rules as the REST operations.
func (a *Adapter) Act(key store.Key, act api.Action) ([]store.Event, store.Chat, error) {
	events, c, err := a.update(key, func(tx *store.Tx) error {
		if act.Role == api.AsVisitor {
			return a.visitorAct(tx, act)
		}
		return a.controlAgentAct(tx, act)
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, store.Chat{}, api.Errorf(api.KindNotFound, "path chatId", "gws chat %s not found", key.ID)
	}
	return events, c, err
}

func (a *Adapter) visitorAct(tx *store.Tx, act api.Action) error {
	visitor, _ := tx.C.Visitor()
	if act.Name == "join" {
		if visitor.Present {
			return api.Errorf(api.KindWrongState, "body action", "the visitor is already in the chat")
		}
		tx.SetPresent(visitor.ID, true)
		tx.Append(store.EventSpec{Kind: store.KindJoined, From: visitor.ID})
		return nil
	}
	op, known := customerOps[act.Name]
	if !known {
		return api.Errorf(api.KindInvalid, "body action", "%q is not a visitor action", act.Name)
	}
	if op == "SendMessage" && act.Text == "" {
		return api.Errorf(api.KindMissing, "body text", "send needs text")
	}
	if !slices.Contains(customerCapabilities(&tx.C), op) {
		return api.Errorf(api.KindWrongState, "body action", "%s is not valid for the chat in state %s", act.Name, customerState(&tx.C))
	}
	return customerAct(tx, visitor.ID, op, act.Text)
}

func (a *Adapter) controlAgentAct(tx *store.Tx, act api.Action) error {
	agentID := act.Agent
	if agentID == "" {
		if present := tx.C.PresentAgents(); len(present) > 0 {
			agentID = present[0].Ref
		} else if tx.C.OfferedTo != "" {
			agentID = tx.C.OfferedTo
		} else if ag, found := a.route(&tx.C, ""); found {
			agentID = ag.ID
		}
	}
	ag, err := a.agentOf(tx.C.Key.Tenant, agentID)
	if err != nil {
		return err
	}
	if act.Name == "accept" && tx.C.OfferedTo != ag.ID && tx.C.State == store.StateWaiting {
		tx.C.OfferedTo = ag.ID // the control API may hand a waiting chat to any agent
	}
	op := agentOp{Name: agentOps[act.Name], Text: act.Text, Nickname: act.Nickname, UserData: act.UserData}
	switch act.Name {
	case "notice":
		op.Name = "SendCustomNoticeToAgents"
		op.NoticeText = act.Text
		if act.Visibility == store.VisibleAll {
			return a.noticeToAll(tx, ag, act.Text)
		}
	case "transfer":
		if act.Target == "" {
			return api.Errorf(api.KindMissing, "body target", "transfer needs a target agent")
		}
		op.TargetURI = "/api/v2/users/" + act.Target
		op.Text = ""
	case "send":
		if act.Text == "" {
			return api.Errorf(api.KindMissing, "body text", "send needs text")
		}
	case "leave", "complete":
		op.Text = ""
	}
	if op.Name == "" {
		return api.Errorf(api.KindInvalid, "body action", "%q is not an agent action", act.Name)
	}
	if act.Nickname != "" && act.Name != "accept" {
		if err := a.agentAct(tx, ag, agentOp{Name: "SendNicknameUpdatedNotice", NoticeText: act.Nickname}); err != nil {
			return err
		}
	}
	return a.agentAct(tx, ag, op)
}

// noticeToAll appends a Notice every participant sees.
func (a *Adapter) noticeToAll(tx *store.Tx, ag fixtures.Agent, text string) error {
	me, joined := tx.C.AgentByRef(ag.ID)
	if !joined || !me.Present {
		return api.Errorf(api.KindWrongState, "body action", "agent %s is not in the chat", ag.ID)
	}
	tx.Append(store.EventSpec{Kind: store.KindNotice, From: me.ID, Text: text})
	return nil
}
