package store_test

import (
	"fmt"
	"testing"

	"github.com/chatconform/chatconform/mock/store"
)

// BenchmarkPollWithCursor polls chats of 10 and 10,000 messages the way clients do when
// little is new: GWS GetMessages without index once the cursor is at the end, GWS with
// index = the last index, SuperOffice with after = the id before the last. The chat does not
// grow during the benchmark. The cost must not depend on the transcript's length: compare
// each pair of sub-benchmarks.
func BenchmarkPollWithCursor(b *testing.B) {
	for _, size := range []int{10, 10000} {
		st := store.New()
		events := make([]string, size)
		for i := range events {
			events[i] = "v:message"
		}
		key := newChat(b, st, fmt.Sprint(size), events...)
		last, _ := st.Get(key)
		unread := store.Query{Reader: "customer", Unread: true, Visibility: store.VisibleAll}
		_, _ = st.Read(key, unread)
		for _, bc := range []struct {
			name string
			q    store.Query
			want int
		}{
			{"unread-nothing-new", unread, 0},
			{"from-last-index", store.Query{FromIndex: last.LastIndex, Visibility: store.VisibleAll}, 1},
			{"after-last-id", store.Query{AfterMessageID: last.LastMessageID - 1}, 1},
		} {
			b.Run(fmt.Sprintf("%s/%d", bc.name, size), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					if c, _ := st.Read(key, bc.q); len(c.Events) != bc.want {
						b.Fatalf("%d events; want %d", len(c.Events), bc.want)
					}
				}
			})
		}
	}
}
