package store_test

import (
	"testing"

	"github.com/chatconform/chatconform/mock/store"
)

// TestGivenMessageIDs: an event with a message id keeps it and raises the counter, so the
// next message gets the id after the largest one given; RaiseMessageID never lowers it.
func TestGivenMessageIDs(t *testing.T) {
	st := store.New(store.WithClock(fixedClock()))
	c, err := st.Create(store.ChatSpec{Vendor: "gws", Tenant: "cc", ID: "x", Cursors: map[string]int{"visitor": 1}})
	if err != nil {
		t.Fatal(err)
	}
	events, _, err := st.Update(c.Key, func(tx *store.Tx) error {
		tx.Append(store.EventSpec{Kind: store.KindText, MessageID: 40})
		tx.Append(store.EventSpec{Kind: store.KindTypingStarted})
		return nil
	})
	if err != nil || events[0].MessageID != 40 || events[1].MessageID != 0 {
		t.Fatalf("events %+v, %v; want message id 40, then none", events, err)
	}
	st.RaiseMessageID(7)
	st.RaiseMessageID(50)
	st.RaiseMessageID(45)
	if got := st.LastMessageID(); got != 50 {
		t.Errorf("LastMessageID = %d; want 50", got)
	}
	events, _, _ = st.Update(c.Key, func(tx *store.Tx) error {
		tx.Append(store.EventSpec{Kind: store.KindText})
		return nil
	})
	if events[0].MessageID != 51 {
		t.Errorf("next message id = %d; want 51", events[0].MessageID)
	}
	dump, cursors, err := st.Dump(c.Key)
	if err != nil || len(dump.Events) != 3 || cursors["visitor"] != 1 {
		t.Errorf("Dump: %d events, cursors %v, %v; want 3 events and the visitor's cursor at 1", len(dump.Events), cursors, err)
	}
}

// TestOrder: List follows the order given, then the chats not named in creation order.
func TestOrder(t *testing.T) {
	st := store.New()
	var keys []store.Key
	for _, id := range []string{"a", "b", "c", "d"} {
		c, err := st.Create(store.ChatSpec{Vendor: "gws", Tenant: "cc", ID: id})
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, c.Key)
	}
	st.Order([]store.Key{keys[2], keys[0], {Vendor: "gws", Tenant: "cc", ID: "gone"}})
	if _, err := st.Create(store.ChatSpec{Vendor: "gws", Tenant: "cc", ID: "e"}); err != nil {
		t.Fatal(err)
	}
	var got string
	for _, c := range st.List(store.Filter{}) {
		got += c.Key.ID
	}
	if got != "cabde" {
		t.Errorf("List order %q; want cabde", got)
	}
}
