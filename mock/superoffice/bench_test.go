package superoffice_test

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/superoffice"
)

// BenchmarkGetMessagesAfter polls a session with after = its last message id, the steady
// state of a client that is up to date: the cost must not grow with the session's length.
func BenchmarkGetMessagesAfter(b *testing.B) {
	for _, n := range []int{10, 10000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			set := testSet()
			long := fixtures.Chat{ID: "900", Vendor: fixtures.SuperOffice, Tenant: "Onsite", State: fixtures.StateChatting,
				Agent: "12", Visitor: fixtures.Visitor{Name: "Long Talker"}, CreatedAt: base}
			for i := range n {
				from := "visitor"
				if i%2 == 1 {
					from = "12"
				}
				long.Events = append(long.Events, fixtures.Event{Kind: fixtures.KindText, From: from,
					Text: fmt.Sprintf("message %d", i), Time: base.Add(time.Duration(i) * time.Second)})
			}
			set.Chats = append(set.Chats, long)
			m, err := mock.New(mock.WithVendors(superoffice.New()), mock.WithFixtures(set))
			if err != nil {
				b.Fatal(err)
			}
			c, err := m.Store().Get(soKey("Onsite", "900"))
			if err != nil {
				b.Fatal(err)
			}
			req := httptest.NewRequest(http.MethodGet, fmt.Sprintf("/api/v1/ChatSession/900/Messages?after=%d", c.LastMessageID), nil)
			req.Host = "localhost" // an allowed host (browser rules)
			req.Header.Set("Authorization", "SOTicket "+annaTicket)
			b.ReportAllocs()
			b.ResetTimer()
			for b.Loop() {
				w := httptest.NewRecorder()
				m.ServeHTTP(w, req)
				if w.Code != http.StatusOK || w.Body.String() != "[]" {
					b.Fatalf("status %d, body %s; want 200 []", w.Code, w.Body)
				}
			}
		})
	}
}
