package store

import (
	"crypto/rand"
	"errors"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"sync"
	"sync/atomic"
	"time"
)

// Sentinel errors; adapters map them to their vendor's error shape.
var (
	// ErrNotFound: no chat with that key.
	ErrNotFound = errors.New("chat not found")
	// ErrExists: Create was given an id that is taken.
	ErrExists = errors.New("chat already exists")
)

// Store holds every chat. The zero value is not usable; call New.
type Store struct {
	clock func() time.Time
	newID func() string

	mu      sync.RWMutex
	chats   map[Key]*entry
	seq     int64            // creation order
	numeric map[string]int64 // per vendor: the largest numeric chat id handed out or loaded

	nextMsg atomic.Int64 // the last message id handed out
	gen     atomic.Int64 // Resets so far

	obsMu     sync.RWMutex
	observers []func(Change)
	muted     atomic.Bool
}

type entry struct {
	mu  sync.Mutex
	seq int64
	c   chat
}

// Option configures a Store.
type Option func(*Store)

// WithClock sets the time source (default time.Now, in UTC).
func WithClock(now func() time.Time) Option { return func(s *Store) { s.clock = now } }

// WithIDs sets the generator of string chat ids (default: 16 random characters of
// [0-9A-Z]); numeric ids come from a per-vendor counter.
func WithIDs(next func() string) Option { return func(s *Store) { s.newID = next } }

// New returns an empty store.
func New(opts ...Option) *Store {
	s := &Store{
		clock:   func() time.Time { return time.Now().UTC() },
		newID:   randomID,
		chats:   make(map[Key]*entry),
		numeric: make(map[string]int64),
	}
	for _, o := range opts {
		o(s)
	}
	return s
}

func randomID() string {
	const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b)
}

// Now returns the store's current time.
func (s *Store) Now() time.Time { return s.clock() }

// Change is what an Update did, as observers see it.
type Change struct {
	// Chat is the chat after the change; Before is the chat before it. Neither carries events.
	Chat   Chat
	Before Chat
	// Events are the events appended, in index order.
	Events []Event
	// Notes say what else changed: "state", "participants", "properties", "offer".
	Notes []string
	// Ref is the reference of the request that caused the change, if the caller gave one.
	Ref int64
	// Since returns the chat's events from an index on (inclusive), including the new ones.
	// It may only be called during the observer call.
	Since func(index int) []Event
}

// Observe registers fn to be called after every committed change, in order per chat, while
// the chat is still locked: fn must not block (queue the change and return).
func (s *Store) Observe(fn func(Change)) {
	s.obsMu.Lock()
	s.observers = append(s.observers, fn)
	s.obsMu.Unlock()
}

// Mute stops (true) or restarts (false) telling observers of changes; the mock mutes the
// store while it loads fixtures, so loading is not reported as activity.
func (s *Store) Mute(muted bool) { s.muted.Store(muted) }

func (s *Store) notify(ch Change) {
	if s.muted.Load() {
		return
	}
	s.obsMu.RLock()
	defer s.obsMu.RUnlock()
	for _, fn := range s.observers {
		fn(ch)
	}
}

// ChatSpec describes a chat to create.
type ChatSpec struct {
	Vendor, Tenant string
	// ID is the chat id; empty means assign one (numeric when NumericID).
	ID        string
	NumericID bool
	State     string
	// VendorState, Subject, Queue, Thread, UserData and Attrs are copied as given.
	VendorState, Subject, Queue, Thread string
	UserData, Attrs                     map[string]string
	CreatedAt                           time.Time
	// Cursors are the readers' positions to start with (a loaded export).
	Cursors map[string]int
}

// Create adds an empty chat (no participants, no events) and returns it.
func (s *Store) Create(spec ChatSpec) (Chat, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	id := spec.ID
	if id == "" {
		if spec.NumericID {
			s.numeric[spec.Vendor]++
			id = strconv.FormatInt(s.numeric[spec.Vendor], 10)
		} else {
			for id == "" || s.chats[Key{spec.Vendor, spec.Tenant, id}] != nil {
				id = s.newID()
			}
		}
	}
	key := Key{spec.Vendor, spec.Tenant, id}
	if s.chats[key] != nil {
		return Chat{}, fmt.Errorf("create %s chat %s: %w", spec.Vendor, id, ErrExists)
	}
	if n, err := strconv.ParseInt(id, 10, 64); err == nil && n > s.numeric[spec.Vendor] {
		s.numeric[spec.Vendor] = n
	}
	created := spec.CreatedAt
	if created.IsZero() {
		created = s.clock()
	}
	state := spec.State
	if state == "" {
		state = StateWaiting
	}
	s.seq++
	e := &entry{seq: s.seq}
	e.c.Chat = Chat{
		Key: key, State: state, VendorState: spec.VendorState, Subject: spec.Subject,
		Queue: spec.Queue, Thread: spec.Thread,
		UserData: orEmpty(maps.Clone(spec.UserData)), Attrs: orEmpty(maps.Clone(spec.Attrs)),
		CreatedAt: created, UpdatedAt: created,
	}
	e.c.cursors = make(map[string]int, len(spec.Cursors))
	maps.Copy(e.c.cursors, spec.Cursors)
	s.chats[key] = e
	return e.c.snapshot(), nil
}

