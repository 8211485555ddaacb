package bot_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/bot"
	"github.com/chatconform/chatconform/mock/gws"
)

// cc is the test contact center.
const cc = "5f0c1e2a-0000-4000-8000-00000000b071"

// Agents of the test contact center: chats are offered to ann first.
const (
	ann = "ann01"
	bob = "bob02"
)

// patience bounds every wait for the bot; the delays it waits out are a few milliseconds.
const patience = 10 * time.Second

// gwsSet is one GWS contact center with two agents.
func gwsSet() *fixtures.Set {
	return &fixtures.Set{
		Tenants: []fixtures.Tenant{{ID: cc, Vendor: fixtures.GWS, Name: "Widget shop"}},
		Agents: []fixtures.Agent{
			{ID: ann, Vendor: fixtures.GWS, Tenant: cc, Name: "Ann Avery", Nickname: "Ann", Username: "ann", Password: "ann-pass"},
			{ID: bob, Vendor: fixtures.GWS, Tenant: cc, Name: "Bob Berg", Nickname: "Bob", Username: "bob", Password: "bob-pass"},
		},
	}
}

// fast is an auto configuration with delays of a few milliseconds.
func fast() bot.Config {
	return bot.Config{
		Mode: bot.ModeAuto, AcceptDelay: 2 * time.Millisecond, TypingDelay: 2 * time.Millisecond,
		ReplyDelay: 2 * time.Millisecond, Greeting: "Hi, I'm the bot.",
	}
}

// env is a GWS mock served over HTTP with a bot.
type env struct {
	t      *testing.T
	m      *mock.Mock
	b      *bot.Bot
	srv    *httptest.Server
	client *http.Client
}

