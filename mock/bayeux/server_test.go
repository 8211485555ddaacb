package bayeux_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"runtime/pprof"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock/bayeux"
)

// The server tests speak raw JSON over HTTP, as a CometD client would. Helpers and types
// carry a rig prefix so that they cannot collide with other _test files of the package.

const (
	rigBase        = "/api/v2/notifications"
	rigTimeout     = 300 * time.Millisecond
	rigMaxInterval = 400 * time.Millisecond
	rigPassword    = "secret"
)

// rig is a Bayeux server mounted the way the GWS mock mounts it, behind httptest, with an
// HTTP client of its own (so goroutines can be counted) and a count of requests in flight.
type rig struct {
	srv      *bayeux.Server
	ts       *httptest.Server
	tr       *http.Transport
	hc       *http.Client
	ids      atomic.Int64 // message ids
	inflight atomic.Int64 // requests inside the server's ServeHTTP
}

// newRig starts a server with the short test timings, changed by tune if it is not nil.
func newRig(t *testing.T, tune func(*bayeux.Options)) *rig {
	t.Helper()
	o := bayeux.Options{Timeout: rigTimeout, MaxInterval: rigMaxInterval, Authenticate: rigAuthenticate}
	if tune != nil {
		tune(&o)
	}
	r := &rig{srv: bayeux.New(o)}
	h := http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		r.inflight.Add(1)
		defer r.inflight.Add(-1)
		r.srv.ServeHTTP(w, req)
	})
	mux := http.NewServeMux()
	mux.Handle(rigBase, h)
	mux.Handle(rigBase+"/", h)
	r.ts = httptest.NewServer(mux)
	r.tr = &http.Transport{MaxIdleConnsPerHost: 512}
	r.hc = &http.Client{Transport: r.tr}
	// Cleanups run last first: idle connections, then held connects, then the listener.
	t.Cleanup(r.ts.Close)
	t.Cleanup(r.srv.Close)
	t.Cleanup(r.tr.CloseIdleConnections)
	return r
}

// rigAuthenticate accepts HTTP Basic with any user name and the password "secret"; the
// principal is the user name.
func rigAuthenticate(req *http.Request) (any, error) {
	user, pass, ok := req.BasicAuth()
	switch {
	case !ok:
		return nil, errors.New("no credentials")
	case user == "" || pass != rigPassword:
		return nil, errors.New("bad credentials")
	}
	return user, nil
}

// rigMsg is one outgoing Bayeux message.
type rigMsg map[string]any

// rigReply is one incoming message: a meta reply or an event.
type rigReply struct {
	Channel                  string          `json:"channel"`
	ID                       json.RawMessage `json:"id"`
	ClientID                 string          `json:"clientId"`
	Successful               *bool           `json:"successful"`
	Error                    string          `json:"error"`
	Advice                   *rigAdvice      `json:"advice"`
	Version                  string          `json:"version"`
	MinimumVersion           string          `json:"minimumVersion"`
	SupportedConnectionTypes []string        `json:"supportedConnectionTypes"`
	Subscription             json.RawMessage `json:"subscription"`
	Data                     json.RawMessage `json:"data"`
}

type rigAdvice struct {
	Reconnect string `json:"reconnect"`
	Interval  *int64 `json:"interval"`
	Timeout   *int64 `json:"timeout"`
}

func (rep rigReply) ok() bool { return rep.Successful != nil && *rep.Successful }

// successful shows the field as the wire had it.
func (rep rigReply) successful() string {
	if rep.Successful == nil {
		return "missing"
	}
	return strconv.FormatBool(*rep.Successful)
}

func rigHandshake(id any) rigMsg {
	m := rigMsg{"channel": bayeux.Handshake, "version": "1.0", "minimumVersion": "1.0",
		"supportedConnectionTypes": []string{"websocket", "long-polling", "callback-polling"},
		"advice":                   map[string]any{"timeout": 60000, "interval": 0}}
	if id != nil {
		m["id"] = id
	}
	return m
}

func rigConnect(clientID string, id any) rigMsg {
	return rigMsg{"channel": bayeux.Connect, "clientId": clientID, "connectionType": bayeux.LongPolling, "id": id}
}

func rigSubscribe(clientID string, id, subscription any) rigMsg {
	return rigMsg{"channel": bayeux.Subscribe, "clientId": clientID, "subscription": subscription, "id": id}
}

func rigUnsubscribe(clientID string, id, subscription any) rigMsg {
	return rigMsg{"channel": bayeux.Unsubscribe, "clientId": clientID, "subscription": subscription, "id": id}
}

func rigDisconnect(clientID string, id any) rigMsg {
	return rigMsg{"channel": bayeux.Disconnect, "clientId": clientID, "id": id}
}

// id returns a fresh message id.
func (r *rig) id() string { return "m" + strconv.FormatInt(r.ids.Add(1), 10) }

