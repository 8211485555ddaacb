// Package fault owns the mock's injected faults: rules that match vendor requests by
// operationId, path (with * for one segment) and method, and answer with a status, a body,
// added latency, with a probability and for a number of times.
//
// It imports nothing from this module.
//
//	reg := fault.New(rand.Float64, time.Now)
//	f, _ := reg.Add(fault.Spec{Match: fault.Match{OperationID: "GetMessages"}, Status: 503})
//	if hit, ok := reg.Check("GetMessages", "GET", "/api/v2/chats/x/messages"); ok { ... }
package fault

import (
	"encoding/json"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Match selects requests; empty fields match anything.
type Match struct {
	OperationID string `json:"operationId,omitempty"`
	Path        string `json:"path,omitempty"`
	Method      string `json:"method,omitempty"`
}

// Spec is a fault to add (the control API's FaultRequest).
type Spec struct {
	Match       Match           `json:"match"`
	Status      int             `json:"status,omitempty"`
	Body        json.RawMessage `json:"body,omitempty"`
	ContentType string          `json:"contentType,omitempty"`
	LatencyMs   int             `json:"latencyMs,omitempty"`
	Probability *float64        `json:"probability,omitempty"`
	Times       int             `json:"times,omitempty"`
}

// Fault is an active fault (the control API's Fault).
type Fault struct {
	ID          string          `json:"id"`
	Match       Match           `json:"match"`
	Status      int             `json:"status,omitempty"`
	Body        json.RawMessage `json:"body,omitempty"`
	ContentType string          `json:"contentType,omitempty"`
	LatencyMs   int             `json:"latencyMs,omitempty"`
	Probability float64         `json:"probability"`
	Times       int             `json:"times,omitempty"`
	Remaining   *int            `json:"remaining"`
	Hits        int             `json:"hits"`
	CreatedAt   time.Time       `json:"createdAt"`
}

// Registry holds the active faults in check order; safe for concurrent use.
type Registry struct {
	mu     sync.Mutex
	faults []*Fault
	seq    int
	random func() float64
	now    func() time.Time
}

// New returns an empty registry; random returns values in [0,1) for probabilities.
func New(random func() float64, now func() time.Time) *Registry {
	return &Registry{random: random, now: now}
}

// Add registers a fault and returns it.
func (r *Registry) Add(s Spec) Fault {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.seq++
	f := &Fault{
		ID: "f" + strconv.Itoa(r.seq), Match: s.Match, Status: s.Status, Body: s.Body,
		ContentType: s.ContentType, LatencyMs: s.LatencyMs, Probability: 1, Times: s.Times,
		CreatedAt: r.now(),
	}
	if s.Probability != nil {
		f.Probability = *s.Probability
	}
	if len(f.Body) > 0 && f.ContentType == "" {
		f.ContentType = "application/json"
	}
	if s.Times > 0 {
		n := s.Times
		f.Remaining = &n
	}
	r.faults = append(r.faults, f)
	return r.copyOf(f)
}

func (r *Registry) copyOf(f *Fault) Fault {
	c := *f
	if f.Remaining != nil {
		n := *f.Remaining
		c.Remaining = &n
	}
	return c
}

// List returns the active faults in check order.
func (r *Registry) List() []Fault {
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]Fault, len(r.faults))
	for i, f := range r.faults {
		out[i] = r.copyOf(f)
	}
	return out
}

// Delete removes one fault and says whether it existed.
func (r *Registry) Delete(id string) bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, f := range r.faults {
		if f.ID == id {
			r.faults = append(r.faults[:i], r.faults[i+1:]...)
			return true
		}
	}
	return false
}

// Clear removes every fault.
func (r *Registry) Clear() {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.faults = nil
}

// Check returns the first fault that matches the request and fires (by its probability),
// counting the hit and retiring a fault whose times are used up.
func (r *Registry) Check(operationID, method, path string) (Fault, bool) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for i, f := range r.faults {
		if !f.matches(operationID, method, path) {
			continue
		}
		if f.Probability < 1 && r.random() >= f.Probability {
			continue
		}
		f.Hits++
		if f.Remaining != nil {
			*f.Remaining--
			if *f.Remaining == 0 {
				r.faults = append(r.faults[:i], r.faults[i+1:]...)
			}
		}
		return r.copyOf(f), true
	}
	return Fault{}, false
}

func (f *Fault) matches(operationID, method, path string) bool {
	m := f.Match
	if m.OperationID != "" && m.OperationID != operationID {
		return false
	}
	if m.Method != "" && !strings.EqualFold(m.Method, method) {
		return false
	}
	return m.Path == "" || PathMatches(m.Path, path)
}

// PathMatches reports whether path matches pattern, where a "*" segment matches exactly one
// segment.
func PathMatches(pattern, path string) bool {
	ps, xs := strings.Split(pattern, "/"), strings.Split(path, "/")
	if len(ps) != len(xs) {
		return false
	}
	for i := range ps {
		if ps[i] != "*" && ps[i] != xs[i] {
			return false
		}
	}
	return true
}
