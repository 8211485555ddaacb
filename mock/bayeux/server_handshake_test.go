package bayeux_test

import (
	"encoding/hex"
	"encoding/json"
	"math"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock/bayeux"
)

func TestServerHandshakeReply(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	for _, tc := range []struct {
		name string
		id   any
		with rigMsg
	}{
		{"string id", "1", nil},
		{"numeric id", 7, nil},
		{"no id", nil, nil},
		{"ext", "x9", rigMsg{"ext": map[string]any{"ack": true, "auth": map[string]any{"token": "t"}}}},
		{"only long-polling offered", "2", rigMsg{"supportedConnectionTypes": []string{"long-polling"}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := rigHandshake(tc.id)
			for k, v := range tc.with {
				m[k] = v
			}
			rep := r.one(t, "/handshake", "alice", m)
			if rep.Channel != bayeux.Handshake {
				t.Errorf("channel = %q; want %s", rep.Channel, bayeux.Handshake)
			}
			if !rep.ok() {
				t.Fatalf("successful = %s (error %q); want true", rep.successful(), rep.Error)
			}
			if rep.Version != "1.0" || rep.MinimumVersion != "1.0" {
				t.Errorf("version = %q, minimumVersion = %q; want 1.0 and 1.0", rep.Version, rep.MinimumVersion)
			}
			if !slices.Equal(rep.SupportedConnectionTypes, []string{"long-polling"}) {
				t.Errorf("supportedConnectionTypes = %q; want [long-polling]", rep.SupportedConnectionTypes)
			}
			if rep.ClientID == "" {
				t.Errorf("clientId missing")
			}
			a := rep.Advice
			switch {
			case a == nil:
				t.Errorf("advice missing; want reconnect retry, interval 0, timeout %d", rigTimeout.Milliseconds())
			case a.Reconnect != "retry" || a.Interval == nil || *a.Interval != 0 || a.Timeout == nil || *a.Timeout != rigTimeout.Milliseconds():
				t.Errorf("advice = {%s %v %v}; want reconnect retry, interval 0, timeout %d", a.Reconnect, deref(a.Interval), deref(a.Timeout), rigTimeout.Milliseconds())
			}
		})
	}
}

func deref(p *int64) any {
	if p == nil {
		return "missing"
	}
	return *p
}

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func TestServerHandshakeClientIDs(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	seen := map[string]bool{}
	for range 64 {
		id := r.handshake(t, "alice")
		if strings.Trim(id, alnum) != "" {
			t.Fatalf("clientId = %q; want alphanumeric", id)
		}
		bits := float64(len(id)) * math.Log2(62)
		if _, err := hex.DecodeString(id); err == nil {
			bits = float64(len(id)) * 4
		}
		if bits < 128 {
			t.Fatalf("clientId = %q holds at most %.0f bits; want at least 128", id, bits)
		}
		if seen[id] {
			t.Fatalf("clientId %q issued twice", id)
		}
		seen[id] = true
	}
	if n := r.srv.Sessions(); n != 64 {
		t.Errorf("Sessions() = %d; want 64", n)
	}
}

func TestServerHandshakeDenied(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	for _, tc := range []struct {
		name          string
		authorization string
	}{
		{"no credentials", ""},
		{"wrong password", "Basic " + basic("alice", "guess")},
		{"empty user", "Basic " + basic("", rigPassword)},
		{"bearer token", "Bearer abc"},
		{"malformed basic", "Basic !!!"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := http.Header{}
			if tc.authorization != "" {
				header.Set("Authorization", tc.authorization)
			}
			body, _ := json.Marshal([]rigMsg{rigHandshake("h1")})
			reps, err := rigDecode(r.do(t.Context(), http.MethodPost, "/handshake", "application/json", string(body), header))
			if err != nil {
				t.Fatal(err)
			}
			rep := reps[0]
			rigWantFailed(t, rep, bayeux.Handshake, "")
			rigWantID(t, rep, "h1")
			if rep.Error == "" {
				t.Errorf("error missing")
			}
			if rep.ClientID != "" {
				t.Errorf("clientId = %q; want none", rep.ClientID)
			}
			if rep.Advice == nil || rep.Advice.Reconnect != "none" {
				t.Errorf("advice = %+v; want reconnect none", rep.Advice)
			}
			if n := r.srv.Sessions(); n != 0 {
				t.Errorf("Sessions() = %d; want 0", n)
			}
		})
	}
}

