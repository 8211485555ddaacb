package acquire

import (
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// CreateChat implements api.Actor: a chat as a visitor starts it in the account, with a
// numeric chat id unless one is given and a new numeric visitor id; with an agent it is
// accepted at once (state chatting), then the initial messages follow.
func (a *Adapter) CreateChat(n api.NewChat) (store.Chat, error) {
	if !a.tenant(n.Tenant) {
		return store.Chat{}, api.Errorf(api.KindNotFound, "body tenant", "no acquire account %q", n.Tenant)
	}
	if n.ID != "" && !positive(n.ID) {
		return store.Chat{}, api.Errorf(api.KindInvalid, "body id", "%q: acquire chat ids are positive integers", n.ID)
	}
	var agentName, agentNick string
	if n.Agent != "" {
		ag, ok := a.agent(n.Tenant, n.Agent)
		if !ok {
			return store.Chat{}, api.Errorf(api.KindNotFound, "body agent", "no agent %q in acquire account %s", n.Agent, n.Tenant)
		}
		agentName, agentNick = ag.Name, ag.Nickname
	}
	for i, m := range n.Messages {
		if m.From == api.AsAgent && n.Agent == "" {
			return store.Chat{}, api.Errorf(api.KindMissing, "body agent", "messages[%d] is from the agent, so an agent is required", i)
		}
	}
	st, err := a.store()
	if err != nil {
		return store.Chat{}, err
	}
	// One creation at a time, so two chats never get the same new visitor id.
	a.createMu.Lock()
	defer a.createMu.Unlock()
	c, err := st.Create(store.ChatSpec{
		Vendor: Vendor, Tenant: n.Tenant, ID: n.ID, NumericID: true, State: store.StateWaiting,
		VendorState: threadOpen, Subject: n.Subject, UserData: n.UserData,
	})
	if errors.Is(err, store.ErrExists) {
		return store.Chat{}, api.Errorf(api.KindConflict, "body id", "chat acquire/%s already exists", n.ID)
	} else if err != nil {
		return store.Chat{}, api.Internal(err)
	}
	visitorID := strconv.FormatInt(maxVisitorRef(st)+1, 10)
	nick := n.Visitor.Nickname
	if nick == "" {
		nick, _, _ = strings.Cut(n.Visitor.Name, " ")
	}
	_, c, err = st.Update(c.Key, func(tx *store.Tx) error {
		visitor := tx.AddParticipant(store.Participant{Role: store.RoleVisitor, Ref: visitorID, Name: n.Visitor.Name, Nickname: nick, Email: n.Visitor.Email})
		tx.Append(store.EventSpec{Kind: store.KindJoined, From: visitor})
		agent := ""
		if n.Agent != "" {
			agent = tx.AddParticipant(store.Participant{Role: store.RoleAgent, Ref: n.Agent, Name: agentName, Nickname: agentNick})
			tx.Append(store.EventSpec{Kind: store.KindJoined, From: agent})
			tx.SetState(store.StateChatting)
		}
		for _, m := range n.Messages {
			from := visitor
			if m.From == api.AsAgent {
				from = agent
			}
			tx.Append(store.EventSpec{Kind: store.KindText, From: from, Text: m.Text, Visibility: m.Visibility})
		}
		tx.C.VendorState = threadStatus(tx.C.State)
		return nil
	})
	if err != nil {
		_ = st.Delete(c.Key)
		return store.Chat{}, api.Internal(err)
	}
	return c, nil
}

// maxVisitorRef is the largest visitor id of the store's Acquire chats.
func maxVisitorRef(st *store.Store) int64 {
	var top int64
	for _, c := range st.List(store.Filter{Vendor: Vendor}) {
		if v, ok := c.Visitor(); ok {
			if n, err := strconv.ParseInt(v.Ref, 10, 64); err == nil && n > top {
				top = n
			}
		}
	}
	return top
}

// Act implements api.Actor: one agent or visitor action (see agentAct and visitorAct),
// atomically; an action the chat's state does not allow is KindWrongState and changes
// nothing.
func (a *Adapter) Act(key store.Key, act api.Action) ([]store.Event, store.Chat, error) {
	st, err := a.store()
	if err != nil {
		return nil, store.Chat{}, err
	}
	events, c, err := st.Update(key, func(tx *store.Tx) error {
		if tx.C.State == store.StateCompleted {
			return wrongState(act, "chat acquire/%s is completed", key.ID)
		}
		var err error
		switch act.Role {
		case api.AsAgent:
			err = a.agentAct(tx, act)
		case api.AsVisitor:
			err = visitorAct(tx, act)
		default:
			err = api.Errorf(api.KindInvalid, "role", "%q: want agent or visitor", act.Role)
		}
		tx.C.VendorState = threadStatus(tx.C.State)
		return err
	})
	if errors.Is(err, store.ErrNotFound) {
		return nil, store.Chat{}, api.Errorf(api.KindNotFound, "", "chat acquire/%s not found", key.ID)
	}
	return events, c, err
}

// wrongState is the error of an action the chat's state does not allow.
func wrongState(act api.Action, format string, args ...any) *api.Error {
	return api.Errorf(api.KindWrongState, "", "action %q: %s", act.Name, fmt.Sprintf(format, args...))
}

// required fails with KindMissing when an action's field is empty.
func required(act api.Action, field, value string) error {
	if value == "" {
		return api.Errorf(api.KindMissing, "body "+field, "required for action %q", act.Name)
	}
	return nil
}

// visitorAct performs a visitor action: join, send, typing-start, typing-stop, complete.
// A nickname on any other action than join appends nickname-updated first.
func visitorAct(tx *store.Tx, act api.Action) error {
	v, ok := tx.C.Visitor()
	if !ok {
		return api.Internal(fmt.Errorf("acquire chat %s has no visitor", tx.C.Key.ID))
	}
	if act.Name == "join" {
		if v.Present {
			return wrongState(act, "the visitor is already in chat acquire/%s", tx.C.Key.ID)
		}
		tx.SetPresent(v.ID, true)
		setNickname(tx, v.ID, act.Nickname)
		mergeUserData(tx, act.UserData)
		tx.Append(store.EventSpec{Kind: store.KindJoined, From: v.ID})
		return nil
	}
	switch act.Name {
	case "send", "typing-start", "typing-stop", "complete":
	default:
		return api.Errorf(api.KindInvalid, "body action", "%q is not a visitor action", act.Name)
	}
	if !v.Present {
		return wrongState(act, "the visitor is not in chat acquire/%s", tx.C.Key.ID)
	}
	if act.Nickname != "" {
		setNickname(tx, v.ID, act.Nickname)
		tx.Append(store.EventSpec{Kind: store.KindNicknameUpdated, From: v.ID, Text: act.Nickname})
	}
	switch act.Name {
	case "send":
		if err := required(act, "text", act.Text); err != nil {
			return err
		}
		tx.Append(store.EventSpec{Kind: store.KindText, From: v.ID, Text: act.Text})
	case "typing-start":
		tx.Append(store.EventSpec{Kind: store.KindTypingStarted, From: v.ID, Text: act.Text})
	case "typing-stop":
		tx.Append(store.EventSpec{Kind: store.KindTypingStopped, From: v.ID})
	case "complete":
		tx.SetPresent(v.ID, false)
		tx.Append(store.EventSpec{Kind: store.KindLeft, From: v.ID})
		tx.SetState(store.StateCompleted)
	}
	return nil
}

// setNickname changes a participant's nickname when one is given.
func setNickname(tx *store.Tx, id, nick string) {
	if nick == "" {
		return
	}
	for i := range tx.C.Participants {
		if tx.C.Participants[i].ID == id {
			tx.C.Participants[i].Nickname = nick
			tx.Note("participants")
		}
	}
}

// mergeUserData merges data into the chat's user data.
func mergeUserData(tx *store.Tx, data map[string]string) {
	if len(data) == 0 {
		return
	}
	if tx.C.UserData == nil {
		tx.C.UserData = map[string]string{}
	}
	for k, v := range data {
		tx.C.UserData[k] = v
	}
	tx.Note("properties")
}
