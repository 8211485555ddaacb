package bayeux_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock/bayeux"
)

// CometD tries WebSocket first and falls back to long-polling on a plain 4xx; only POST is
// served.
func TestServerRefusesOtherTransports(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	upgrade := http.Header{"Connection": {"Upgrade"}, "Upgrade": {"websocket"},
		"Sec-Websocket-Version": {"13"}, "Sec-Websocket-Key": {"dGhlIHNhbXBsZSBub25jZQ=="}}
	for _, tc := range []struct {
		name, method, path string
		header             http.Header
		status             int
	}{
		{"websocket upgrade at the base", http.MethodGet, "", upgrade, http.StatusBadRequest},
		{"websocket upgrade under the base", http.MethodGet, "/", upgrade, http.StatusBadRequest},
		{"websocket upgrade by POST", http.MethodPost, "/handshake", upgrade, http.StatusBadRequest},
		{"GET", http.MethodGet, "/connect", nil, http.StatusMethodNotAllowed},
		{"PUT", http.MethodPut, "/", nil, http.StatusMethodNotAllowed},
		{"DELETE", http.MethodDelete, "", nil, http.StatusMethodNotAllowed},
		{"HEAD", http.MethodHead, "", nil, http.StatusMethodNotAllowed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			status, hdr, _, err := r.do(t.Context(), tc.method, tc.path, "", "", tc.header)
			if err != nil {
				t.Fatal(err)
			}
			if status != tc.status {
				t.Errorf("%s %s%s: status = %d; want %d", tc.method, rigBase, tc.path, status, tc.status)
			}
			if tc.status == http.StatusMethodNotAllowed && hdr.Get("Allow") != http.MethodPost {
				t.Errorf("Allow = %q; want POST", hdr.Get("Allow"))
			}
		})
	}
}

// Bodies that are not Bayeux messages, and messages the server does not serve, get a 4xx or
// a failed reply: never a 5xx, a panic, a hang or a leaked goroutine. Not parallel: it counts
// goroutines.
func TestServerBadInput(t *testing.T) {
	r := newRig(t, func(o *bayeux.Options) { o.MaxBody = 1024 })
	cid := r.handshake(t, "alice")
	check := r.goroutineCheck(t)
	const form = "application/x-www-form-urlencoded"
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		wantError               string // prefix of the first reply's error when the status is 200
	}{
		{"malformed JSON", "", `[{"channel":`, 400, ""},
		{"not JSON", "", `hello`, 400, ""},
		{"empty array", "", `[]`, 400, ""},
		{"empty body", "", ``, 400, ""},
		{"blank body", "", " \n\t", 400, ""},
		{"number", "", `42`, 400, ""},
		{"string", "", `"/meta/handshake"`, 400, ""},
		{"boolean", "", `true`, 400, ""},
		{"array of numbers", "", `[1,2]`, 400, ""},
		{"array of arrays", "", `[[{"channel":"/meta/handshake"}]]`, 400, ""},
		{"channel not a string", "", `[{"channel":5}]`, 400, ""},
		{"clientId not a string", "", `[{"channel":"/meta/connect","clientId":5}]`, 400, ""},
		{"advice not an object", "", `[{"channel":"/meta/connect","clientId":"` + cid + `","advice":"now"}]`, 400, ""},
		{"advice timeout out of range", "", `[{"channel":"/meta/connect","clientId":"` + cid + `","advice":{"timeout":1e30}}]`, 400, ""},
		{"trailing garbage", "", `[{"channel":"/meta/connect"}] x`, 400, ""},
		{"body over MaxBody", "", `[{"channel":"/meta/handshake","ext":"` + strings.Repeat("x", 4096) + `"}]`, 413, ""},
		{"form without message", form, "foo=bar", 400, ""},
		{"form with a bad escape", form, "message=%zz", 400, ""},
		{"form with malformed JSON", form, "message=" + url.QueryEscape(`[{"channel"`), 400, ""},
		{"null", "", `null`, 200, "400:"},
		{"array of null", "", `[null]`, 200, "400:"},
		{"object without channel", "", `{}`, 200, "400:"},
		{"message without channel", "", `[{"id":"1","clientId":"` + cid + `"}]`, 200, "400:"},
		{"unknown meta channel", "", `[{"channel":"/meta/ping","id":"1","clientId":"` + cid + `"}]`, 200, "400:"},
		{"publish to a broadcast channel", "", `[{"channel":"/v2/me/chats","clientId":"` + cid + `","data":{"x":1}}]`, 200, "403:"},
		{"publish to a service channel", "", `[{"channel":"/service/chat","clientId":"` + cid + `","data":{}}]`, 200, "403:"},
		{"publish without a session", "", `[{"channel":"/v2/me/chats","data":{}}]`, 200, "4"},
		{"invalid UTF-8 channel", "", "[{\"channel\":\"/v2/\xff\"}]", 400, "400::invalid UTF-8"},
		{"trailing data", "", `[{"channel":"/meta/connect"}] x`, 400, "400::data after the JSON value"},
		{"duplicate member", "", `[{"channel":"/meta/connect","channel":"/meta/handshake"}]`, 400, "400::member \"channel\" is given twice"},
		{"two connects in one request", "", `[{"channel":"/meta/connect","clientId":"` + cid + `","id":"a","advice":{"timeout":0}},{"channel":"/meta/connect","clientId":"` + cid + `","id":"b","advice":{"timeout":0}}]`, 200, "400:"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ct := tc.contentType
			if ct == "" {
				ct = "application/json"
			}
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
			defer cancel()
			status, hdr, body, err := r.do(ctx, http.MethodPost, "/", ct, tc.body, nil)
			if err != nil {
				t.Fatalf("POST: %v; want an answer within 2s", err)
			}
			if status != tc.status {
				t.Fatalf("status = %d (body %s); want %d", status, body, tc.status)
			}
			if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q; want application/json", ct)
			}
			var reps []rigReply
			if err := json.Unmarshal(body, &reps); err != nil || len(reps) == 0 {
				t.Fatalf("body %s; want a non-empty JSON array", body)
			}
			if reps[0].Successful == nil || *reps[0].Successful || reps[0].Error == "" {
				t.Errorf("first reply: successful = %s, error %q; want false with an error", reps[0].successful(), reps[0].Error)
			}
			if tc.status == http.StatusOK && !strings.HasPrefix(reps[0].Error, tc.wantError) {
				t.Errorf("first reply: error = %q; want it to start with %q", reps[0].Error, tc.wantError)
			}
		})
	}
	if rep, events := r.mustPoll(t, cid, 0); !rep.ok() || len(events) != 0 {
		t.Errorf("connect after the bad input: successful = %s, %d events; want true and none (nothing was published)", rep.successful(), len(events))
	}
	if n := r.srv.Sessions(); n != 1 {
		t.Errorf("Sessions() = %d; want 1 (bad input opens no session)", n)
	}
	check()
}

