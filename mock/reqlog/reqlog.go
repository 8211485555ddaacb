// Package reqlog owns the mock's request log: a bounded ring buffer of the vendor API
// requests the mock answered, with their responses, for the control API to show. Memory
// stays bounded in count and in bytes: at most Size entries and at most Budget bytes of
// them (the oldest are evicted first), each entry cut as it is added: bodies to BodyLimit
// bytes, path and query to TextLimit, each header value to HeaderValueLimit, at most
// MaxHeaders headers (by name) and HeadersLimit bytes of them.
//
// It imports nothing from this module.
//
//	log := reqlog.New(1000, reqlog.DefaultBudget)
//	seq := log.Add(entry)
//	page, dropped := log.List(reqlog.Query{Since: 10})
package reqlog

import (
	"sort"
	"strings"
	"sync"
	"time"
)

// Per-entry limits, in bytes (MaxHeaders in headers).
const (
	// BodyLimit is how much of each body an entry keeps.
	BodyLimit = 4096
	// TextLimit is how much of the path and of the query an entry keeps.
	TextLimit = 2048
	// HeaderValueLimit is how much of each header value an entry keeps.
	HeaderValueLimit = 1024
	// MaxHeaders is how many headers an entry keeps (the first by name).
	MaxHeaders = 64
	// HeadersLimit is how many bytes of header names and values an entry keeps.
	HeadersLimit = 8192
)

// DefaultBudget is the default byte budget of a log: 1,000 entries of 16 KiB.
const DefaultBudget = 16 << 20

// overhead is what an entry costs besides its strings (its fields, the map), for the budget.
const overhead = 256

// Entry is one request and its response (the control API's RequestLogEntry).
type Entry struct {
	Seq                   int64             `json:"seq"`
	Time                  time.Time         `json:"time"`
	Method                string            `json:"method"`
	Path                  string            `json:"path"`
	Query                 string            `json:"query"`
	OperationID           *string           `json:"operationId"`
	Vendor                *string           `json:"vendor"`
	Status                int               `json:"status"`
	DurationMs            float64           `json:"durationMs"`
	PathTruncated         bool              `json:"pathTruncated,omitempty"`
	QueryTruncated        bool              `json:"queryTruncated,omitempty"`
	RequestHeaders        map[string]string `json:"requestHeaders"`
	HeadersTruncated      bool              `json:"requestHeadersTruncated,omitempty"`
	RequestBody           string            `json:"requestBody"`
	RequestBodyTruncated  bool              `json:"requestBodyTruncated,omitempty"`
	ResponseBody          string            `json:"responseBody"`
	ResponseBodyTruncated bool              `json:"responseBodyTruncated,omitempty"`
	FaultID               *string           `json:"faultId,omitempty"`
	// Error is the problem the mock found with the request (validation, authentication,
	// route, state), as its error response names it; empty when it succeeded or the
	// failure was internal or injected.
	Error string `json:"error,omitempty"`
}

// Truncate cuts b to BodyLimit bytes and says whether it did.
func Truncate(b []byte) (string, bool) {
	if len(b) > BodyLimit {
		return string(b[:BodyLimit]), true
	}
	return string(b), false
}

// cut shortens s to n bytes and says whether it did.
func cut(s string, n int) (string, bool) {
	if len(s) > n {
		return strings.Clone(s[:n]), true
	}
	return s, false
}

// bound cuts an entry to the per-entry limits.
func (e *Entry) bound() {
	var t bool
	e.Path, t = cut(e.Path, TextLimit)
	e.PathTruncated = e.PathTruncated || t
	e.Query, t = cut(e.Query, TextLimit)
	e.QueryTruncated = e.QueryTruncated || t
	e.RequestBody, t = cut(e.RequestBody, BodyLimit)
	e.RequestBodyTruncated = e.RequestBodyTruncated || t
	e.ResponseBody, t = cut(e.ResponseBody, BodyLimit)
	e.ResponseBodyTruncated = e.ResponseBodyTruncated || t
	if len(e.RequestHeaders) == 0 {
		return
	}
	names := make([]string, 0, len(e.RequestHeaders))
	for name := range e.RequestHeaders {
		names = append(names, name)
	}
	sort.Strings(names)
	kept := make(map[string]string, min(len(names), MaxHeaders))
	room := HeadersLimit
	for _, name := range names {
		if len(kept) == MaxHeaders || room <= 0 {
			e.HeadersTruncated = true
			break
		}
		n, tn := cut(name, min(room, HeaderValueLimit))
		room -= len(n)
		v, tv := cut(e.RequestHeaders[name], min(max(room, 0), HeaderValueLimit))
		room -= len(v)
		kept[n] = v
		e.HeadersTruncated = e.HeadersTruncated || tn || tv
	}
	e.RequestHeaders = kept
}

// size is what an entry costs the budget: its strings and an overhead.
func (e *Entry) size() int64 {
	n := overhead + len(e.Method) + len(e.Path) + len(e.Query) + len(e.RequestBody) + len(e.ResponseBody)
	for k, v := range e.RequestHeaders {
		n += len(k) + len(v) + 32
	}
	return int64(n)
}

