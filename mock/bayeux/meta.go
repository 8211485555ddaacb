package bayeux

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"strings"
	"time"
)

// failed is an unsuccessful reply to m.
func failed(m *message, msg string, a *advice) reply {
	return reply{Channel: m.Channel, ID: m.ID, Successful: false, Error: msg, Advice: a}
}

// unknownClient answers a message from a client without a live session: 402, advice to

func (s *Server) unknownClient(m *message) reply {
	if s.o.Deviations.No402Advice {
		return failed(m, "Unknown client", nil)
	}
	return failed(m, "402::Unknown client", &advice{Reconnect: "handshake", Interval: ms(0)})
}

// retryInterval is how long a client refused for the server's session quota is advised to
// wait before it handshakes again.
const retryInterval = 5 * time.Second

// handshake opens a session when the client offers long-polling and Authenticate accepts the
// request.
func (s *Server) handshake(h http.Header, r *http.Request, m message) reply {
	deny := &advice{Reconnect: "none", Interval: ms(0)}
	select {
	case <-s.done:
		return failed(&m, "503::the server is shutting down", deny)
	default:
	}
	common := false
	for _, t := range m.SupportedConnectionTypes {
		common = common || t == LongPolling
	}
	if !common {
		rep := failed(&m, "400::no common connection type; the server offers long-polling", deny)
		rep.SupportedConnectionTypes = []string{LongPolling}
		rep.Version = "1.0"
		return rep
	}
	var principal any
	if s.o.Authenticate != nil {
		p, err := s.o.Authenticate(r)
		if err != nil {
			s.o.Logger.Debug("bayeux: handshake denied", "err", err)
			return failed(&m, "403::handshake denied: "+err.Error(), deny)
		}
		principal = p
	}
	id := newClientID()
	c := newClient(id, principal)
	if s.o.Key != nil {
		c.scope, c.who = s.o.Key(principal)
	}
	s.sweepOnce.Do(func() { go s.sweeper(min(s.o.MaxInterval/2, time.Second)) })
	s.mu.Lock()
	select {
	case <-s.done: // Close ran after the check above
		s.mu.Unlock()
		return failed(&m, "503::the server is shutting down", deny)
	default:
	}
	refused := s.admit(c)
	s.mu.Unlock()
	if refused != "" {
		s.o.Logger.Debug("bayeux: handshake refused", "err", refused)
		return failed(&m, refused, &advice{Reconnect: "handshake", Interval: ms(retryInterval.Milliseconds())})
	}
	if s.o.OnHandshake != nil {
		s.o.OnHandshake(h, principal)
	}
	return reply{
		Channel: Handshake, ID: m.ID, ClientID: id, Successful: true,
		Version: "1.0", MinimumVersion: "1.0", SupportedConnectionTypes: []string{LongPolling},
		Advice: &advice{Reconnect: "retry", Interval: ms(0), Timeout: ms(s.o.Timeout.Milliseconds())},
	}
}

func newClientID() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// subscribe adds or removes the client's subscriptions.
func (s *Server) subscribe(m *message) reply {
	c := s.lookup(m.ClientID)
	if c == nil {
		return s.unknownClient(m)
	}
	names, err := subscriptions(m.Subscription)
	if err != nil {
		return failed(m, "400::"+err.Error(), nil)
	}
	for _, n := range names {
		switch {
		case !validChannel(n):
			return withSub(failed(m, "403:"+n+":subscription_invalid", nil), m)
		case strings.HasPrefix(n, "/meta/") || n == "/meta" || strings.HasPrefix(n, "/service/"):
			return withSub(failed(m, "403:"+n+":subscribe_denied", nil), m)
		}
	}
	if m.Channel == Subscribe || !s.o.Deviations.UnsubscribeNoop {
		if refused := s.setSubscriptions(c, names, m.Channel == Subscribe); refused != "" {
			return withSub(failed(m, refused, nil), m)
		}
	}
	return reply{Channel: m.Channel, ID: m.ID, Successful: true, Subscription: m.Subscription}
}

func withSub(r reply, m *message) reply {
	r.Subscription = m.Subscription
	return r
}

// disconnect ends the session and wakes its held connect.
func (s *Server) disconnect(m *message) reply {
	c := s.lookup(m.ClientID)
	if c == nil {
		return s.unknownClient(m)
	}
	s.drop(c)
	return reply{Channel: Disconnect, ID: m.ID, Successful: true}
}

// connect holds the request until the client has events, the timeout passes, the client
// sends another connect or disconnects, or the server closes; it returns the connect reply
// followed by the events.
func (s *Server) connect(ctx context.Context, m *message) []any {
	select {
	case <-s.done:
		return []any{failed(m, "503::the server is shutting down", &advice{Reconnect: "none", Interval: ms(0)})}
	default:
	}
	c := s.lookup(m.ClientID)
	if c == nil {
		return []any{s.unknownClient(m)}
	}
	if m.ConnectionType != "" && m.ConnectionType != LongPolling {
		return []any{failed(m, "400::connectionType "+m.ConnectionType+" is not offered; use long-polling", nil)}
	}
	timeout := s.o.Timeout
	if m.Advice != nil && m.Advice.Timeout != nil && *m.Advice.Timeout >= 0 {
		timeout = min(timeout, time.Duration(*m.Advice.Timeout)*time.Millisecond)
	}
	events, state := c.wait(ctx, timeout, s.done, s.o.MaxEventsPerReply)
	ok := reply{Channel: Connect, ID: m.ID, Successful: true,
		Advice: &advice{Reconnect: "retry", Interval: ms(0), Timeout: ms(s.o.Timeout.Milliseconds())}}
	switch state {
	case waitGone:
		s.drop(c)
		return []any{s.unknownClient(m)}
	case waitClosed: // disconnected by the client
		ok.Advice = &advice{Reconnect: "none", Interval: ms(0)}
	}
	return append([]any{ok}, events...)
}
