package bayeux

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Options configure a Server; zero values take the defaults.
type Options struct {
	// Timeout is how long a /meta/connect is held when nothing is queued (default 30 s).
	Timeout time.Duration
	// MaxInterval: a client with no connect outstanding for longer loses its session
	// (default 10 s).
	MaxInterval time.Duration
	// MaxQueue is how many undelivered events a client may have; one more drops its
	// session (default 1000).
	MaxQueue int
	// MaxBody is the largest request body (default 64 KiB).
	MaxBody int64
	// Authenticate checks a handshake's HTTP request and returns who it is; an error denies
	// the handshake. Nil accepts everyone.
	Authenticate func(r *http.Request) (principal any, err error)
	// Logger logs protocol events at debug level (default: discard).
	Logger *slog.Logger
}

// Server is a Bayeux server; create it with New. It is an http.Handler.
type Server struct {
	o    Options
	done chan struct{}

	mu        sync.RWMutex
	clients   map[string]*client
	lastSweep time.Time
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
	if o.Logger == nil {
		o.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	return &Server{o: o, done: make(chan struct{}), clients: make(map[string]*client), lastSweep: time.Now()}
}

// Close releases every held connect and refuses new ones; sessions are dropped.
func (s *Server) Close() {
	s.closeOnce.Do(func() {
		close(s.done)
		s.mu.Lock()
		for id, c := range s.clients {
			c.close(false) // a held connect is told not to reconnect
			delete(s.clients, id)
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

// Expire drops the sessions whose principal matches, as if they had timed out: their next
// connect gets 402 with advice to handshake. It returns how many it dropped.
func (s *Server) Expire(match func(principal any) bool) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	n := 0
	for id, c := range s.clients {
		if match == nil || match(c.principal) {
			c.close(true)
			delete(s.clients, id)
			n++
		}
	}
	return n
}

// Publish offers an event on channel to every client subscribed to it (by name or
// pattern): build returns the data for that client's principal, or false to skip it. It
// never blocks; it returns how many clients were given the event.
func (s *Server) Publish(channel string, build func(principal any) (data any, ok bool)) int {
	s.sweep()
	s.mu.RLock()
	targets := make([]*client, 0, len(s.clients))
	for _, c := range s.clients {
		targets = append(targets, c)
	}
	s.mu.RUnlock()
	n := 0
	for _, c := range targets {
		if !c.subscribed(channel) {
			continue
		}
		data, ok := build(c.principal)
		if !ok {
			continue
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
		http.Error(w, "websocket is not supported; use the long-polling transport", http.StatusBadRequest)
		return
	}
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeFailure(w, http.StatusMethodNotAllowed, "405::only POST is served (long-polling)")
		return
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.o.MaxBody+1))
	if err != nil {
		writeFailure(w, http.StatusBadRequest, "400::body could not be read")
		return
	}
	if int64(len(body)) > s.o.MaxBody {
		writeFailure(w, http.StatusRequestEntityTooLarge, "413::body larger than the limit")
		return
	}
	msgs, err := parseMessages(r.Header.Get("Content-Type"), body)
	if err != nil {
		writeFailure(w, http.StatusBadRequest, "400::"+err.Error())
		return
	}
	s.sweep()
	b := s.encode(s.process(r, msgs))
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

// writeFailure answers a request that could not be read as Bayeux messages.
func writeFailure(w http.ResponseWriter, status int, msg string) {
	b, _ := json.Marshal([]reply{{Channel: "/meta/unknown", Successful: false, Error: msg}})
	w.Header().Set("Content-Type", "application/json;charset=UTF-8")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

// process answers a batch in order; a connect in it is held last.
func (s *Server) process(r *http.Request, msgs []message) []any {
	if msgs[0].Channel == Handshake {
		// A handshake is never batched: the rest of the batch is ignored.
		return []any{s.handshake(r, msgs[0])}
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

func failed(m *message, msg string, a *advice) reply {
	return reply{Channel: m.Channel, ID: m.ID, Successful: false, Error: msg, Advice: a}
}

func unknownClient(m *message) reply {
	return failed(m, "402::Unknown client", &advice{Reconnect: "handshake", Interval: ms(0)})
}

func (s *Server) handshake(r *http.Request, m message) reply {
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
	s.mu.Lock()
	select {
	case <-s.done: // Close ran after the check above
		s.mu.Unlock()
		return failed(&m, "503::the server is shutting down", deny)
	default:
	}
	s.clients[id] = c
	s.mu.Unlock()
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
	if s.clients[c.id] == c {
		delete(s.clients, c.id)
	}
	s.mu.Unlock()
	c.close(false)
}

// sweep drops expired and overflowed sessions, at most once per second.
func (s *Server) sweep() {
	now := time.Now()
	s.mu.RLock()
	due := now.Sub(s.lastSweep) >= time.Second
	s.mu.RUnlock()
	if !due {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if now.Sub(s.lastSweep) < time.Second {
		return
	}
	s.lastSweep = now
	for id, c := range s.clients {
		if c.expired(now, s.o.MaxInterval) {
			c.close(false)
			delete(s.clients, id)
		}
	}
}

func (s *Server) subscribe(m *message) reply {
	c := s.lookup(m.ClientID)
	if c == nil {
		return unknownClient(m)
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
	c.setSubscriptions(names, m.Channel == Subscribe)
	return reply{Channel: m.Channel, ID: m.ID, Successful: true, Subscription: m.Subscription}
}

func withSub(r reply, m *message) reply {
	r.Subscription = m.Subscription
	return r
}

func (s *Server) disconnect(m *message) reply {
	c := s.lookup(m.ClientID)
	if c == nil {
		return unknownClient(m)
	}
	s.drop(c)
	return reply{Channel: Disconnect, ID: m.ID, Successful: true}
}

// connect holds the request until the client has events, the timeout passes, the client
// sends another connect or disconnects, or the server closes; it returns the connect reply
// followed by the events.
func (s *Server) connect(ctx context.Context, m *message) []any {
	c := s.lookup(m.ClientID)
	if c == nil {
		return []any{unknownClient(m)}
	}
	if m.ConnectionType != "" && m.ConnectionType != LongPolling {
		return []any{failed(m, "400::connectionType "+m.ConnectionType+" is not offered; use long-polling", nil)}
	}
	timeout := s.o.Timeout
	if m.Advice != nil && m.Advice.Timeout != nil && *m.Advice.Timeout >= 0 {
		timeout = min(timeout, time.Duration(*m.Advice.Timeout)*time.Millisecond)
	}
	events, state := c.wait(ctx, timeout, s.done)
	ok := reply{Channel: Connect, ID: m.ID, Successful: true,
		Advice: &advice{Reconnect: "retry", Interval: ms(0), Timeout: ms(s.o.Timeout.Milliseconds())}}
	switch state {
	case waitGone:
		s.drop(c)
		return []any{unknownClient(m)}
	case waitClosed: // disconnected by the client
		ok.Advice = &advice{Reconnect: "none", Interval: ms(0)}
	}
	return append([]any{ok}, events...)
}