// Log is the ring buffer; safe for concurrent use.
type Log struct {
	mu      sync.Mutex
	ring    []Entry
	next    int // where the next entry goes
	n       int // entries held
	seq     int64
	dropped int64
	budget  int64
	bytes   int64 // the size of the entries held
}

// New returns a log holding at most size entries (at least 1) and at most budget bytes of
// them (DefaultBudget when budget is 0 or less; one entry is always kept).
func New(size int, budget int64) *Log {
	if budget <= 0 {
		budget = DefaultBudget
	}
	return &Log{ring: make([]Entry, max(size, 1)), budget: budget}
}

// Add cuts e to the per-entry limits, stores it with the next sequence number, evicts the
// oldest entries while the log is over its count or byte budget, and returns the number.
func (l *Log) Add(e Entry) int64 {
	e.bound()
	size := e.size()
	l.mu.Lock()
	defer l.mu.Unlock()
	l.seq++
	e.Seq = l.seq
	for l.n > 0 && (l.n == len(l.ring) || l.bytes+size > l.budget) {
		l.evictOldest()
	}
	l.ring[l.next] = e
	l.next = (l.next + 1) % len(l.ring)
	l.n++
	l.bytes += size
	return e.Seq
}

func (l *Log) evictOldest() {
	i := (l.next - l.n + len(l.ring)) % len(l.ring)
	l.bytes -= l.ring[i].size()
	l.ring[i] = Entry{}
	l.n--
	l.dropped++
}

// Bytes returns what the entries held cost the budget (at most the budget, or one entry).
func (l *Log) Bytes() int64 {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.bytes
}

// Query selects entries.
type Query struct {
	// Since returns only entries with a larger seq; 0 returns the newest Limit entries.
	Since int64
	// Limit caps the entries returned (0 = all held).
	Limit int
	// OperationID keeps only entries routed to it.
	OperationID string
	// Status keeps only entries with this status (StatusClass 0) or, with StatusClass 1-5,
	// with a status of that class (4: 400-499).
	Status, StatusClass int
	// Vendor keeps only entries of this vendor API (entries no API was found for have none).
	Vendor string
	// ChatID keeps only entries that name the chat: a path segment, a query or form value,
	// or a JSON string in the request or response body equal to it.
	ChatID string
}

// matches tells whether e passes the query's filters (Since aside).
func (q Query) matches(e *Entry) bool {
	switch {
	case q.OperationID != "" && (e.OperationID == nil || *e.OperationID != q.OperationID):
		return false
	case q.Vendor != "" && (e.Vendor == nil || *e.Vendor != q.Vendor):
		return false
	case q.StatusClass != 0 && e.Status/100 != q.StatusClass:
		return false
	case q.StatusClass == 0 && q.Status != 0 && e.Status != q.Status:
		return false
	case q.ChatID != "" && !names(e, q.ChatID):
		return false
	}
	return true
}

// names tells whether the entry names id as a whole token: a path segment, a query or form
// value (=id), or a JSON string or number ("id" or :id).
func names(e *Entry, id string) bool {
	for _, seg := range strings.Split(e.Path, "/") {
		if seg == id {
			return true
		}
	}
	for _, s := range []string{e.Query, e.RequestBody, e.ResponseBody} {
		for rest := s; ; {
			i := strings.Index(rest, id)
			if i < 0 {
				break
			}
			before, after := byte(0), byte(0)
			if i > 0 {
				before = rest[i-1]
			}
			if j := i + len(id); j < len(rest) {
				after = rest[j]
			}
			if (before == '=' && (after == 0 || after == '&')) || (before == '"' && after == '"') ||
				(before == ':' && (after == ',' || after == '}')) {
				return true
			}
			rest = rest[i+len(id):]
		}
	}
	return false
}

// List returns matching entries ascending by seq, and how many were evicted since the start
// or the last Clear.
func (l *Log) List(q Query) ([]Entry, int64) {
	l.mu.Lock()
	defer l.mu.Unlock()
	var all []Entry
	for i := 0; i < l.n; i++ {
		e := l.ring[(l.next-l.n+i+len(l.ring))%len(l.ring)]
		if e.Seq <= q.Since {
			continue
		}
		if !q.matches(&e) {
			continue
		}
		all = append(all, e)
	}
	if q.Limit > 0 && len(all) > q.Limit {
		if q.Since > 0 {
			all = all[:q.Limit] // the oldest after Since: the next page
		} else {
			all = all[len(all)-q.Limit:] // the newest
		}
	}
	return all, l.dropped
}

// Len returns how many entries the log holds (at most its size).
func (l *Log) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.n
}

// Clear empties the log; sequence numbers keep increasing.
func (l *Log) Clear() {
	l.mu.Lock()
	defer l.mu.Unlock()
	clear(l.ring)
	l.next, l.n, l.dropped, l.bytes = 0, 0, 0, 0
}
