package bayeux_test

import (
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock/bayeux"
)

func TestServerDisconnect(t *testing.T) {
	t.Parallel()
	r := newRig(t, slowHold)
	cid := r.handshake(t, "alice")
	r.subscribe(t, cid, "/v2/me/chats")
	held := r.pollAsync(t.Context(), cid, -1)
	r.held(t, 1)

	start := time.Now()
	rep := r.one(t, "/disconnect", "", rigDisconnect(cid, "d1"))
	if rep.Channel != bayeux.Disconnect || !rep.ok() {
		t.Errorf("disconnect reply: channel %q successful = %s (%s); want %s and true", rep.Channel, rep.successful(), rep.Error, bayeux.Disconnect)
	}
	p := rigAwait(t, held, time.Second, "connect held across the disconnect")
	if d := p.at.Sub(start); d > time.Second {
		t.Errorf("held connect returned %v after the disconnect; want promptly (timeout is 3s)", d)
	}
	if !p.rep.ok() || p.rep.Advice == nil || p.rep.Advice.Reconnect != "none" {
		t.Errorf("released connect: successful = %s, advice %+v; want true and reconnect none", p.rep.successful(), p.rep.Advice)
	}

	rep, _ = r.mustPoll(t, cid, -1)
	rigWantUnknown(t, rep, bayeux.Connect)
	rigWantUnknown(t, r.one(t, "/", "", rigSubscribe(cid, "s", "/v2/me/calls")), bayeux.Subscribe)
	rigWantUnknown(t, r.one(t, "/disconnect", "", rigDisconnect(cid, "d2")), bayeux.Disconnect)
	if n := r.publish("/v2/me/chats", 1); n != 0 {
		t.Errorf("Publish after disconnect = %d clients; want 0", n)
	}
	if n := r.srv.Sessions(); n != 0 {
		t.Errorf("Sessions() = %d; want 0", n)
	}
}

// A session with no connect for longer than MaxInterval is dropped: its next message gets
// 402 with advice to handshake again.
func TestServerSessionExpiry(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	start := time.Now()
	cid := r.handshake(t, "alice")
	r.subscribe(t, cid, "/v2/me/chats")
	var last rigReply
	rigEventually(t, 3*time.Second, "session expires", func() bool {
		last = r.one(t, "/", "", rigSubscribe(cid, r.id(), "/v2/me/calls"))
		return !last.ok()
	})
	if d := time.Since(start); d < rigMaxInterval {
		t.Errorf("session expired after %v; want after MaxInterval %v", d, rigMaxInterval)
	}
	rigWantUnknown(t, last, bayeux.Subscribe)
	rep, _ := r.mustPoll(t, cid, 0)
	rigWantUnknown(t, rep, bayeux.Connect)
	if n := r.publish("/v2/me/chats", 1); n != 0 {
		t.Errorf("Publish after expiry = %d clients; want 0", n)
	}
}

// Connects at intervals below MaxInterval keep a session alive well past MaxInterval.
func TestServerSessionKeptByConnects(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	cid := r.handshake(t, "alice")
	for end := time.Now().Add(3 * rigMaxInterval); time.Now().Before(end); time.Sleep(rigMaxInterval / 4) {
		if rep, _ := r.mustPoll(t, cid, 0); !rep.ok() {
			t.Fatalf("connect: successful = %s (%s); want true while connects keep coming", rep.successful(), rep.Error)
		}
	}
}

// A held connect longer than MaxInterval does not let the session expire.
func TestServerSessionKeptByHeldConnect(t *testing.T) {
	t.Parallel()
	const maxInterval = 300 * time.Millisecond
	r := newRig(t, func(o *bayeux.Options) { o.Timeout = 3 * time.Second; o.MaxInterval = maxInterval })
	cid := r.handshake(t, "alice")
	held := r.pollAsync(t.Context(), cid, -1)
	r.held(t, 1)
	for end := time.Now().Add(3 * maxInterval); time.Now().Before(end); time.Sleep(maxInterval / 6) {
		if rep := r.one(t, "/", "", rigSubscribe(cid, r.id(), "/v2/me/chats")); !rep.ok() {
			t.Fatalf("subscribe during the held connect: successful = %s (%s); want true", rep.successful(), rep.Error)
		}
	}
	if n := r.publish("/v2/me/chats", 1); n != 1 {
		t.Errorf("Publish = %d clients; want 1", n)
	}
	p := rigAwait(t, held, time.Second, "held connect")
	if !p.rep.ok() {
		t.Errorf("held connect: successful = %s (%s); want true", p.rep.successful(), p.rep.Error)
	}
	rigWantSeqs(t, "held connect", p.events, []int{1})
}

