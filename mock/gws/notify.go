package gws

import (
	"net/http"
	"slices"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// Channel is the CometD topic of chat notifications.
const Channel = "/v2/me/chats"

// subscriber is the principal of a CometD session: the agent, and the scheme and host it
// connected to (for the absolute chat URIs in notifications).
type subscriber struct {
	agent fixtures.Agent
	base  string
}

// String names the agent, as the mock's console shows a CometD session: login (id).
func (s subscriber) String() string { return s.agent.Username + " (" + s.agent.ID + ")" }

// NotificationsPath implements api.Notifier.
func (a *Adapter) NotificationsPath() string { return "/api/v2/notifications" }

// AuthenticatePush implements api.Notifier: the handshake carries the agent's HTTP Basic
// credentials, like the agent REST API, or the session cookie a Basic login set.
func (a *Adapter) AuthenticatePush(r *http.Request) (any, error) {
	if p, planted := a.anonymousPush(r); planted {
		return p, nil
	}
	if r.Header.Get("Authorization") == "" {
		if _, err := r.Cookie(SessionCookie); err == nil {
			ag, err := a.agentBySession(r)
			if err != nil {
				return nil, err
			}
			return subscriber{agent: ag, base: baseURL(r)}, nil
		}
	}
	ag, err := a.agentFor(r)
	if user, _, ok := r.BasicAuth(); err != nil && ok && a.bugs.Has(api.BugGWSPushIgnoresPassword) {
		a.mu.RLock()
		ag, ok = a.agents[user]
		a.mu.RUnlock()
		if ok {
			err = nil // the user name alone is enough
		}
	}
	if err != nil {
		return nil, err
	}
	return subscriber{agent: ag, base: baseURL(r)}, nil
}

// PushKey implements api.PushKeyer: sessions are scoped by contact center, and limited per
// agent.
func (a *Adapter) PushKey(principal any) (scope, id string) {
	s, _ := principal.(subscriber)
	return s.agent.Tenant, s.agent.ID
}

// Attach implements api.Notifier: every change of a GWS chat becomes notifications for the
// agents concerned.
func (a *Adapter) Attach(st *store.Store, pub api.Publisher) {
	a.mu.Lock()
	a.pub = pub
	a.mu.Unlock()
	st.Observe(a.notify)
}

func (a *Adapter) publisher() api.Publisher {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.pub
}

// chatStateChange is a ChatStateChangeMessage.
type chatStateChange struct {
	MessageType      string    `json:"messageType"`
	NotificationType string    `json:"notificationType"`
	Chat             agentChat `json:"chat"`
	ReferenceID      *int64    `json:"referenceId,omitempty"`
	ErrorMessage     string    `json:"errorMessage,omitempty"`
}

// messageLogUpdated is a MessageLogUpdated message.
type messageLogUpdated struct {
	MessageType      string        `json:"messageType"`
	NotificationType string        `json:"notificationType"`
	Messages         []wireMessage `json:"messages"`
	ChatURI          string        `json:"chatUri"`
}

func (a *Adapter) stateChange(kind string, chat agentChat, ref int64) chatStateChange {
	n := chatStateChange{MessageType: "ChatStateChangeMessage", NotificationType: kind, Chat: chat}
	if ref > 0 && !(kind == "StatusChange" && a.bugs.Has(api.BugGWSNoReferenceID)) {
		n.ReferenceID = &ref
	}
	return n
}

// notify runs under the chat's lock for every committed change: it publishes, in order,
// each agent's StatusChange (its own view of the chat changed state), ParticipantsUpdated,
// PropertiesUpdated, and MessageLogUpdated with the new entries (the whole transcript for
// an agent who has just joined). Publishing only queues, so it never blocks.
func (a *Adapter) notify(ch store.Change) {
	pub := a.publisher()
	if pub == nil || ch.Chat.Key.Vendor != Vendor {
		return
	}
	before, after := &ch.Before, &ch.Chat
	// Every subscriber is looked up in the chat before and after the change: by index, not
	// by scanning the participants, so a chat with many agents stays cheap to publish.
	was, is := indexAgents(before), indexAgents(after)
	// of returns the subscriber if it is an agent of the chat's contact center.
	of := func(p any) (subscriber, bool) {
		s, ok := p.(subscriber)
		return s, ok && s.agent.Tenant == after.Key.Tenant
	}
	if viewsMayChange(before, after) { // else no agent's state changed: nothing to publish
		a.publishStateChanges(pub, of, was, is, after, ch.Ref)
	}
	if participantsChanged(before, after) {
		a.publishToVisible(pub, of, is, func(s subscriber) any {
			return a.stateChange("ParticipantsUpdated", a.renderAgentChat(s.base, after, s.agent.ID), ch.Ref)
		})
	}
	if slices.Contains(ch.Notes, "properties") {
		a.publishToVisible(pub, of, is, func(s subscriber) any {
			return a.stateChange("PropertiesUpdated", a.renderAgentChat(s.base, after, s.agent.ID), ch.Ref)
		})
	}
	if len(ch.Events) == 0 {
		return
	}
	var history []wireMessage // rendered once, for every agent who has just joined
	fresh := a.logMessages(after, ch.Events)
	build := func(p any) (any, bool) {
		s, ok := of(p)
		if !ok {
			return nil, false
		}
		inBefore := was.present(s.agent.ID)
		msgs := fresh
		switch {
		case is.present(s.agent.ID) && !inBefore:
			if history == nil {
				history = a.logMessages(after, ch.Since(1))
			}
			msgs = history
		case !inBefore && !is.present(s.agent.ID):
			return nil, false
		}
		if len(msgs) == 0 {
			return nil, false
		}
		return messageLogUpdated{
			MessageType: "MessageLogUpdated", NotificationType: "NewMessages",
			Messages: msgs, ChatURI: chatURI(s.base, after.Key.ID),
		}, true
	}
	if n := a.logs.Add(1); a.bugs.Has(api.BugGWSDropNotification) && n%3 == 0 {
		return // every third is lost
	}
	pub.PublishTo(after.Key.Tenant, Channel, build)
	if a.bugs.Has(api.BugGWSDuplicateNotification) {
		pub.PublishTo(after.Key.Tenant, Channel, build)
	}
}

// publishStateChanges publishes StatusChange to every agent whose view of the chat changed
// state, and the second StatusChange (to Completed) of an agent who left.
func (a *Adapter) publishStateChanges(pub api.Publisher, of func(any) (subscriber, bool), was, is agentIndex, after *store.Chat, ref int64) {
	pub.PublishTo(after.Key.Tenant, Channel, func(p any) (any, bool) {
		s, ok := of(p)
		if !ok {
			return nil, false
		}
		from, _, seenBefore := was.view(s.agent.ID)
		to, _, seenAfter := is.view(s.agent.ID)
		if !seenBefore && !seenAfter || from == to {
			return nil, false
		}
		chat := a.renderAgentChat(s.base, after, s.agent.ID)
		if !seenAfter {
			chat.State, chat.Capabilities = agentCompleted, []string{} // the offer was withdrawn
		}
		return a.stateChange("StatusChange", chat, ref), true
	})
	// Leave is StatusChange to LeftChat, then to Completed.
	pub.PublishTo(after.Key.Tenant, Channel, func(p any) (any, bool) {
		s, ok := of(p)
		if !ok {
			return nil, false
		}
		from, _, _ := was.view(s.agent.ID)
		to, _, _ := is.view(s.agent.ID)
		if to != agentLeft || from == agentLeft {
			return nil, false
		}
		chat := a.renderAgentChat(s.base, after, s.agent.ID)
		chat.State, chat.Capabilities = agentCompleted, []string{}
		return a.stateChange("StatusChange", chat, ref), true
	})
}

// logMessages renders events for a MessageLogUpdated notification.
func (a *Adapter) logMessages(c *store.Chat, events []store.Event) []wireMessage {
	msgs := a.renderMessages(c, events, true)
	if a.bugs.Has(api.BugGWSMissingTimestampMillis) {
		for i := range msgs {
			msgs[i].TimestampSeconds = 0 // omitted
		}
	}
	return msgs
}

// publishToVisible publishes one notification to every agent who may see the chat.
func (a *Adapter) publishToVisible(pub api.Publisher, of func(any) (subscriber, bool), c agentIndex, build func(subscriber) any) {
	pub.PublishTo(c.c.Key.Tenant, Channel, func(p any) (any, bool) {
		s, ok := of(p)
		if !ok {
			return nil, false
		}
		if _, _, visible := c.view(s.agent.ID); !visible {
			return nil, false
		}
		return build(s), true
	})
}

// agentIndex finds a chat's agent participants by agent id, as Chat.AgentByRef does (the
// first participant with the id), in constant time.
type agentIndex struct {
	c  *store.Chat
	by map[string]store.Participant
}

func indexAgents(c *store.Chat) agentIndex {
	x := agentIndex{c: c, by: make(map[string]store.Participant, len(c.Participants))}
	for _, p := range c.Participants {
		if _, seen := x.by[p.Ref]; p.Role == store.RoleAgent && !seen {
			x.by[p.Ref] = p
		}
	}
	return x
}

// view is agentView.
func (x agentIndex) view(agentID string) (state string, caps []string, visible bool) {
	p, joined := x.by[agentID]
	return agentViewOf(x.c, p, joined, agentID)
}

// present reports whether the agent is in the chat.
func (x agentIndex) present(agentID string) bool {
	p, ok := x.by[agentID]
	return ok && p.Present
}

// viewsMayChange reports whether a change can alter some agent's view of the chat (see
// agentView): its state, the offer, the declines, or who is in it.
func viewsMayChange(before, after *store.Chat) bool {
	if before.State != after.State || before.OfferedTo != after.OfferedTo ||
		!slices.Equal(before.Declined, after.Declined) || len(before.Participants) != len(after.Participants) {
		return true
	}
	for i, p := range before.Participants {
		q := after.Participants[i]
		if p.Role != q.Role || p.Ref != q.Ref || p.Present != q.Present {
			return true
		}
	}
	return false
}

func participantsChanged(before, after *store.Chat) bool {
	if len(before.Participants) != len(after.Participants) {
		return true
	}
	for i := range before.Participants {
		if before.Participants[i].Present != after.Participants[i].Present || before.Participants[i].Nickname != after.Participants[i].Nickname {
			return true
		}
	}
	return false
}

// notifyError tells the agent that an operation on a chat failed (notificationType Error),
// when the agent may see the chat.
func (a *Adapter) notifyError(key store.Key, ag fixtures.Agent, ref int64, failure error) {
	pub := a.publisher()
	if pub == nil || a.bugs.Has(api.BugGWSNoErrorNotification) {
		return
	}
	c, err := a.store().Get(key)
	if err != nil {
		return
	}
	if _, _, visible := agentView(&c, ag.ID); !visible {
		return
	}
	msg := api.AsError(failure).Error()
	pub.PublishTo(key.Tenant, Channel, func(p any) (any, bool) {
		s, ok := p.(subscriber)
		if !ok || s.agent.ID != ag.ID || s.agent.Tenant != key.Tenant {
			return nil, false
		}
		n := a.stateChange("Error", a.renderAgentChat(s.base, &c, ag.ID), ref)
		n.ErrorMessage = msg
		return n, true
	})
}
