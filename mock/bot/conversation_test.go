package bot_test

import (
	"slices"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock/bot"
	"github.com/chatconform/chatconform/mock/store"
)

func TestAcceptAndGreet(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fast())
	id := e.chatWith("Hi, I'm the bot.")
	ms := e.messages(id)
	want := []message{
		{Type: "ParticipantJoined", From: "Customer", Nickname: "Robin"},
		{Type: "ParticipantJoined", From: "Agent", Nickname: "Ann"},
		{Type: "Text", From: "Agent", Nickname: "Ann", Text: "Hi, I'm the bot."},
	}
	if !slices.Equal(ms, want) {
		t.Errorf("messages = %v; want %v", ms, want)
	}
	if s := e.state(id); s != "Chatting" {
		t.Errorf("state = %s; want Chatting", s)
	}
}

func TestAcceptAsConfiguredAgentWithoutGreeting(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.AgentID, cfg.Greeting = bob, ""
	e := newEnv(t, cfg)
	id := e.chatWith("")
	ms := e.ask(id, "Anyone there?")
	// Without a greeting the answer is the bot's first text.
	if got := agentTexts(ms); !slices.Equal(got, []string{bot.DefaultReply}) {
		t.Errorf("agent texts = %q; want only %q", got, bot.DefaultReply)
	}
	for _, m := range fromAgents(ms) {
		if m.Nickname != "Bob" {
			t.Errorf("agent message %v; want every one from Bob", m)
		}
	}
}

func TestTypingShownBeforeTheAnswer(t *testing.T) {
	t.Parallel()
	e := newEnv(t, fast())
	id := e.chatWith("Hi, I'm the bot.")
	ms := e.ask(id, "Where is my order?")
	i := slices.Index(ms, message{Type: "Text", From: "Customer", Nickname: "Robin", Text: "Where is my order?"})
	if i < 0 {
		t.Fatalf("messages = %v; want the customer's text", ms)
	}
	want := []message{
		{Type: "TypingStarted", From: "Agent", Nickname: "Ann"},
		{Type: "TypingStopped", From: "Agent", Nickname: "Ann"},
		{Type: "Text", From: "Agent", Nickname: "Ann", Text: bot.DefaultReply},
	}
	if got := ms[i+1:]; !slices.Equal(got, want) {
		t.Errorf("after the customer's text: %v; want %v", got, want)
	}
}

func TestEcho(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.Echo, cfg.Script = true, []string{"never used"}
	e := newEnv(t, cfg)
	id := e.chatWith(cfg.Greeting)
	e.ask(id, "ping")
	// Texts in quick succession are answered one by one, in order, each after typing.
	e.send(id, "one")
	e.send(id, "two")
	ms := e.waitFor(id, "both answers", func(ms []message) bool { return len(agentTexts(ms)) == 4 })
	if got, want := agentTexts(ms), []string{cfg.Greeting, "ping", "one", "two"}; !slices.Equal(got, want) {
		t.Errorf("agent texts = %q; want %q", got, want)
	}
	// The customer's second text may come before or after typing shows for the first.
	i := slices.IndexFunc(ms, func(m message) bool { return m.Text == "one" && m.From == "Customer" })
	var got []string
	for _, m := range fromAgents(ms[i+1:]) {
		got = append(got, m.Type+" "+m.Text)
	}
	want := []string{"TypingStarted ", "TypingStopped ", "Text one", "TypingStarted ", "TypingStopped ", "Text two"}
	if !slices.Equal(got, want) {
		t.Errorf("agent messages after the first text = %q; want %q", got, want)
	}
}

func TestScriptCycles(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.Script = []string{"Let me look.", "Found it."}
	e := newEnv(t, cfg)
	id := e.chatWith(cfg.Greeting)
	for _, q := range []string{"q1", "q2", "q3"} {
		e.ask(id, q)
	}
	want := []string{cfg.Greeting, "Let me look.", "Found it.", "Let me look."}
	if got := agentTexts(e.messages(id)); !slices.Equal(got, want) {
		t.Errorf("agent texts = %q; want %q", got, want)
	}
	// The script starts over in every chat.
	other := e.chatWith(cfg.Greeting)
	if got := agentTexts(e.ask(other, "hello")); !slices.Equal(got, []string{cfg.Greeting, "Let me look."}) {
		t.Errorf("second chat's agent texts = %q; want the greeting and the script's first line", got)
	}
}

func TestIdleComplete(t *testing.T) {
	t.Parallel()
	cfg := fast()
	e := newEnv(t, cfg)
	id := e.chatWith(cfg.Greeting)
	sent := time.Now()
	e.send(id, "one more thing")
	cfg.IdleComplete = 50 * time.Millisecond // takes effect at once
	e.b.Configure(cfg)
	e.waitState(id, "Idle")
	if quiet := time.Since(sent); quiet < cfg.IdleComplete {
		t.Errorf("completed %v after the customer's last text; want at least %v", quiet, cfg.IdleComplete)
	}
	c, err := e.m.Store().Get(store.Key{Vendor: "gws", Tenant: cc, ID: id})
	if err != nil || c.State != store.StateCompleted {
		t.Errorf("store chat = %v, %v; want completed", c.State, err)
	}
	if ms := e.messages(id); ms[len(ms)-1] != (message{Type: "ParticipantLeft", From: "Agent", Nickname: "Ann"}) {
		t.Errorf("last message = %v; want the agent leaving", ms[len(ms)-1])
	}
}

func TestReofferedChatIsAccepted(t *testing.T) {
	t.Parallel()
	cfg := fast()
	cfg.AcceptDelay = time.Hour
	e := newEnv(t, cfg)
	id := e.requestChat()
	e.agentOp("ann", "ann-pass", id, "Accept")
	e.b.Configure(fast())
	// Ann leaves: GWS offers the chat to Bob, whom the bot plays.
	e.agentOp("ann", "ann-pass", id, "Leave")
	ms := e.waitFor(id, "Bob's greeting", func(ms []message) bool { return slices.Contains(agentTexts(ms), "Hi, I'm the bot.") })
	if got := fromAgents(ms); got[len(got)-1].Nickname != "Bob" || got[len(got)-2] != (message{Type: "ParticipantJoined", From: "Agent", Nickname: "Bob"}) {
		t.Errorf("agent messages = %v; want Bob to join and greet", got)
	}
}
