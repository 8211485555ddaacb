package bayeux_test

import (
	"errors"
	"testing"
	"time"

	cbayeux "github.com/chatconform/chatconform/conformance/bayeux"
)

// Long polling through the client against this server: delivery in order, connects
// answered at once, re-handshake after expiry, unsubscribe and disconnect.

func TestClientListenInOrder(t *testing.T) {
	t.Parallel()
	env := startClientEnv(t, clientFastOptions())
	ctx := t.Context()
	c := env.session(t, ctx, clientChats)
	ch := c.Listen(ctx)
	const n = 1000
	for i := range n {
		if got := env.publish(clientChats, i); got != 1 {
			t.Fatalf("publish %d reached %d clients; want 1", i, got)
		}
	}
	for i, m := range clientReceive(t, ch, n, 10*time.Second) {
		if m.Channel != clientChats {
			t.Fatalf("event %d channel = %q; want %q", i, m.Channel, clientChats)
		}
		if got := clientSeq(t, m); got != i {
			t.Fatalf("event %d seq = %d; want %d", i, got, i)
		}
	}
	if got := c.ConnectReplies(); got < 1 || got > n {
		t.Errorf("connect replies with events = %d; want 1..%d", got, n)
	}
	if err := c.Err(); err != nil {
		t.Errorf("listen error = %v; want nil", err)
	}
}

func TestClientConnectAtOnce(t *testing.T) {
	t.Parallel()
	o := clientFastOptions()
	o.Timeout = 5 * time.Second // a held connect would show
	env := startClientEnv(t, o)
	ctx := t.Context()
	c := env.session(t, ctx, clientChats)

	start := time.Now()
	got, err := c.Connect(ctx) // the first asks timeout 0
	if err != nil || len(got) != 0 {
		t.Fatalf("first connect = %d events, %v; want 0, nil", len(got), err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("first connect took %s; want it answered at once (advice timeout 0)", d)
	}
	for i := range 3 {
		env.publish(clientChats, i)
	}
	start = time.Now()
	got, err = c.Connect(ctx)
	if err != nil || len(got) != 3 {
		t.Fatalf("connect = %d events, %v; want 3, nil", len(got), err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("connect with queued events took %s; want it answered at once", d)
	}
	env.publish(clientChats, 3)
	if got, err = c.Connect(ctx); err != nil || len(got) != 1 || clientSeq(t, got[0]) != 3 {
		t.Fatalf("connect = %d events, %v; want the event seq 3", len(got), err)
	}
	if got := c.ConnectReplies(); got != 2 {
		t.Errorf("connect replies with events = %d; want 2", got)
	}
}

func TestClientRehandshakeAfterExpire(t *testing.T) {
	t.Parallel()
	env := startClientEnv(t, clientFastOptions())
	ctx := t.Context()
	c := env.session(t, ctx, clientChats)
	ch := c.Listen(ctx)
	env.publish(clientChats, 1)
	clientReceive(t, ch, 1, 5*time.Second)
	old := c.ClientID()

	if n := env.srv.Expire(nil); n != 1 {
		t.Fatalf("expired %d sessions; want 1", n)
	}
	clientEventually(t, 5*time.Second, func() bool { return c.Rehandshakes() == 1 }, "no re-handshake after expiry")
	if c.ClientID() == old || c.ClientID() == "" {
		t.Errorf("clientId = %q after re-handshake; want a new one (old %q)", c.ClientID(), old)
	}
	if got := env.publish(clientChats, 2); got != 1 {
		t.Fatalf("publish after re-handshake reached %d clients; want 1 (subscribed again)", got)
	}
	if m := clientReceive(t, ch, 1, 5*time.Second)[0]; clientSeq(t, m) != 2 {
		t.Errorf("event seq = %d; want 2", clientSeq(t, m))
	}
	if got := c.Rehandshakes(); got != 1 {
		t.Errorf("rehandshakes = %d; want 1", got)
	}
	if err := c.Err(); err != nil {
		t.Errorf("listen error = %v; want nil (402 is handled, not an error)", err)
	}
}

func TestClientUnsubscribe(t *testing.T) {
	t.Parallel()
	env := startClientEnv(t, clientFastOptions())
	ctx := t.Context()
	c := env.session(t, ctx, clientChats, clientCalls)
	ch := c.Listen(ctx)
	env.publish(clientChats, 1)
	clientReceive(t, ch, 1, 5*time.Second)

	if err := c.Unsubscribe(ctx, clientChats); err != nil {
		t.Fatalf("unsubscribe: %v", err)
	}
	if got := env.publish(clientChats, 2); got != 0 {
		t.Errorf("publish after unsubscribe reached %d clients; want 0", got)
	}
	env.publish(clientCalls, 3) // a marker on the channel still subscribed
	if m := clientReceive(t, ch, 1, 5*time.Second)[0]; m.Channel != clientCalls || clientSeq(t, m) != 3 {
		t.Errorf("event = %s; want the marker on %s (nothing more on %s)", m.Raw, clientCalls, clientChats)
	}

	// A re-handshake subscribes again only to what is still subscribed.
	env.srv.Expire(nil)
	clientEventually(t, 5*time.Second, func() bool { return c.Rehandshakes() == 1 }, "no re-handshake after expiry")
	if got := env.publish(clientChats, 4); got != 0 {
		t.Errorf("publish on %s after re-handshake reached %d clients; want 0", clientChats, got)
	}
	if got := env.publish(clientCalls, 5); got != 1 {
		t.Errorf("publish on %s after re-handshake reached %d clients; want 1", clientCalls, got)
	}
	if m := clientReceive(t, ch, 1, 5*time.Second)[0]; clientSeq(t, m) != 5 {
		t.Errorf("event = %s; want seq 5", m.Raw)
	}
}

func TestClientDisconnectEndsListen(t *testing.T) {
	t.Parallel()
	o := clientFastOptions()
	o.Timeout = 5 * time.Second // Disconnect must not wait for the held connect to time out
	env := startClientEnv(t, o)
	ctx := t.Context()
	c := env.session(t, ctx, clientChats)
	ch := c.Listen(ctx)
	env.publish(clientChats, 1)
	clientReceive(t, ch, 1, 5*time.Second) // the loop is running; its next connect is held

	start := time.Now()
	if err := c.Disconnect(ctx); err != nil {
		t.Fatalf("disconnect = %v; want nil", err)
	}
	clientClosed(t, ch, time.Second)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("disconnect and stop took %s; want well under the 5 s hold", d)
	}
	if n := env.srv.Sessions(); n != 0 {
		t.Errorf("server sessions = %d after disconnect; want 0", n)
	}
	if id := c.ClientID(); id != "" {
		t.Errorf("clientId = %q after disconnect; want empty", id)
	}
	if err := c.Err(); err != nil {
		t.Errorf("listen error = %v; want nil", err)
	}
	if _, err := c.Connect(ctx); !errors.Is(err, cbayeux.ErrDisconnected) {
		t.Errorf("connect after disconnect = %v; want ErrDisconnected", err)
	}
}