func basic(user, pass string) string {
	req := http.Request{Header: http.Header{}}
	req.SetBasicAuth(user, pass)
	return strings.TrimPrefix(req.Header.Get("Authorization"), "Basic ")
}

func TestServerHandshakeNoCommonConnectionType(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	for _, tc := range []struct {
		name  string
		types any
	}{
		{"websocket only", []string{"websocket"}},
		{"callback-polling only", []string{"callback-polling"}},
		{"empty list", []string{}},
		{"missing", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := rigHandshake("h1")
			if tc.types == nil {
				delete(m, "supportedConnectionTypes")
			} else {
				m["supportedConnectionTypes"] = tc.types
			}
			rep := r.one(t, "/handshake", "alice", m)
			rigWantFailed(t, rep, bayeux.Handshake, "")
			if rep.Error == "" || rep.ClientID != "" {
				t.Errorf("error = %q, clientId = %q; want an error and no clientId", rep.Error, rep.ClientID)
			}
			if !slices.Equal(rep.SupportedConnectionTypes, []string{"long-polling"}) {
				t.Errorf("supportedConnectionTypes = %q; want [long-polling]", rep.SupportedConnectionTypes)
			}
		})
	}
	if n := r.srv.Sessions(); n != 0 {
		t.Errorf("Sessions() = %d; want 0", n)
	}
}

// A handshake first in a batch is answered alone; the rest of the batch is not processed.
func TestServerHandshakeBatchAnswersOnlyHandshake(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	other := r.handshake(t, "bob")
	reps := r.post(t, "/handshake", "alice",
		rigHandshake("h1"),
		rigSubscribe(other, "s1", "/v2/me/calls"),
		rigConnect(other, "c1"),
		rigDisconnect(other, "d1"))
	if len(reps) != 1 {
		t.Fatalf("%d replies; want 1 (the handshake): %+v", len(reps), reps)
	}
	if reps[0].Channel != bayeux.Handshake || !reps[0].ok() {
		t.Errorf("reply = %s successful %s; want a successful handshake", reps[0].Channel, reps[0].successful())
	}
	rigWantID(t, reps[0], "h1")
	if n := r.publish("/v2/me/calls", 1); n != 0 {
		t.Errorf("Publish after the ignored subscribe = %d clients; want 0", n)
	}
	if rep, _ := r.mustPoll(t, other, 0); !rep.ok() {
		t.Errorf("connect after the ignored disconnect: successful = %s (%s); want true", rep.successful(), rep.Error)
	}

	t.Run("handshake later in a batch", func(t *testing.T) {
		reps := r.post(t, "/", "alice", rigSubscribe(other, "s2", "/v2/me/chats"), rigHandshake("h2"))
		if len(reps) != 2 {
			t.Fatalf("%d replies; want 2", len(reps))
		}
		if !reps[0].ok() {
			t.Errorf("subscribe: successful = %s; want true", reps[0].successful())
		}
		rigWantFailed(t, reps[1], bayeux.Handshake, "400:")
		rigWantID(t, reps[1], "h2")
	})
}

// CometD appends the message type to the URL; with appendMessageTypeToURL off it uses the
// base. Every path works for every message.
func TestServerPaths(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	for _, path := range []string{"", "/", "/handshake", "/connect", "/disconnect", "/subscribe"} {
		t.Run("base"+path, func(t *testing.T) {
			hs := r.one(t, path, "alice", rigHandshake("h"))
			if !hs.ok() {
				t.Fatalf("handshake: successful = %s (%s); want true", hs.successful(), hs.Error)
			}
			id := hs.ClientID
			for _, m := range []rigMsg{
				rigSubscribe(id, "s", "/v2/me/chats"),
				rigMsg{"channel": bayeux.Connect, "clientId": id, "connectionType": "long-polling", "id": "c", "advice": map[string]int{"timeout": 0}},
				rigUnsubscribe(id, "u", "/v2/me/chats"),
				rigDisconnect(id, "d"),
			} {
				if rep := r.one(t, path, "", m); !rep.ok() {
					t.Errorf("%s at %s%s: successful = %s (%s); want true", m["channel"], rigBase, path, rep.successful(), rep.Error)
				}
			}
		})
	}
}
