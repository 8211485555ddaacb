package bayeux_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	cbayeux "github.com/chatconform/chatconform/conformance/bayeux"
)

// The client's checks of what a server answers, against tiny fake servers that get one
// thing wrong on purpose.

// clientFakeHandler answers each message as a conforming server would (every meta message
// successful, ids echoed), then lets tweak change the reply to the request.
func clientFakeHandler(tweak func(req, rep map[string]any)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var in []map[string]any
		if err := json.NewDecoder(r.Body).Decode(&in); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		out := make([]map[string]any, 0, len(in))
		for _, m := range in {
			ch, _ := m["channel"].(string)
			rep := map[string]any{"channel": ch, "successful": true, "id": m["id"]}
			switch ch {
			case cbayeux.MetaHandshake:
				rep["clientId"], rep["version"] = "fake1", "1.0"
				rep["supportedConnectionTypes"] = []string{"long-polling"}
			case cbayeux.MetaSubscribe, cbayeux.MetaUnsubscribe:
				rep["subscription"] = m["subscription"]
			}
			if tweak != nil {
				tweak(m, rep)
			}
			out = append(out, rep)
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(out)
	})
}

// clientFake serves h and returns its Bayeux base URL.
func clientFake(t *testing.T, h http.Handler) string {
	t.Helper()
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return ts.URL + "/api/v2/notifications"
}

// clientOn returns a tweak that applies f to the replies on one channel.
func clientOn(channel string, f func(rep map[string]any)) func(req, rep map[string]any) {
	return func(req, rep map[string]any) {
		if req["channel"] == channel {
			f(rep)
		}
	}
}

func TestClientIDEcho(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		tweak   func(req, rep map[string]any)
		wantErr string // "" for success; otherwise the error wraps ErrNoReply
	}{
		{"echoed", nil, ""},
		{"echoed as a number", clientOn(cbayeux.MetaHandshake, func(rep map[string]any) {
			rep["id"], _ = strconv.Atoi(rep["id"].(string))
		}), ""},
		{"wrong handshake id", clientOn(cbayeux.MetaHandshake, func(rep map[string]any) { rep["id"] = "999" }),
			`handshake: no reply with the request's id "1" on /meta/handshake: got /meta/handshake with id "999"`},
		{"missing handshake id", clientOn(cbayeux.MetaHandshake, func(rep map[string]any) { delete(rep, "id") }),
			`got /meta/handshake with no id`},
		{"wrong subscribe id", clientOn(cbayeux.MetaSubscribe, func(rep map[string]any) { rep["id"] = "1" }),
			`subscribe /v2/me/chats: /v2/me/chats: no reply with the request's id "2"`},
		{"wrong connect id", clientOn(cbayeux.MetaConnect, func(rep map[string]any) { rep["id"] = "x" }),
			`connect: no reply with the request's id "3" on /meta/connect: got /meta/connect with id "x"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cbayeux.New(clientFake(t, clientFakeHandler(tc.tweak)))
			err := c.Handshake(t.Context())
			if err == nil {
				err = c.Subscribe(t.Context(), clientChats)
			}
			if err == nil {
				_, err = c.Connect(t.Context())
			}
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("error = %v; want nil", err)
			case tc.wantErr == "":
			case err == nil:
				t.Fatalf("error = nil; want %q", tc.wantErr)
			case !errors.Is(err, cbayeux.ErrNoReply) || !strings.Contains(err.Error(), tc.wantErr):
				t.Errorf("error = %q; want ErrNoReply containing %q", err, tc.wantErr)
			}
		})
	}
}

func TestClientRejectsHandshakeReply(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name    string
		h       http.Handler
		wantErr string
	}{
		{"status 500", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}), "http status is not 200: 500: boom"},
		{"not an array", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			_, _ = w.Write([]byte(`{"channel":"/meta/handshake","successful":true}`))
		}), "reply is not a JSON array"},
		{"no long-polling", clientFakeHandler(clientOn(cbayeux.MetaHandshake, func(rep map[string]any) {
			rep["supportedConnectionTypes"] = []string{"websocket"}
		})), `supportedConnectionTypes ["websocket"]; want "long-polling" among them`},
		{"no clientId", clientFakeHandler(clientOn(cbayeux.MetaHandshake, func(rep map[string]any) {
			delete(rep, "clientId")
		})), "successful reply without clientId"},
		{"successful missing", clientFakeHandler(clientOn(cbayeux.MetaHandshake, func(rep map[string]any) {
			delete(rep, "successful")
		})), "/meta/handshake unsuccessful (successful missing)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := cbayeux.New(clientFake(t, tc.h))
			err := c.Handshake(t.Context())
			if err == nil || !strings.Contains(err.Error(), tc.wantErr) {
				t.Errorf("handshake = %v; want an error containing %q", err, tc.wantErr)
			}
			if c.ClientID() != "" {
				t.Errorf("clientId = %q; want empty", c.ClientID())
			}
		})
	}
}

// TestClientRehandshakeBackoff: a server that answers every connect with 402 gets
// re-handshakes with a growing back-off, not a storm, and Err says why.
func TestClientRehandshakeBackoff(t *testing.T) {
	t.Parallel()
	c := cbayeux.New(clientFake(t, clientFakeHandler(clientOn(cbayeux.MetaConnect, func(rep map[string]any) {
		rep["successful"], rep["error"] = false, "402::Unknown client"
		rep["advice"] = map[string]any{"reconnect": "handshake", "interval": 0}
	}))))
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	if err := c.Handshake(ctx); err != nil {
		t.Fatalf("handshake: %v", err)
	}
	ch := c.Listen(ctx)
	clientEventually(t, 5*time.Second, func() bool { return c.Err() != nil }, "no error reported")
	if err := c.Err(); !strings.Contains(err.Error(), "handshake again right after a re-handshake") {
		t.Errorf("listen error = %v; want it to name the repeated re-handshake", err)
	}
	start, from := time.Now(), c.Rehandshakes()
	clientEventually(t, 5*time.Second, func() bool { return c.Rehandshakes() >= from+2 }, "re-handshakes stopped")
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("2 more re-handshakes took %s; want a back-off of at least 50 ms + 100 ms", d)
	}
	cancel()
	clientClosed(t, ch, 2*time.Second)
}
