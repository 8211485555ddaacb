package store_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/chatconform/chatconform/mock/store"
)

// TestReadAfterMessageIDFindsTheStart reads every combination of an index bound and a
// message id bound from a log where message ids are spread among transient events (which
// have none), and compares each with a plain filter of the whole log: the search for the
// first message from the end of the log must find exactly the same start.
func TestReadAfterMessageIDFindsTheStart(t *testing.T) {
	st := store.New()
	var events []string
	for i := range 40 {
		switch {
		case i%5 == 0:
			events = append(events, "v~") // typing: no message id
		case i%7 == 0:
			events = append(events, "a!notice")
		default:
			events = append(events, fmt.Sprintf("v:message %d", i))
		}
	}
	key := newChat(t, st, "long", events...)
	all, err := st.Read(key, store.Query{})
	if err != nil {
		t.Fatal(err)
	}
	last := all.LastMessageID
	for from := 0; from <= len(all.Events)+1; from++ {
		for after := int64(0); after <= last+1; after++ {
			var want []int
			for _, e := range all.Events {
				if e.MessageID > after && e.Index >= from && store.HasMessageID(e.Kind) {
					want = append(want, e.Index)
				}
			}
			got, err := st.Read(key, store.Query{FromIndex: from, AfterMessageID: after, MessagesOnly: true})
			if err != nil {
				t.Fatal(err)
			}
			var indexes []int
			for _, e := range got.Events {
				indexes = append(indexes, e.Index)
			}
			if !slices.Equal(indexes, want) {
				t.Fatalf("FromIndex %d, AfterMessageID %d: indexes = %v; want %v", from, after, indexes, want)
			}
		}
	}
}
