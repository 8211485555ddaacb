package superoffice

import (
	"fmt"
	"html"
	"net/http"
	"strings"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// pickUp serves PickUpChatSession: a session in the queue is assigned to the caller, who
// joins and sends the welcome message; 200 with the session, or null when it was not in
// the queue; 404 for an unknown id.
func (a *Adapter) pickUp(w http.ResponseWriter, r *api.Request) error {
	t, ag, err := a.caller(r)
	if err != nil {
		return err
	}
	k, err := a.sessionKey(r)
	if err != nil {
		return err
	}
	if a.bugs.Has(api.BugSOPickupNoop) { // answered, not carried out
		c, err := a.store().Get(k)
		if err != nil {
			return notFound(err, k)
		}
		return a.reply(w, r.Request, http.StatusOK, a.entity(&c, a.view(r.Request, r.Tenant)).root())
	}
	c, picked, err := a.tryPickup(k, ag, a.nextRank(t.ID, ag.ID))
	if err != nil {
		return notFound(err, k)
	}
	if !picked {
		return a.reply(w, r.Request, http.StatusOK, nullEntity{})
	}
	return a.reply(w, r.Request, http.StatusOK, a.entity(&c, a.view(r.Request, r.Tenant)).root())
}

// pickUpFirst serves PickUpFirstChatSession: the tenant's first queued session (in the
// order they were created) is picked up; null when the queue is empty.
func (a *Adapter) pickUpFirst(w http.ResponseWriter, r *api.Request) error {
	t, ag, err := a.caller(r)
	if err != nil {
		return err
	}
	rank := a.nextRank(t.ID, ag.ID)
	queued := a.store().List(store.Filter{Vendor: Vendor, Tenant: t.ID, Match: func(c *store.Chat) bool {
		return statusOf(c) == statusInQueue
	}})
	for _, q := range queued {
		c, picked, err := a.tryPickup(q.Key, ag, rank)
		if err == nil && picked { // another request may have taken it (or deleted it) meanwhile
			return a.reply(w, r.Request, http.StatusOK, a.entity(&c, a.view(r.Request, r.Tenant)).root())
		}
	}
	return a.reply(w, r.Request, http.StatusOK, nullEntity{})
}

// tryPickup picks a session up if it is still in the queue.
func (a *Adapter) tryPickup(k store.Key, ag fixtures.Agent, rank int64) (store.Chat, bool, error) {
	picked := false
	_, c, err := a.store().Update(k, func(tx *store.Tx) error {
		if statusOf(&tx.C) != statusInQueue {
			return nil
		}
		pickup(tx, ag, "", rank)
		picked = true
		return nil
	})
	return c, picked, err
}

// pickup assigns a queued session to an associate: they join, Status becomes UserLast and
// the welcome message (Special, SpecialType Welcome) goes to the customer.
func pickup(tx *store.Tx, ag fixtures.Agent, nickname string, rank int64) {
	pid := ensureAgent(tx, ag)
	for i := range tx.C.Participants {
		if p := &tx.C.Participants[i]; p.ID == pid && nickname != "" {
			p.Nickname = nickname
		}
	}
	tx.SetPresent(pid, true)
	tx.Append(store.EventSpec{Kind: store.KindJoined, From: pid})
	setAttr(tx, attrUser, ag.ID)
	setAttr(tx, attrTransferTo, "")
	setTime(tx, "WhenStarted", tx.Now())
	setTime(tx, "WhenEnded", zeroTime)
	setInt(tx, "Rank", rank)
	setBool(tx, "ChatbotIsActive", false)
	setStatus(tx, statusUserLast)
	say(tx, pid, store.KindNotice, typeSpecial, fmt.Sprintf("Welcome! You are now chatting with %s.", ag.Name), "",
		map[string]string{attrSpecialType: specialWelcome})
}

// nextRank is the lowest rank (from 1) none of the associate's active sessions has.
func (a *Adapter) nextRank(tenant, agentID string) int64 {
	used := map[int64]bool{}
	for _, c := range a.store().List(store.Filter{Vendor: Vendor, Tenant: tenant, Match: func(c *store.Chat) bool {
		return c.Attrs[attrUser] == agentID && active(statusOf(c))
	}}) {
		used[attrInt(&c, "Rank")] = true
	}
	n := int64(1)
	for used[n] {
		n++
	}
	return n
}

// resetSession serves ResetChatSession: the session goes back on the queue (Status
// InQueue, no User, not started, the bot flag cleared); the associate leaves.
func (a *Adapter) resetSession(w http.ResponseWriter, r *api.Request) error {
	k, err := a.sessionKey(r)
	if err != nil {
		return err
	}
	_, c, err := a.store().Update(k, func(tx *store.Tx) error {
		if p, ok := tx.C.AgentByRef(tx.C.Attrs[attrUser]); ok && p.Present {
			tx.SetPresent(p.ID, false)
			tx.Append(store.EventSpec{Kind: store.KindLeft, From: p.ID})
		}
		setAttr(tx, attrUser, "")
		setAttr(tx, attrTransferTo, "")
		setStatus(tx, statusInQueue)
		setTime(tx, "WhenStarted", zeroTime)
		setTime(tx, "WhenEnded", zeroTime)
		setInt(tx, "Rank", 0)
		setBool(tx, "ChatbotIsActive", false)
		f := flagsOf(&tx.C)
		f.user = false
		setFlags(tx, f)
		touch(tx)
		return nil
	})
	if err != nil {
		return notFound(err, k)
	}
	return a.reply(w, r.Request, http.StatusOK, a.entity(&c, a.view(r.Request, r.Tenant)).root())
}

// transcript serves GetChatTranscript: every message as "Author (dd.mm.yyyy hh:mm): text",
// one per line, or with html=true one <p> each, as a string.
func (a *Adapter) transcript(w http.ResponseWriter, r *api.Request) error {
	k, err := a.sessionKey(r)
	if err != nil {
		return err
	}
	asHTML := strings.EqualFold(r.Query("html"), "true")
	c, err := a.store().Read(k, store.Query{MessagesOnly: true})
	if err != nil {
		return notFound(err, k)
	}
	v := a.view(r.Request, r.Tenant)
	sid := sessionID(&c)
	var b strings.Builder
	events := c.Events
	if a.bugs.Has(api.BugSOTranscriptDropsLast) && len(events) > 0 {
		events = events[:len(events)-1]
	}
	for _, ev := range events {
		m, ok := messageOf(&c, sid, ev, v)
		if !ok {
			continue
		}
		when := m.WhenPosted.t.Format("02.01.2006 15:04")
		switch {
		case asHTML:
			fmt.Fprintf(&b, "<p><b>%s</b> (%s): %s</p>", html.EscapeString(m.Author), when, html.EscapeString(m.Message))
		default:
			if b.Len() > 0 {
				b.WriteByte('\n')
			}
			fmt.Fprintf(&b, "%s (%s): %s", m.Author, when, m.Message)
		}
	}
	return a.reply(w, r.Request, http.StatusOK, newTranscript(b.String()))
}
