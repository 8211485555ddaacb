package bayeux

import (
	"bytes"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Server is a Bayeux server; create it with New. It is an http.Handler.
type Server struct {
	o    Options
	done chan struct{}

	mu        sync.RWMutex // the registry (registry.go)
	clients   map[string]*client
	byWho     map[quotaKey][]*client
	subs      map[string]watchers
	sweepOnce sync.Once
	closeOnce sync.Once
}

// New returns a server.
func New(o Options) *Server {
	if o.Timeout <= 0 {
		o.Timeout = 30 * time.Second
	}
	if o.MaxInterval <= 0 {
		o.MaxInterval = 10 * time.Second
	}
	if o.MaxQueue <= 0 {
		o.MaxQueue = 1000
	}
	if o.MaxBody <= 0 {
		o.MaxBody = 64 << 10
	}
	if o.MaxSubscriptions <= 0 {
		o.MaxSubscriptions = DefaultMaxSubscriptions
	}
	if o.MaxSessions <= 0 {
		o.MaxSessions = DefaultMaxSessions
	}
	if o.MaxSessionsPerPrincipal <= 0 {
		o.MaxSessionsPerPrincipal = DefaultMaxSessionsPerPrincipal
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Server{o: o, done: make(chan struct{}), clients: make(map[string]*client),
		byWho: make(map[quotaKey][]*client), subs: make(map[string]watchers)}
}

// Close releases every held connect and refuses new ones; sessions are dropped.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.mu.Lock()
		for _, c := range s.clients {
			s.removeLocked(c)
			c.close(false) // a held connect is told not to reconnect
		}
		s.mu.Unlock()
	})
}

// Sessions returns how many sessions are live.
func (s *Server) Sessions() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.clients)
}

// Held returns how many connects are being held.
func (s *Server) Held() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, c := range s.clients {
		c.mu.Lock()
		if c.holding && !c.closed {
			n++
		}
		c.mu.Unlock()
	}
	return n
}

// Subscriptions returns how many subscriptions the live sessions hold in all.
func (s *Server) Subscriptions() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	n := 0
	for _, w := range s.subs {
		for _, set := range w {
			n += len(set)
		}
	}
	return n
}

// Expire drops the sessions whose principal matches, as if they had timed out: their next
// connect gets 402 with advice to handshake. It returns how many it dropped.
func (s *Server) Expire(match func(principal any) bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for _, c := range s.clients {
		if match == nil || match(c.principal) {
			s.removeLocked(c)
			c.close(true)
			n++
		}
	}
	return n
}

// Publish offers an event on channel to every client subscribed to it (by name or
// pattern): build returns the data for that client's principal, or false to skip it. It
// never blocks; it returns how many clients were given the event. Its cost is in the
// clients subscribed to the channel, not in every session.
func (s *Server) Publish(channel string, build func(principal any) (data any, ok bool)) int {
	return s.publish(s.targets(channel, "", true), channel, build)
}

// PublishTo is Publish to the clients of one scope only (see Options.Key): its cost is in
// that scope's subscribers, whatever other scopes hold.
func (s *Server) PublishTo(scope, channel string, build func(principal any) (data any, ok bool)) int {
	return s.publish(s.targets(channel, scope, false), channel, build)
}

// publish gives the event to each target in turn; no lock of one client is held while
// another's queue is changed.
func (s *Server) publish(targets []*client, channel string, build func(principal any) (data any, ok bool)) int {
	n := 0
	for _, c := range targets {
		data, ok := build(c.principal)
		if !ok {
			continue
		}
		if s.o.Transform != nil {
			data = s.o.Transform(channel, data)
		}
		switch c.enqueue(event{Channel: channel, Data: data}, s.o.MaxQueue) {
		case enqueued:
			n++
		case overflowed:
			s.drop(c)
			s.o.Logger.Warn("bayeux: client fell behind; session dropped", "clientId", c.id, "maxQueue", s.o.MaxQueue)
		}
	}
	return n
}