// do sends a request to path under the base and returns the status, headers and body.
func (r *rig) do(ctx context.Context, method, path, contentType, body string, header http.Header) (int, http.Header, []byte, error) {
	req, err := http.NewRequestWithContext(ctx, method, r.ts.URL+rigBase+path, strings.NewReader(body))
	if err != nil {
		return 0, nil, nil, err
	}
	for k, v := range header {
		req.Header[k] = v
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := r.hc.Do(req)
	if err != nil {
		return 0, nil, nil, err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, b, err
}

// exchange POSTs msgs as a JSON array to path, with Basic credentials for user unless it is
// empty, and decodes the reply. Anything but 200 with a non-empty JSON array is an error.
// It is safe in goroutines.
func (r *rig) exchange(ctx context.Context, path, user string, msgs ...rigMsg) ([]rigReply, error) {
	body, err := json.Marshal(msgs)
	if err != nil {
		return nil, err
	}
	header := http.Header{}
	if user != "" {
		header.Set("Authorization", "Basic "+basic(user, rigPassword))
	}
	return rigDecode(r.do(ctx, http.MethodPost, path, "application/json", string(body), header))
}

// rigDecode checks the envelope of a reply (the results of do): 200, application/json and a
// non-empty array.
func rigDecode(status int, hdr http.Header, b []byte, err error) ([]rigReply, error) {
	if err != nil {
		return nil, err
	}
	if status != http.StatusOK {
		return nil, fmt.Errorf("status = %d; want 200 (body %s)", status, b)
	}
	if ct := hdr.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return nil, fmt.Errorf("Content-Type = %q; want application/json", ct)
	}
	var reps []rigReply
	if err := json.Unmarshal(b, &reps); err != nil {
		return nil, fmt.Errorf("body %s: %w; want a JSON array of messages", b, err)
	}
	if len(reps) == 0 {
		return nil, fmt.Errorf("body %s; want at least one message", b)
	}
	return reps, nil
}

// post is exchange for the test goroutine: an error ends the test.
func (r *rig) post(t *testing.T, path, user string, msgs ...rigMsg) []rigReply {
	t.Helper()
	reps, err := r.exchange(t.Context(), path, user, msgs...)
	if err != nil {
		t.Fatalf("POST %s%s: %v", rigBase, path, err)
	}
	return reps
}

// one posts a single message and returns its single reply, checking the id echo.
func (r *rig) one(t *testing.T, path, user string, m rigMsg) rigReply {
	t.Helper()
	reps := r.post(t, path, user, m)
	if len(reps) != 1 {
		t.Fatalf("%s: %d replies; want 1: %+v", m["channel"], len(reps), reps)
	}
	rigWantID(t, reps[0], m["id"])
	return reps[0]
}

// handshake opens a session for user and returns its clientId.
func (r *rig) handshake(t *testing.T, user string) string {
	t.Helper()
	rep := r.one(t, "/handshake", user, rigHandshake(r.id()))
	if !rep.ok() || rep.ClientID == "" {
		t.Fatalf("handshake as %s: successful = %s, clientId %q, error %q; want true and a clientId", user, rep.successful(), rep.ClientID, rep.Error)
	}
	return rep.ClientID
}

// tryHandshake and trySubscribe are handshake and subscribe for goroutines.
func (r *rig) tryHandshake(ctx context.Context, user string) (string, error) {
	reps, err := r.exchange(ctx, "/handshake", user, rigHandshake(r.id()))
	if err != nil {
		return "", err
	}
	if !reps[0].ok() || reps[0].ClientID == "" {
		return "", fmt.Errorf("handshake as %s: successful = %s, error %q; want true", user, reps[0].successful(), reps[0].Error)
	}
	return reps[0].ClientID, nil
}

func (r *rig) trySubscribe(ctx context.Context, clientID string, channels ...string) error {
	reps, err := r.exchange(ctx, "/", "", rigSubscribe(clientID, r.id(), channels))
	if err != nil {
		return err
	}
	if !reps[0].ok() {
		return fmt.Errorf("subscribe %v: successful = %s, error %q; want true", channels, reps[0].successful(), reps[0].Error)
	}
	return nil
}

// subscribe subscribes the client to channels and checks the reply.
func (r *rig) subscribe(t *testing.T, clientID string, channels ...string) {
	t.Helper()
	if err := r.trySubscribe(t.Context(), clientID, channels...); err != nil {
		t.Fatal(err)
	}
}

// poll sends one /meta/connect (with advice timeout ms when adviceTimeout >= 0) and returns
// its reply and the events after it. It checks that the connect reply comes first and echoes
// the id, and that nothing after it is a meta message. It is safe in goroutines.
func (r *rig) poll(ctx context.Context, clientID string, adviceTimeout int) (rigReply, []rigReply, error) {
	id := r.id()
	m := rigConnect(clientID, id)
	if adviceTimeout >= 0 {
		m["advice"] = map[string]any{"timeout": adviceTimeout}
	}
	reps, err := r.exchange(ctx, "/connect", "", m)
	if err != nil {
		return rigReply{}, nil, err
	}
	first := reps[0]
	if first.Channel != bayeux.Connect || string(first.ID) != strconv.Quote(id) {
		return first, nil, fmt.Errorf("first reply = channel %q id %s; want %s with id %q", first.Channel, first.ID, bayeux.Connect, id)
	}
	for _, e := range reps[1:] {
		if strings.HasPrefix(e.Channel, "/meta/") || e.Data == nil {
			return first, nil, fmt.Errorf("after the connect reply: %+v; want only events with data", e)
		}
	}
	return first, reps[1:], nil
}

// mustPoll is poll for the test goroutine.
func (r *rig) mustPoll(t *testing.T, clientID string, adviceTimeout int) (rigReply, []rigReply) {
	t.Helper()
	rep, events, err := r.poll(t.Context(), clientID, adviceTimeout)
	if err != nil {
		t.Fatalf("connect: %v", err)
	}
	return rep, events
}

// publish publishes {"seq": seq} on channel to every subscriber and returns how many got it.
func (r *rig) publish(channel string, seq int) int {
	return r.srv.Publish(channel, func(any) (any, bool) { return map[string]int{"seq": seq}, true })
}

// rigSeqs returns the seq of each event.
func rigSeqs(events []rigReply) ([]int, error) {
	out := make([]int, 0, len(events))
	for _, e := range events {
		var d struct {
			Seq *int `json:"seq"`
		}
		if err := json.Unmarshal(e.Data, &d); err != nil || d.Seq == nil {
			return out, fmt.Errorf("event data %s; want {\"seq\": n}", e.Data)
		}
		out = append(out, *d.Seq)
	}
	return out, nil
}

// upTo returns 0, 1, ..., n-1.
func upTo(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// rigEventually polls cond every 10 ms until it holds; after d it fails the test.
func rigEventually(t *testing.T, d time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s: not within %v", what, d)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// held waits until n requests are inside the server, then a little longer so that a connect
// among them has settled into its hold.
func (r *rig) held(t *testing.T, n int64) {
	t.Helper()
	rigEventually(t, 2*time.Second, fmt.Sprintf("%d requests in the server", n), func() bool { return r.inflight.Load() >= n })
	time.Sleep(50 * time.Millisecond)
}

// goroutineCheck returns a check that fails t unless the number of goroutines falls back to
// what it is now within 3 s (idle client connections are closed first). Tests using it must
// not run in parallel.
func (r *rig) goroutineCheck(t *testing.T) func() {
	t.Helper()
	r.tr.CloseIdleConnections()
	before := runtime.NumGoroutine()
	return func() {
		t.Helper()
		deadline := time.Now().Add(3 * time.Second)
		for {
			r.tr.CloseIdleConnections()
			n := runtime.NumGoroutine()
			if n <= before {
				return
			}
			if time.Now().After(deadline) {
				var b bytes.Buffer
				_ = pprof.Lookup("goroutine").WriteTo(&b, 1)
				t.Errorf("goroutines = %d; want at most %d as before\n%s", n, before, b.String())
				return
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}

// rigWantID checks that a meta reply echoes id exactly (string or number).
func rigWantID(t *testing.T, rep rigReply, id any) {
	t.Helper()
	want := ""
	if id != nil {
		b, _ := json.Marshal(id)
		want = string(b)
	}
	if string(rep.ID) != want {
		t.Errorf("%s reply: id = %s; want %s", rep.Channel, rep.ID, want)
	}
}

// rigWantFailed checks a failed meta reply: channel, successful false and the error prefix.
func rigWantFailed(t *testing.T, rep rigReply, channel, errPrefix string) {
	t.Helper()
	if rep.Channel != channel {
		t.Errorf("channel = %q; want %q", rep.Channel, channel)
	}
	if rep.Successful == nil || *rep.Successful {
		t.Errorf("%s: successful = %s; want false", channel, rep.successful())
	}
	if !strings.HasPrefix(rep.Error, errPrefix) {
		t.Errorf("%s: error = %q; want it to start with %q", channel, rep.Error, errPrefix)
	}
}

// rigWantUnknown checks the reply to a message from an unknown or expired client.
func rigWantUnknown(t *testing.T, rep rigReply, channel string) {
	t.Helper()
	rigWantFailed(t, rep, channel, "402::Unknown client")
	if rep.Error != "402::Unknown client" {
		t.Errorf("%s: error = %q; want 402::Unknown client", channel, rep.Error)
	}
	if rep.Advice == nil || rep.Advice.Reconnect != "handshake" {
		t.Errorf("%s: advice = %+v; want reconnect handshake", channel, rep.Advice)
	} else if rep.Advice.Interval == nil || *rep.Advice.Interval != 0 {
		t.Errorf("%s: advice.interval = %v; want 0", channel, rep.Advice.Interval)
	}
}
