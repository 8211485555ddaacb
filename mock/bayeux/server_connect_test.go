package bayeux_test

import (
	"context"
	"errors"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock/bayeux"
)

// rigPolled is the outcome of a connect sent in the background.
type rigPolled struct {
	rep    rigReply
	events []rigReply
	err    error
	at     time.Time // when the reply arrived
}

// pollAsync sends a connect in a goroutine; its outcome arrives on the channel.
func (r *rig) pollAsync(ctx context.Context, clientID string, adviceTimeout int) <-chan rigPolled {
	ch := make(chan rigPolled, 1)
	go func() {
		rep, events, err := r.poll(ctx, clientID, adviceTimeout)
		ch <- rigPolled{rep, events, err, time.Now()}
	}()
	return ch
}

// rigAwait waits up to d for a background connect and fails the test on a transport error.
func rigAwait(t *testing.T, ch <-chan rigPolled, d time.Duration, what string) rigPolled {
	t.Helper()
	select {
	case p := <-ch:
		if p.err != nil {
			t.Fatalf("%s: %v", what, p.err)
		}
		return p
	case <-time.After(d):
		t.Fatalf("%s: no reply within %v", what, d)
		return rigPolled{}
	}
}

// rigNotYet fails the test if the background connect has already been answered.
func rigNotYet(t *testing.T, ch <-chan rigPolled, what string) {
	t.Helper()
	select {
	case p := <-ch:
		t.Fatalf("%s: answered before anything happened (%+v, err %v); want it held", what, p.rep, p.err)
	default:
	}
}

// rigWantSeqs checks the seq numbers carried by events.
func rigWantSeqs(t *testing.T, what string, events []rigReply, want []int) {
	t.Helper()
	got, err := rigSeqs(events)
	if err != nil {
		t.Errorf("%s: %v", what, err)
	}
	if !slices.Equal(got, want) {
		t.Errorf("%s: events = %v; want %v", what, got, want)
	}
}

// slowHold is a server that holds connects for 3 s, so that "answered at once" and
// "answered because of the event" are far apart from "answered at the timeout".
func slowHold(o *bayeux.Options) { o.Timeout = 3 * time.Second }

func TestServerConnectHeldUntilEvent(t *testing.T) {
	t.Parallel()
	r := newRig(t, slowHold)
	cid := r.handshake(t, "alice")
	r.subscribe(t, cid, "/v2/me/chats")
	ch := r.pollAsync(t.Context(), cid, -1)
	r.held(t, 1)
	rigNotYet(t, ch, "connect with nothing queued")

	published := time.Now()
	if n := r.publish("/v2/me/chats", 1); n != 1 {
		t.Fatalf("Publish = %d clients; want 1", n)
	}
	p := rigAwait(t, ch, 2*time.Second, "held connect")
	if d := p.at.Sub(published); d > time.Second {
		t.Errorf("connect answered %v after the publish; want promptly (timeout is 3s)", d)
	}
	if !p.rep.ok() {
		t.Errorf("successful = %s (%s); want true", p.rep.successful(), p.rep.Error)
	}
	rigWantSeqs(t, "held connect", p.events, []int{1})
	for _, e := range p.events {
		if e.Channel != "/v2/me/chats" || e.ClientID != "" {
			t.Errorf("event channel = %q, clientId = %q; want /v2/me/chats and no clientId", e.Channel, e.ClientID)
		}
	}
}

func TestServerConnectAnsweredAtOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		queued        int
		adviceTimeout int
	}{
		{"events queued", 3, -1},
		{"advice timeout 0", 0, 0},
		{"advice timeout 0 with events queued", 2, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, slowHold)
			cid := r.handshake(t, "alice")
			r.subscribe(t, cid, "/v2/me/chats")
			for i := range tc.queued {
				r.publish("/v2/me/chats", i)
			}
			start := time.Now()
			rep, events := r.mustPoll(t, cid, tc.adviceTimeout)
			if d := time.Since(start); d > time.Second {
				t.Errorf("connect answered after %v; want at once (timeout is 3s)", d)
			}
			if !rep.ok() {
				t.Errorf("successful = %s (%s); want true", rep.successful(), rep.Error)
			}
			rigWantSeqs(t, "connect", events, upTo(tc.queued))
		})
	}
}

