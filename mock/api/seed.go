package api

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/store"
)

// SeedChat creates a fixture chat in the store with the vendor-neutral parts every adapter
// shares: the visitor as participant "1", each agent as the next participant when it first
// appears in the transcript (or as the chat's agent), and every event with its time and
// visibility; indexes and message ids are assigned as the events are appended. A joined
// event marks its participant present, a left event absent. customize, if not nil, may set
// vendor fields on the transaction before it commits.
//
// A chat with Participants (an export) is loaded exactly instead: its state, vendor state,
// attributes, participants, offer, cursors, event ids and attributes and updatedAt as
// written, and customize is not called, since nothing is derived from the transcript.
func SeedChat(st *store.Store, set *fixtures.Set, c fixtures.Chat, customize func(*store.Tx)) (store.Chat, error) {
	if len(c.Participants) > 0 {
		return seedExact(st, c)
	}
	agents := map[string]fixtures.Agent{}
	for _, a := range set.AgentsOf(c.Vendor, c.Tenant) {
		agents[a.ID] = a
	}
	state := c.State
	if state == "" {
		state = fixtures.StateWaiting
	}
	_, err := st.Create(store.ChatSpec{
		Vendor: c.Vendor, Tenant: c.Tenant, ID: c.ID,
		State: state, VendorState: c.VendorState, Subject: c.Subject, Queue: c.Queue,
		Thread: c.Thread, UserData: c.UserData, CreatedAt: c.CreatedAt,
	})
	if err != nil {
		return store.Chat{}, err
	}
	key := store.Key{Vendor: c.Vendor, Tenant: c.Tenant, ID: c.ID}
	_, chat, err := st.Update(key, func(tx *store.Tx) error {
		nick := c.Visitor.Nickname
		if nick == "" {
			nick, _, _ = strings.Cut(c.Visitor.Name, " ")
		}
		ids := map[string]string{fixtures.FromVisitor: tx.AddParticipant(store.Participant{
			Role: store.RoleVisitor, Ref: c.Visitor.ID, Name: c.Visitor.Name, Nickname: nick, Email: c.Visitor.Email,
		})}
		tx.SetPresent(ids[fixtures.FromVisitor], false)
		participant := func(from string) (string, error) {
			if id, ok := ids[from]; ok {
				return id, nil
			}
			a, ok := agents[from]
			if !ok {
				return "", fmt.Errorf("chat %s: no agent %q", c.ID, from)
			}
			ids[from] = tx.AddParticipant(store.Participant{Role: store.RoleAgent, Ref: a.ID, Name: a.Name, Nickname: a.Nickname})
			tx.SetPresent(ids[from], false)
			return ids[from], nil
		}
		for i, e := range c.Events {
			from, err := participant(e.From)
			if err != nil {
				return fmt.Errorf("events[%d]: %w", i, err)
			}
			switch e.Kind {
			case fixtures.KindJoined:
				tx.SetPresent(from, true)
			case fixtures.KindLeft:
				tx.SetPresent(from, false)
			}
			tx.Append(store.EventSpec{Kind: e.Kind, From: from, Text: e.Text, Visibility: e.Visibility, Time: e.Time})
		}
		if c.Agent != "" {
			if _, err := participant(c.Agent); err != nil {
				return err
			}
		}
		if customize != nil {
			customize(tx)
		}
		return nil
	})
	return chat, err
}

// seedExact loads an exported chat as it was.
func seedExact(st *store.Store, c fixtures.Chat) (store.Chat, error) {
	state := c.State
	if state == "" {
		state = fixtures.StateWaiting
	}
	_, err := st.Create(store.ChatSpec{
		Vendor: c.Vendor, Tenant: c.Tenant, ID: c.ID,
		State: state, VendorState: c.VendorState, Subject: c.Subject, Queue: c.Queue,
		Thread: c.Thread, UserData: c.UserData, Attrs: c.Attrs, CreatedAt: c.CreatedAt,
		Cursors: c.Cursors,
	})
	if err != nil {
		return store.Chat{}, err
	}
	key := store.Key{Vendor: c.Vendor, Tenant: c.Tenant, ID: c.ID}
	_, chat, err := st.Update(key, func(tx *store.Tx) error {
		for _, p := range c.Participants {
			tx.AddParticipant(store.Participant{ID: p.ID, Role: p.Role, Ref: p.Ref, Name: p.Name, Nickname: p.Nickname, Email: p.Email})
			tx.C.Participants[len(tx.C.Participants)-1].Present = p.Present
		}
		for _, e := range c.Events {
			tx.Append(store.EventSpec{Kind: e.Kind, From: e.Participant, Text: e.Text, Visibility: e.Visibility,
				Time: e.Time, Attrs: maps.Clone(e.Attrs), MessageID: e.ID})
		}
		tx.C.OfferedTo = c.OfferedTo
		tx.C.Declined = slices.Clone(c.Declined)
		if c.UpdatedAt.After(tx.C.UpdatedAt) {
			tx.C.UpdatedAt = c.UpdatedAt
		}
		return nil
	})
	return chat, err
}
