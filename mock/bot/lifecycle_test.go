package bot_test

import (
	"net/http/httptest"
	"runtime"
	"slices"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/bot"
	"github.com/chatconform/chatconform/mock/gws"
)

// onlyCustomer fails unless every message of the chat is the customer's, and the chat
// still waits for an agent.
func (e *env) onlyCustomer(id string) {
	e.t.Helper()
	if got := fromAgents(e.messages(id)); len(got) != 0 {
		e.t.Errorf("chat %s: agent messages %v; want none", id, got)
	}
	if s := e.state(id); s != "WaitingForAgent" {
		e.t.Errorf("chat %s: state = %s; want WaitingForAgent", id, s)
	}
}

func TestConfig(t *testing.T) {
	t.Parallel()
	e := newEnv(t, bot.DefaultConfig())
	if got := e.b.Config(); got.Mode != bot.ModeOff || got.AcceptDelay != time.Second || got.Greeting == "" {
		t.Errorf("default config = %+v; want off, 1s, a greeting", got)
	}
	cfg := fast()
	cfg.Script = []string{"a"}
	cfg.ReplyDelay = -time.Second
	e.b.Configure(cfg)
	cfg.Script[0] = "changed by the caller"
	got := e.b.Config()
	if got.Script[0] != "a" || got.ReplyDelay != 0 || got.Mode != bot.ModeAuto {
		t.Errorf("config = %+v; want its own script, no negative delay, auto", got)
	}
	got.Script[0] = "changed through Config"
	if again := e.b.Config(); again.Script[0] != "a" {
		t.Errorf("script = %q after changing a copy; want [a]", again.Script)
	}
	b := bot.New(e.m.Store(), e.m.Actor, bot.WithConfig(cfg))
	defer b.Close()
	if got := b.Config(); got.Mode != bot.ModeAuto || got.AcceptDelay != cfg.AcceptDelay || got.ReplyDelay != 0 {
		t.Errorf("WithConfig: config = %+v; want %+v without the negative delay", got, cfg)
	}
}

func TestModeOffDoesNothing(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.Mode = bot.ModeOff
	e := newEnv(t, cfg)
	id := e.requestChat()
	e.send(id, "hello?")
	e.b.Configure(fast())
	e.barrier()
	e.onlyCustomer(id)
}

func TestSwitchingOffCancelsPendingAccept(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.AcceptDelay = time.Hour
	e := newEnv(t, cfg)
	id := e.requestChat()
	off := cfg
	off.Mode = bot.ModeOff
	e.b.Configure(off)
	// Delays count anew: were the first chat's accept still pending, it would be due now,
	// before the barrier's.
	e.b.Configure(fast())
	e.barrier()
	e.onlyCustomer(id)
}

func TestSwitchingOffStopsReplies(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.ReplyDelay = time.Hour
	e := newEnv(t, cfg)
	id := e.chatWith(cfg.Greeting)
	e.send(id, "are you there?")
	off := cfg
	off.Mode = bot.ModeOff
	e.b.Configure(off)
	cfg = fast()
	e.b.Configure(cfg)
	e.barrier()
	if got := agentTexts(e.messages(id)); !slices.Equal(got, []string{cfg.Greeting}) {
		t.Errorf("agent texts = %q; want only the greeting", got)
	}
	// The bot is still in the chat, and answers what comes next.
	if got := agentTexts(e.ask(id, "hello?")); !slices.Equal(got, []string{cfg.Greeting, bot.DefaultReply}) {
		t.Errorf("agent texts = %q; want the greeting and one answer", got)
	}
}

func TestSwitchingOffStopsTyping(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.TypingDelay = time.Hour
	e := newEnv(t, cfg)
	id := e.chatWith(cfg.Greeting)
	e.send(id, "are you there?")
	typing := func(kind string) func([]message) bool {
		return func(ms []message) bool {
			return slices.Contains(ms, message{Type: kind, From: "Agent", Nickname: "Ann"})
		}
	}
	e.waitFor(id, "typing", typing("TypingStarted"))
	cfg.Mode = bot.ModeOff
	e.b.Configure(cfg)
	e.waitFor(id, "typing stopped", typing("TypingStopped"))
}

