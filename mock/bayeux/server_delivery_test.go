package bayeux_test

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock/bayeux"
)

// Publish returns at once even when its subscribers never connect.
func TestServerPublishNeverBlocks(t *testing.T) {
	t.Parallel()
	r := newRig(t, func(o *bayeux.Options) { o.MaxQueue = 100; o.Timeout = 3 * time.Second })
	for range 3 {
		r.subscribe(t, r.handshake(t, "alice"), "/v2/me/chats")
	}
	held := r.handshake(t, "bob") // holds a connect on another channel throughout
	r.subscribe(t, held, "/v2/me/calls")
	poll := r.pollAsync(t.Context(), held, -1)
	r.held(t, 1)

	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 2000 {
			r.publish("/v2/me/chats", i)
		}
	}()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("2000 Publish calls to clients that never connect took over 2s; want no blocking")
	}
	rigNotYet(t, poll, "connect on an unpublished channel")
}

// A client whose queue passes MaxQueue loses its session; everyone else keeps receiving.
func TestServerMaxQueue(t *testing.T) {
	t.Parallel()
	const maxQueue = 5
	tune := func(o *bayeux.Options) { o.MaxQueue = maxQueue; o.MaxInterval = 5 * time.Second }

	for _, tc := range []struct {
		published int
		dropped   bool
	}{{maxQueue, false}, {maxQueue + 1, true}} {
		t.Run(fmt.Sprintf("%d events queued", tc.published), func(t *testing.T) {
			t.Parallel()
			r := newRig(t, tune)
			cid := r.handshake(t, "alice")
			r.subscribe(t, cid, "/v2/me/chats")
			for i := range tc.published {
				r.publish("/v2/me/chats", i)
			}
			rep, events := r.mustPoll(t, cid, 0)
			if tc.dropped {
				rigWantUnknown(t, rep, bayeux.Connect)
				return
			}
			rigWantSeqs(t, "connect", events, upTo(tc.published))
		})
	}

	t.Run("slow client among fast ones", func(t *testing.T) {
		t.Parallel()
		r := newRig(t, tune)
		slow := r.handshake(t, "slow")
		r.subscribe(t, slow, "/v2/me/chats")
		const fast, n = 3, 4 * maxQueue
		received := make(chan int, fast*n)
		var wg sync.WaitGroup
		defer wg.Wait()
		ctx, cancel := context.WithCancel(t.Context())
		defer cancel()
		for i := range fast {
			cid := r.handshake(t, fmt.Sprint("fast", i))
			r.subscribe(t, cid, "/v2/me/chats")
			wg.Go(func() {
				var got []int
				for len(got) < n {
					rep, events, err := r.poll(ctx, cid, -1)
					if err != nil || !rep.ok() {
						t.Errorf("fast client: err %v, successful = %s (%s); want true", err, rep.successful(), rep.Error)
						return
					}
					seqs, _ := rigSeqs(events)
					got = append(got, seqs...)
					for range seqs {
						received <- 1
					}
				}
				if !slices.Equal(got, upTo(n)) {
					t.Errorf("fast client got %v; want %v", got, upTo(n))
				}
			})
		}
		for i := range n {
			want := fast + 1
			if i >= maxQueue {
				want = fast // the slow client's queue is full from here on
			}
			if got := r.publish("/v2/me/chats", i); got != want {
				t.Errorf("Publish(%d) = %d clients; want %d", i, got, want)
			}
			for range fast { // keep the fast clients' queues short
				select {
				case <-received:
				case <-time.After(2 * time.Second):
					t.Fatalf("event %d not received by every fast client within 2s", i)
				}
			}
		}
		wg.Wait()
		rep, _ := r.mustPoll(t, slow, 0)
		rigWantUnknown(t, rep, bayeux.Connect)
		if got := r.srv.Sessions(); got != fast {
			t.Errorf("Sessions() = %d; want %d", got, fast)
		}
	})
}

// Publish builds the data per subscriber from its principal (what Authenticate returned) and
// may skip subscribers.
func TestServerPublishPerPrincipal(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	ids := map[string]string{}
	for _, user := range []string{"alice", "bob", "carol"} {
		ids[user] = r.handshake(t, user)
		if user != "carol" {
			r.subscribe(t, ids[user], "/v2/me/chats")
		}
	}
	var seen []string
	n := r.srv.Publish("/v2/me/chats", func(p any) (any, bool) {
		user, _ := p.(string)
		seen = append(seen, user)
		return map[string]string{"for": user}, user != "bob"
	})
	slices.Sort(seen)
	if !slices.Equal(seen, []string{"alice", "bob"}) {
		t.Errorf("build saw principals %q; want the subscribers [alice bob]", seen)
	}
	if n != 1 {
		t.Errorf("Publish = %d clients; want 1 (bob skipped, carol not subscribed)", n)
	}
	for user, want := range map[string]string{"alice": `{"for":"alice"}`, "bob": "", "carol": ""} {
		_, events := r.mustPoll(t, ids[user], 0)
		var got string
		for _, e := range events {
			got += compact(e.Data)
		}
		if got != want {
			t.Errorf("%s got %s; want %s", user, got, want)
		}
	}
}

