package store

import (
	"maps"
	"sort"
)

// Query selects events of one chat for Read. The bounds combine: an event is returned when
// it is past every bound given and visible to the reader.
type Query struct {
	// FromIndex is an inclusive lower bound on the index; 0 or 1 means from the start.
	FromIndex int
	// AfterMessageID is an exclusive lower bound on the message id; when set, only events
	// with a message id are returned.
	AfterMessageID int64
	// MessagesOnly returns only events with a message id.
	MessagesOnly bool
	// Visibility, when VisibleAll, hides agent-only events (the visitor's view).
	Visibility string
	// Reader names a per-chat cursor: the index of the last event the reader has been given.
	Reader string
	// Unread starts after the reader's cursor (GWS GetMessages without index).
	Unread bool
	// Limit caps how many events are returned; 0 means no cap.
	Limit int
	// Advance moves the reader's cursor past what is returned (Unread always advances it).
	Advance bool
}

// Read returns a snapshot of the chat with Events set to the selected events, in index
// order, and advances the reader's cursor when asked. Its work is proportional to the
// events past the starting point, not to the log's length: the start is found by position
// (index and cursor bounds) or a search back from the end of the log (message id bound).
func (s *Store) Read(key Key, q Query) (Chat, error) {
	e, err := s.entry(key)
	if err != nil {
		return Chat{}, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	c := &e.c
	start := 0 // position in c.events
	if q.FromIndex > 1 {
		start = q.FromIndex - 1
	}
	if q.Unread && q.Reader != "" {
		start = max(start, c.cursors[q.Reader])
	}
	var out []Event
	scanned := start
	if q.AfterMessageID > 0 || q.MessagesOnly {
		// Walk only the events that carry message ids, from the first past both bounds.
		i := c.firstMessage(start, q.AfterMessageID)
		for ; i < len(c.msgPos); i++ {
			pos := c.msgPos[i]
			scanned = pos + 1
			if ev := c.events[pos]; visible(ev, q.Visibility) {
				out = append(out, copyEvent(ev))
				if q.Limit > 0 && len(out) == q.Limit {
					break
				}
			}
		}
		if i >= len(c.msgPos) {
			scanned = len(c.events)
		}
	} else {
		for pos := start; pos < len(c.events); pos++ {
			scanned = pos + 1
			if ev := c.events[pos]; visible(ev, q.Visibility) {
				out = append(out, copyEvent(ev))
				if q.Limit > 0 && len(out) == q.Limit {
					break
				}
			}
		}
	}
	if q.Reader != "" && (q.Unread || q.Advance) && scanned > c.cursors[q.Reader] {
		c.cursors[q.Reader] = scanned
	}
	snap := c.snapshot()
	snap.Events = out
	return snap, nil
}

// firstMessage returns the position in msgPos of the first message at or past position
// start with an id above after (len(msgPos) when there is none). Polls ask for the end of
// the log, so it searches back from the end in growing steps, then by halves: the cost
// follows how many messages are new, not how long the log is.
func (c *chat) firstMessage(start int, after int64) int {
	past := func(i int) bool {
		pos := c.msgPos[i]
		return pos >= start && c.events[pos].MessageID > after
	}
	hi, step := len(c.msgPos), 1 // every message from hi on is past the bounds
	for hi-step >= 0 && past(hi-step) {
		hi -= step
		step *= 2
	}
	lo := max(hi-step, -1) // the message at lo, if any, is not past the bounds
	return lo + 1 + sort.Search(hi-lo-1, func(i int) bool { return past(lo + 1 + i) })
}

// Cursor returns the index of the last event the reader has been given.
func (s *Store) Cursor(key Key, reader string) (int, error) {
	e, err := s.entry(key)
	if err != nil {
		return 0, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.c.cursors[reader], nil
}

func visible(e Event, visibility string) bool {
	return visibility != VisibleAll || e.Visibility == VisibleAll
}

func copyEvent(e Event) Event {
	e.Attrs = maps.Clone(e.Attrs)
	return e
}