func TestServerConnectHeldForTimeout(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name          string
		timeout       time.Duration
		adviceTimeout int
		min, max      time.Duration
	}{
		{"server timeout", rigTimeout, -1, rigTimeout, rigTimeout + 1500*time.Millisecond},
		{"shorter client advice honoured", 3 * time.Second, 100, 100 * time.Millisecond, 2 * time.Second},
		{"longer client advice capped", rigTimeout, 60000, rigTimeout, rigTimeout + 1500*time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, func(o *bayeux.Options) { o.Timeout = tc.timeout })
			cid := r.handshake(t, "alice")
			r.subscribe(t, cid, "/v2/me/chats")
			start := time.Now()
			rep, events := r.mustPoll(t, cid, tc.adviceTimeout)
			if d := time.Since(start); d < tc.min || d > tc.max {
				t.Errorf("connect held %v; want %v to %v", d, tc.min, tc.max)
			}
			if !rep.ok() || len(events) != 0 {
				t.Errorf("successful = %s, %d events; want true and none", rep.successful(), len(events))
			}
			a := rep.Advice
			if a == nil || a.Reconnect != "retry" || a.Interval == nil || *a.Interval != 0 || a.Timeout == nil || *a.Timeout != tc.timeout.Milliseconds() {
				t.Errorf("advice = %+v; want reconnect retry, interval 0, timeout %d", a, tc.timeout.Milliseconds())
			}
		})
	}
}

func TestServerConnectEventsInPublishOrder(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	cid := r.handshake(t, "alice")
	r.subscribe(t, cid, "/v2/me/chats", "/v2/me/calls")
	channels := []string{"/v2/me/chats", "/v2/me/calls"}
	for i := range 10 {
		r.publish(channels[i%2], i)
	}
	rep, events := r.mustPoll(t, cid, -1)
	if !rep.ok() {
		t.Fatalf("successful = %s; want true", rep.successful())
	}
	rigWantSeqs(t, "connect", events, upTo(10))
	for i, e := range events {
		if e.Channel != channels[i%2] {
			t.Errorf("event %d: channel = %q; want %q", i, e.Channel, channels[i%2])
		}
	}
	if _, again := r.mustPoll(t, cid, 0); len(again) != 0 {
		t.Errorf("next connect: %d events; want 0 (each event is delivered once)", len(again))
	}
}

func TestServerConnectIDEcho(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	cid := r.handshake(t, "alice")
	for _, id := range []any{"c1", 42, nil} {
		m := rigConnect(cid, id)
		if id == nil {
			delete(m, "id")
		}
		m["advice"] = map[string]int{"timeout": 0}
		rep := r.one(t, "/connect", "", m)
		if !rep.ok() {
			t.Errorf("connect with id %v: successful = %s; want true", id, rep.successful())
		}
	}
}

func TestServerConnectUnknownClient(t *testing.T) {
	t.Parallel()
	r := newRig(t, slowHold)
	gone := r.handshake(t, "alice")
	r.one(t, "/disconnect", "", rigDisconnect(gone, "d"))
	for _, tc := range []struct {
		name     string
		clientID any // nil leaves the field out
		id       any
	}{
		{"no handshake, no clientId", nil, "c1"},
		{"empty clientId", "", "c2"},
		{"made-up clientId", "0123456789abcdef0123456789abcdef", "c3"},
		{"numeric id", "nope", 5},
		{"after disconnect", gone, "c4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := rigMsg{"channel": bayeux.Connect, "connectionType": "long-polling", "id": tc.id}
			if tc.clientID != nil {
				m["clientId"] = tc.clientID
			}
			start := time.Now()
			rep := r.one(t, "/connect", "", m)
			if d := time.Since(start); d > time.Second {
				t.Errorf("answered after %v; want at once", d)
			}
			rigWantUnknown(t, rep, bayeux.Connect)
		})
	}
}

func TestServerConnectConnectionType(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	cid := r.handshake(t, "alice")
	for _, tc := range []struct {
		connectionType string
		ok             bool
	}{
		{"long-polling", true},
		{"websocket", false},
		{"callback-polling", false},
	} {
		m := rigConnect(cid, "c")
		m["connectionType"] = tc.connectionType
		m["advice"] = map[string]int{"timeout": 0}
		rep := r.one(t, "/connect", "", m)
		if rep.ok() != tc.ok || !tc.ok && rep.Error == "" {
			t.Errorf("connectionType %s: successful = %s, error %q; want %v", tc.connectionType, rep.successful(), rep.Error, tc.ok)
		}
	}
}