// newEnv serves a GWS mock and starts a bot configured with cfg; both stop with the test.
func newEnv(t *testing.T, cfg bot.Config) *env {
	t.Helper()
	m, err := mock.New(mock.WithVendors(gws.New()), mock.WithFixtures(gwsSet()), mock.WithStrict(true))
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	b := bot.New(m.Store(), m.Actor, bot.WithLogger(slog.New(slog.NewTextHandler(tlog{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	t.Cleanup(b.Close)
	b.Configure(cfg)
	return &env{t: t, m: m, b: b, srv: srv, client: srv.Client()}
}

type tlog struct{ t *testing.T }

func (l tlog) Write(p []byte) (int, error) { l.t.Log(string(p)); return len(p), nil }

// do sends a JSON request, fails the test unless the answer is 200, and decodes it.
func (e *env) do(method, path string, body any, header ...string) map[string]any {
	e.t.Helper()
	var rd io.Reader
	if body != nil {
		j, _ := json.Marshal(body)
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatal(err)
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := e.client.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		e.t.Fatalf("%s %s: status = %d; want 200: %s", method, path, resp.StatusCode, raw)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		e.t.Fatalf("%s %s: decode %q: %v", method, path, raw, err)
	}
	return out
}

// requestChat starts a chat as a customer and returns its id.
func (e *env) requestChat() string {
	e.t.Helper()
	r := e.do("POST", "/api/v2/chats", map[string]any{"operationName": "RequestChat", "nickname": "Robin"}, "ContactCenterId", cc)
	id, _ := r["id"].(string)
	if id == "" {
		e.t.Fatalf("RequestChat: no id in %v", r)
	}
	return id
}

// send sends a text as the customer.
func (e *env) send(id, text string) {
	e.t.Helper()
	e.do("POST", "/api/v2/chats/"+id, map[string]any{"operationName": "SendMessage", "text": text}, "ContactCenterId", cc)
}

// agentOp performs an agent operation with the agent's Basic credentials.
func (e *env) agentOp(user, pass, id, op string) {
	e.t.Helper()
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth(user, pass)
	e.do("POST", "/api/v2/me/chats/"+id, map[string]any{"operationName": op}, "Authorization", req.Header.Get("Authorization"))
}

// state returns the customer's view of the chat's state.
func (e *env) state(id string) string {
	e.t.Helper()
	r := e.do("GET", "/api/v2/chats/"+id, nil, "ContactCenterId", cc)
	chat, _ := r["chat"].(map[string]any)
	s, _ := chat["state"].(string)
	return s
}

// message is a GetMessages entry as the customer sees it.
type message struct {
	Type, From, Nickname, Text string
}

func (m message) String() string {
	return fmt.Sprintf("%s/%s(%s)%q", m.Type, m.From, m.Nickname, m.Text)
}

// messages returns the whole transcript as the customer sees it.
func (e *env) messages(id string) []message {
	e.t.Helper()
	r := e.do("GET", "/api/v2/chats/"+id+"/messages?index=0", nil, "ContactCenterId", cc)
	list, _ := r["messages"].([]any)
	out := make([]message, 0, len(list))
	for _, x := range list {
		m, _ := x.(map[string]any)
		from, _ := m["from"].(map[string]any)
		msg := message{}
		msg.Type, _ = m["type"].(string)
		msg.Text, _ = m["text"].(string)
		msg.From, _ = from["type"].(string)
		msg.Nickname, _ = from["nickname"].(string)
		out = append(out, msg)
	}
	return out
}

// waitFor polls the transcript until ok holds, and returns it.
func (e *env) waitFor(id, what string, ok func([]message) bool) []message {
	e.t.Helper()
	var ms []message
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if ms = e.messages(id); ok(ms) {
			return ms
		}
	}
	e.t.Fatalf("chat %s: no %s within %v; messages = %v", id, what, patience, ms)
	return nil
}

// waitState polls the customer's view of the chat's state until it is want.
func (e *env) waitState(id, want string) {
	e.t.Helper()
	got := ""
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if got = e.state(id); got == want {
			return
		}
	}
	e.t.Fatalf("chat %s: state = %s after %v; want %s", id, got, patience, want)
}

// agentTexts returns the agents' texts of a transcript.
func agentTexts(ms []message) []string {
	var out []string
	for _, m := range ms {
		if m.From == "Agent" && m.Type == "Text" {
			out = append(out, m.Text)
		}
	}
	return out
}

// fromAgents returns the agents' messages of a transcript.
func fromAgents(ms []message) []message {
	var out []message
	for _, m := range ms {
		if m.From == "Agent" {
			out = append(out, m)
		}
	}
	return out
}

// joined tells whether an agent has joined.
func joined(ms []message) bool {
	return slices.ContainsFunc(ms, func(m message) bool { return m.From == "Agent" && m.Type == "ParticipantJoined" })
}

// answered tells whether an agent's text follows the customer's last text.
func answered(ms []message) bool {
	last := -1
	for i, m := range ms {
		if m.From == "Customer" && m.Type == "Text" {
			last = i
		}
	}
	return last >= 0 && slices.ContainsFunc(ms[last+1:], func(m message) bool { return m.From == "Agent" && m.Type == "Text" })
}

// chatWith starts a chat and waits until the bot has accepted it (and greeted, when the
// configuration has a greeting).
func (e *env) chatWith(greeting string) string {
	e.t.Helper()
	id := e.requestChat()
	e.waitFor(id, "accept", func(ms []message) bool {
		return joined(ms) && (greeting == "" || slices.Contains(agentTexts(ms), greeting))
	})
	return id
}

// ask sends a text and waits for the bot's answer.
func (e *env) ask(id, text string) []message {
	e.t.Helper()
	e.send(id, text)
	return e.waitFor(id, "answer to "+text, answered)
}

// barrier runs a whole conversation in a new chat: the bot accepts it and answers a text.
// The bot performs due actions in deadline order on one goroutine, so once the barrier's
// answer is there, every action scheduled before it with the same delays has happened:
// a negative assertion made after it is not a guess about timing.
func (e *env) barrier() {
	e.t.Helper()
	id := e.chatWith(e.b.Config().Greeting)
	e.ask(id, "barrier")
}