// Many clients, each long-polling in its own goroutine, receive every event exactly once and
// in order. Not parallel, so that its load does not disturb timing in other tests.
func TestServerFanOut(t *testing.T) {
	const clients, events = 200, 60
	r := newRig(t, func(o *bayeux.Options) { o.MaxInterval = 10 * time.Second })
	var ready, finished sync.WaitGroup
	defer finished.Wait()
	ctx, cancel := context.WithTimeout(t.Context(), 15*time.Second)
	defer cancel()

	got := make([][]int, clients)
	ids := make([]string, clients)
	for i := range clients {
		ready.Add(1)
		finished.Go(func() {
			readyOnce := sync.OnceFunc(ready.Done)
			defer readyOnce()
			cid, err := r.tryHandshake(ctx, fmt.Sprint("agent", i))
			if err == nil {
				err = r.trySubscribe(ctx, cid, "/v2/me/chats")
			}
			if err != nil {
				t.Errorf("client %d: %v", i, err)
				return
			}
			ids[i] = cid
			readyOnce()
			for len(got[i]) < events {
				rep, evs, err := r.poll(ctx, cid, -1)
				if err != nil || !rep.ok() {
					t.Errorf("client %d after %d events: err %v, successful = %s (%s)", i, len(got[i]), err, rep.successful(), rep.Error)
					return
				}
				seqs, err := rigSeqs(evs)
				if err != nil {
					t.Errorf("client %d: %v", i, err)
				}
				got[i] = append(got[i], seqs...)
			}
		})
	}
	ready.Wait()
	if t.Failed() {
		t.FailNow()
	}
	for i := range events {
		if n := r.publish("/v2/me/chats", i); n != clients {
			t.Errorf("Publish(%d) = %d clients; want %d", i, n, clients)
		}
		if i%10 == 9 {
			time.Sleep(5 * time.Millisecond) // spread the events over several connects
		}
	}
	finished.Wait()

	bad := 0
	for i, seqs := range got {
		if !slices.Equal(seqs, upTo(events)) {
			if bad++; bad <= 3 {
				t.Errorf("client %d got %v; want 0..%d once each, in order", i, seqs, events-1)
			}
		}
	}
	if bad > 3 {
		t.Errorf("... and %d more clients", bad-3)
	}
	// Nothing is left over: no event was queued twice.
	for i, cid := range ids {
		if _, evs, err := r.poll(ctx, cid, 0); err != nil || len(evs) != 0 {
			t.Fatalf("client %d: final connect: err %v, %d events; want none", i, err, len(evs))
		}
	}
}

// Publish data of any JSON shape reaches the client unchanged.
func TestServerEventData(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	cid := r.handshake(t, "alice")
	r.subscribe(t, cid, "/v2/me/chats")
	data := json.RawMessage(`{"messageType":"ChatStateChangeMessage","chat":{"id":"0000Wa9CAM6W00J","participants":[{"nickname":"Ann"}]},"referenceId":83}`)
	for _, d := range []any{data, "text", 3.5, []int{1, 2}} {
		r.srv.Publish("/v2/me/chats", func(any) (any, bool) { return d, true })
	}
	_, events := r.mustPoll(t, cid, 0)
	want := []string{compact(data), `"text"`, `3.5`, `[1,2]`}
	if len(events) != len(want) {
		t.Fatalf("%d events; want %d", len(events), len(want))
	}
	for i, e := range events {
		if got := compact(e.Data); got != want[i] {
			t.Errorf("event %d: data = %s; want %s", i, got, want[i])
		}
	}
}

// Data that cannot be encoded as JSON is the publisher's mistake: it must not cost the
// client the other events queued with it, nor turn its connect into an HTTP error.
func TestServerEventDataUnencodable(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	cid := r.handshake(t, "alice")
	r.subscribe(t, cid, "/v2/me/chats")
	r.publish("/v2/me/chats", 0)
	r.srv.Publish("/v2/me/chats", func(any) (any, bool) { return map[string]any{"f": func() {}}, true })
	r.publish("/v2/me/chats", 2)
	rep, events := r.mustPoll(t, cid, 0)
	if !rep.ok() {
		t.Errorf("connect: successful = %s (%s); want true", rep.successful(), rep.Error)
	}
	rigWantSeqs(t, "connect", events, []int{0, 2})
}
