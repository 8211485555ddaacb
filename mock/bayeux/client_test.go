package bayeux_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strings"
	"testing"
	"time"

	cbayeux "github.com/chatconform/chatconform/conformance/bayeux"
	server "github.com/chatconform/chatconform/mock/bayeux"
)

// These tests run the conformance client (conformance/bayeux) against this server; they
// are the only place where the two meet.

const (
	clientUser  = "agent1"
	clientPass  = "secret"
	clientChats = "/v2/me/chats"
	clientCalls = "/v2/me/calls"
)

type clientEnv struct {
	srv  *server.Server
	base string
	hc   *http.Client
}

// startClientEnv serves a Bayeux server at /api/v2/notifications with Basic credentials
// checked on the handshake; it stops when the test ends.
func startClientEnv(t *testing.T, o server.Options) *clientEnv {
	t.Helper()
	o.Authenticate = func(r *http.Request) (any, error) {
		user, pass, ok := r.BasicAuth()
		if !ok || user != clientUser || pass != clientPass {
			return nil, errors.New("bad credentials")
		}
		return user, nil
	}
	s := server.New(o)
	mux := http.NewServeMux()
	mux.Handle("/api/v2/notifications", s)
	mux.Handle("/api/v2/notifications/", s)
	ts := httptest.NewServer(mux)
	hc := &http.Client{Transport: &http.Transport{}}
	t.Cleanup(func() {
		s.Close()
		hc.CloseIdleConnections()
		ts.Close()
	})
	return &clientEnv{srv: s, base: ts.URL + "/api/v2/notifications", hc: hc}
}

func clientFastOptions() server.Options {
	return server.Options{Timeout: 200 * time.Millisecond, MaxInterval: 300 * time.Millisecond}
}

// client returns a client with the agent's credentials, disconnected when the test ends.
func (e *clientEnv) client(t *testing.T, opts ...cbayeux.Option) *cbayeux.Client {
	t.Helper()
	opts = append([]cbayeux.Option{cbayeux.WithHTTPClient(e.hc), cbayeux.WithBasicAuth(clientUser, clientPass)}, opts...)
	c := cbayeux.New(e.base, opts...)
	t.Cleanup(func() { _ = c.Disconnect(context.Background()) })
	return c
}

// session returns a handshaken client subscribed to channels.
func (e *clientEnv) session(t *testing.T, ctx context.Context, channels ...string) *cbayeux.Client {
	t.Helper()
	c := e.client(t)
	if err := c.Handshake(ctx); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	if len(channels) > 0 {
		if err := c.Subscribe(ctx, channels...); err != nil {
			t.Fatalf("subscribe: %v", err)
		}
	}
	return c
}

// publish publishes {"seq": seq} on channel and returns how many clients got it.
func (e *clientEnv) publish(channel string, seq int) int {
	return e.srv.Publish(channel, func(any) (any, bool) { return map[string]int{"seq": seq}, true })
}

func clientSeq(t *testing.T, m cbayeux.Message) int {
	t.Helper()
	var d struct{ Seq int }
	if err := json.Unmarshal(m.Data, &d); err != nil {
		t.Fatalf("event data %s: %v", m.Data, err)
	}
	return d.Seq
}

