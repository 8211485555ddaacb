package bot

import (
	"time"

	"github.com/chatconform/chatconform/mock/store"
)

// worker is the state of the bot's one goroutine: the chats it waits to accept or is in.
// Only run touches it, so it needs no lock.
type worker struct {
	b          *Bot
	gen, epoch uint64
	on         bool
	seq        int64 // creation order of chats, to break ties between equal deadlines
	chats      map[store.Key]*chat
}

// run is the worker goroutine: it applies queued changes, performs due actions in deadline
// order, and sleeps until the next deadline, a change, a new configuration or Close.
func (b *Bot) run() {
	defer close(b.exit)
	w := &worker{b: b, chats: map[store.Key]*chat{}}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	defer timer.Stop()
	for {
		next, wait := w.step()
		if wait {
			timer.Reset(time.Until(next))
		}
		select {
		case <-b.done:
			return
		case <-b.wake:
		case <-timer.C:
		}
		timer.Stop()
	}
}

// settings returns the configuration, generation, epoch and whether the bot is on,
// consistently.
func (b *Bot) settings() (cfg Config, gen, epoch uint64, on bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	s := b.state.Load()
	return b.cfg, s >> 1, b.epoch, s&1 == 1
}

// closing tells whether Close was called.
func (b *Bot) closing() bool {
	select {
	case <-b.done:
		return true
	default:
		return false
	}
}

// step applies queued changes and performs every due action; it returns the next deadline
// and whether there is one.
func (w *worker) step() (time.Time, bool) {
	for !w.b.closing() {
		// Take the queue before reading the settings: a change queued after the bot was
		// switched on again must not meet settings that still say off.
		items := w.b.take()
		cfg, gen, epoch, on := w.b.settings()
		w.follow(gen, epoch, on)
		for _, it := range items {
			if on && it.gen == gen {
				w.observe(it)
			}
		}
		if !on {
			return time.Time{}, false
		}
		c, due := w.earliest(cfg)
		if c == nil {
			return time.Time{}, false
		}
		if now := time.Now(); due.After(now) {
			return due, true
		}
		w.act(c, cfg, due)
	}
	return time.Time{}, false
}

// current tells whether the settings an action started with still hold (not switched off,
// suspended or closed since).
func (w *worker) current() bool {
	_, gen, _, on := w.b.settings()
	return on && gen == w.gen && !w.b.closing()
}

// follow brings the worker's chats in line with new settings: a new epoch forgets them all;
// a new generation cancels pending actions, keeping only the chats the bot is in (typing
// shown there is stopped, so the visitor does not see it forever); switching on again
// measures their idleness and next reply from now.
func (w *worker) follow(gen, epoch uint64, on bool) {
	switch {
	case epoch != w.epoch:
		clear(w.chats)
	case gen != w.gen:
		for key, c := range w.chats {
			if !c.in() {
				delete(w.chats, key)
				continue
			}
			if !c.typing.IsZero() {
				w.do(c, "typing-stop", "")
			}
			c.texts, c.typing = nil, time.Time{}
		}
	}
	if on && !w.on {
		now := time.Now()
		for _, c := range w.chats {
			c.heard, c.ready = now, now
		}
	}
	w.gen, w.epoch, w.on = gen, epoch, on
}

// earliest returns the chat with the earliest deadline, and the deadline.
func (w *worker) earliest(cfg Config) (*chat, time.Time) {
	var first *chat
	var at time.Time
	for _, c := range w.chats {
		d := c.due(cfg)
		if d.IsZero() {
			continue
		}
		if first == nil || d.Before(at) || (d.Equal(at) && c.seq < first.seq) {
			first, at = c, d
		}
	}
	return first, at
}

// observe applies one change: it starts following a chat that waits for an agent, stops
// following one the bot is no longer in, and notes visitor texts and activity.
func (w *worker) observe(it item) {
	c := &it.ch.Chat
	key := c.Key
	ct := w.chats[key]
	if c.State == store.StateCompleted {
		delete(w.chats, key)
		return
	}
	switch {
	case ct == nil:
		if c.State != store.StateWaiting {
			return // not the bot's: a real agent's chat, or one it was never offered
		}
		a := w.b.actor(key.Vendor)
		if a == nil {
			return
		}
		w.seq++
		ct = &chat{key: key, actor: a, seq: w.seq, since: it.at}
		w.chats[key] = ct
	case !ct.in():
		if c.State != store.StateWaiting {
			delete(w.chats, key) // taken by someone else before the bot accepted
			return
		}
	case c.LastIndex < ct.joined && ct.synced:
		// Shorter than when the bot joined: the chat was deleted and made anew (a fixture
		// reload without Suspend reuses numeric ids).
		delete(w.chats, key)
		w.observe(it)
		return
	case c.LastIndex >= ct.joined:
		// A change from after the bot joined: is the bot still in?
		ct.synced = true
		me, found := c.Participant(ct.pid)
		if !found || me.Role != store.RoleAgent || me.Ref != ct.agent || !me.Present {
			delete(w.chats, key)
			if c.State == store.StateWaiting {
				w.observe(it) // offered again: start over
			}
			return
		}
		if v, found := c.Visitor(); found && !v.Present {
			ct.texts, ct.typing = nil, time.Time{} // nobody to answer
		}
	}
	for _, ev := range it.ch.Events {
		p, _ := c.Participant(ev.From)
		if p.Role != store.RoleVisitor {
			continue
		}
		if it.at.After(ct.heard) {
			ct.heard = it.at
		}
		if ev.Kind == store.KindText && ev.Visibility != store.VisibleAgents {
			ct.texts = append(ct.texts, text{text: ev.Text, at: it.at})
		}
	}
}
