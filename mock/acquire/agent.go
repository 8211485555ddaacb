package acquire

import (
	"cmp"
	"maps"
	"slices"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// agentAct performs an agent action: accept (waiting or idle chats), reject (waiting),
// send, typing-start, typing-stop, notice, leave, transfer and update-user-data (by an agent
// in the chat), and complete (every present participant leaves). The acting agent is
// act.Agent, else the chat's current agent (for accept: the account's first agent). A
// nickname on any action but accept appends nickname-updated first.
func (a *Adapter) agentAct(tx *store.Tx, act api.Action) error {
	tenant := tx.C.Key.Tenant
	switch act.Name {
	case "accept":
		return a.accept(tx, act)
	case "reject":
		ag, err := a.actingAgent(tx, act, true)
		if err != nil {
			return err
		}
		if tx.C.State != store.StateWaiting {
			return wrongState(act, "chat acquire/%s is %s, not waiting", tx.C.Key.ID, tx.C.State)
		}
		if !slices.Contains(tx.C.Declined, ag.ID) {
			tx.C.Declined = append(tx.C.Declined, ag.ID)
			tx.Note("offer")
		}
		return nil
	case "complete":
		if act.Agent != "" {
			if _, ok := a.agent(tenant, act.Agent); !ok {
				return api.Errorf(api.KindNotFound, "body agent", "no agent %q in acquire account %s", act.Agent, tenant)
			}
		}
		for _, p := range tx.C.Participants {
			if p.Role == store.RoleAgent && p.Present {
				tx.SetPresent(p.ID, false)
				tx.Append(store.EventSpec{Kind: store.KindLeft, From: p.ID})
			}
		}
		if v, ok := tx.C.Visitor(); ok && v.Present {
			tx.SetPresent(v.ID, false)
			tx.Append(store.EventSpec{Kind: store.KindLeft, From: v.ID})
		}
		tx.SetState(store.StateCompleted)
		return nil
	case "send", "typing-start", "typing-stop", "notice", "leave", "transfer", "update-user-data":
	default:
		return api.Errorf(api.KindInvalid, "body action", "%q is not an agent action", act.Name)
	}
	ag, err := a.actingAgent(tx, act, false)
	if err != nil {
		return err
	}
	me, ok := tx.C.AgentByRef(ag.ID)
	if !ok || !me.Present {
		return wrongState(act, "agent %s is not in chat acquire/%s", ag.ID, tx.C.Key.ID)
	}
	if act.Nickname != "" {
		setNickname(tx, me.ID, act.Nickname)
		tx.Append(store.EventSpec{Kind: store.KindNicknameUpdated, From: me.ID, Text: act.Nickname})
	}
	switch act.Name {
	case "send":
		if err := required(act, "text", act.Text); err != nil {
			return err
		}
		tx.Append(store.EventSpec{Kind: store.KindText, From: me.ID, Text: act.Text, Visibility: act.Visibility})
	case "typing-start":
		tx.Append(store.EventSpec{Kind: store.KindTypingStarted, From: me.ID, Text: act.Text, Visibility: act.Visibility})
	case "typing-stop":
		tx.Append(store.EventSpec{Kind: store.KindTypingStopped, From: me.ID, Visibility: act.Visibility})
	case "notice":
		if err := required(act, "text", act.Text); err != nil {
			return err
		}
		kind := store.KindNotice
		if act.Visibility == store.VisibleAgents {
			kind = store.KindCustomNotice
		}
		tx.Append(store.EventSpec{Kind: kind, From: me.ID, Text: act.Text, Visibility: act.Visibility})
	case "leave":
		tx.SetPresent(me.ID, false)
		tx.Append(store.EventSpec{Kind: store.KindLeft, From: me.ID})
		if len(tx.C.PresentAgents()) == 0 {
			tx.SetState(store.StateIdle)
		}
	case "transfer":
		return a.transfer(tx, act, me)
	case "update-user-data":
		if len(act.UserData) == 0 {
			return api.Errorf(api.KindMissing, "body userData", "required for action %q", act.Name)
		}
		mergeUserData(tx, act.UserData)
		tx.Append(store.EventSpec{Kind: store.KindUserData, From: me.ID, Attrs: maps.Clone(act.UserData)})
	}
	return nil
}

// accept lets an agent join a waiting (or idle) chat.
func (a *Adapter) accept(tx *store.Tx, act api.Action) error {
	ag, err := a.actingAgent(tx, act, true)
	if err != nil {
		return err
	}
	if tx.C.State != store.StateWaiting && tx.C.State != store.StateIdle {
		return wrongState(act, "chat acquire/%s is %s, not waiting", tx.C.Key.ID, tx.C.State)
	}
	a.join(tx, ag, act.Nickname)
	return nil
}

// join adds (or brings back) an agent, appends its joined event and sets the chat chatting.
func (a *Adapter) join(tx *store.Tx, ag fixtures.Agent, nick string) {
	if p, ok := tx.C.AgentByRef(ag.ID); ok {
		tx.SetPresent(p.ID, true)
		setNickname(tx, p.ID, nick)
		tx.Append(store.EventSpec{Kind: store.KindJoined, From: p.ID})
	} else {
		id := tx.AddParticipant(store.Participant{Role: store.RoleAgent, Ref: ag.ID, Name: ag.Name, Nickname: cmp.Or(nick, ag.Nickname)})
		tx.Append(store.EventSpec{Kind: store.KindJoined, From: id})
	}
	tx.SetState(store.StateChatting)
}

// transfer hands the chat from the acting agent to act.Target.
func (a *Adapter) transfer(tx *store.Tx, act api.Action, me store.Participant) error {
	if err := required(act, "target", act.Target); err != nil {
		return err
	}
	target, ok := a.agent(tx.C.Key.Tenant, act.Target)
	if !ok {
		return api.Errorf(api.KindNotFound, "body target", "no agent %q in acquire account %s", act.Target, tx.C.Key.Tenant)
	}
	if p, ok := tx.C.AgentByRef(target.ID); ok && p.Present {
		return wrongState(act, "agent %s is already in chat acquire/%s", target.ID, tx.C.Key.ID)
	}
	tx.SetPresent(me.ID, false)
	tx.Append(store.EventSpec{Kind: store.KindLeft, From: me.ID})
	a.join(tx, target, "")
	return nil
}

// actingAgent resolves who acts: act.Agent (an agent of the account), else the chat's
// current agent, else (offers: accept, reject) the account's first agent.
func (a *Adapter) actingAgent(tx *store.Tx, act api.Action, offer bool) (fixtures.Agent, error) {
	tenant := tx.C.Key.Tenant
	if act.Agent != "" {
		ag, ok := a.agent(tenant, act.Agent)
		if !ok {
			return ag, api.Errorf(api.KindNotFound, "body agent", "no agent %q in acquire account %s", act.Agent, tenant)
		}
		return ag, nil
	}
	if !offer {
		if present := tx.C.PresentAgents(); len(present) > 0 {
			if ag, ok := a.agent(tenant, present[0].Ref); ok {
				return ag, nil
			}
			return fixtures.Agent{ID: present[0].Ref, Name: present[0].Name, Nickname: present[0].Nickname}, nil
		}
		return fixtures.Agent{}, wrongState(act, "no agent is in chat acquire/%s", tx.C.Key.ID)
	}
	ag, ok := a.firstAgent(tenant)
	if !ok {
		return ag, api.Errorf(api.KindNotFound, "body agent", "acquire account %s has no agents", tenant)
	}
	return ag, nil
}