func orEmpty(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}

func (s *Store) entry(key Key) (*entry, error) {
	s.mu.RLock()
	e := s.chats[key]
	s.mu.RUnlock()
	if e == nil {
		return nil, fmt.Errorf("%s chat %s: %w", key.Vendor, key.ID, ErrNotFound)
	}
	return e, nil
}

// Get returns a snapshot of the chat, without events.
func (s *Store) Get(key Key) (Chat, error) {
	e, err := s.entry(key)
	if err != nil {
		return Chat{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.c.snapshot(), nil
}

// Filter selects chats for List; empty fields match everything.
type Filter struct {
	Vendor, Tenant, State string
	// Match, if set, must return true.
	Match func(*Chat) bool
}

// List returns snapshots (without events) of the chats that match, in creation order.
func (s *Store) List(f Filter) []Chat {
	type ordered struct {
		e   *entry
		seq int64 // read under s.mu: Order changes it
	}
	s.mu.RLock()
	entries := make([]ordered, 0, len(s.chats))
	for k, e := range s.chats {
		if (f.Vendor == "" || k.Vendor == f.Vendor) && (f.Tenant == "" || k.Tenant == f.Tenant) {
			entries = append(entries, ordered{e, e.seq})
		}
	}
	s.mu.RUnlock()
	sort.Slice(entries, func(i, j int) bool { return entries[i].seq < entries[j].seq })
	out := make([]Chat, 0, len(entries))
	for _, o := range entries {
		e := o.e
		e.mu.Lock()
		c := e.c.snapshot()
		e.mu.Unlock()
		if (f.State == "" || c.State == f.State) && (f.Match == nil || f.Match(&c)) {
			out = append(out, c)
		}
	}
	return out
}

// Delete removes a chat.
func (s *Store) Delete(key Key) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.chats[key] == nil {
		return fmt.Errorf("%s chat %s: %w", key.Vendor, key.ID, ErrNotFound)
	}
	delete(s.chats, key)
	return nil
}

// Reset removes every chat and restarts the message and chat id counters.
func (s *Store) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.chats = make(map[Key]*entry)
	s.numeric = make(map[string]int64)
	s.seq = 0
	s.nextMsg.Store(0)
	s.gen.Add(1)
}

// Generation counts the Resets so far: a reader of a chat in pages can tell that the chat it
// began with is gone.
func (s *Store) Generation() int64 { return s.gen.Load() }

// Len returns the number of chats.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.chats)
}

// Events returns the number of events in the logs of every chat.
func (s *Store) Events() int {
	s.mu.RLock()
	entries := make([]*entry, 0, len(s.chats))
	for _, e := range s.chats {
		entries = append(entries, e)
	}
	s.mu.RUnlock()
	n := 0
	for _, e := range entries {
		e.mu.Lock()
		n += len(e.c.events)
		e.mu.Unlock()
	}
	return n
}

// LastMessageID returns the last global message id handed out.
func (s *Store) LastMessageID() int64 { return s.nextMsg.Load() }

// RaiseMessageID makes n the last message id handed out if it is larger than the current
// one (loading an export: the next message gets an id above every loaded one).
func (s *Store) RaiseMessageID(n int64) {
	for {
		cur := s.nextMsg.Load()
		if n <= cur || s.nextMsg.CompareAndSwap(cur, n) {
			return
		}
	}
}

