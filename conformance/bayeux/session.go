package bayeux

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"
)

// Handshake starts a new session: it sends /meta/handshake (version and minimumVersion
// "1.0", supportedConnectionTypes ["long-polling"], advice as CometD sends it) and keeps the
// clientId and advice of the reply. The reply must echo the id, be successful, carry a
// clientId and offer long-polling; a refusal is an error quoting the server's error text
// (a *ReplyError, which wraps ErrNoReconnect when the advice says reconnect "none"). The
// subscriptions of an earlier session are forgotten.
func (c *Client) Handshake(ctx context.Context) error {
	c.opMu.Lock()
	defer c.opMu.Unlock()
	if err := c.handshake(ctx); err != nil {
		return err
	}
	c.mu.Lock()
	c.subs, c.closed = nil, false
	c.mu.Unlock()
	return nil
}

// handshake sends the handshake and stores the session; the caller holds opMu.
func (c *Client) handshake(ctx context.Context) error {
	id := c.nextID()
	all, err := c.request(ctx, "/handshake", c.timeout, map[string]any{
		"id":                       id,
		"channel":                  MetaHandshake,
		"version":                  "1.0",
		"minimumVersion":           "1.0",
		"supportedConnectionTypes": []string{LongPolling},
		"advice":                   map[string]any{"timeout": 60000, "interval": 0},
	})
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	r, err := reply(all, MetaHandshake, id)
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	switch {
	case r.ClientID == "":
		return fmt.Errorf("handshake: successful reply without clientId: %s", snippet(r.Raw))
	case !slices.Contains(r.SupportedConnectionTypes, LongPolling):
		return fmt.Errorf("handshake: server offers supportedConnectionTypes %q; want %q among them",
			r.SupportedConnectionTypes, LongPolling)
	}
	c.keep(all)
	c.mu.Lock()
	defer c.mu.Unlock()
	c.clientID = r.ClientID
	c.gen++
	c.advice = maps.Clone(r.Advice)
	if c.advice == nil {
		c.advice = map[string]any{}
	}
	c.connected, c.needHandshake = false, false
	return nil
}

// Subscribe subscribes to channels (names or patterns), one message each, batched in one
// request to base+"/". Each reply must echo its id and be successful. The channels are
// remembered, and subscribed again after a re-handshake.
func (c *Client) Subscribe(ctx context.Context, channels ...string) error {
	c.opMu.Lock()
	defer c.opMu.Unlock()
	if err := c.subscribe(ctx, MetaSubscribe, channels); err != nil {
		return fmt.Errorf("subscribe %s: %w", strings.Join(channels, ","), err)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range channels {
		if !slices.Contains(c.subs, ch) {
			c.subs = append(c.subs, ch)
		}
	}
	return nil
}

// Unsubscribe unsubscribes from channels, as Subscribe subscribes. They are forgotten even
// when the server refuses, so that a re-handshake does not subscribe them again.
func (c *Client) Unsubscribe(ctx context.Context, channels ...string) error {
	c.opMu.Lock()
	defer c.opMu.Unlock()
	c.mu.Lock()
	c.subs = slices.DeleteFunc(c.subs, func(s string) bool { return slices.Contains(channels, s) })
	c.mu.Unlock()
	if err := c.subscribe(ctx, MetaUnsubscribe, channels); err != nil {
		return fmt.Errorf("unsubscribe %s: %w", strings.Join(channels, ","), err)
	}
	return nil
}

// subscribe sends one subscribe or unsubscribe message per channel; the caller holds opMu.
func (c *Client) subscribe(ctx context.Context, meta string, channels []string) error {
	if len(channels) == 0 {
		return errors.New("no channel given")
	}
	c.mu.Lock()
	clientID, closed := c.clientID, c.closed
	c.mu.Unlock()
	switch {
	case closed:
		return ErrDisconnected
	case clientID == "":
		return ErrNotHandshaken
	}
	ids := make([]string, len(channels))
	msgs := make([]any, len(channels))
	for i, ch := range channels {
		ids[i] = c.nextID()
		msgs[i] = map[string]any{"id": ids[i], "channel": meta, "clientId": clientID, "subscription": ch}
	}
	all, err := c.request(ctx, "/", c.timeout, msgs...)
	if err != nil {
		return err
	}
	c.keep(all)
	var errs []error
	for i, ch := range channels {
		if _, err := reply(all, meta, ids[i]); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", ch, err))
		}
	}
	return errors.Join(errs...)
}

// Disconnect sends /meta/disconnect (if there is a session), ends the session and stops
// Listen, waiting until its goroutine has returned or ctx is done. A later Handshake starts
// over.
func (c *Client) Disconnect(ctx context.Context) error {
	err := c.disconnect(ctx)
	if serr := c.stopListen(ctx); serr != nil && err == nil {
		err = fmt.Errorf("disconnect: wait for listen to stop: %w", serr)
	}
	return err
}

func (c *Client) disconnect(ctx context.Context) error {
	c.opMu.Lock()
	defer c.opMu.Unlock()
	c.mu.Lock()
	clientID := c.clientID
	c.closed, c.clientID, c.subs, c.pending, c.needHandshake = true, "", nil, nil, false
	c.gen++
	c.mu.Unlock()
	if clientID == "" {
		return nil
	}
	id := c.nextID()
	all, err := c.request(ctx, "/disconnect", c.timeout,
		map[string]any{"id": id, "channel": MetaDisconnect, "clientId": clientID})
	if err != nil {
		return fmt.Errorf("disconnect: %w", err)
	}
	if _, err := reply(all, MetaDisconnect, id); err != nil {
		return fmt.Errorf("disconnect: %w", err)
	}
	return nil
}

// rehandshake handshakes again and resubscribes when the server advised it; the count goes
// up once both succeeded. If resubscribing fails, the next call starts over.
func (c *Client) rehandshake(ctx context.Context) error {
	c.opMu.Lock()
	defer c.opMu.Unlock()
	c.mu.Lock()
	closed, need, subs := c.closed, c.needHandshake, slices.Clone(c.subs)
	c.mu.Unlock()
	switch {
	case closed:
		return ErrDisconnected
	case !need:
		return nil
	}
	if err := c.handshake(ctx); err != nil {
		return fmt.Errorf("re-handshake: %w", err)
	}
	if len(subs) > 0 {
		if err := c.subscribe(ctx, MetaSubscribe, subs); err != nil {
			c.mu.Lock()
			c.needHandshake = true
			c.mu.Unlock()
			return fmt.Errorf("subscribe again after re-handshake: %w", err)
		}
	}
	c.mu.Lock()
	c.rehandshakes++
	c.mu.Unlock()
	return nil
}
