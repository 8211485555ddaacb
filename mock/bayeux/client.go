package bayeux

import (
	"context"
	"slices"
	"sync"
	"time"
)

// client is one Bayeux session.
type client struct {
	id         string
	principal  any
	scope, who string // Options.Key of the principal

	mu       sync.Mutex
	subs     map[string]struct{} // channels and patterns; the server's index mirrors it
	queue    []any
	holding  bool
	gen      int           // which held connect is current
	wake     chan struct{} // closed to release the current held connect
	lastSeen time.Time     // when the last connect returned, or the handshake
	started  time.Time     // when the session handshook
	connects int           // connects held so far
	lastConn time.Time     // when the last connect arrived
	closed   bool
	dropped  bool // closed by the server (queue overflow, expiry, shutdown), not by a disconnect
}

func newClient(id string, principal any) *client {
	now := time.Now()
	return &client{id: id, principal: principal, lastSeen: now, started: now}
}

// Outcomes of enqueue.
const (
	enqueued = iota
	closed
	overflowed
)

// enqueue adds an event and wakes the held connect. Past maxQueue undelivered events the
// session is dropped instead (a slow or vanished subscriber must not grow without bound).
func (c *client) enqueue(e any, maxQueue int) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.closed {
		return closed
	}
	if len(c.queue) >= maxQueue {
		c.queue = nil
		c.dropped = true
		c.closeLocked()
		return overflowed
	}
	c.queue = append(c.queue, e)
	c.release()
	return enqueued
}

// release wakes the held connect, if any.
func (c *client) release() {
	if c.wake != nil {
		close(c.wake)
		c.wake = nil
	}
}

func (c *client) close(dropped bool) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.dropped = c.dropped || dropped
	c.closeLocked()
}

func (c *client) closeLocked() {
	c.closed = true
	c.release()
}

// expired: no connect held and none for longer than maxInterval, or closed.
func (c *client) expired(now time.Time, maxInterval time.Duration) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.closed || (!c.holding && now.Sub(c.lastSeen) > maxInterval)
}

// How a wait ended.
const (
	waitOK     = iota
	waitClosed // the client disconnected
	waitGone   // the server dropped the session (overflow, expiry, shutdown)
)

// wait holds a connect: it returns the queued events (at most maxEvents when above 0) at
// once if there are any or timeout is 0, and otherwise when events arrive, the timeout
// passes, a newer connect supersedes this one, the request is cancelled, or the session or
// server closes.
func (c *client) wait(ctx context.Context, timeout time.Duration, done <-chan struct{}, maxEvents int) ([]any, int) {
	c.mu.Lock()
	if c.closed {
		defer c.mu.Unlock()
		return nil, c.endState()
	}
	c.release() // an earlier held connect of this client returns now
	c.gen++
	gen := c.gen
	c.holding = true
	c.connects++
	c.lastConn = time.Now()
	if len(c.queue) == 0 && timeout > 0 {
		wake := make(chan struct{})
		c.wake = wake
		c.mu.Unlock()
		t := time.NewTimer(timeout)
		select {
		case <-wake:
		case <-t.C:
		case <-ctx.Done():
		case <-done:
		}
		t.Stop()
		c.mu.Lock()
	}
	defer c.mu.Unlock()
	if c.gen == gen {
		c.holding = false
		c.wake = nil
		c.lastSeen = time.Now()
	}
	if c.closed {
		return nil, c.endState()
	}
	select {
	case <-done:
		return nil, waitClosed // the server is shutting down: do not reconnect
	default:
	}
	if ctx.Err() != nil {
		return nil, waitOK // nobody reads this reply: leave the events for the next connect
	}
	if c.gen != gen {
		return nil, waitOK // superseded: the newer connect takes the events
	}
	events := c.queue
	c.queue = nil
	if maxEvents > 0 && len(events) > maxEvents {
		c.queue = slices.Clone(events[maxEvents:])
		events = events[:maxEvents]
	}
	return events, waitOK
}

func (c *client) endState() int {
	if c.dropped {
		return waitGone
	}
	return waitClosed
}