// Besides a JSON array, a single message object and a form-encoded message= parameter are
// accepted, whatever the Content-Type says.
func TestServerAcceptedEnvelopes(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	one, _ := json.Marshal(rigHandshake("h"))
	array, _ := json.Marshal([]rigMsg{rigHandshake("h")})
	for _, tc := range []struct {
		name, contentType, body string
	}{
		{"array", "application/json", string(array)},
		{"array with charset", "application/json;charset=UTF-8", string(array)},
		{"single object", "application/json", string(one)},
		{"form with an array", "application/x-www-form-urlencoded", "message=" + url.QueryEscape(string(array))},
		{"form with an object", "application/x-www-form-urlencoded; charset=UTF-8", "message=" + url.QueryEscape(string(one))},
		{"text/plain", "text/plain", string(array)},
		{"no content type", "", string(array)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			header := http.Header{"Authorization": {"Basic " + basic("alice", rigPassword)}}
			reps, err := rigDecode(r.do(t.Context(), http.MethodPost, "/handshake", tc.contentType, tc.body, header))
			if err != nil {
				t.Fatal(err)
			}
			if len(reps) != 1 || !reps[0].ok() || reps[0].ClientID == "" {
				t.Errorf("replies %+v; want one successful handshake", reps)
			}
			rigWantID(t, reps[0], "h")
		})
	}
}

// ext is accepted on every message and changes nothing.
func TestServerExtIgnored(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	ext := map[string]any{"ack": true, "auth": map[string]string{"token": "x"}, "n": 1}
	with := func(m rigMsg) rigMsg { m["ext"] = ext; return m }
	hs := r.one(t, "/handshake", "alice", with(rigHandshake("h")))
	if !hs.ok() {
		t.Fatalf("handshake with ext: successful = %s (%s); want true", hs.successful(), hs.Error)
	}
	cid := hs.ClientID
	if rep := r.one(t, "/", "", with(rigSubscribe(cid, "s", "/v2/me/chats"))); !rep.ok() {
		t.Errorf("subscribe with ext: successful = %s (%s); want true", rep.successful(), rep.Error)
	}
	r.publish("/v2/me/chats", 1)
	reps := r.post(t, "/connect", "", with(rigConnect(cid, "c")))
	if !reps[0].ok() || len(reps) != 2 {
		t.Errorf("connect with ext: successful = %s, %d messages; want true and the event", reps[0].successful(), len(reps))
	}
	if rep := r.one(t, "/disconnect", "", with(rigDisconnect(cid, "d"))); !rep.ok() {
		t.Errorf("disconnect with ext: successful = %s (%s); want true", rep.successful(), rep.Error)
	}
}

// Clients only receive: a publish from a client is denied and reaches no subscriber.
func TestServerPublishFromClientDenied(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	listener := r.handshake(t, "bob")
	r.subscribe(t, listener, "/v2/me/chats")
	cid := r.handshake(t, "alice")
	for _, channel := range []string{"/v2/me/chats", "/service/chats"} {
		rep := r.one(t, "/", "", rigMsg{"channel": channel, "clientId": cid, "id": "p", "data": map[string]int{"seq": 9}})
		rigWantFailed(t, rep, channel, "403:")
	}
	if _, events := r.mustPoll(t, listener, 0); len(events) != 0 {
		t.Errorf("subscriber got %d events; want none from a client's publish", len(events))
	}
}
