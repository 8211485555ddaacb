package gws_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/gws"
)

// BenchmarkGetMessages runs GetMessages through the whole mock (routing, validation, store,
// rendering) in-process, on chats of 10 and 10,000 messages: polling with the cursor when
// nothing is new, and reading from the last index. The cost must not grow with the
// transcript: compare each pair of sub-benchmarks.
func BenchmarkGetMessages(b *testing.B) {
	set := testFixtures()
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	for _, n := range []int{10, 10000} {
		c := fixtures.Chat{ID: fmt.Sprintf("long%d", n), Vendor: "gws", Tenant: cc1, State: "chatting",
			Visitor: fixtures.Visitor{Name: "Chris"}, Agent: "ann01", CreatedAt: start}
		for i := 0; i < n; i++ {
			from := fixtures.FromVisitor
			if i%2 == 1 {
				from = "ann01"
			}
			c.Events = append(c.Events, fixtures.Event{Kind: fixtures.KindText, From: from, Text: "message", Time: start.Add(time.Duration(i) * time.Second)})
		}
		set.Chats = append(set.Chats, c)
	}
	m, err := mock.New(mock.WithVendors(gws.New()), mock.WithFixtures(set))
	if err != nil {
		b.Fatal(err)
	}
	for _, n := range []int{10, 10000} {
		path := fmt.Sprintf("/api/v2/chats/long%d/messages", n)
		get := func(query string) *httptest.ResponseRecorder {
			req := httptest.NewRequest("GET", path+query, nil)
			req.Host = "localhost" // an allowed host (browser rules)
			req.Header.Set("ContactCenterId", cc1)
			w := httptest.NewRecorder()
			m.ServeHTTP(w, req)
			if w.Code != http.StatusOK {
				b.Fatalf("%s: %d %s", path, w.Code, w.Body)
			}
			return w
		}
		get("") // move the cursor to the end
		b.Run(fmt.Sprintf("cursor-nothing-new/%d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				get("")
			}
		})
		b.Run(fmt.Sprintf("index-last/%d", n), func(b *testing.B) {
			q := fmt.Sprintf("?index=%d", n)
			b.ReportAllocs()
			for b.Loop() {
				get(q)
			}
		})
	}
}
