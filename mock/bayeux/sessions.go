package bayeux

import (
	"maps"
	"slices"
	"strings"
	"time"
)

// Session describes one live session, for the mock's console.
type Session struct {
	ClientID string
	// Principal is what Authenticate returned at the handshake.
	Principal any
	// Transport is the connection type; the server offers long-polling only.
	Transport     string
	Subscriptions []string
	// Queued is how many events wait for the next connect (at most Options.MaxQueue).
	Queued int
	// Holding tells whether a connect is held now.
	Holding bool
	// Connects is how many connects the session has made; LastConnect when the last one
	// arrived (zero before the first), Handshake when the session began.
	Connects               int
	LastConnect, Handshake time.Time
}

// Snapshot describes the live sessions, by handshake time.
func (s *Server) Snapshot() []Session {
	s.mu.RLock()
	clients := make([]*client, 0, len(s.clients))
	for _, c := range s.clients {
		clients = append(clients, c)
	}
	s.mu.RUnlock()
	out := make([]Session, 0, len(clients))
	for _, c := range clients {
		c.mu.Lock()
		if !c.closed {
			out = append(out, Session{
				ClientID: c.id, Principal: c.principal, Transport: LongPolling, Subscriptions: slices.Sorted(maps.Keys(c.subs)),
				Queued: len(c.queue), Holding: c.holding, Connects: c.connects, LastConnect: c.lastConn, Handshake: c.started,
			})
		}
		c.mu.Unlock()
	}
	slices.SortFunc(out, func(a, b Session) int {
		if c := a.Handshake.Compare(b.Handshake); c != 0 {
			return c
		}
		return strings.Compare(a.ClientID, b.ClientID)
	})
	return out
}
