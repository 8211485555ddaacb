package store

import (
	"maps"
	"slices"
	"time"
)

// Event kinds, the control API's EventKind.
const (
	KindJoined          = "joined"
	KindLeft            = "left"
	KindText            = "text"
	KindTypingStarted   = "typing-started"
	KindTypingStopped   = "typing-stopped"
	KindNotice          = "notice"
	KindCustomNotice    = "custom-notice"
	KindNicknameUpdated = "nickname-updated"
	KindUserData        = "user-data"
)

// Visibilities.
const (
	VisibleAll    = "All"
	VisibleAgents = "Agents"
)

// Vendor-neutral chat states.
const (
	StateWaiting   = "waiting"
	StateChatting  = "chatting"
	StateIdle      = "idle"
	StateCompleted = "completed"
)

// Participant kinds.
const (
	RoleVisitor = "visitor"
	RoleAgent   = "agent"
	RoleBot     = "bot"
	RoleSystem  = "system"
)

// Key identifies a chat: chats of different vendors or tenants never collide.
type Key struct {
	Vendor, Tenant, ID string
}

// Participant is someone in a chat.
type Participant struct {
	// ID is the chat-local participant id ("1", "2", ... by default).
	ID string
	// Role is visitor, agent, bot or system.
	Role string
	// Ref is the participant's id outside the chat: the agent id, or the visitor id.
	Ref      string
	Name     string
	Nickname string
	Email    string
	Present  bool
}

// Event is one entry of a chat's log.
type Event struct {
	// Index is the 1-based position in the chat's log.
	Index int
	// MessageID is the global message id, or 0 for events that are not stored as messages
	// (typing, user data).
	MessageID int64
	Kind      string
	// From is the chat-local id of the participant who caused it.
	From       string
	Text       string
	Visibility string
	Time       time.Time
	// Attrs are vendor extras (SuperOffice SpecialType, Acquire seen, ...).
	Attrs map[string]string
}

// HasMessageID tells whether events of this kind take a global message id.
func HasMessageID(kind string) bool {
	switch kind {
	case KindTypingStarted, KindTypingStopped, KindUserData:
		return false
	}
	return true
}

// Chat is a snapshot of a chat: a copy the caller may keep and read freely. Events holds
// only what the call that returned it says (see Read); Create and Get return none.
type Chat struct {
	Key          Key
	State        string
	VendorState  string
	Subject      string
	Queue        string
	Thread       string
	UserData     map[string]string
	Attrs        map[string]string
	Participants []Participant
	// OfferedTo is the agent id the chat is offered to, if any; Declined are the agent ids
	// that rejected or left it.
	OfferedTo string
	Declined  []string
	CreatedAt time.Time
	UpdatedAt time.Time
	// LastIndex is the index of the last event (0 when the log is empty).
	LastIndex int
	// LastMessageID is the largest message id in the chat (0 when none).
	LastMessageID int64
	Events        []Event
}

// Participant returns the chat's participant with the given chat-local id.
func (c *Chat) Participant(id string) (Participant, bool) {
	for _, p := range c.Participants {
		if p.ID == id {
			return p, true
		}
	}
	return Participant{}, false
}

// Visitor returns the chat's first visitor.
func (c *Chat) Visitor() (Participant, bool) {
	for _, p := range c.Participants {
		if p.Role == RoleVisitor {
			return p, true
		}
	}
	return Participant{}, false
}

// AgentByRef returns the participant for an agent id.
func (c *Chat) AgentByRef(agentID string) (Participant, bool) {
	for _, p := range c.Participants {
		if p.Role == RoleAgent && p.Ref == agentID {
			return p, true
		}
	}
	return Participant{}, false
}

// PresentAgents returns the agents still in the chat.
func (c *Chat) PresentAgents() []Participant {
	var out []Participant
	for _, p := range c.Participants {
		if p.Role == RoleAgent && p.Present {
			out = append(out, p)
		}
	}
	return out
}

// chat is the stored form; its lock lives in the Store's shard.
type chat struct {
	Chat
	events  []Event
	msgPos  []int // positions in events of the events with a message id, ascending
	cursors map[string]int
	nextPID int
}

func (c *chat) snapshot() Chat {
	s := c.Chat
	s.UserData = maps.Clone(c.UserData)
	s.Attrs = maps.Clone(c.Attrs)
	s.Participants = slices.Clone(c.Participants)
	s.Declined = slices.Clone(c.Declined)
	s.LastIndex = len(c.events)
	if n := len(c.msgPos); n > 0 {
		s.LastMessageID = c.events[c.msgPos[n-1]].MessageID
	}
	s.Events = nil
	return s
}