// Dump returns a snapshot of the chat with every event, and its readers' cursors, taken
// under one lock (an export).
func (s *Store) Dump(key Key) (Chat, map[string]int, error) {
	e, err := s.entry(key)
	if err != nil {
		return Chat{}, nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	snap := e.c.snapshot()
	snap.Events = make([]Event, len(e.c.events))
	for i, ev := range e.c.events {
		snap.Events[i] = copyEvent(ev)
	}
	return snap, maps.Clone(e.c.cursors), nil
}

// Order makes List return the given chats first, in the given order, followed by the rest in
// creation order (a loaded set keeps its order although each vendor seeds its own chats).
func (s *Store) Order(keys []Key) {
	s.mu.Lock()
	defer s.mu.Unlock()
	rest := make([]*entry, 0, len(s.chats))
	placed := make(map[*entry]bool, len(keys))
	var seq int64
	for _, k := range keys {
		if e := s.chats[k]; e != nil && !placed[e] {
			placed[e] = true
			seq++
			e.seq = seq
		}
	}
	for _, e := range s.chats {
		if !placed[e] {
			rest = append(rest, e)
		}
	}
	sort.Slice(rest, func(i, j int) bool { return rest[i].seq < rest[j].seq })
	for _, e := range rest {
		seq++
		e.seq = seq
	}
	s.seq = seq
}

// Update runs fn on a transaction over the chat, under the chat's lock. When fn returns nil,
// its changes are committed: staged events get their indexes, message ids and times, and
// observers are told. When fn returns an error, nothing changes. Update returns the
// committed events and the chat as it is afterwards.
func (s *Store) Update(key Key, fn func(*Tx) error) ([]Event, Chat, error) {
	e, err := s.entry(key)
	if err != nil {
		return nil, Chat{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	before := e.c.snapshot()
	tx := &Tx{C: e.c.snapshot(), base: len(e.c.events), nextPID: e.c.nextPID, now: s.clock()}
	if err := fn(tx); err != nil {
		return nil, Chat{}, err
	}
	c := &e.c
	c.Chat = tx.C
	c.Chat.Events = nil
	c.nextPID = tx.nextPID
	events := make([]Event, len(tx.staged))
	for i, ev := range tx.staged {
		ev.Index = len(c.events) + 1
		if HasMessageID(ev.Kind) {
			if ev.MessageID > 0 {
				s.RaiseMessageID(ev.MessageID)
			} else {
				ev.MessageID = s.nextMsg.Add(1)
			}
			c.msgPos = append(c.msgPos, len(c.events))
		}
		c.events = append(c.events, ev)
		events[i] = ev
		if ev.Time.After(c.UpdatedAt) {
			c.UpdatedAt = ev.Time
		}
	}
	after := c.snapshot()
	if len(events) > 0 || len(tx.notes) > 0 {
		since := func(index int) []Event {
			start := min(max(index-1, 0), len(c.events))
			out := make([]Event, 0, len(c.events)-start)
			for _, ev := range c.events[start:] {
				out = append(out, copyEvent(ev))
			}
			return out
		}
		s.notify(Change{Chat: after, Before: before, Events: slices.Clone(events), Notes: tx.notes, Ref: tx.ref, Since: since})
	}
	return events, after, nil
}

// Tx is a pending change to one chat. C is a working copy: change it freely; it is written
// back only if the Update function returns nil.
type Tx struct {
	C       Chat
	base    int
	staged  []Event
	nextPID int
	notes   []string
	ref     int64
	now     time.Time
}

// EventSpec is an event to append.
type EventSpec struct {
	Kind       string
	From       string
	Text       string
	Visibility string // default All
	Time       time.Time
	Attrs      map[string]string
	// MessageID is the event's global message id when it is given (a loaded export); 0
	// assigns the next one. Given ids must ascend within a chat.
	MessageID int64
}

// Now is the store's time when the transaction began.
func (tx *Tx) Now() time.Time { return tx.now }

// Append stages an event and returns its index-to-be. Its time defaults to the store's
// clock; it never goes before the previous event's.
func (tx *Tx) Append(e EventSpec) int {
	t := e.Time
	if t.IsZero() {
		t = tx.now
	}
	if t.Before(tx.C.UpdatedAt) {
		t = tx.C.UpdatedAt
	}
	tx.C.UpdatedAt = t
	vis := e.Visibility
	if vis == "" {
		vis = VisibleAll
	}
	tx.staged = append(tx.staged, Event{Kind: e.Kind, From: e.From, Text: e.Text, Visibility: vis, Time: t, Attrs: e.Attrs, MessageID: e.MessageID})
	return tx.base + len(tx.staged)
}

// AddParticipant adds a participant with the next chat-local id ("1", "2", ...) unless p.ID
// is set, marks it present, and returns its id.
func (tx *Tx) AddParticipant(p Participant) string {
	tx.nextPID++
	if p.ID == "" {
		p.ID = strconv.Itoa(tx.nextPID)
	}
	p.Present = true
	tx.C.Participants = append(tx.C.Participants, p)
	tx.Note("participants")
	return p.ID
}

// SetPresent marks a participant as in or out of the chat.
func (tx *Tx) SetPresent(id string, present bool) {
	for i := range tx.C.Participants {
		if tx.C.Participants[i].ID == id {
			tx.C.Participants[i].Present = present
			tx.Note("participants")
		}
	}
}

// SetState changes the vendor-neutral state (and notes it when it changes).
func (tx *Tx) SetState(state string) {
	if tx.C.State != state {
		tx.C.State = state
		tx.Note("state")
	}
}

// Note records what changed besides events, for observers.
func (tx *Tx) Note(what string) {
	if !slices.Contains(tx.notes, what) {
		tx.notes = append(tx.notes, what)
	}
}

// Ref sets the reference of the request causing the change, for observers.
func (tx *Tx) Ref(ref int64) { tx.ref = ref }
