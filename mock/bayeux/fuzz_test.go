package bayeux_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/bayeux"
	"github.com/chatconform/chatconform/mock/gws"
	"github.com/chatconform/chatconform/mock/probe"
	"github.com/chatconform/chatconform/mock/strictjson"
)

// fuzzClientID in a fuzzed body is replaced by the clientId of a live session, so that
// connects, subscriptions and disconnects get past the session lookup.
const fuzzClientID = "CLIENT_ID"

// fuzzMaxSessions bounds the sessions fuzzed handshakes may leave open.
const fuzzMaxSessions = 200

// FuzzBayeux posts fuzzed bodies to the GWS notifications server through the whole mock
// (the Bayeux long-polling transport at /api/v2/notifications and every path under it),
// seeded with every kind of meta message, batches, forms and malformed JSON: no answer may
// be a 5xx; every answer must be a JSON array whose meta replies say successful, with an
// error when false; and the sessions change only by the handshakes and disconnects that
// succeeded (a rejected request opens none and closes none). `make fuzz` runs it; `go
// test` runs its seeds.
func FuzzBayeux(f *testing.F) {
	set, err := fixtures.Default()
	if err != nil {
		f.Fatal(err)
	}
	h, err := probe.NewHarness(gws.New(), mock.WithFixtures(set),
		mock.WithBayeux(bayeux.Options{Timeout: 100 * time.Microsecond, MaxInterval: time.Hour}))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(h.Close)
	srv := h.Mock().Notifications("/api/v2/notifications")
	if srv == nil {
		f.Fatal("no Bayeux server at /api/v2/notifications")
	}
	ag := set.AgentsOf(gws.Vendor, set.TenantsOf(gws.Vendor)[0].ID)[0]
	auths := []string{"Basic " + basic(ag.Username, ag.Password), "", "Basic " + basic(ag.Username, ag.Password+"x"),
		"Basic !!!", "Bearer " + ag.Password}
	ctypes := []string{"application/json", "application/json;charset=UTF-8", "application/x-www-form-urlencoded", "text/plain", ""}
	for _, s := range fuzzSeeds() {
		f.Add(s.method, s.ctype, s.auth, s.sub, []byte(s.body))
	}
	live := fuzzHandshake(f, h, auths[0])
	f.Fuzz(func(t *testing.T, method, ctype, auth uint8, sub string, body []byte) {
		if srv.Sessions() > fuzzMaxSessions {
			srv.Expire(nil)
			live = fuzzHandshake(t, h, auths[0])
		}
		path := "/api/v2/notifications"
		if sub != "" {
			for _, seg := range strings.Split(sub, "/") {
				path += "/" + probe.EscapePath(seg)
			}
		}
		header := http.Header{}
		probe.SetHeader(header, "Content-Type", ctypes[int(ctype)%len(ctypes)])
		probe.SetHeader(header, "Authorization", auths[int(auth)%len(auths)])
		body = bytes.ReplaceAll(body, []byte(fuzzClientID), []byte(live))
		req, err := probe.NewRequest(probe.Methods[int(method)%len(probe.Methods)], path, "", header, body)
		if err != nil {
			t.Skip(err)
		}
		before := srv.Sessions()
		rec, err := h.Serve(req)
		if err != nil {
			t.Fatalf("%s %s %s: %v", req.Method, req.URL, body, err)
		}
		if ctypes[int(ctype)%len(ctypes)] != "application/x-www-form-urlencoded" && req.Method == "POST" &&
			strictjson.Check(bytes.TrimSpace(body)) != nil && rec.Code != http.StatusBadRequest {
			t.Fatalf("%s %s %q: status %d for a body that is not strict JSON; want 400", req.Method, req.URL, body, rec.Code)
		}
		opened, closed, err := fuzzReplies(rec)
		if err != nil {
			t.Fatalf("%s %s %s: %v", req.Method, req.URL, body, err)
		}
		if after := srv.Sessions(); after != before+opened-closed {
			t.Fatalf("%s %s %s: sessions %d -> %d; want %d (%d handshakes and %d disconnects succeeded): %s",
				req.Method, req.URL, body, before, after, before+opened-closed, opened, closed, rec.Body.Bytes())
		}
		if closed > 0 {
			live = fuzzHandshake(t, h, auths[0]) // only the live session's id was known
		}
	})
}

