package gws

import (
	"net/http"
	"slices"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// Customer chat states.
const (
	stateWaiting  = "WaitingForAgent"
	stateChatting = "Chatting"
	stateIdle     = "Idle"
)

// Agent chat states.
const (
	agentInvited   = "Invited"
	agentChatting  = "Chatting"
	agentLeft      = "LeftChat"
	agentCompleted = "Completed"
)

var (
	customerCaps = []string{"SendMessage", "SendStartTypingNotification", "SendStopTypingNotification", "Complete"}
	invitedCaps  = []string{"Accept", "Reject"}
	agentCaps    = []string{
		"SendMessage", "SendStartTypingNotification", "SendStopTypingNotification",
		"SendStartTypingToAgentsNotification", "SendCustomNoticeToAgents", "SendNicknameUpdatedNotice",
		"Complete", "Leave", "Transfer", "UpdateUserData",
	}
	// agentAloneCaps apply once the customer has left: the agent can only wrap up.
	agentAloneCaps = []string{"SendCustomNoticeToAgents", "Complete", "Leave", "UpdateUserData"}
)

// timestampLayout is GWS's `yyyy-MM-dd HH:mm:ss.SSS±hhmm`.
const timestampLayout = "2006-01-02 15:04:05.000-0700"

type wireParticipant struct {
	Nickname      string `json:"nickname"`
	ParticipantID string `json:"participantId"`
	Type          string `json:"type"`
}

type wireMessage struct {
	Index            int             `json:"index"`
	Type             string          `json:"type"`
	From             wireParticipant `json:"from"`
	Text             string          `json:"text,omitempty"`
	NoticeText       string          `json:"noticeText,omitempty"`
	Visibility       string          `json:"visibility,omitempty"`
	Timestamp        string          `json:"timestamp,omitempty"`
	TimestampSeconds int64           `json:"timestampSeconds,omitempty"`
}

type customerChat struct {
	ID           string            `json:"id"`
	State        string            `json:"state"`
	Capabilities []string          `json:"capabilities,omitzero"` // nil only with gws-omit-empty-capabilities
	Participants []wireParticipant `json:"participants"`
}

type agentChat struct {
	ID           string            `json:"id"`
	URI          string            `json:"uri"`
	State        string            `json:"state"`
	Capabilities []string          `json:"capabilities"`
	Participants []wireParticipant `json:"participants"`
	UserData     map[string]string `json:"userData,omitzero"` // nil only in the variation mode
}

func participantType(role string) string {
	switch role {
	case store.RoleVisitor:
		return "Customer"
	case store.RoleAgent:
		return "Agent"
	}
	return "External"
}

func (a *Adapter) renderParticipant(c *store.Chat, p store.Participant) wireParticipant {
	nick := p.Nickname
	if nick == "" {
		nick = p.Name
	}
	return wireParticipant{Nickname: nick, ParticipantID: a.participantID(c, p.ID), Type: participantType(p.Role)}
}

// participants renders who is known to the chat: everyone who joined, in join order.
func (a *Adapter) participants(c *store.Chat) []wireParticipant {
	out := make([]wireParticipant, 0, len(c.Participants))
	for _, p := range c.Participants {
		out = append(out, a.renderParticipant(c, p))
	}
	return out
}

// customerState is the chat's state as the customer sees it.
func customerState(c *store.Chat) string {
	switch c.State {
	case store.StateWaiting:
		return stateWaiting
	case store.StateChatting:
		return stateChatting
	}
	return stateIdle
}

func customerCapabilities(c *store.Chat) []string {
	if c.State == store.StateWaiting || c.State == store.StateChatting {
		return customerCaps
	}
	return []string{}
}

func (a *Adapter) renderCustomerChat(c *store.Chat) customerChat {
	out := customerChat{ID: c.Key.ID, State: customerState(c), Capabilities: customerCapabilities(c), Participants: a.participants(c)}
	if out.State == stateWaiting && a.bugs.Has(api.BugGWSNewChatChatting) {
		out.State = stateChatting
	}
	if len(out.Capabilities) == 0 && a.bugs.Has(api.BugGWSOmitEmptyCapabilities) {
		out.Capabilities = nil // left out
	}
	return out
}

// agentView is the chat's state and capabilities for one agent, and whether the agent may
// see it at all.
func agentView(c *store.Chat, agentID string) (state string, caps []string, visible bool) {
	p, joined := c.AgentByRef(agentID)
	return agentViewOf(c, p, joined, agentID)
}

// agentViewOf is agentView with the agent's participant p already looked up (joined: found).
func agentViewOf(c *store.Chat, p store.Participant, joined bool, agentID string) (state string, caps []string, visible bool) {
	switch {
	case joined && p.Present && c.State == store.StateChatting:
		return agentChatting, agentCaps, true
	case joined && p.Present:
		return agentChatting, agentAloneCaps, true
	case c.OfferedTo == agentID:
		return agentInvited, invitedCaps, true
	case joined && c.State == store.StateCompleted:
		return agentCompleted, []string{}, true
	case joined:
		return agentLeft, []string{}, true
	case slices.Contains(c.Declined, agentID):
		return agentCompleted, []string{}, true
	}
	return "", nil, false
}

// baseURL is the scheme and host the client used, for absolute chat URIs.
func baseURL(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return scheme + "://" + r.Host
}

func chatURI(base, id string) string { return base + "/api/v2/chats/" + id }

func (a *Adapter) renderAgentChat(base string, c *store.Chat, agentID string) agentChat {
	state, caps, _ := agentView(c, agentID)
	if state == agentChatting && a.bugs.Has(api.BugGWSAgentStaysInvited) {
		state = agentInvited // the state of the offer is never updated
	}
	out := agentChat{
		ID: c.Key.ID, URI: chatURI(base, c.Key.ID), State: state, Capabilities: caps,
		Participants: a.participants(c), UserData: c.UserData,
	}
	if a.vary != nil && len(out.UserData) == 0 {
		out.UserData = nil // optional and empty: left out
	}
	return out
}

// messageType maps a store event kind to the GWS message type, for agents or customers.
func messageType(kind string, forAgent bool) (string, bool) {
	switch kind {
	case store.KindJoined:
		return "ParticipantJoined", true
	case store.KindLeft:
		return "ParticipantLeft", true
	case store.KindText:
		return "Text", true
	case store.KindTypingStarted:
		return "TypingStarted", true
	case store.KindTypingStopped:
		return "TypingStopped", true
	case store.KindNotice:
		return "Notice", true
	case store.KindCustomNotice:
		return "CustomNotice", forAgent
	case store.KindNicknameUpdated:
		if forAgent {
			return "NicknameUpdated", true
		}
		return "Notice", true
	}
	return "", false
}

// renderMessages renders events as GWS messages: the customer view has no visibility or
// timestamps (as the GetMessages page shows); the agent view has both.
func (a *Adapter) renderMessages(c *store.Chat, events []store.Event, forAgent bool) []wireMessage {
	out := make([]wireMessage, 0, len(events))
	for _, e := range events {
		typ, ok := messageType(e.Kind, forAgent)
		if !ok {
			continue
		}
		p, _ := c.Participant(e.From)
		m := wireMessage{Index: a.index(c, e.Index), Type: typ, From: a.renderParticipant(c, p)}
		if forAgent && (e.Kind == store.KindCustomNotice || e.Kind == store.KindNicknameUpdated) {
			m.NoticeText = e.Text
		} else {
			m.Text = e.Text
		}
		if forAgent {
			m.Visibility = e.Visibility
			m.Timestamp = e.Time.Format(timestampLayout)
			m.TimestampSeconds = e.Time.UnixMilli()
			if a.bugs.Has(api.BugGWSTimestampSeconds) {
				m.TimestampSeconds = e.Time.Unix()
			}
		}
		out = append(out, m)
	}
	if a.bugs.Has(api.BugGWSDescending) {
		slices.Reverse(out)
	}
	return out
}

// route picks the agent to offer a chat to: the first agent of the tenant, in fixture
// order, who is not away, has not declined or left this chat, and takes the queue.
func (a *Adapter) route(c *store.Chat, except string) (fixtures.Agent, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	for _, ag := range a.order[c.Key.Tenant] {
		if ag.Away || ag.ID == except || slices.Contains(c.Declined, ag.ID) {
			continue
		}
		if _, joined := c.AgentByRef(ag.ID); joined {
			continue
		}
		if len(ag.Queues) > 0 && c.Queue != "" && !slices.Contains(ag.Queues, c.Queue) {
			continue
		}
		return ag, true
	}
	return fixtures.Agent{}, false
}

// offer offers the chat to the next agent by route, or to nobody.
func (a *Adapter) offer(tx *store.Tx, except string) {
	ag, ok := a.route(&tx.C, except)
	tx.C.OfferedTo = ""
	if ok {
		tx.C.OfferedTo = ag.ID
	}
	tx.Note("offer")
}
