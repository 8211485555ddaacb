package bot

import (
	"io"
	"log/slog"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// Modes of the simulated agent (the SimulatedAgent schema's mode).
const (
	ModeAuto = "auto"
	ModeOff  = "off"
)

// DefaultReply is the answer to every visitor text when Echo is false and Script is empty.
const DefaultReply = "Thanks, I'm looking into it."

// Config is the simulated agent's configuration (the control API's SimulatedAgent).
type Config struct {
	// Mode is ModeAuto (answer chats) or ModeOff (do nothing); anything else means off.
	Mode string
	// AgentID is the agent the bot acts as; "" lets each vendor's Actor pick (the agent the
	// chat is offered to, or the tenant's first agent).
	AgentID string
	// AcceptDelay is how long a chat waits before the bot accepts it; TypingDelay how long
	// typing shows before a reply; ReplyDelay how long after a visitor text typing starts;
	// IdleComplete how long without visitor activity before the bot completes the chat
	// (0 = never). Negative durations count as 0.
	AcceptDelay, TypingDelay, ReplyDelay, IdleComplete time.Duration
	// Greeting is sent right after accepting; "" = none.
	Greeting string
	// Script holds the replies, used in order and cycling per chat, when Echo is false; when
	// it is empty too, every reply is DefaultReply.
	Script []string
	// Echo answers with the visitor's own text.
	Echo bool
}

// DefaultConfig returns the control API's defaults: off, accepting after 1s, typing for
// 0.8s after 0.5s, never completing, with a greeting and no script.
func DefaultConfig() Config {
	return Config{
		Mode: ModeOff, AcceptDelay: time.Second, TypingDelay: 800 * time.Millisecond,
		ReplyDelay: 500 * time.Millisecond, Greeting: "Hello, how can I help you?", Script: []string{},
	}
}

// clone returns c with its own script and no negative durations.
func (c Config) clone() Config {
	c.Script = slices.Clone(c.Script)
	if c.Script == nil {
		c.Script = []string{}
	}
	for _, d := range []*time.Duration{&c.AcceptDelay, &c.TypingDelay, &c.ReplyDelay, &c.IdleComplete} {
		*d = max(*d, 0)
	}
	return c
}

// Option configures a Bot.
type Option func(*Bot)

// WithLogger logs every action the bot takes, and why one failed, at debug level (default:
// discard).
func WithLogger(l *slog.Logger) Option { return func(b *Bot) { b.log = l } }

// WithConfig sets the configuration the bot starts with (default: DefaultConfig, off).
func WithConfig(c Config) Option { return func(b *Bot) { b.cfg = c.clone() } }

// Bot is the simulated agent. Create it with New; stop it with Close.
type Bot struct {
	st    *store.Store
	actor func(vendor string) api.Actor
	log   *slog.Logger

	mu        sync.Mutex // guards cfg, suspended, closed and the packed state's updates
	cfg       Config
	suspended bool
	closed    bool
	// state packs the generation (state>>1) and whether changes are wanted (state&1). The
	// generation moves on whenever pending actions must be cancelled (off, Suspend, Close);
	// queued changes carry the generation they were seen in.
	state atomic.Uint64
	// epoch moves on when the chats themselves must be forgotten (Suspend: the store is
	// about to be replaced).
	epoch uint64

	qmu   sync.Mutex
	queue []item
	wake  chan struct{} // capacity 1: the worker has something to look at
	done  chan struct{} // closed by Close
	exit  chan struct{} // closed when the worker has returned
}

// item is a change as the observer queued it.
type item struct {
	gen uint64
	at  time.Time
	ch  store.Change
}

// New returns a bot over st that acts through actor(vendor) (nil for vendors without an
// Actor, whose chats it ignores). It registers one store observer and starts its worker.
func New(st *store.Store, actor func(vendor string) api.Actor, opts ...Option) *Bot {
	b := &Bot{
		st: st, actor: actor, log: slog.New(slog.NewTextHandler(io.Discard, nil)), cfg: DefaultConfig(),
		wake: make(chan struct{}, 1), done: make(chan struct{}), exit: make(chan struct{}),
	}
	for _, o := range opts {
		o(b)
	}
	b.mu.Lock()
	b.publish(false)
	b.mu.Unlock()
	st.Observe(b.observe)
	go b.run()
	return b
}

// Configure replaces the configuration; it takes effect at once: delays of pending actions
// are measured anew, and switching to off cancels every pending action (accepts, replies,
// idle completion). The bot remembers the chats it is in: switched on again, it answers
// their next visitor texts, and measures idleness from then.
func (b *Bot) Configure(c Config) {
	b.mu.Lock()
	b.cfg = c.clone()
	b.publish(false)
	b.mu.Unlock()
	b.poke()
}

// Config returns the configuration in effect.
func (b *Bot) Config() Config {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.cfg.clone()
}

// Suspend makes the bot ignore changes (the mock calls it around fixture loads), cancel
// every pending action and forget every chat it was in, until Resume.
func (b *Bot) Suspend() {
	b.mu.Lock()
	b.suspended = true
	b.epoch++
	b.publish(true)
	b.mu.Unlock()
	b.poke()
}

// Adopt takes every chat waiting now as if it had just arrived, when the bot is on: it
// accepts them after AcceptDelay. The mock calls it after a fixture load, so the chats a
// set leaves waiting do not wait for their visitor's next change. A chat adopted twice is
// followed once.
func (b *Bot) Adopt() {
	s := b.state.Load()
	if s&1 == 0 {
		return
	}
	waiting := b.st.List(store.Filter{State: store.StateWaiting})
	if len(waiting) == 0 {
		return
	}
	now := time.Now()
	b.qmu.Lock()
	for _, c := range waiting {
		b.queue = append(b.queue, item{gen: s >> 1, at: now, ch: store.Change{Chat: c}})
	}
	b.qmu.Unlock()
	b.poke()
}

// Resume ends Suspend. Chats that changed meanwhile are not looked at again until their
// next change.
func (b *Bot) Resume() {
	b.mu.Lock()
	b.suspended = false
	b.publish(false)
	b.mu.Unlock()
	b.poke()
}

// Close cancels every pending action, waits for a running one to finish and stops the
// worker. The store observer stays registered but does nothing. Close is idempotent.
func (b *Bot) Close() {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		b.publish(true)
		close(b.done)
	}
	b.mu.Unlock()
	<-b.exit
}

// publish stores the packed state for the current settings (b.mu held). The generation
// moves on when the bot stops wanting changes, or when forget says so.
func (b *Bot) publish(forget bool) {
	old := b.state.Load()
	gen := old >> 1
	on := b.cfg.Mode == ModeAuto && !b.suspended && !b.closed
	if forget || (old&1 == 1 && !on) {
		gen++
	}
	next := gen << 1
	if on {
		next |= 1
	}
	b.state.Store(next)
}

// observe is the store observer. It runs under the chat's lock, so it only queues.
func (b *Bot) observe(ch store.Change) {
	s := b.state.Load()
	if s&1 == 0 {
		return
	}
	b.qmu.Lock()
	b.queue = append(b.queue, item{gen: s >> 1, at: time.Now(), ch: ch})
	b.qmu.Unlock()
	b.poke()
}

// poke wakes the worker without blocking.
func (b *Bot) poke() {
	select {
	case b.wake <- struct{}{}:
	default:
	}
}

// take returns the queued changes and empties the queue.
func (b *Bot) take() []item {
	b.qmu.Lock()
	defer b.qmu.Unlock()
	q := b.queue
	b.queue = nil
	return q
}
