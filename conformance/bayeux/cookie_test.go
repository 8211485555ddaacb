package bayeux_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/conformance/bayeux"
)

// cookieServer is a Bayeux server that finds sessions by cookie only, as CometD's own
// servers bind a browser to its BAYEUX_BROWSER cookie: the handshake sets the cookie, and a
// message whose clientId is not the cookie's session gets 402 with advice to handshake.
type cookieServer struct {
	mu       sync.Mutex
	sessions map[string]string // cookie value → clientId
	shook    time.Time
	connects []time.Time
	interval int // advice interval of the handshake and connect replies, in ms
}

func (s *cookieServer) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	var msgs []map[string]any
	if err := json.NewDecoder(r.Body).Decode(&msgs); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []map[string]any
	for _, m := range msgs {
		reply := map[string]any{"id": m["id"], "channel": m["channel"], "successful": true}
		switch m["channel"] {
		case bayeux.MetaHandshake:
			n := strconv.Itoa(len(s.sessions) + 1)
			s.sessions["b"+n] = "client-" + n
			http.SetCookie(w, &http.Cookie{Name: "BAYEUX_BROWSER", Value: "b" + n, Path: "/cometd", HttpOnly: true})
			reply["clientId"] = "client-" + n
			reply["version"] = "1.0"
			reply["supportedConnectionTypes"] = []string{bayeux.LongPolling}
			reply["advice"] = map[string]any{"timeout": 0, "interval": s.interval, "reconnect": "retry"}
			s.shook = time.Now()
		default:
			ck, err := r.Cookie("BAYEUX_BROWSER")
			if err != nil || s.sessions[ck.Value] != m["clientId"] {
				reply["successful"] = false
				reply["error"] = "402::Unknown client"
				reply["advice"] = map[string]any{"reconnect": "handshake"}
				break
			}
			switch m["channel"] {
			case bayeux.MetaSubscribe, bayeux.MetaUnsubscribe:
				reply["subscription"] = m["subscription"]
			case bayeux.MetaConnect:
				s.connects = append(s.connects, time.Now())
				reply["advice"] = map[string]any{"timeout": 0, "interval": s.interval, "reconnect": "retry"}
			}
		}
		out = append(out, reply)
	}
	w.Header().Set("Content-Type", "application/json")
	_ = json.NewEncoder(w).Encode(out)
}

func startCookieServer(t *testing.T, interval int) (*cookieServer, string) {
	t.Helper()
	s := &cookieServer{sessions: map[string]string{}, interval: interval}
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	return s, srv.URL + "/cometd"
}

// TestCookiesPerClient: each client returns the cookie its own handshake got, so that two
// sessions side by side both work against a server that finds sessions by cookie; the trace
// shows each exchange's status and headers.
func TestCookiesPerClient(t *testing.T) {
	_, url := startCookieServer(t, 0)
	ctx := context.Background()
	var mu sync.Mutex
	var traces []bayeux.Trace
	trace := bayeux.WithTrace(func(tr bayeux.Trace) {
		mu.Lock()
		traces = append(traces, tr)
		mu.Unlock()
	})
	a, b := bayeux.New(url, trace), bayeux.New(url)
	for i, c := range []*bayeux.Client{a, b} {
		if err := c.Handshake(ctx); err != nil {
			t.Fatalf("client %d: handshake: %v", i, err)
		}
	}
	for i, c := range []*bayeux.Client{a, b} {
		if err := c.Subscribe(ctx, "/v2/me/chats"); err != nil {
			t.Errorf("client %d: subscribe: %v; want the session found by its cookie", i, err)
		}
		if _, err := c.Connect(ctx); err != nil || c.Rehandshakes() != 0 {
			t.Errorf("client %d: connect: %v, %d re-handshakes; want the session found by its cookie", i, err, c.Rehandshakes())
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(traces) != 3 {
		t.Fatalf("traces = %d; want 3 (handshake, subscribe, connect of client a)", len(traces))
	}
	if got := traces[0].Header.Get("Set-Cookie"); traces[0].Status != 200 || !strings.HasPrefix(got, "BAYEUX_BROWSER=b1") {
		t.Errorf("handshake trace: status %d, Set-Cookie %q; want 200 and BAYEUX_BROWSER=b1", traces[0].Status, got)
	}
	for _, tr := range traces[1:] {
		if got := tr.RequestHeader.Get("Cookie"); got != "BAYEUX_BROWSER=b1" {
			t.Errorf("%s: Cookie %q; want BAYEUX_BROWSER=b1 (client a's own)", tr.URL, got)
		}
	}
}

// TestListenHonoursInterval: Listen waits the advice interval between connects, as CometD
// clients do (the gaps are at least the interval; how much longer depends on the machine).
func TestListenHonoursInterval(t *testing.T) {
	const interval = 60 * time.Millisecond
	s, url := startCookieServer(t, int(interval/time.Millisecond))
	c := bayeux.New(url)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	if err := c.Handshake(ctx); err != nil {
		t.Fatal(err)
	}
	events := c.Listen(ctx)
	for {
		s.mu.Lock()
		n := len(s.connects)
		s.mu.Unlock()
		if n >= 4 {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := c.Disconnect(context.Background()); err != nil {
		t.Logf("disconnect: %v", err)
	}
	for range events {
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if gap := s.connects[0].Sub(s.shook); gap < interval {
		t.Errorf("the first connect came %s after the handshake; want at least the advice interval %s", gap, interval)
	}
	for i := 1; i < len(s.connects); i++ {
		if gap := s.connects[i].Sub(s.connects[i-1]); gap < interval {
			t.Errorf("connect %d came %s after the one before; want at least the advice interval %s", i+1, gap, interval)
		}
	}
}
