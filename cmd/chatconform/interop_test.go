package main

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/mock"
)

// cookieBayeux fronts a GWS server's CometD endpoint the way a server that finds sessions
// by cookie does (CometD's own servers bind sessions to their BAYEUX_BROWSER cookie): a
// successful handshake sets the cookie, and any other message whose clientId is not the
// session of the cookie sent with it is answered 402::Unknown client with advice to
// handshake, without reaching the server behind. Everything else passes through.
type cookieBayeux struct {
	next     http.Handler
	mu       sync.Mutex
	sessions map[string]string // cookie → clientId
	refused  int
}

func (c *cookieBayeux) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if !strings.HasPrefix(r.URL.Path, "/api/v2/notifications") || r.Method != http.MethodPost {
		c.next.ServeHTTP(w, r)
		return
	}
	body, err := io.ReadAll(r.Body)
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	var msgs []map[string]any
	if json.Unmarshal(body, &msgs) != nil || len(msgs) == 0 {
		r.Body = io.NopCloser(bytes.NewReader(body))
		c.next.ServeHTTP(w, r) // the server's own answer to a malformed request
		return
	}
	if msgs[0]["channel"] == "/meta/handshake" {
		rec := httptest.NewRecorder()
		r.Body = io.NopCloser(bytes.NewReader(body))
		c.next.ServeHTTP(rec, r)
		for k, vs := range rec.Header() { // the server's own headers, its cookies among them
			w.Header()[k] = vs
		}
		var replies []map[string]any
		if json.Unmarshal(rec.Body.Bytes(), &replies) == nil && len(replies) > 0 && replies[0]["successful"] == true {
			b := make([]byte, 8)
			_, _ = rand.Read(b)
			v := hex.EncodeToString(b)
			c.mu.Lock()
			c.sessions[v] = replies[0]["clientId"].(string)
			c.mu.Unlock()
			http.SetCookie(w, &http.Cookie{Name: "BAYEUX_BROWSER", Value: v, Path: "/api/v2/notifications", HttpOnly: true})
		}
		w.WriteHeader(rec.Code)
		_, _ = w.Write(rec.Body.Bytes())
		return
	}
	session := ""
	if ck, err := r.Cookie("BAYEUX_BROWSER"); err == nil {
		c.mu.Lock()
		session = c.sessions[ck.Value]
		c.mu.Unlock()
	}
	known := session != ""
	for _, m := range msgs {
		if id, ok := m["clientId"].(string); ok && id != session {
			known = false
		}
	}
	if !known {
		c.mu.Lock()
		c.refused++
		c.mu.Unlock()
		var replies []map[string]any
		for _, m := range msgs {
			replies = append(replies, map[string]any{"id": m["id"], "channel": m["channel"], "successful": false,
				"error": "402::Unknown client", "advice": map[string]any{"reconnect": "handshake", "interval": 0}})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(replies)
		return
	}
	r.Body = io.NopCloser(bytes.NewReader(body))
	c.next.ServeHTTP(w, r)
}

// TestCookieSessionInterop: every GWS check (Bayeux and notifications among them) passes
// against a server that finds CometD sessions only by cookie: the suite's client keeps the
// cookies of each session and sends them back, as real CometD clients do.
func TestCookieSessionInterop(t *testing.T) {
	m, err := mock.New(mock.WithStrict(true))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	front := &cookieBayeux{next: m, sessions: map[string]string{}}
	srv := httptest.NewServer(front)
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	out, code := chatconform(t, "run", "--target", srv.URL, "--vendor", "gws", "--profile", "all", "--report-dir", dir)
	s := readSummary(t, dir)
	bayeuxChecks := 0
	for _, r := range s.Results {
		if r.State == conformance.StateFailed {
			t.Errorf("%s failed behind a cookie-bound CometD server:\n%s\n%s", r.ID, r.Failure, r.Exchange)
		}
		if strings.HasPrefix(r.ID, "GWS-BAY-") || strings.HasPrefix(r.ID, "GWS-NTF-") {
			bayeuxChecks++
			if r.State != conformance.StatePassed {
				t.Errorf("%s: %s (%s); want passed", r.ID, r.State, r.Reason)
			}
		}
	}
	if code != 0 || bayeuxChecks == 0 {
		t.Errorf("run: exit %d, %d Bayeux and notification checks; want exit 0 and some\n%s", code, bayeuxChecks, out)
	}
	front.mu.Lock()
	defer front.mu.Unlock()
	if len(front.sessions) == 0 {
		t.Errorf("no CometD session went through the cookie-bound front")
	}
	t.Logf("%d sessions, %d messages refused for want of their session's cookie (the suite's unknown-client checks)", len(front.sessions), front.refused)
}