func TestRealAgentsChatIsLeftAlone(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.AgentID = bob
	cfg.AcceptDelay = time.Hour
	e := newEnv(t, cfg)
	id := e.requestChat()
	e.agentOp("ann", "ann-pass", id, "Accept")
	e.send(id, "hello?")
	cfg.AcceptDelay = fast().AcceptDelay // a pending accept of the chat would now be due
	e.b.Configure(cfg)
	e.barrier()
	want := []message{{Type: "ParticipantJoined", From: "Agent", Nickname: "Ann"}}
	if got := fromAgents(e.messages(id)); !slices.Equal(got, want) {
		t.Errorf("agent messages = %v; want only Ann joining", got)
	}
}

func TestSuspend(t *testing.T) {
	t.Parallel()
	t.Run("ignores changes", func(t *testing.T) {
		t.Parallel()
		e := newEnv(t, fast())
		e.b.Suspend()
		id := e.requestChat()
		e.send(id, "hello?")
		e.b.Resume()
		e.barrier()
		e.onlyCustomer(id)
	})
	t.Run("cancels a pending accept", func(t *testing.T) {
		t.Parallel()
		cfg := fast()
		cfg.AcceptDelay = time.Hour
		e := newEnv(t, cfg)
		id := e.requestChat()
		e.b.Suspend()
		e.b.Resume()
		e.b.Configure(fast())
		e.barrier()
		e.onlyCustomer(id)
	})
}

// TestCloseLeavesNoGoroutine is not parallel: it counts goroutines.
func TestCloseLeavesNoGoroutine(t *testing.T) {
	m, err := mock.New(mock.WithVendors(gws.New()), mock.WithFixtures(gwsSet()), mock.WithStrict(true))
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	before := runtime.NumGoroutine()

	b := bot.New(m.Store(), m.Actor)
	cfg := fast()
	b.Configure(cfg)
	e := &env{t: t, m: m, b: b, srv: srv, client: srv.Client()}
	e.ask(e.chatWith(cfg.Greeting), "hello")
	cfg.AcceptDelay = time.Hour
	b.Configure(cfg)
	pending := e.requestChat()
	done := make(chan struct{})
	go func() { b.Close(); close(done) }()
	select {
	case <-done:
	case <-time.After(patience):
		t.Fatal("Close did not return; want it to cancel the pending accept")
	}
	b.Close() // idempotent
	b.Configure(fast())
	b.Suspend()
	b.Resume()
	e.send(pending, "still there?") // the observer stays registered and does nothing

	e.client.CloseIdleConnections()
	var now int
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(5 * time.Millisecond) {
		if now = runtime.NumGoroutine(); now <= before {
			break
		}
	}
	if now > before {
		buf := make([]byte, 1<<20)
		t.Errorf("goroutines = %d after Close; want at most %d as before New:\n%s", now, before, buf[:runtime.Stack(buf, true)])
	}
	e.onlyCustomer(pending)
}

// TestAdoptTakesWaitingChats: chats that waited while the bot was off are left alone when it
// is switched on, until Adopt (the mock calls it after a fixture load) takes them; the bot
// accepts each once, even when adopted twice.
func TestAdoptTakesWaitingChats(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.Mode = bot.ModeOff
	e := newEnv(t, cfg)
	id := e.requestChat()
	e.b.Adopt() // off: nothing
	e.b.Configure(fast())
	e.barrier()
	e.onlyCustomer(id)
	e.b.Adopt()
	e.b.Adopt()
	joined := func(ms []message) bool { return len(agentTexts(ms)) > 0 }
	e.waitFor(id, "the greeting", joined)
	e.barrier()
	if got := agentTexts(e.messages(id)); !slices.Equal(got, []string{fast().Greeting}) {
		t.Errorf("agent texts = %q; want one greeting", got)
	}
}