// fuzzHandshake opens a session and returns its clientId.
func fuzzHandshake(t testing.TB, h *probe.Harness, auth string) string {
	t.Helper()
	req := httptest.NewRequest("POST", "/api/v2/notifications/handshake",
		strings.NewReader(`[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]`))
	req.Host = "localhost" // an allowed host (browser rules)
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", auth)
	rec, err := h.Serve(req)
	if err != nil {
		t.Fatalf("handshake: %v", err)
	}
	var reps []struct {
		ClientID   string `json:"clientId"`
		Successful bool   `json:"successful"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &reps); err != nil || len(reps) != 1 || !reps[0].Successful {
		t.Fatalf("handshake: %s (%v); want one successful reply", rec.Body.Bytes(), err)
	}
	return reps[0].ClientID
}

// fuzzReplies checks that an answer is a JSON array of messages with a channel each (empty
// in the reply to a message without one): events with data, and replies (every meta one)
// that say successful, with an error when false (at least one such when the status is an
// error); it counts the handshakes and disconnects that succeeded.
func fuzzReplies(rec *httptest.ResponseRecorder) (opened, closed int, err error) {
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return 0, 0, fmt.Errorf("status %d: Content-Type = %q; want application/json", rec.Code, ct)
	}
	var reps []map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &reps); err != nil {
		return 0, 0, fmt.Errorf("status %d: body %s: %v; want a JSON array of messages", rec.Code, rec.Body.Bytes(), err)
	}
	failures := 0
	for i, rep := range reps {
		var channel, msg string
		if json.Unmarshal(rep["channel"], &channel) != nil {
			return 0, 0, fmt.Errorf("reply %d of %s: no channel", i, rec.Body.Bytes())
		}
		if _, isReply := rep["successful"]; !isReply && channel != "" && !strings.HasPrefix(channel, "/meta/") {
			if _, isEvent := rep["data"]; !isEvent {
				return 0, 0, fmt.Errorf("reply %d of %s: neither a reply nor an event", i, rec.Body.Bytes())
			}
			continue
		}
		switch string(rep["successful"]) {
		case "true":
			switch channel {
			case bayeux.Handshake:
				opened++
			case bayeux.Disconnect:
				closed++
			}
		case "false":
			failures++
			if json.Unmarshal(rep["error"], &msg) != nil || msg == "" {
				return 0, 0, fmt.Errorf("reply %d of %s: successful false without an error", i, rec.Body.Bytes())
			}
		default:
			return 0, 0, fmt.Errorf("reply %d of %s: successful = %s; want true or false", i, rec.Body.Bytes(), rep["successful"])
		}
	}
	if rec.Code >= 400 && failures == 0 {
		return 0, 0, fmt.Errorf("status %d: body %s; want an unsuccessful reply that says why", rec.Code, rec.Body.Bytes())
	}
	return opened, closed, nil
}

type fuzzSeed struct {
	method, ctype, auth uint8
	sub, body           string
}

// fuzzSeeds are every meta message alone and batched, with the live clientId, an unknown
// one and none, as JSON and as a form, and malformed bodies.
func fuzzSeeds() []fuzzSeed {
	const post = 1 // probe.Methods[1]
	msg := func(channel string, extra string) string {
		return `{"channel":"` + channel + `","id":"7","clientId":"` + fuzzClientID + `"` + extra + `}`
	}
	var (
		handshake   = `{"channel":"/meta/handshake","id":"1","version":"1.0","minimumVersion":"1.0","supportedConnectionTypes":["long-polling","callback-polling"],"advice":{"timeout":60000,"interval":0},"ext":{"ack":true}}`
		connect     = msg("/meta/connect", `,"connectionType":"long-polling","advice":{"timeout":0}`)
		subscribe   = msg("/meta/subscribe", `,"subscription":"/v2/me/chats"`)
		unsubscribe = msg("/meta/unsubscribe", `,"subscription":["/v2/me/chats","/v2/**"]`)
		disconnect  = msg("/meta/disconnect", "")
	)
	seeds := []fuzzSeed{
		{post, 0, 0, "handshake", "[" + handshake + "]"},
		{post, 0, 1, "handshake", "[" + handshake + "]"},
		{post, 0, 0, "handshake", `[{"channel":"/meta/handshake","supportedConnectionTypes":["websocket"]}]`},
		{post, 0, 0, "", "[" + handshake + "," + connect + "]"},
		{post, 0, 0, "connect", "[" + connect + "]"},
		{post, 1, 0, "connect", connect},
		{post, 0, 0, "connect", `[{"channel":"/meta/connect","clientId":"` + fuzzClientID + `","connectionType":"callback-polling"}]`},
		{post, 0, 0, "", "[" + subscribe + "," + connect + "]"},
		{post, 0, 0, "", "[" + connect + "," + connect + "]"},
		{post, 0, 0, "", "[" + msg("/meta/subscribe", `,"subscription":["/v2/*/chats","/meta/connect","/service/x"]`) + "]"},
		{post, 0, 0, "", "[" + msg("/meta/subscribe", `,"subscription":[]`) + "]"},
		{post, 0, 0, "", "[" + unsubscribe + "]"},
		{post, 0, 0, "disconnect", "[" + disconnect + "]"},
		{post, 0, 0, "", "[" + disconnect + "," + connect + "]"},
		{post, 0, 0, "", `[{"channel":"/v2/me/chats","clientId":"` + fuzzClientID + `","data":{}},{"channel":"/meta/nope","id":3},{"id":4}]`},
		{post, 0, 0, "", `[{"channel":"/meta/connect","clientId":"0000","id":{"a":1}}]`},
		{post, 2, 0, "", "message=" + strings.ReplaceAll("["+subscribe+"]", `"`, "%22")},
		{post, 2, 0, "", "message=%zz"},
		{post, 0, 0, "", `[`},
		{post, 0, 0, "", `[]`},
		{post, 0, 0, "", `null`},
		{post, 0, 0, "", `[{"channel":7}]`},
		{post, 3, 0, "x/y", "  "},
		{0, 0, 0, "", ""},
	}
	for _, in := range probe.Malformed([]probe.Input{{Body: []byte("[" + subscribe + "," + connect + "]")}, {Body: []byte(handshake)}}) {
		seeds = append(seeds, fuzzSeed{post, 0, 0, "", string(in.Body)})
	}
	return seeds
}
