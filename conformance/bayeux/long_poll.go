package bayeux

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"time"
)

const (
	// retryMin and retryMax bound the back-off of Listen after an error.
	retryMin = 50 * time.Millisecond
	retryMax = 2 * time.Second
	// listenBuffer is how many events Listen may hold for a slow reader.
	listenBuffer = 64
)

// Connect sends one /meta/connect (long-polling; the first of a session asks for advice
// timeout 0, so that it is answered at once) to base+"/connect" and returns the events of
// the reply, in order, after any that came with other replies. The request may last the
// server's advice timeout plus the request timeout. The reply must echo the id. When it
// advises reconnect "handshake" (402, unknown client), Connect handshakes again and
// subscribes to the remembered channels again (see Rehandshakes), and returns the events
// with a nil error; the next Connect is the new session's first. Advice on the reply
// updates Advice. Only one Connect may be outstanding.
func (c *Client) Connect(ctx context.Context) ([]Message, error) {
	if err := c.rehandshake(ctx); err != nil { // left over from a failed re-handshake
		return c.takePending(), fmt.Errorf("connect: %w", err)
	}
	clientID, gen, first, hold, err := c.beginConnect()
	if err != nil {
		return nil, fmt.Errorf("connect: %w", err)
	}
	defer func() {
		c.mu.Lock()
		c.connecting = false
		c.mu.Unlock()
	}()

	id := c.nextID()
	msg := map[string]any{"id": id, "channel": MetaConnect, "clientId": clientID, "connectionType": LongPolling}
	if first {
		msg["advice"] = map[string]any{"timeout": 0}
	}
	all, err := c.request(ctx, "/connect", hold+c.timeout, msg)
	out := c.takePending()
	if err != nil {
		return out, fmt.Errorf("connect: %w", err)
	}
	ev := events(all)
	out = append(out, ev...)
	r, rerr := reply(all, MetaConnect, id)
	c.record(gen, len(ev) > 0, r.Advice, rerr == nil)

	var re *ReplyError
	switch {
	case rerr == nil && r.Reconnect() == "none":
		return out, fmt.Errorf("connect: %w", ErrNoReconnect)
	case rerr == nil:
		return out, nil
	case !errors.As(rerr, &re) || re.Reply.Reconnect() != "handshake":
		return out, fmt.Errorf("connect: %w", rerr)
	}
	c.mu.Lock()
	if c.gen == gen { // not already handshaken again, nor disconnected, meanwhile
		c.needHandshake = true
	}
	c.mu.Unlock()
	if err := c.rehandshake(ctx); err != nil {
		return out, fmt.Errorf("connect: %v; then %w", re, err)
	}
	return out, nil
}

// beginConnect marks a connect outstanding and returns what it needs: the session, whether
// it is the session's first connect, and how long the server may hold it.
func (c *Client) beginConnect() (clientID string, gen int, first bool, hold time.Duration, err error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	switch {
	case c.closed:
		return "", 0, false, 0, ErrDisconnected
	case c.clientID == "":
		return "", 0, false, 0, ErrNotHandshaken
	case c.connecting:
		return "", 0, false, 0, ErrConnectBusy
	}
	c.connecting = true
	return c.clientID, c.gen, !c.connected, millis(c.advice, "timeout", defaultHold), nil
}

// record counts a connect reply with events and, if the session is still gen, takes its
// advice and notes a successful connect.
func (c *Client) record(gen int, withEvents bool, advice map[string]any, ok bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if withEvents {
		c.connectReplies++
	}
	if c.gen != gen {
		return
	}
	maps.Copy(c.advice, advice)
	c.connected = c.connected || ok
}

// takePending returns the events kept from replies other than connect's.
func (c *Client) takePending() []Message {
	c.mu.Lock()
	defer c.mu.Unlock()
	p := c.pending
	c.pending = nil
	return p
}

// millis reads an advice field in milliseconds; def when absent or not a number.
func millis(advice map[string]any, key string, def time.Duration) time.Duration {
	v, ok := advice[key].(float64)
	if !ok {
		return def
	}
	return time.Duration(max(v, 0)) * time.Millisecond
}

// Listen starts a goroutine that calls Connect in a loop and sends the events it returns on
// the channel, in order, waiting the advice interval before each connect (the first too, as
// CometD does). Errors are retried
// with a short back-off (50 ms doubling to 2 s) and reported by Err, and so is a second
// re-handshake in a row; it stops for good on reconnect "none", on a missing session and on
// ErrConnectBusy. The channel is closed when the goroutine stops: when ctx is done, after
// Disconnect, or on such a final error. Stopping abandons the held connect: events that the
// server puts in its reply are lost, as with any long-polling client. Only one Listen may
// run at a time: a second one gets a closed channel and Err reports ErrListening.
func (c *Client) Listen(ctx context.Context) <-chan Message {
	out := make(chan Message, listenBuffer)
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.listenDone != nil {
		c.err = fmt.Errorf("listen: %w", ErrListening)
		close(out)
		return out
	}
	lctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	c.listenStop, c.listenDone, c.err = cancel, done, nil
	go func() {
		defer close(done)
		defer close(out)
		defer func() {
			cancel()
			c.mu.Lock()
			c.listenStop, c.listenDone = nil, nil
			c.mu.Unlock()
		}()
		c.listen(lctx, out)
	}()
	return out
}

func (c *Client) listen(ctx context.Context, out chan<- Message) {
	var backoff time.Duration
	var again bool // the last connect ended in a re-handshake
	c.mu.Lock()
	first := millis(c.advice, "interval", 0) // CometD waits the interval before the first connect too
	c.mu.Unlock()
	if !sleep(ctx, first) {
		return
	}
	for ctx.Err() == nil {
		before := c.Rehandshakes()
		msgs, err := c.Connect(ctx)
		rehandshook := c.Rehandshakes() > before
		if err == nil && rehandshook && again {
			// A server that wants a handshake on every connect must not be hammered.
			err = errors.New("connect: server advised a handshake again right after a re-handshake")
		}
		again = rehandshook
		for _, m := range msgs {
			select {
			case out <- m:
			case <-ctx.Done():
				return
			}
		}
		c.mu.Lock()
		closed := c.closed
		wait := millis(c.advice, "interval", 0)
		c.mu.Unlock()
		if ctx.Err() != nil || closed {
			return
		}
		if err != nil {
			c.mu.Lock()
			c.err = err
			c.mu.Unlock()
			if errors.Is(err, ErrNoReconnect) || errors.Is(err, ErrNotHandshaken) ||
				errors.Is(err, ErrDisconnected) || errors.Is(err, ErrConnectBusy) {
				return
			}
			backoff = min(max(2*backoff, retryMin), retryMax)
			wait = backoff
		} else {
			backoff = 0
		}
		if !sleep(ctx, wait) {
			return
		}
	}
}

// sleep waits d (nothing when d is not positive) and reports whether ctx is still live.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// stopListen cancels a running Listen and waits for its goroutine to return.
func (c *Client) stopListen(ctx context.Context) error {
	c.mu.Lock()
	stop, done := c.listenStop, c.listenDone
	c.mu.Unlock()
	if stop == nil {
		return nil
	}
	stop()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
