package console

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

// gatedWriter is a ResponseWriter whose writes after the first flush wait for the gate to
// open: a client that stopped reading.
type gatedWriter struct {
	header  http.Header
	gate    chan struct{}
	mu      sync.Mutex
	out     strings.Builder
	flushed bool
}

func (g *gatedWriter) Header() http.Header { return g.header }
func (g *gatedWriter) WriteHeader(int)     {}
func (g *gatedWriter) Write(b []byte) (int, error) {
	g.mu.Lock()
	flushed := g.flushed
	g.mu.Unlock()
	if flushed {
		<-g.gate
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.out.Write(b)
}
func (g *gatedWriter) Flush() { g.mu.Lock(); g.flushed = true; g.mu.Unlock() }
func (g *gatedWriter) String() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.out.String()
}

// TestSlowClientIsBounded: a client that stops reading holds at most ClientBuffer events;
// the publisher never blocks, and the client is told to resync before what is left.
func TestSlowClientIsBounded(t *testing.T) {
	h := NewHub(time.Minute)
	w := &gatedWriter{header: http.Header{}, gate: make(chan struct{})}
	ctx, cancel := context.WithCancel(context.Background())
	r := httptest.NewRequest("GET", EventsPath, nil).WithContext(ctx)
	done := make(chan struct{})
	go func() { h.ServeEvents(w, r); close(done) }()
	for h.Clients() == 0 {
		time.Sleep(time.Millisecond)
	}
	for !strings.Contains(w.String(), "event: hello") {
		time.Sleep(time.Millisecond)
	}
	const n = 10 * ClientBuffer
	for i := range n {
		h.Publish(Event{Topic: "request", Data: i}) // must not block
	}
	h.mu.Lock()
	var held int
	for s := range h.clients {
		held = len(s.events)
	}
	h.mu.Unlock()
	if held > ClientBuffer {
		t.Errorf("%d events held for the slow client; want at most %d", held, ClientBuffer)
	}
	close(w.gate)
	for !strings.Contains(w.String(), fmt.Sprintf(`"data":%d}`, n-1)) {
		time.Sleep(time.Millisecond)
	}
	cancel()
	<-done
	out := w.String()
	changes := strings.Count(out, "event: change")
	if !strings.Contains(out, "event: resync") || changes > ClientBuffer+2 || changes >= n {
		t.Errorf("the slow client got %d changes and resync %v; want a resync and at most %d changes", changes, strings.Contains(out, "event: resync"), ClientBuffer+2)
	}
	if h.Clients() != 0 {
		t.Errorf("%d clients after the stream ended; want 0", h.Clients())
	}
}

// TestClientLimit: MaxClients streams at once; one more gets 503 in the control API's
// envelope until one closes.
func TestClientLimit(t *testing.T) {
	h := NewHub(time.Minute)
	srv := httptest.NewServer(http.HandlerFunc(h.ServeEvents))
	defer srv.Close()
	defer h.Close()
	var bodies []io.Closer
	defer func() {
		for _, b := range bodies {
			b.Close()
		}
	}()
	for range MaxClients {
		resp, err := http.Get(srv.URL)
		if err != nil {
			t.Fatal(err)
		}
		if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
			t.Fatalf("stream = %d %s; want 200 text/event-stream", resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		line, _ := bufio.NewReader(resp.Body).ReadString('\n')
		if line != "retry: 1000\n" {
			t.Fatalf("first line = %q; want the retry", line)
		}
		bodies = append(bodies, resp.Body)
	}
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 503 || !strings.Contains(string(b), `"code":"unavailable"`) || !strings.Contains(string(b), fmt.Sprintf("%d event streams are open", MaxClients)) {
		t.Errorf("stream %d = %d %s; want 503 naming the limit", MaxClients+1, resp.StatusCode, b)
	}
	bodies[0].Close()
	bodies = bodies[1:]
	for deadline := time.Now().Add(10 * time.Second); h.Clients() >= MaxClients && time.Now().Before(deadline); {
		time.Sleep(5 * time.Millisecond)
	}
	resp, err = http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	bodies = append(bodies, resp.Body)
	if resp.StatusCode != 200 {
		t.Errorf("after one closed, a stream = %d; want 200", resp.StatusCode)
	}
}

// TestStreamEnds: a stream ends by itself after its maximum time, and at Close.
func TestStreamEnds(t *testing.T) {
	h := NewHub(50 * time.Millisecond)
	srv := httptest.NewServer(http.HandlerFunc(h.ServeEvents))
	defer srv.Close()
	resp, err := http.Get(srv.URL)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(resp.Body) // returns when the server ends the stream
	resp.Body.Close()
	if err != nil || !strings.HasSuffix(string(b), "event: hello\ndata: {}\n\n") {
		t.Errorf("stream = %q, %v; want hello and a clean end", b, err)
	}
	h2 := NewHub(time.Hour)
	srv2 := httptest.NewServer(http.HandlerFunc(h2.ServeEvents))
	defer srv2.Close()
	resp, err = http.Get(srv2.URL)
	if err != nil {
		t.Fatal(err)
	}
	h2.Close()
	if _, err := io.ReadAll(resp.Body); err != nil {
		t.Errorf("after Close the stream = %v; want a clean end", err)
	}
	resp.Body.Close()
	resp, _ = http.Get(srv2.URL)
	if resp.StatusCode != 503 {
		t.Errorf("a stream after Close = %d; want 503", resp.StatusCode)
	}
	resp.Body.Close()
}