// Bayeux allows one outstanding connect per client: a second one releases the first, holds,
// and takes the events. Which request the server saw first is not observable, so the test
// names them by when they returned.
func TestServerConnectConcurrent(t *testing.T) {
	t.Parallel()
	r := newRig(t, slowHold)
	cid := r.handshake(t, "alice")
	r.subscribe(t, cid, "/v2/me/chats")
	start := time.Now()
	a := r.pollAsync(t.Context(), cid, -1)
	r.held(t, 1)
	b := r.pollAsync(t.Context(), cid, -1)

	var early rigPolled
	var late <-chan rigPolled
	select {
	case early = <-a:
		late = b
	case early = <-b:
		late = a
	case <-time.After(2 * time.Second):
		t.Fatal("neither connect returned when the second arrived; want the first released")
	}
	if early.err != nil {
		t.Fatal(early.err)
	}
	if d := early.at.Sub(start); d > 2*time.Second {
		t.Errorf("superseded connect returned after %v; want well before the 3s timeout", d)
	}
	if !early.rep.ok() || len(early.events) != 0 {
		t.Errorf("superseded connect: successful = %s, %d events; want true and none", early.rep.successful(), len(early.events))
	}
	r.held(t, 1)
	rigNotYet(t, late, "second connect")

	const n = 5
	for i := range n {
		r.publish("/v2/me/chats", i)
	}
	p := rigAwait(t, late, 2*time.Second, "second connect")
	if !p.rep.ok() {
		t.Errorf("second connect: successful = %s; want true", p.rep.successful())
	}
	got, _ := rigSeqs(p.events)
	for len(got) < n { // events published after the wake-up wait for the next connect
		rep, more := r.mustPoll(t, cid, 0)
		if !rep.ok() || len(more) == 0 {
			break
		}
		s, _ := rigSeqs(more)
		got = append(got, s...)
	}
	if _, more := r.mustPoll(t, cid, 0); len(more) != 0 {
		s, _ := rigSeqs(more)
		got = append(got, s...)
	}
	if !slices.Equal(got, upTo(n)) {
		t.Errorf("events over both connects and the next = %v; want %v, each once", got, upTo(n))
	}
}

// A client that goes away while its connect is held (the request is cancelled) leaves
// nothing running in the server and does not slow publishers; its session and its events
// survive for the next connect. Not parallel: it counts goroutines.
func TestServerConnectClientVanishes(t *testing.T) {
	r := newRig(t, slowHold)
	cids := make([]string, 10)
	for i := range cids {
		cids[i] = r.handshake(t, "alice")
		r.subscribe(t, cids[i], "/v2/me/chats")
	}
	check := r.goroutineCheck(t)

	ctx, cancel := context.WithCancel(t.Context())
	var polls []<-chan rigPolled
	for _, cid := range cids {
		polls = append(polls, r.pollAsync(ctx, cid, -1))
	}
	r.held(t, int64(len(cids)))
	cancel()
	for _, ch := range polls {
		select {
		case p := <-ch:
			if !errors.Is(p.err, context.Canceled) {
				t.Errorf("cancelled connect: err = %v; want context.Canceled", p.err)
			}
		case <-time.After(2 * time.Second):
			t.Fatal("cancelled connect did not return")
		}
	}
	rigEventually(t, 2*time.Second, "server handlers return after the clients vanish", func() bool { return r.inflight.Load() == 0 })

	published := make(chan int, 1)
	go func() { published <- r.publish("/v2/me/chats", 7) }()
	select {
	case n := <-published:
		if n != len(cids) {
			t.Errorf("Publish = %d clients; want %d (sessions outlive a lost poll)", n, len(cids))
		}
	case <-time.After(time.Second):
		t.Fatal("Publish blocked after clients vanished mid-poll")
	}
	check()

	for _, cid := range cids {
		rep, events := r.mustPoll(t, cid, 0)
		if !rep.ok() {
			t.Errorf("connect after the lost poll: successful = %s; want true", rep.successful())
		}
		rigWantSeqs(t, "connect after the lost poll", events, []int{7})
	}
}

// A misbehaving client keeps two connects outstanding at all times while events arrive:
// every event still reaches it exactly once, in order within each connect.
func TestServerConnectRacingConnects(t *testing.T) {
	t.Parallel()
	const n = 300
	r := newRig(t, func(o *bayeux.Options) { o.MaxInterval = 5 * time.Second })
	cid := r.handshake(t, "alice")
	r.subscribe(t, cid, "/v2/me/chats")
	var mu sync.Mutex
	var got []int
	var wg sync.WaitGroup
	defer wg.Wait()
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	for range 2 {
		wg.Go(func() {
			for ctx.Err() == nil {
				rep, events, err := r.poll(ctx, cid, -1)
				if ctx.Err() != nil {
					return
				}
				if err != nil || !rep.ok() {
					t.Errorf("connect: err %v, successful = %s (%s); want true", err, rep.successful(), rep.Error)
					return
				}
				seqs, _ := rigSeqs(events)
				if !slices.IsSorted(seqs) {
					t.Errorf("one connect delivered %v; want publish order", seqs)
				}
				mu.Lock()
				got = append(got, seqs...)
				mu.Unlock()
			}
		})
	}
	r.held(t, 2)
	for i := range n {
		r.publish("/v2/me/chats", i)
		if i%5 == 4 {
			time.Sleep(time.Millisecond)
		}
	}
	rigEventually(t, 5*time.Second, "every event delivered", func() bool {
		mu.Lock()
		defer mu.Unlock()
		return len(got) >= n
	})
	cancel()
	wg.Wait()
	slices.Sort(got)
	if !slices.Equal(got, upTo(n)) {
		t.Errorf("events received = %d (%v...); want 0..%d once each", len(got), got[:min(len(got), 20)], n-1)
	}
}
