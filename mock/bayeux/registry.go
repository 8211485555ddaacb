package bayeux

import (
	"fmt"
	"strings"
	"time"
)

// The registry is the server's sessions and their subscriptions, under Server.mu: clients
// by id; per principal (Options.Key), its sessions in handshake order, for the quota; and
// per subscribed channel or pattern, per scope, the subscribed clients, so a publish visits
// only the sessions that watch the channel (and, with PublishTo, the scope), never every
// session. Lock order: Server.mu, then a client's mu; never a client's mu while another
// client's is held.

// quotaKey names a principal for the per-principal session quota.
type quotaKey struct{ scope, id string }

// watchers are the clients subscribed to one channel or pattern, by scope.
type watchers map[string]map[*client]struct{}

// admit registers a new session (s.mu held). Past the principal's quota its oldest session
// is evicted (its next connect gets 402 with advice to handshake); past the server's quota
// the handshake is refused with an error for the reply.
func (s *Server) admit(c *client) string {
	if len(s.clients) >= s.o.MaxSessions {
		return fmt.Sprintf("503::too many sessions: the server holds at most %d; try again later", s.o.MaxSessions)
	}
	if s.o.Key != nil {
		k := quotaKey{c.scope, c.who}
		own := s.byWho[k]
		for len(own) >= s.o.MaxSessionsPerPrincipal {
			oldest := own[0]
			s.o.Logger.Debug("bayeux: session quota of a principal reached; oldest session evicted", "clientId", oldest.id)
			s.removeLocked(oldest)
			oldest.close(true)
			own = s.byWho[k]
		}
		s.byWho[k] = append(own, c)
	}
	s.clients[c.id] = c
	return ""
}

// removeLocked takes a client out of the registry (s.mu held): its id, its principal's
// list and every subscription. It does not close it.
func (s *Server) removeLocked(c *client) {
	if s.clients[c.id] != c {
		return
	}
	delete(s.clients, c.id)
	if s.o.Key != nil {
		k := quotaKey{c.scope, c.who}
		own := s.byWho[k]
		for i, o := range own {
			if o == c {
				own = append(own[:i:i], own[i+1:]...)
				break
			}
		}
		if len(own) == 0 {
			delete(s.byWho, k)
		} else {
			s.byWho[k] = own
		}
	}
	c.mu.Lock()
	names := c.subs
	c.subs = nil
	c.mu.Unlock()
	for n := range names {
		s.unwatch(n, c)
	}
}

func (s *Server) unwatch(name string, c *client) {
	w := s.subs[name]
	if w == nil {
		return
	}
	set := w[c.scope]
	delete(set, c)
	if len(set) == 0 {
		delete(w, c.scope)
	}
	if len(w) == 0 {
		delete(s.subs, name)
	}
}

// setSubscriptions adds or removes subscriptions of a live client; adding more than its
// quota allows changes nothing and returns the error for the reply.
func (s *Server) setSubscriptions(c *client, names []string, add bool) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.clients[c.id] != c {
		return "402::Unknown client"
	}
	c.mu.Lock()
	if add {
		fresh := 0
		seen := make(map[string]bool, len(names))
		for _, n := range names {
			if _, ok := c.subs[n]; !ok && !seen[n] {
				seen[n] = true
				fresh++
			}
		}
		if len(c.subs)+fresh > s.o.MaxSubscriptions {
			c.mu.Unlock()
			return fmt.Sprintf("403::too many subscriptions: a session may hold %d (it holds %d)", s.o.MaxSubscriptions, len(c.subs))
		}
	}
	var changed []string
	for _, n := range names {
		_, has := c.subs[n]
		switch {
		case add && !has:
			if c.subs == nil {
				c.subs = make(map[string]struct{})
			}
			c.subs[n] = struct{}{}
			changed = append(changed, n)
		case !add && has:
			delete(c.subs, n)
			changed = append(changed, n)
		}
	}
	c.mu.Unlock()
	for _, n := range changed {
		if !add {
			s.unwatch(n, c)
			continue
		}
		w := s.subs[n]
		if w == nil {
			w = watchers{}
			s.subs[n] = w
		}
		if w[c.scope] == nil {
			w[c.scope] = make(map[*client]struct{})
		}
		w[c.scope][c] = struct{}{}
	}
	return ""
}

// targets returns the clients subscribed to channel by name or by a pattern that matches
// it, in one scope or (all) every scope, each once.
func (s *Server) targets(channel, scope string, all bool) []*client {
	s.mu.RLock()
	defer s.mu.RUnlock()
	var out []*client
	var seen map[*client]struct{} // only when a second list may repeat a client
	lists := 0
	for _, name := range patternsOf(channel) {
		w := s.subs[name]
		if w == nil {
			continue
		}
		add := func(set map[*client]struct{}) {
			for c := range set {
				if seen != nil {
					if _, dup := seen[c]; dup {
						continue
					}
					seen[c] = struct{}{}
				}
				out = append(out, c)
			}
		}
		lists++
		if lists == 2 {
			seen = make(map[*client]struct{}, len(out))
			for _, c := range out {
				seen[c] = struct{}{}
			}
		}
		if all {
			for _, set := range w {
				add(set)
			}
		} else {
			add(w[scope])
		}
	}
	return out
}

// patternsOf returns the channel and every pattern that matches it ("/*" one more segment,
// "/**" any more): for
// /a/b/c, /a/b/c, /a/b/*, /**, /a/** and /a/b/**.
func patternsOf(channel string) []string {
	out := []string{channel}
	i := strings.LastIndexByte(channel, '/')
	if i < 0 {
		return out
	}
	out = append(out, channel[:i]+"/*")
	for j := 0; j < len(channel); j++ {
		if channel[j] == '/' && j < len(channel)-1 {
			out = append(out, channel[:j]+"/**")
		}
	}
	return out
}

// sweeper drops expired sessions every interval until the server closes, so sessions
// left behind by clients that went away do not wait for the next request.
func (s *Server) sweeper(every time.Duration) {
	t := time.NewTicker(every)
	defer t.Stop()
	for {
		select {
		case <-s.done:
			return
		case now := <-t.C:
			s.sweepAt(now)
		}
	}
}

// sweepAt drops the sessions expired at now.
func (s *Server) sweepAt(now time.Time) {
	s.mu.Lock()
	var gone []*client
	for _, c := range s.clients {
		if c.expired(now, s.o.MaxInterval) {
			gone = append(gone, c)
		}
	}
	for _, c := range gone {
		s.removeLocked(c)
	}
	s.mu.Unlock()
	for _, c := range gone {
		c.close(false)
	}
}