// ServeHTTP serves the long-polling transport: POSTed JSON arrays of messages, at the base
// path and every path under it.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if strings.EqualFold(r.Header.Get("Upgrade"), "websocket") {
		// Refused at once, so that CometD clients fall back to long-polling without delay.
		WriteFailure(w, http.StatusBadRequest, "400::websocket is not supported; use the long-polling transport")
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		WriteFailure(w, http.StatusMethodNotAllowed, "405::only POST is served (long-polling)")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.o.MaxBody+1))
	if err != nil {
		WriteFailure(w, http.StatusBadRequest, "400::body could not be read")
		return
	}
	if int64(len(body)) > s.o.MaxBody {
		WriteFailure(w, http.StatusRequestEntityTooLarge, "413::body larger than the limit")
		return
	}
	msgs, err := parseMessages(r.Header.Get("Content-Type"), body)
	if err != nil {
		WriteFailure(w, http.StatusBadRequest, "400::"+err.Error())
		return
	}
	out := s.process(w.Header(), r, msgs)
	if s.o.Deviations.NoIDEcho {
		for i, m := range out {
			if rep, ok := m.(reply); ok {
				rep.ID = nil
				out[i] = rep
			}
		}
	}
	b := s.encode(out)
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = w.Write(b)
}

// encode renders the reply array message by message: an event whose data cannot be
// encoded is logged and left out, and the rest of the reply still goes out.
func (s *Server) encode(out []any) []byte {
	var buf bytes.Buffer
	buf.WriteByte('[')
	n := 0
	for _, m := range out {
		b, err := json.Marshal(m)
		if err != nil {
			s.o.Logger.Error("bayeux: a message could not be encoded; dropped", "err", err)
			continue
		}
		if n > 0 {
			buf.WriteByte(',')
		}
		buf.Write(b)
		n++
	}
	buf.WriteByte(']')
	return buf.Bytes()
}

// WriteFailure answers a request that could not be read as Bayeux messages, or that is
// refused before it is, with status and a Bayeux reply carrying msg.
func WriteFailure(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal([]reply{{Channel: "/meta/unknown", Successful: false, Error: msg}})
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// process answers a batch in order; a connect in it is held last.
func (s *Server) process(h http.Header, r *http.Request, msgs []message) []any {
	if msgs[0].Channel == Handshake {
		// A handshake is never batched: the rest of the batch is ignored.
		return []any{s.handshake(h, r, msgs[0])}
	}
	var out []any
	var held *message
	for i := range msgs {
		m := &msgs[i]
		switch m.Channel {
		case Handshake:
			out = append(out, failed(m, "400::a handshake must be sent alone", nil))
		case Connect:
			if held != nil {
				out = append(out, failed(m, "400::one connect per request", nil))
				continue
			}
			held = m
		case Subscribe, Unsubscribe:
			out = append(out, s.subscribe(m))
		case Disconnect:
			out = append(out, s.disconnect(m))
		case "":
			out = append(out, failed(m, "400::channel missing", nil))
		default:
			if strings.HasPrefix(m.Channel, "/meta/") {
				out = append(out, failed(m, "400::unknown meta channel "+m.Channel, nil))
			} else {
				out = append(out, failed(m, "403::publishing is not allowed on "+m.Channel, nil))
			}
		}
	}
	if held != nil {
		out = append(out, s.connect(r.Context(), held)...)
	}
	return out
}

// lookup returns the live client with the id, or nil; a client past its MaxInterval
// without a connect is dropped here.
func (s *Server) lookup(id string) *client {
	if id == "" {
		return nil
	}
	s.mu.RLock()
	c := s.clients[id]
	s.mu.RUnlock()
	if c == nil {
		return nil
	}
	if c.expired(time.Now(), s.o.MaxInterval) {
		s.drop(c)
		return nil
	}
	return c
}

func (s *Server) drop(c *client) {
	s.mu.Lock()
	s.removeLocked(c)
	s.mu.Unlock()
	c.close(false)
}
