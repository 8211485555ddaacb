package superoffice

import (
	"fmt"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// agentAction returns the change an agent action makes, checking what can be checked
// before the session is locked; the returned function checks the Status under the lock.
func (a *Adapter) agentAction(c *store.Chat, act api.Action) (func(*store.Tx) error, error) {
	id := act.Agent
	switch {
	case id != "":
	case act.Name == "accept":
		first, ok := a.firstAgent(c.Key.Tenant)
		if !ok {
			return nil, api.Errorf(api.KindNotFound, "body agent", "%s has no associates", c.Key.Tenant)
		}
		id = first.ID
	default:
		id = c.Attrs[attrUser]
		if id == "" {
			return nil, api.Errorf(api.KindWrongState, "body agent", "session %s has no associate; accept it first or name the agent", c.Key.ID)
		}
	}
	ag, ok := a.agent(c.Key.Tenant, id)
	if !ok {
		return nil, api.Errorf(api.KindNotFound, "body agent", "no associate %q in %s", id, c.Key.Tenant)
	}
	switch act.Name {
	case "accept":
		rank := a.nextRank(c.Key.Tenant, ag.ID)
		return func(tx *store.Tx) error {
			if statusOf(&tx.C) != statusInQueue {
				return wrongState(tx, "accept")
			}
			pickup(tx, ag, act.Nickname, rank)
			return nil
		}, nil
	case "send", "notice", "typing-start", "typing-stop", "leave", "complete":
		return func(tx *store.Tx) error {
			status := statusOf(&tx.C)
			if !active(status) && !(act.Name == "notice" && !ended(status)) {
				return wrongState(tx, act.Name)
			}
			agentDoes(tx, ag, act)
			return nil
		}, nil
	case "transfer":
		if act.Target == "" {
			return nil, api.Errorf(api.KindMissing, "body target", "required for transfer")
		}
		to, ok := a.agent(c.Key.Tenant, act.Target)
		if !ok {
			return nil, api.Errorf(api.KindNotFound, "body target", "no associate %q in %s", act.Target, c.Key.Tenant)
		}
		return func(tx *store.Tx) error {
			if !active(statusOf(&tx.C)) {
				return wrongState(tx, "transfer")
			}
			transfer(tx, ag, to)
			return nil
		}, nil
	}
	return nil, api.Errorf(api.KindInvalid, "body action", "%q is not supported for SuperOffice sessions", act.Name)
}

// agentDoes performs send, notice, typing and leaving on an active session.
func agentDoes(tx *store.Tx, ag fixtures.Agent, act api.Action) {
	pid := ensureAgent(tx, ag)
	switch act.Name {
	case "send":
		say(tx, pid, store.KindText, typeToCustomer, act.Text, act.Visibility, nil)
	case "notice":
		kind := store.KindNotice
		if act.Visibility == store.VisibleAgents {
			kind = store.KindCustomNotice
		}
		say(tx, pid, kind, typeSpecial, act.Text, act.Visibility, map[string]string{attrSpecialType: specialNone})
	case "typing-start", "typing-stop":
		f := flagsOf(&tx.C)
		f.user = act.Name == "typing-start"
		setFlags(tx, f)
		kind := store.KindTypingStarted
		if !f.user {
			kind = store.KindTypingStopped
		}
		tx.Append(store.EventSpec{Kind: kind, From: pid, Text: act.Text, Visibility: act.Visibility})
	case "leave", "complete":
		say(tx, pid, store.KindNotice, typeSpecial, fmt.Sprintf("%s closed the chat.", ag.Name), "",
			map[string]string{attrSpecialType: specialClosedByUser})
		tx.SetPresent(pid, false)
		tx.Append(store.EventSpec{Kind: store.KindLeft, From: pid})
		setFlags(tx, flags{})
		setStatus(tx, statusClosed)
	}
}

// transfer hands an active session from one associate to another at once.
func transfer(tx *store.Tx, from, to fixtures.Agent) {
	if p, ok := tx.C.AgentByRef(from.ID); ok && p.Present {
		tx.SetPresent(p.ID, false)
		tx.Append(store.EventSpec{Kind: store.KindLeft, From: p.ID})
	}
	pid := ensureAgent(tx, to)
	tx.SetPresent(pid, true)
	tx.Append(store.EventSpec{Kind: store.KindJoined, From: pid})
	setAttr(tx, attrUser, to.ID)
	setAttr(tx, attrTransferTo, "")
	say(tx, pid, store.KindNotice, typeSpecial, fmt.Sprintf("The chat was transferred from %s to %s.", from.Name, to.Name), "",
		map[string]string{attrSpecialType: specialTransfered})
}

// visitorAction returns the change a visitor action makes.
func visitorAction(act api.Action) (func(*store.Tx) error, error) {
	switch act.Name {
	case "join", "send", "typing-start", "typing-stop", "complete":
	default:
		return nil, api.Errorf(api.KindInvalid, "body action", "%q is not a visitor action; use join, send, typing-start, typing-stop or complete", act.Name)
	}
	return func(tx *store.Tx) error {
		status := statusOf(&tx.C)
		if ended(status) {
			return wrongState(tx, act.Name)
		}
		vid := ensureVisitor(tx)
		v, _ := tx.C.Participant(vid)
		switch act.Name {
		case "join":
			if v.Present {
				return api.Errorf(api.KindWrongState, "body action", "the visitor is already in session %s", tx.C.Key.ID)
			}
			if act.Nickname != "" {
				setCustomer(tx, "CustomerAlias", act.Nickname)
			}
			tx.SetPresent(vid, true)
			tx.Append(store.EventSpec{Kind: store.KindJoined, From: vid})
		case "send":
			say(tx, vid, store.KindText, typeToUser, act.Text, "", nil)
		case "typing-start", "typing-stop":
			f := flagsOf(&tx.C)
			f.customer = act.Name == "typing-start"
			setFlags(tx, f)
			kind := store.KindTypingStarted
			if !f.customer {
				kind = store.KindTypingStopped
			}
			tx.Append(store.EventSpec{Kind: kind, From: vid, Text: act.Text})
		case "complete":
			say(tx, vid, store.KindNotice, typeSpecial, fmt.Sprintf("%s closed the chat.", v.Name), "",
				map[string]string{attrSpecialType: specialClosedByCustomer})
			tx.SetPresent(vid, false)
			tx.Append(store.EventSpec{Kind: store.KindLeft, From: vid})
			setFlags(tx, flags{})
			if status == statusInQueue {
				setStatus(tx, statusClosedFromQueue)
			} else {
				setStatus(tx, statusClosed)
			}
		}
		touch(tx)
		return nil
	}, nil
}