// clientEventually polls cond until it holds or the deadline passes.
func clientEventually(t *testing.T, within time.Duration, cond func() bool, what string) {
	t.Helper()
	deadline := time.Now().Add(within)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("after %s: %s", within, what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// clientReceive reads n events from ch, failing if it closes or the deadline passes first.
func clientReceive(t *testing.T, ch <-chan cbayeux.Message, n int, within time.Duration) []cbayeux.Message {
	t.Helper()
	timer := time.NewTimer(within)
	defer timer.Stop()
	out := make([]cbayeux.Message, 0, n)
	for len(out) < n {
		select {
		case m, ok := <-ch:
			if !ok {
				t.Fatalf("listen channel closed after %d events; want %d", len(out), n)
			}
			out = append(out, m)
		case <-timer.C:
			t.Fatalf("after %s: got %d events; want %d", within, len(out), n)
		}
	}
	return out
}

// clientClosed waits until ch is closed, draining it.
func clientClosed(t *testing.T, ch <-chan cbayeux.Message, within time.Duration) {
	t.Helper()
	timer := time.NewTimer(within)
	defer timer.Stop()
	for {
		select {
		case _, ok := <-ch:
			if !ok {
				return
			}
		case <-timer.C:
			t.Fatalf("listen channel still open after %s", within)
		}
	}
}

func TestClientHandshake(t *testing.T) {
	t.Parallel()
	env := startClientEnv(t, clientFastOptions())
	for _, tc := range []struct {
		name, user, pass string
		wantErr          string // "" for success
	}{
		{"good credentials", clientUser, clientPass, ""},
		{"bad password", clientUser, "wrong", "403::handshake denied: bad credentials"},
		{"no credentials", "", "", "403::handshake denied: bad credentials"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var opts []cbayeux.Option
			opts = append(opts, cbayeux.WithHTTPClient(env.hc))
			if tc.user != "" {
				opts = append(opts, cbayeux.WithBasicAuth(tc.user, tc.pass))
			}
			c := cbayeux.New(env.base, opts...)
			err := c.Handshake(t.Context())
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("handshake = %v; want nil", err)
				}
				if c.ClientID() == "" {
					t.Error("clientId empty after handshake")
				}
				if got := c.Advice()["timeout"]; got != float64(200) {
					t.Errorf("advice timeout = %v; want 200", got)
				}
				if err := c.Disconnect(t.Context()); err != nil {
					t.Errorf("disconnect = %v; want nil", err)
				}
				return
			}
			var re *cbayeux.ReplyError
			switch {
			case err == nil:
				t.Fatalf("handshake = nil; want an error with %q", tc.wantErr)
			case !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("handshake = %q; want it to contain %q", err, tc.wantErr)
			case !errors.As(err, &re) || !errors.Is(err, cbayeux.ErrNoReconnect):
				t.Errorf("handshake = %v; want a *ReplyError advising reconnect none", err)
			}
			if c.ClientID() != "" {
				t.Errorf("clientId = %q after a denied handshake; want empty", c.ClientID())
			}
		})
	}
}

func TestClientExchangeRaw(t *testing.T) {
	t.Parallel()
	env := startClientEnv(t, clientFastOptions())
	c := env.client(t)
	msgs, resp, err := c.Exchange(t.Context(), "/connect", map[string]any{
		"id": 7, "channel": "/meta/connect", "clientId": "nobody", "connectionType": "long-polling",
	})
	if err != nil {
		t.Fatalf("exchange: %v", err)
	}
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status = %d; want 200", resp.StatusCode)
	}
	if len(msgs) != 1 {
		t.Fatalf("replies = %d; want 1", len(msgs))
	}
	m := msgs[0]
	if m.ID != "7" || m.OK() || m.Successful == nil || m.Reconnect() != "handshake" || !strings.HasPrefix(m.Error, "402:") {
		t.Errorf("reply = %s; want id 7, successful false, 402, advice reconnect handshake", m.Raw)
	}
}

// TestClientNoLeak runs whole sessions (Listen stopped by ctx, then by Disconnect, and a
// held connect cut by Disconnect) and checks that no goroutine outlives them. It is not
// parallel: it counts goroutines.
func TestClientNoLeak(t *testing.T) {
	before := runtime.NumGoroutine()
	t.Run("sessions", func(t *testing.T) {
		env := startClientEnv(t, clientFastOptions())
		ctx, cancel := context.WithCancel(t.Context())
		c := env.session(t, ctx, clientChats)
		ch := c.Listen(ctx)
		env.publish(clientChats, 1)
		clientReceive(t, ch, 1, 5*time.Second)
		cancel()
		clientClosed(t, ch, 2*time.Second)

		// The first Listen abandoned its held connect, and the server may not have noticed
		// yet: an event published now could go into that dead reply. Expire the session,
		// so that the event goes to the new one.
		ch = c.Listen(t.Context())
		env.srv.Expire(nil)
		clientEventually(t, 5*time.Second, func() bool { return c.Rehandshakes() == 1 }, "no re-handshake")
		env.publish(clientChats, 2)
		clientReceive(t, ch, 1, 5*time.Second)
		if err := c.Disconnect(t.Context()); err != nil {
			t.Fatalf("disconnect: %v", err)
		}
		clientClosed(t, ch, 2*time.Second)
	})
	deadline := time.Now().Add(5 * time.Second)
	after := runtime.NumGoroutine()
	for after > before && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
		after = runtime.NumGoroutine()
	}
	if after > before {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines = %d; want <= %d\n%s", after, before, buf[:runtime.Stack(buf, true)])
	}
}
