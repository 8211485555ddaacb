package acquire_test

import (
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/acquire"
)

// TestDefaultFixtures serves the seed's request against the committed default fixtures:
// chat 106241 of visitor 61793 opens with Devid Klok's and John Deo's "Hello".
func TestDefaultFixtures(t *testing.T) {
	set, err := fixtures.Default()
	if err != nil {
		t.Fatalf("default fixtures: %v", err)
	}
	if len(set.ChatsOf(fixtures.Acquire)) == 0 {
		t.Skip("the default fixture set has no Acquire chats yet")
	}
	m, err := mock.New(mock.WithVendors(acquire.New()), mock.WithFixtures(set), mock.WithStrict(true),
		mock.WithClock(func() time.Time { return now }))
	if err != nil {
		t.Fatalf("mock.New with the default fixtures: %v", err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	var tok string
	for _, tn := range set.TenantsOf(fixtures.Acquire) {
		if tn.ID == "10719" && len(tn.APITokens) > 0 {
			tok = tn.APITokens[0]
		}
	}
	auth := hdr("Authorization", "Bearer "+tok)
	r := messages(t, srv, "thread_id=-1&visitor_id=61793&last_chat_id=106241&key=", auth)
	if len(r.Data.Messages) < 2 {
		t.Fatalf("messages = %d; want the example's conversation", len(r.Data.Messages))
	}
	for i, want := range []map[string]any{
		{"sender_type": "agent", "sender_id": 15416.0, "first_name": "Devid Klok", "photo": "pp15337107338831.png", "message": "Hello"},
		{"sender_type": "visitor", "sender_id": 61793.0, "first_name": nil, "vd_name": "John Deo", "message": "Hello"},
	} {
		for k, v := range want {
			if got := r.Data.Messages[i][k]; got != v {
				t.Errorf("messages[%d].%s = %v; want %v", i, k, got, v)
			}
		}
	}
	status, body := do(t, srv, call{path: threadsPath, body: "visitor_id=61793", header: auth})
	if status != http.StatusOK {
		t.Errorf("threads = %d %s; want 200", status, body)
	}
	for _, c := range set.ChatsOf(fixtures.Acquire) {
		if c.Tenant != "10719" || c.Visitor.ID == "" {
			continue
		}
		// Every chat, the long one included, renders within the strict spec.
		messages(t, srv, "visitor_id="+c.Visitor.ID+"&last_chat_id="+c.ID, auth)
	}
}