// Messages of a batch take effect in order; a connect in the batch sees the subscriptions
// made before it.
func TestServerBatchInOrder(t *testing.T) {
	t.Parallel()
	t.Run("subscribe then held connect", func(t *testing.T) {
		t.Parallel()
		r := newRig(t, slowHold)
		cid := r.handshake(t, "alice")
		type result struct {
			reps []rigReply
			err  error
			at   time.Time
		}
		done := make(chan result, 1)
		go func() {
			reps, err := r.exchange(t.Context(), "/", "", rigSubscribe(cid, "s1", "/v2/me/chats"), rigConnect(cid, "c1"))
			done <- result{reps, err, time.Now()}
		}()
		var published time.Time
		rigEventually(t, 2*time.Second, "the batch's subscription takes effect", func() bool {
			published = time.Now()
			return r.publish("/v2/me/chats", 1) == 1
		})
		var res result
		select {
		case res = <-done:
		case <-time.After(2 * time.Second):
			t.Fatal("batch not answered within 2s of the event")
		}
		if res.err != nil {
			t.Fatal(res.err)
		}
		if d := res.at.Sub(published); d > time.Second {
			t.Errorf("batch answered %v after the event; want promptly", d)
		}
		if len(res.reps) != 3 {
			t.Fatalf("%d replies; want 3 (subscribe, connect, event): %+v", len(res.reps), res.reps)
		}
		for i, want := range []string{bayeux.Subscribe, bayeux.Connect, "/v2/me/chats"} {
			if res.reps[i].Channel != want {
				t.Errorf("reply %d: channel = %q; want %q", i, res.reps[i].Channel, want)
			}
		}
		if !res.reps[0].ok() || !res.reps[1].ok() {
			t.Errorf("successful = %s, %s; want true, true", res.reps[0].successful(), res.reps[1].successful())
		}
		rigWantID(t, res.reps[0], "s1")
		rigWantID(t, res.reps[1], "c1")
		rigWantSeqs(t, "batch", res.reps[2:], []int{1})
	})

	for _, tc := range []struct {
		name  string
		first string
		want  int
	}{
		{"subscribe then unsubscribe", bayeux.Subscribe, 0},
		{"unsubscribe then subscribe", bayeux.Unsubscribe, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, nil)
			cid := r.handshake(t, "alice")
			sub, unsub := rigSubscribe(cid, "a", "/v2/me/chats"), rigUnsubscribe(cid, "b", "/v2/me/chats")
			msgs := []rigMsg{sub, unsub}
			if tc.first == bayeux.Unsubscribe {
				msgs = []rigMsg{unsub, sub}
			}
			poll := rigConnect(cid, "c")
			poll["advice"] = map[string]int{"timeout": 0}
			reps := r.post(t, "/", "", append(msgs, poll)...)
			if len(reps) != 3 {
				t.Fatalf("%d replies; want 3", len(reps))
			}
			for i, m := range append(msgs, poll) {
				if reps[i].Channel != m["channel"] || !reps[i].ok() {
					t.Errorf("reply %d = %s successful %s; want %s successful", i, reps[i].Channel, reps[i].successful(), m["channel"])
				}
				rigWantID(t, reps[i], m["id"])
			}
			if n := r.publish("/v2/me/chats", 1); n != tc.want {
				t.Errorf("Publish after the batch = %d clients; want %d", n, tc.want)
			}
		})
	}
}

// Close releases held connects at once and tells them not to reconnect; a later connect
// finds no session, and a later handshake is refused with advice not to retry, so that a
// client is not sent round handshake, connect, 402 in a tight loop.
func TestServerClose(t *testing.T) {
	t.Parallel()
	r := newRig(t, slowHold)
	cid := r.handshake(t, "alice")
	late := r.handshake(t, "bob")
	r.subscribe(t, cid, "/v2/me/chats")
	held := r.pollAsync(t.Context(), cid, -1)
	r.held(t, 1)

	start := time.Now()
	r.srv.Close()
	p := rigAwait(t, held, time.Second, "connect held across Close")
	if d := p.at.Sub(start); d > time.Second {
		t.Errorf("held connect returned %v after Close; want promptly (timeout is 3s)", d)
	}
	if p.rep.Advice == nil || p.rep.Advice.Reconnect != "none" {
		t.Errorf("released connect: advice = %+v; want reconnect none", p.rep.Advice)
	}
	if n := r.srv.Sessions(); n != 0 {
		t.Errorf("Sessions() after Close = %d; want 0", n)
	}

	start = time.Now()
	rep, _ := r.mustPoll(t, late, -1)
	if d := time.Since(start); d > time.Second {
		t.Errorf("connect after Close held %v; want answered at once", d)
	}
	rigWantFailed(t, rep, bayeux.Connect, "503::")
	if rep.Advice == nil || rep.Advice.Reconnect != "none" {
		t.Errorf("connect after Close: advice = %+v; want reconnect none", rep.Advice)
	}

	hs := r.one(t, "/handshake", "alice", rigHandshake("h"))
	rigWantFailed(t, hs, bayeux.Handshake, "")
	if hs.Advice == nil || hs.Advice.Reconnect != "none" {
		t.Errorf("handshake after Close: advice = %+v; want reconnect none", hs.Advice)
	}
	if n := r.srv.Sessions(); n != 0 {
		t.Errorf("Sessions() after a handshake after Close = %d; want 0", n)
	}
	r.srv.Close() // twice is harmless
}

func TestServerExpire(t *testing.T) {
	t.Parallel()
	r := newRig(t, slowHold)
	alice := r.handshake(t, "alice")
	bob := r.handshake(t, "bob")
	held := r.pollAsync(t.Context(), alice, -1)
	r.held(t, 1)
	if n := r.srv.Expire(func(p any) bool { return p == "alice" }); n != 1 {
		t.Errorf("Expire(alice) = %d; want 1", n)
	}
	rigWantUnknown(t, rigAwait(t, held, time.Second, "alice's held connect").rep, bayeux.Connect)
	rep, _ := r.mustPoll(t, alice, 0)
	rigWantUnknown(t, rep, bayeux.Connect)
	if rep, _ := r.mustPoll(t, bob, 0); !rep.ok() {
		t.Errorf("bob's connect: successful = %s; want true", rep.successful())
	}
	if n := r.srv.Sessions(); n != 1 {
		t.Errorf("Sessions() = %d; want 1", n)
	}
}
