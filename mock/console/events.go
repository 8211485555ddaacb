package console

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// EventsPath is the console's Server-Sent Events stream.
const EventsPath = "/mock/events"

// Bounds of the event stream.
const (
	// MaxClients is how many streams may be open at once; one more is refused with 503.
	MaxClients = 32
	// ClientBuffer is how many events wait for a slow client; past it, the waiting events
	// are dropped and the client is told to reload everything (a "resync" event).
	ClientBuffer = 64
	// MaxStream is how long one stream lasts before the server ends it; the browser
	// reconnects after the stream's retry (1 s), so no stream outlives a server's write
	// timeout.
	MaxStream = 60 * time.Second
	// keepAlive is how often an idle stream gets a comment, so proxies keep it open.
	keepAlive = 15 * time.Second
)

// Event is one change the console may want to show: a topic ("chat", "request", "agent",
// "resync") and a small JSON-able payload naming what changed.
type Event struct {
	Topic string `json:"topic"`
	Data  any    `json:"data,omitempty"`
}

// Hub fans events out to the open streams. Publishing never blocks: each client has a
// bounded buffer; a full one is emptied and marked, and its client gets "resync" instead.
// Create it with NewHub; it is safe for concurrent use.
type Hub struct {
	mu        sync.Mutex
	clients   map[*stream]struct{}
	open      atomic.Int32 // len(clients), read without the lock
	closed    bool
	done      chan struct{}
	maxStream time.Duration
}

// stream is one open client.
type stream struct {
	events chan Event
	mu     sync.Mutex
	behind bool // events were dropped: send resync first
}

// NewHub returns a hub whose streams last at most maxStream (MaxStream when 0).
func NewHub(maxStream time.Duration) *Hub {
	if maxStream <= 0 {
		maxStream = MaxStream
	}
	return &Hub{clients: map[*stream]struct{}{}, done: make(chan struct{}), maxStream: maxStream}
}

// Listening tells whether any stream is open, so that publishers without an audience need
// not build their events.
func (h *Hub) Listening() bool { return h.open.Load() > 0 }

// Clients returns how many streams are open.
func (h *Hub) Clients() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return len(h.clients)
}

// Publish offers e to every open stream without blocking.
func (h *Hub) Publish(e Event) {
	h.mu.Lock()
	defer h.mu.Unlock()
	for s := range h.clients {
		select {
		case s.events <- e:
		default:
			s.mu.Lock()
			s.behind = true
			s.mu.Unlock()
			for len(s.events) > 0 { // make room: the resync replaces whatever waited
				<-s.events
			}
			s.events <- e // only Publish sends, under h.mu: there is room now
		}
	}
}

// Close ends every stream and refuses new ones; it is idempotent.
func (h *Hub) Close() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if !h.closed {
		h.closed = true
		close(h.done)
	}
}

func (h *Hub) join() (*stream, string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	switch {
	case h.closed:
		return nil, "the mock is shutting down"
	case len(h.clients) >= MaxClients:
		return nil, fmt.Sprintf("%d event streams are open, the most the mock serves; close a console tab", MaxClients)
	}
	s := &stream{events: make(chan Event, ClientBuffer)}
	h.clients[s] = struct{}{}
	h.open.Store(int32(len(h.clients)))
	return s, ""
}

func (h *Hub) leave(s *stream) {
	h.mu.Lock()
	defer h.mu.Unlock()
	delete(h.clients, s)
	h.open.Store(int32(len(h.clients)))
}

// ServeEvents streams events as text/event-stream: first "hello", then one "change" event
// per Event (data: its JSON), or "resync" after the client fell behind; comments keep an
// idle stream open. It returns when the client goes, the hub closes, or MaxStream passes.
func (h *Hub) ServeEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		writeError(w, http.StatusInternalServerError, "internal", "streaming is not supported by this connection")
		return
	}
	s, refused := h.join()
	if s == nil {
		w.Header().Set("Retry-After", "5")
		writeError(w, http.StatusServiceUnavailable, "unavailable", refused)
		return
	}
	defer h.leave(s)
	hd := w.Header()
	hd.Set("Content-Type", "text/event-stream")
	hd.Set("Cache-Control", "no-cache")
	hd.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	fmt.Fprint(w, "retry: 1000\nevent: hello\ndata: {}\n\n")
	flusher.Flush()
	end := time.NewTimer(h.maxStream)
	defer end.Stop()
	tick := time.NewTicker(keepAlive)
	defer tick.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case <-h.done:
			return
		case <-end.C:
			return
		case <-tick.C:
			fmt.Fprint(w, ": keep-alive\n\n")
		case e := <-s.events:
			s.mu.Lock()
			behind := s.behind
			s.behind = false
			s.mu.Unlock()
			if behind {
				fmt.Fprint(w, "event: resync\ndata: {}\n\n")
			}
			b, err := json.Marshal(e)
			if err != nil {
				b = []byte(`{"topic":"resync"}`)
			}
			fmt.Fprintf(w, "event: change\ndata: %s\n\n", b)
		}
		flusher.Flush()
	}
}
