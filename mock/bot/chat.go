package bot

import (
	"time"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// chat is a chat the bot follows: one waiting for the bot to accept it, or one the bot is in.
type chat struct {
	key   store.Key
	actor api.Actor
	seq   int64
	// since is when the chat was seen waiting; the bot accepts it AcceptDelay later.
	since time.Time
	// agent and pid are the agent id the bot acts as and its participant id, once it has
	// accepted; joined is the index of its joined event, and synced whether a change from
	// after it has been seen (changes queued before the accept may come later still).
	agent, pid string
	joined     int
	synced     bool
	// texts are the visitor texts not answered yet, oldest first.
	texts []text
	// ready is when the bot joined or last replied: the next reply's delay counts from it
	// or from the text, whichever is later.
	ready time.Time
	// typing is when typing was shown for texts[0]; zero when it is not.
	typing time.Time
	// heard is the visitor's last activity, or when the bot joined: idle completion counts
	// from it.
	heard   time.Time
	replies int
}

// text is a visitor text and when the bot saw it.
type text struct {
	text string
	at   time.Time
}

// in tells whether the bot has accepted the chat.
func (c *chat) in() bool { return c.pid != "" }

// nextReply returns when the next reply step (typing, then sending) is due; zero when no
// text waits for an answer.
func (c *chat) nextReply(cfg Config) time.Time {
	switch {
	case len(c.texts) == 0:
		return time.Time{}
	case !c.typing.IsZero():
		return c.typing.Add(cfg.TypingDelay)
	}
	return later(c.texts[0].at, c.ready).Add(cfg.ReplyDelay)
}

// idleAt returns when the chat is completed for want of visitor activity; zero for never.
func (c *chat) idleAt(cfg Config) time.Time {
	if cfg.IdleComplete <= 0 {
		return time.Time{}
	}
	return c.heard.Add(cfg.IdleComplete)
}

// due returns when the chat's next action is due; zero when none is pending.
func (c *chat) due(cfg Config) time.Time {
	if !c.in() {
		return c.since.Add(cfg.AcceptDelay)
	}
	return earlier(c.nextReply(cfg), c.idleAt(cfg))
}

// act performs the chat's action that is due.
func (w *worker) act(c *chat, cfg Config, due time.Time) {
	switch {
	case !c.in():
		w.accept(c, cfg)
	case due.Equal(c.nextReply(cfg)):
		w.reply(c, cfg)
	default:
		w.do(c, "complete", "")
		delete(w.chats, c.key)
	}
}

// accept accepts the chat as cfg.AgentID (or the agent the vendor picks), learns who the
// bot is in the chat from the joined event, and greets.
func (w *worker) accept(c *chat, cfg Config) {
	events, after, err := c.actor.Act(c.key, api.Action{Role: api.AsAgent, Name: "accept", Agent: cfg.AgentID})
	w.logged(c, "accept", err)
	if err != nil {
		delete(w.chats, c.key)
		return
	}
	for _, ev := range events {
		if p, found := after.Participant(ev.From); found && ev.Kind == store.KindJoined && p.Role == store.RoleAgent {
			c.agent, c.pid, c.joined = p.Ref, p.ID, ev.Index
		}
	}
	if !c.in() {
		delete(w.chats, c.key)
		return
	}
	c.ready, c.heard = time.Now(), time.Now()
	if cfg.Greeting != "" && w.current() {
		w.do(c, "send", cfg.Greeting)
		c.ready = time.Now()
	}
}

// reply performs the next reply step: show typing, or stop typing and send the answer.
func (w *worker) reply(c *chat, cfg Config) {
	if c.typing.IsZero() {
		w.do(c, "typing-start", "")
		c.typing = time.Now()
		return
	}
	w.do(c, "typing-stop", "")
	if w.current() && w.chats[c.key] == c {
		if err := w.do(c, "send", answer(cfg, c.texts[0].text, c.replies)); err == nil {
			c.replies++
		}
	}
	c.texts = c.texts[1:]
	c.typing, c.ready = time.Time{}, time.Now()
}

// answer is the reply to a visitor text: the text itself (Echo), the next line of the
// script, or DefaultReply.
func answer(cfg Config, visitor string, n int) string {
	switch {
	case cfg.Echo:
		return visitor
	case len(cfg.Script) > 0:
		return cfg.Script[n%len(cfg.Script)]
	}
	return DefaultReply
}

// do performs an agent action as the bot's agent. A chat that is gone is forgotten; other
// failures (the chat moved on) are only logged.
func (w *worker) do(c *chat, name, text string) error {
	_, _, err := c.actor.Act(c.key, api.Action{Role: api.AsAgent, Name: name, Agent: c.agent, Text: text})
	w.logged(c, name, err)
	if err != nil && api.AsError(err).Kind == api.KindNotFound {
		delete(w.chats, c.key)
	}
	return err
}

// logged logs an action at debug level.
func (w *worker) logged(c *chat, action string, err error) {
	if err != nil {
		w.b.log.Debug("simulated agent action failed", "vendor", c.key.Vendor, "tenant", c.key.Tenant,
			"chat", c.key.ID, "action", action, "agent", c.agent, "err", err)
		return
	}
	w.b.log.Debug("simulated agent action", "vendor", c.key.Vendor, "tenant", c.key.Tenant,
		"chat", c.key.ID, "action", action, "agent", c.agent)
}

// later returns the later of two times.
func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// earlier returns the earlier of two times, ignoring zero ones.
func earlier(a, b time.Time) time.Time {
	switch {
	case a.IsZero():
		return b
	case b.IsZero() || a.Before(b):
		return a
	}
	return b
}
