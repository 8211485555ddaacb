package probe

import (
	"bytes"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"

	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// Harness serves fuzzed requests to one mock and checks what holds for every answer. Every
// request meets the state the fixtures define: a success that changed the vendor's chats is
// followed by a reload of the fixtures. It is not safe for concurrent use (the fuzzer calls
// a target sequentially in each worker).
type Harness struct {
	m        *mock.Mock
	vendor   string
	baseline string
	log      *buffer
}

// NewHarness builds a mock that serves only the adapter v, in strict mode (a response
// that breaks its spec becomes a 500), with the default fixtures, then opts; the mock's log
// is kept per request for failure messages. Build it once per fuzz target: it takes about
// as long as a hundred requests.
func NewHarness(v api.Vendor, opts ...mock.Option) (*Harness, error) {
	log := &buffer{}
	opts = append([]mock.Option{
		mock.WithVendors(v), mock.WithStrict(true), mock.WithLogger(slog.New(slog.NewTextHandler(log, nil))),
	}, opts...)
	m, err := mock.New(opts...)
	if err != nil {
		return nil, fmt.Errorf("new mock: %w", err)
	}
	return &Harness{m: m, vendor: v.Name(), baseline: Fingerprint(m.Store(), v.Name()), log: log}, nil
}

// Mock returns the mock under test.
func (h *Harness) Mock() *mock.Mock { return h.m }

// Close stops the mock's background work.
func (h *Harness) Close() { h.m.Close() }

// Serve serves req and returns the response. It fails on a 5xx and on an error response
// (400 and up) that came with a change of the vendor's chats.
func (h *Harness) Serve(req *http.Request) (*httptest.ResponseRecorder, error) {
	h.log.reset()
	rec := httptest.NewRecorder()
	h.m.ServeHTTP(rec, req)
	if rec.Code >= 500 {
		return rec, fmt.Errorf("status %d; want no 5xx: %s\nmock log:\n%s", rec.Code, rec.Body.Bytes(), h.log)
	}
	after := Fingerprint(h.m.Store(), h.vendor)
	if after == h.baseline {
		return rec, nil
	}
	if rec.Code >= 400 {
		return rec, fmt.Errorf("status %d changed the chats:\n%s", rec.Code, diff(h.baseline, after))
	}
	if err := h.m.Reset(); err != nil {
		return rec, fmt.Errorf("reload the fixtures: %w", err)
	}
	h.baseline = Fingerprint(h.m.Store(), h.vendor)
	return rec, nil
}

// Fingerprint renders the state of a vendor's chats that a request may change: the number
// of chats and the last message id of the store, and every field of every chat snapshot
// (state, participants, offer, user data, attributes, last index and message id, times).
func Fingerprint(st *store.Store, vendor string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "chats %d, last message id %d\n", st.Len(), st.LastMessageID())
	for _, c := range st.List(store.Filter{Vendor: vendor}) {
		fmt.Fprintf(&b, "%+v\n", c)
	}
	return b.String()
}

// diff returns the lines of two fingerprints that differ.
func diff(before, after string) string {
	a, b := strings.Split(before, "\n"), strings.Split(after, "\n")
	var out strings.Builder
	for i := 0; i < max(len(a), len(b)); i++ {
		var x, y string
		if i < len(a) {
			x = a[i]
		}
		if i < len(b) {
			y = b[i]
		}
		if x != y {
			fmt.Fprintf(&out, "- %s\n+ %s\n", x, y)
		}
	}
	return out.String()
}

// buffer is the mock's log of the current request.
type buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *buffer) reset() {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.buf.Reset()
}

func (b *buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
