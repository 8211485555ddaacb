package store_test

import (
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock/store"
)

func fixedClock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Second)
		return t
	}
}

// newChat creates a chat with a visitor and an agent and appends the given events: "v:text"
// and "a:text" are texts, "a!notice" an agent-only custom notice, "v~" typing.
func newChat(t testing.TB, st *store.Store, id string, events ...string) store.Key {
	t.Helper()
	c, err := st.Create(store.ChatSpec{Vendor: "gws", Tenant: "cc", ID: id})
	if err != nil {
		t.Fatal(err)
	}
	_, _, err = st.Update(c.Key, func(tx *store.Tx) error {
		v := tx.AddParticipant(store.Participant{Role: store.RoleVisitor, Name: "Chris"})
		a := tx.AddParticipant(store.Participant{Role: store.RoleAgent, Ref: "ag1", Name: "Kristi"})
		for _, e := range events {
			from := v
			if e[0] == 'a' {
				from = a
			}
			switch e[1] {
			case ':':
				tx.Append(store.EventSpec{Kind: store.KindText, From: from, Text: e[2:]})
			case '!':
				tx.Append(store.EventSpec{Kind: store.KindCustomNotice, From: from, Text: e[2:], Visibility: store.VisibleAgents})
			case '~':
				tx.Append(store.EventSpec{Kind: store.KindTypingStarted, From: from})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return c.Key
}

func indexes(events []store.Event) []int {
	out := make([]int, len(events))
	for i, e := range events {
		out[i] = e.Index
	}
	return out
}

func TestReadSelections(t *testing.T) {
	st := store.New(store.WithClock(fixedClock()))
	// 1 text, 2 notice (agents), 3 typing, 4 text, 5 text
	key := newChat(t, st, "c1", "v:hello", "a!vip", "a~", "a:hi", "v:thanks")
	for _, tc := range []struct {
		name string
		q    store.Query
		want string
	}{
		{"everything", store.Query{}, "[1 2 3 4 5]"},
		{"from index 0 is everything", store.Query{FromIndex: 0}, "[1 2 3 4 5]"},
		{"from index inclusive", store.Query{FromIndex: 3}, "[3 4 5]"},
		{"from beyond the end", store.Query{FromIndex: 9}, "[]"},
		{"visitor view hides agent-only", store.Query{Visibility: store.VisibleAll}, "[1 3 4 5]"},
		{"limit", store.Query{FromIndex: 2, Limit: 2}, "[2 3]"},
		{"messages only skip typing", store.Query{MessagesOnly: true}, "[1 2 4 5]"},
		{"after message id is exclusive", store.Query{AfterMessageID: 2}, "[4 5]"},
		{"after the last id", store.Query{AfterMessageID: 4}, "[]"},
		{"after id and visitor view", store.Query{AfterMessageID: 1, Visibility: store.VisibleAll}, "[4 5]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := st.Read(key, tc.q)
			if err != nil {
				t.Fatal(err)
			}
			if got := fmt.Sprint(indexes(c.Events)); got != tc.want {
				t.Errorf("indexes = %s; want %s", got, tc.want)
			}
		})
	}
}

func TestMessageIDsAreGlobalAndSkipTransientEvents(t *testing.T) {
	st := store.New(store.WithClock(fixedClock()))
	a := newChat(t, st, "a", "v:1", "a~", "a:2")
	b := newChat(t, st, "b", "v:3")
	ca, _ := st.Read(a, store.Query{})
	cb, _ := st.Read(b, store.Query{})
	var ids []int64
	for _, e := range append(ca.Events, cb.Events...) {
		ids = append(ids, e.MessageID)
	}
	if got := fmt.Sprint(ids); got != "[1 0 2 3]" {
		t.Errorf("message ids = %s; want [1 0 2 3] (typing takes none; ids are global across chats)", got)
	}
	if ca.LastMessageID != 2 || cb.LastMessageID != 3 {
		t.Errorf("LastMessageID = %d, %d; want 2, 3", ca.LastMessageID, cb.LastMessageID)
	}
}

func TestUnreadCursor(t *testing.T) {
	st := store.New(store.WithClock(fixedClock()))
	key := newChat(t, st, "c", "v:a", "a!x", "a:b")
	q := store.Query{Reader: "customer", Unread: true, Visibility: store.VisibleAll}
	first, _ := st.Read(key, q)
	again, _ := st.Read(key, q)
	if got := fmt.Sprint(indexes(first.Events)); got != "[1 3]" {
		t.Errorf("first unread = %s; want [1 3]", got)
	}
	if len(again.Events) != 0 {
		t.Errorf("second unread = %v; want nothing new", indexes(again.Events))
	}
	_, _, _ = st.Update(key, func(tx *store.Tx) error {
		tx.Append(store.EventSpec{Kind: store.KindText, From: "1", Text: "more"})
		return nil
	})
	next, _ := st.Read(key, q)
	if got := fmt.Sprint(indexes(next.Events)); got != "[4]" {
		t.Errorf("after a new message, unread = %s; want [4]", got)
	}
	other, _ := st.Read(key, store.Query{Reader: "someone else", Unread: true})
	if len(other.Events) != 4 {
		t.Errorf("another reader's first read = %d events; want 4 (cursors are per reader)", len(other.Events))
	}
	// An explicit index re-reads without moving the cursor backwards, and Advance moves it.
	_, _ = st.Read(key, store.Query{Reader: "customer", FromIndex: 1, Advance: true})
	if n, _ := st.Cursor(key, "customer"); n != 4 {
		t.Errorf("cursor = %d; want 4", n)
	}
}

func TestUpdateErrorChangesNothing(t *testing.T) {
	st := store.New(store.WithClock(fixedClock()))
	key := newChat(t, st, "c", "v:a")
	before, _ := st.Read(key, store.Query{})
	boom := errors.New("boom")
	_, _, err := st.Update(key, func(tx *store.Tx) error {
		tx.Append(store.EventSpec{Kind: store.KindText, From: "1", Text: "lost"})
		tx.SetState(store.StateCompleted)
		tx.C.UserData["k"] = "v"
		tx.AddParticipant(store.Participant{Role: store.RoleAgent})
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("err = %v; want boom", err)
	}
	after, _ := st.Read(key, store.Query{})
	if fmt.Sprint(before) != fmt.Sprint(after) {
		t.Errorf("chat changed by a failed update:\nbefore %+v\nafter  %+v", before, after)
	}
	if st.LastMessageID() != before.LastMessageID {
		t.Errorf("message counter = %d; want %d (a failed update takes no id)", st.LastMessageID(), before.LastMessageID)
	}
}

func TestNotFoundAndExists(t *testing.T) {
	st := store.New()
	key := store.Key{Vendor: "gws", Tenant: "cc", ID: "nope"}
	if _, err := st.Get(key); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get(unknown) = %v; want ErrNotFound", err)
	}
	if _, _, err := st.Update(key, func(*store.Tx) error { return nil }); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Update(unknown) = %v; want ErrNotFound", err)
	}
	newChat(t, st, "x")
	if _, err := st.Create(store.ChatSpec{Vendor: "gws", Tenant: "cc", ID: "x"}); !errors.Is(err, store.ErrExists) {
		t.Errorf("Create(taken id) = %v; want ErrExists", err)
	}
	if _, err := st.Get(store.Key{Vendor: "gws", Tenant: "other", ID: "x"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Get(other tenant) = %v; want ErrNotFound (tenants are isolated)", err)
	}
}

func TestNumericIDsSkipLoadedOnes(t *testing.T) {
	st := store.New()
	if _, err := st.Create(store.ChatSpec{Vendor: "superoffice", Tenant: "t", ID: "105"}); err != nil {
		t.Fatal(err)
	}
	c, err := st.Create(store.ChatSpec{Vendor: "superoffice", Tenant: "t", NumericID: true})
	if err != nil || c.Key.ID != "106" {
		t.Errorf("next numeric id = %q, %v; want 106", c.Key.ID, err)
	}
}

func TestObserversSeeChangesInOrder(t *testing.T) {
	st := store.New(store.WithClock(fixedClock()))
	var got []int
	st.Observe(func(ch store.Change) {
		for _, e := range ch.Events {
			got = append(got, e.Index)
		}
	})
	key := newChat(t, st, "c", "v:a", "v:b")
	_, _, _ = st.Update(key, func(tx *store.Tx) error {
		tx.Append(store.EventSpec{Kind: store.KindText, From: "1", Text: "c"})
		tx.Ref(7)
		return nil
	})
	if fmt.Sprint(got) != "[1 2 3]" {
		t.Errorf("observed %v; want [1 2 3]", got)
	}
}

// TestConcurrentWritersAndReaders sends from many goroutines to one chat while others poll
// with and without a cursor: indexes end up strictly increasing with no gaps or duplicates,
// nothing is lost, and each cursor reader sees every visible event exactly once.
func TestConcurrentWritersAndReaders(t *testing.T) {
	st := store.New()
	key := newChat(t, st, "c")
	const writers, perWriter, readers = 8, 200, 4
	var wg sync.WaitGroup
	done := make(chan struct{})
	seen := make([]map[int]int, readers)
	for r := 0; r < readers; r++ {
		seen[r] = map[int]int{}
		wg.Add(1)
		go func(r int) {
			defer wg.Done()
			reader := fmt.Sprintf("reader-%d", r)
			drain := func() {
				c, err := st.Read(key, store.Query{Reader: reader, Unread: true, Visibility: store.VisibleAll})
				if err != nil {
					t.Error(err)
				}
				for _, e := range c.Events {
					seen[r][e.Index]++
				}
			}
			for {
				select {
				case <-done:
					drain()
					return
				default:
					drain()
					_, _ = st.Read(key, store.Query{FromIndex: 1}) // a reader without a cursor
				}
			}
		}(r)
	}
	var ww sync.WaitGroup
	for w := 0; w < writers; w++ {
		ww.Add(1)
		go func(w int) {
			defer ww.Done()
			for i := 0; i < perWriter; i++ {
				vis := store.VisibleAll
				if i%10 == 0 {
					vis = store.VisibleAgents
				}
				_, _, err := st.Update(key, func(tx *store.Tx) error {
					tx.Append(store.EventSpec{Kind: store.KindText, From: "1", Text: fmt.Sprintf("%d-%d", w, i), Visibility: vis})
					return nil
				})
				if err != nil {
					t.Error(err)
				}
			}
		}(w)
	}
	ww.Wait()
	close(done)
	wg.Wait()
	all, _ := st.Read(key, store.Query{})
	if len(all.Events) != writers*perWriter {
		t.Fatalf("%d events; want %d", len(all.Events), writers*perWriter)
	}
	texts := map[string]bool{}
	visible := 0
	for i, e := range all.Events {
		if e.Index != i+1 {
			t.Fatalf("events[%d].Index = %d; want %d", i, e.Index, i+1)
		}
		if i > 0 && e.MessageID <= all.Events[i-1].MessageID {
			t.Fatalf("message id %d after %d; want increasing", e.MessageID, all.Events[i-1].MessageID)
		}
		texts[e.Text] = true
		if e.Visibility == store.VisibleAll {
			visible++
		}
	}
	if len(texts) != writers*perWriter {
		t.Errorf("%d distinct texts; want %d (something was lost or duplicated)", len(texts), writers*perWriter)
	}
	for r := range seen {
		if len(seen[r]) != visible {
			t.Errorf("reader %d saw %d events; want %d", r, len(seen[r]), visible)
		}
		for idx, n := range seen[r] {
			if n != 1 {
				t.Errorf("reader %d saw index %d %d times; want once", r, idx, n)
			}
		}
	}
}
