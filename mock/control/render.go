package control

import (
	"maps"
	"time"

	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/mock/vary"
)

// participant is the Participant schema.
type participant struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"`
	Name     string `json:"name"`
	Nickname string `json:"nickname,omitempty"`
	Present  *bool  `json:"present,omitempty"`
}

// mockEvent is the MockEvent schema.
type mockEvent struct {
	Index      int               `json:"index"`
	MessageID  *int64            `json:"messageId"`
	Kind       string            `json:"kind"`
	From       participant       `json:"from"`
	Text       *string           `json:"text"`
	Visibility string            `json:"visibility"`
	Time       time.Time         `json:"time"`
	UserData   map[string]string `json:"userData,omitempty"`
}

// mockChat is the MockChat schema; Events is nil where the log is omitted (ListMockChats).
type mockChat struct {
	Vendor       string            `json:"vendor"`
	ID           string            `json:"id"`
	Tenant       string            `json:"tenant"`
	State        string            `json:"state"`
	VendorState  string            `json:"vendorState"`
	Subject      string            `json:"subject,omitempty"`
	CreatedAt    time.Time         `json:"createdAt"`
	UpdatedAt    time.Time         `json:"updatedAt"`
	Visitor      participant       `json:"visitor"`
	Participants []participant     `json:"participants"`
	UserData     map[string]string `json:"userData"`
	EventCount   int               `json:"eventCount"`
	LastIndex    int               `json:"lastIndex"`
	Events       *[]mockEvent      `json:"events,omitempty"`
}

// renderChat renders a store chat; withEvents adds c.Events as the log, with message ids as
// the vendors render them (v, the variation mode, may be nil).
func renderChat(c *store.Chat, withEvents bool, v *vary.Vary) mockChat {
	out := mockChat{
		Vendor: c.Key.Vendor, ID: c.Key.ID, Tenant: c.Key.Tenant, State: c.State,
		VendorState: c.VendorState, Subject: c.Subject,
		CreatedAt: c.CreatedAt.UTC(), UpdatedAt: c.UpdatedAt.UTC(),
		Visitor:      participant{Kind: store.RoleVisitor},
		Participants: make([]participant, 0, len(c.Participants)),
		UserData:     maps.Clone(c.UserData),
		EventCount:   c.LastIndex, LastIndex: c.LastIndex,
	}
	if out.VendorState == "" {
		out.VendorState = c.State
	}
	if out.UserData == nil {
		out.UserData = map[string]string{}
	}
	if v, ok := c.Visitor(); ok {
		out.Visitor = renderParticipant(v, false)
	}
	for _, p := range c.Participants {
		out.Participants = append(out.Participants, renderParticipant(p, true))
	}
	if withEvents {
		events := renderEvents(c, c.Events, v)
		out.Events = &events
	}
	return out
}

// renderParticipant renders a participant under the id the vendor knows it by: the agent
// id or visitor id (Ref), else the chat-local id (a GWS visitor).
func renderParticipant(p store.Participant, withPresent bool) participant {
	out := participant{ID: p.Ref, Kind: p.Role, Name: p.Name, Nickname: p.Nickname}
	if out.ID == "" {
		out.ID = p.ID
	}
	if out.Kind == "" {
		out.Kind = store.RoleSystem
	}
	if withPresent {
		present := p.Present
		out.Present = &present
	}
	return out
}

// renderEvents renders events of c; a user-data event carries its data (the event's Attrs).
// Message ids are the ones the vendors show (v, the variation mode, may be nil); indexes
// are positions in the log.
func renderEvents(c *store.Chat, events []store.Event, v *vary.Vary) []mockEvent {
	out := make([]mockEvent, 0, len(events))
	for _, e := range events {
		from := participant{ID: e.From, Kind: store.RoleSystem}
		if p, ok := c.Participant(e.From); ok {
			from = renderParticipant(p, false)
		}
		me := mockEvent{Index: e.Index, Kind: e.Kind, From: from, Visibility: e.Visibility, Time: e.Time.UTC()}
		if e.MessageID != 0 {
			id := v.MessageID(e.MessageID)
			me.MessageID = &id
		}
		if e.Text != "" {
			text := e.Text
			me.Text = &text
		}
		if me.Visibility == "" {
			me.Visibility = store.VisibleAll
		}
		if e.Kind == store.KindUserData && len(e.Attrs) > 0 {
			me.UserData = maps.Clone(e.Attrs)
		}
		out = append(out, me)
	}
	return out
}
