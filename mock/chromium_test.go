package mock_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/browser"
)

// The browser tests load pages of mock/testdata/browser in headless Chromium from a second
// origin (a dev server: another port of localhost) and drive the mock from them, as chat
// widgets and agent desktops do. Each asserts what the page shows and what the browser
// console logged. They skip only where Chromium is missing; with CHATCONFORM_BROWSER=1 (CI)
// a missing Chromium fails them.

// chromium returns the browser's path, or skips (fails under CHATCONFORM_BROWSER=1).
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("CHATCONFORM_BROWSER") == "1" {
		t.Fatal("Chromium is not installed (apt-get install chromium); CHATCONFORM_BROWSER=1 requires it")
	}
	t.Skip("Chromium is not installed (apt-get install chromium): the browser tests need it; CI installs it")
	return ""
}

// consoleLine is one thing the browser console showed.
type consoleLine struct{ level, text string }

func (c consoleLine) String() string { return c.level + ": " + c.text }

// tab is one page in a headless Chromium, with what its console logged.
type tab struct {
	t       *testing.T
	ctx     context.Context
	mu      sync.Mutex
	console []consoleLine
}

// browserRig starts one headless Chromium for a test and serves the pages on their own
// origin; it returns the page server's base URL (on localhost) and a function that opens a tab.
func browserRig(t *testing.T, routes ...func(*http.ServeMux)) (pages string, open func(url string) *tab) {
	t.Helper()
	exe := chromium(t)
	cometd := filepath.Join("testdata", "cometd-interop", "node_modules", "cometd")
	if _, err := os.Stat(filepath.Join(cometd, "cometd.js")); err != nil {
		t.Fatalf("the CometD client is not installed: run npm ci in testdata/cometd-interop (make test does): %v", err)
	}
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(filepath.Join("testdata", "browser"))))
	mux.Handle("/cometd/", http.StripPrefix("/cometd/", http.FileServer(http.Dir(cometd))))
	for _, route := range routes {
		route(mux)
	}
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(exe), chromedp.NoSandbox,
		chromedp.DisableGPU, chromedp.UserDataDir(t.TempDir()), chromedp.Flag("disable-quic", true))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		cancelAlloc()
		t.Fatalf("start Chromium: %v", err)
	}
	t.Cleanup(func() { cancelBrowser(); cancelAlloc() })
	open = func(url string) *tab {
		t.Helper()
		ctx, cancel := chromedp.NewContext(bctx)
		t.Cleanup(cancel)
		if err := chromedp.Do(ctx); err != nil { // the tab; its first Run must have no timeout
			t.Fatalf("open a tab: %v", err)
		}
		tb := &tab{t: t, ctx: ctx}
		messages := chromedp.Console(ctx)
		go func() {
			for m, err := range messages {
				if err != nil {
					return
				}
				tb.mu.Lock()
				text := m.Text
				if m.URL != "" && !strings.Contains(text, m.URL) {
					text += " (" + m.URL + ")"
				}
				tb.console = append(tb.console, consoleLine{level: string(m.Type), text: text})
				tb.mu.Unlock()
			}
		}()
		if err := chromedp.Do(tb.timeout(20*time.Second), chromedp.Navigate(url)); err != nil {
			t.Fatalf("open %s: %v", url, err)
		}
		return tb
	}
	return localhost(srv.URL), open
}

// localhost names a loopback URL by localhost, as a developer's dev server and mock are.
func localhost(url string) string { return strings.Replace(url, "127.0.0.1", "localhost", 1) }

// timeout is the tab's context with a deadline, for one action.
func (tb *tab) timeout(d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(tb.ctx, d)
	tb.t.Cleanup(cancel)
	return ctx
}

// outcome waits for the page's window.testResult: the raw result, and the page's error
// when it failed.
func (tb *tab) outcome() (json.RawMessage, string) {
	tb.t.Helper()
	raw, err := chromedp.Run(tb.timeout(40*time.Second), chromedp.Poll[json.RawMessage]("window.testResult", chromedp.WithPollingTimeout(35*time.Second)))
	if err != nil {
		tb.t.Fatalf("the page did not finish: %v\npage: %s\nconsole:\n%s", err, tb.text("body"), tb.lines())
	}
	var r struct {
		OK    bool   `json:"ok"`
		Error string `json:"error"`
	}
	if err := json.Unmarshal(raw, &r); err != nil {
		tb.t.Fatalf("window.testResult = %s: %v", raw, err)
	}
	if !r.OK && r.Error == "" {
		r.Error = "failed without a reason"
	}
	return raw, r.Error
}

// result decodes the page's result into v; a failed page fails the test.
func (tb *tab) result(v any) {
	tb.t.Helper()
	raw, failed := tb.outcome()
	if failed != "" {
		tb.t.Fatalf("the page failed: %s\npage: %s\nconsole:\n%s", failed, tb.text("body"), tb.lines())
	}
	if err := json.Unmarshal(raw, v); err != nil {
		tb.t.Fatal(err)
	}
}

// text is what the page shows in the element.
func (tb *tab) text(sel string) string {
	s, _ := chromedp.Run(tb.timeout(5*time.Second), chromedp.Text(chromedp.CSS(sel)))
	return s
}

// wait polls a JavaScript expression until it is truthy.
func (tb *tab) wait(expr string) {
	tb.t.Helper()
	if _, err := chromedp.Run(tb.timeout(25*time.Second), chromedp.Poll[bool](expr, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		tb.t.Fatalf("waiting for %s: %v\npage: %s\nconsole:\n%s", expr, err, tb.text("body"), tb.lines())
	}
}

// waitConsole waits until the console showed lines containing the fragments, in order.
func (tb *tab) waitConsole(fragments []string, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for {
		tb.mu.Lock()
		next := 0
		for _, l := range tb.console {
			if next < len(fragments) && strings.Contains(l.text, fragments[next]) {
				next++
			}
		}
		tb.mu.Unlock()
		if next == len(fragments) {
			return true
		}
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
}

func (tb *tab) lines() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var b strings.Builder
	for _, l := range tb.console {
		b.WriteString("  " + l.String() + "\n")
	}
	return b.String()
}

// errors are the console's errors and exceptions that allowed does not excuse.
func (tb *tab) errors(allowed func(consoleLine) bool) []consoleLine {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	var out []consoleLine
	for _, l := range tb.console {
		if (l.level == "error" || l.level == "exception") && (allowed == nil || !allowed(l)) {
			out = append(out, l)
		}
	}
	return out
}

// noErrors logs what the console showed, and fails the test when it logged an error that
// allowed does not excuse.
func (tb *tab) noErrors(allowed func(consoleLine) bool) {
	tb.t.Helper()
	tb.t.Logf("console:\n%s", tb.lines())
	if errs := tb.errors(allowed); len(errs) > 0 {
		tb.t.Errorf("the console logged %d errors:\n%s", len(errs), tb.lines())
	}
}

// mockSite serves a mock on localhost for the browser tests.
func mockSite(t *testing.T, opts ...mock.Option) *site {
	s := newSite(t, opts...)
	s.url = localhost(s.url)
	return s
}

func TestBrowserWidgetChatsWithTheSimulatedAgent(t *testing.T) {
	pages, open := browserRig(t)
	s := mockSite(t, mock.WithSimulatedAgent("auto"))
	agent := s.do("GET", "/mock/agent", "").ok(t, 200).body
	for _, k := range []string{"acceptDelayMs", "typingDelayMs", "replyDelayMs"} {
		agent[k] = 100
	}
	settings, _ := json.Marshal(agent)
	s.do("PUT", "/mock/agent", string(settings)).ok(t, 200)

	tb := open(fmt.Sprintf("%s/widget.html?mock=%s&cc=%s&greeting=%s", pages, s.url, cc1, "Hello, how can I help you?"))
	var res struct {
		ChatID  string  `json:"chatId"`
		Answer  string  `json:"answer"`
		Indexes []int64 `json:"indexes"`
	}
	tb.result(&res)
	if res.Answer != "Thanks, I'm looking into it." {
		t.Errorf("the agent answered %q; want the canned reply", res.Answer)
	}
	shown := tb.text("#log")
	for _, want := range []string{"Text Customer: Where is my order?", "ParticipantJoined Agent", "Text Agent: Hello, how can I help you?", "Text Agent: Thanks, I'm looking into it."} {
		if !strings.Contains(shown, want) {
			t.Errorf("the widget shows:\n%s\nwant a line with %q", shown, want)
		}
	}
	if tb.text("#status") != "done" {
		t.Errorf("status = %q; want done", tb.text("#status"))
	}
	tb.noErrors(nil)
}

// TestBrowserWidgetFailsWithCORSOff shows that the harness sees what a developer sees when
// the mock does not answer CORS: the widget's first call fails and the console says why.
func TestBrowserWidgetFailsWithCORSOff(t *testing.T) {
	pages, open := browserRig(t)
	s := mockSite(t, mock.WithBrowser(browser.Options{DisableCORS: true}))
	before := s.chatCount()
	tb := open(fmt.Sprintf("%s/widget.html?mock=%s&cc=%s", pages, s.url, cc1))
	if _, failed := tb.outcome(); !strings.Contains(failed, "TypeError: Failed to fetch") {
		t.Errorf("the widget's error = %q; want TypeError: Failed to fetch", failed)
	}
	blocked := func(l consoleLine) bool { return strings.Contains(l.text, "has been blocked by CORS policy") }
	tb.waitConsole([]string{"has been blocked by CORS policy"}, 10*time.Second) // console events may trail the page's result
	if errs := tb.errors(nil); len(errs) == 0 || !blocked(errs[0]) {
		t.Errorf("console errors = %v; want the CORS block first", errs)
	}
	if n := s.chatCount(); n != before {
		t.Errorf("%d chats; want %d: the refused preflight must not have created one", n, before)
	}
}

func TestBrowserSuperOfficeWithBasicAndBearer(t *testing.T) {
	pages, open := browserRig(t)
	s := mockSite(t)
	text := "Posted from a browser page"
	tb := open(fmt.Sprintf("%s/superoffice.html?mock=%s&session=103&user=anna&password=anna-pass&token=so-bearer-anna-0123456789abcdef&text=%s",
		pages, s.url, strings.ReplaceAll(text, " ", "+")))
	var res struct {
		BasicCount int      `json:"basicCount"`
		Posted     int64    `json:"posted"`
		After      []string `json:"after"`
	}
	tb.result(&res)
	if res.BasicCount == 0 || res.Posted == 0 || len(res.After) != 1 || res.After[0] != text {
		t.Errorf("result = %+v; want the session's messages by Basic, then only the posted one after its id", res)
	}
	if shown := tb.text("#log"); !strings.Contains(shown, "ToCustomer Anna Berg: "+text) || !strings.Contains(shown, "to session 103") {
		t.Errorf("the page shows:\n%s", shown)
	}
	tb.noErrors(nil)
}

// desktop runs the agent desktop page with the given transports and authentication: it must
// be offered a chat created over REST, accept it over REST and show the customer's message.
func desktop(t *testing.T, transports, auth string, allowed func(consoleLine) bool) *tab {
	pages, open := browserRig(t)
	s := mockSite(t, mock.WithSimulatedAgent("off"))
	text := "Hello from the customer"
	tb := open(fmt.Sprintf("%s/desktop.html?mock=%s&user=agent1&password=agent1pass&transports=%s&auth=%s&expect=%s",
		pages, s.url, transports, auth, strings.ReplaceAll(text, " ", "+")))
	tb.wait("window.ready === true")
	id := s.requestChat()
	s.say(id, text)
	var res struct {
		ChatID    string `json:"chatId"`
		Transport string `json:"transport"`
		Reached   struct {
			Transport string `json:"transport"`
			MS        int    `json:"ms"`
		} `json:"reached"`
		Indexes []int64 `json:"indexes"`
	}
	tb.result(&res)
	if res.ChatID != id || res.Transport != "long-polling" || res.Reached.Transport != "long-polling" {
		t.Errorf("result = %+v; want chat %s over long-polling", res, id)
	}
	t.Logf("transports %s, auth %s: long-polling handshake done %d ms after cometd.handshake()", transports, auth, res.Reached.MS)
	shown := tb.text("#log")
	for _, want := range []string{"subscribed: true", "StatusChange " + id + " Invited", "accepted " + id, "Text Customer: " + text} {
		if !strings.Contains(shown, want) {
			t.Errorf("the desktop shows:\n%s\nwant a line with %q", shown, want)
		}
	}
	if got := tb.text("#transport"); got != "long-polling" {
		t.Errorf("transport shown = %q; want long-polling", got)
	}
	// The chat is the agent's now: the mock agrees with what the page did.
	if r := s.do("GET", "/api/v2/me/chats/"+id, "", agent1...).ok(t, 200); r.body["chat"].(map[string]any)["state"] != "Chatting" {
		t.Errorf("after the page's Accept the chat is %v; want Chatting", r.body["chat"])
	}
	tb.noErrors(allowed)
	return tb
}

// TestBrowserAgentDesktopDefaultTransports: the client tries WebSocket first, is refused at
// once and falls back to long-polling; the refused upgrade is the only console error.
func TestBrowserAgentDesktopDefaultTransports(t *testing.T) {
	refusedUpgrade := func(l consoleLine) bool {
		return strings.Contains(l.text, "WebSocket connection to 'ws://") && strings.Contains(l.text, "/api/v2/notifications") &&
			strings.Contains(l.text, "Unexpected response code: 400")
	}
	tb := desktop(t, "default", "basic", refusedUpgrade)
	n := 0
	for _, l := range tb.errors(nil) {
		if refusedUpgrade(l) {
			n++
		}
	}
	if n == 0 {
		t.Error("the console shows no refused WebSocket upgrade: the client did not try WebSocket first, so the fallback was not exercised")
	}
}

// TestBrowserAgentDesktopLongPolling: WebSocket unregistered, as a GWS desktop configures
// the client; the console shows no error at all.
func TestBrowserAgentDesktopLongPolling(t *testing.T) { desktop(t, "long-polling", "basic", nil) }

// TestBrowserAgentDesktopBySessionCookie: after one Basic-authenticated REST call, the
// CometD client (no requestHeaders) and the page's REST Accept are authenticated by the
// session cookie alone.
func TestBrowserAgentDesktopBySessionCookie(t *testing.T) { desktop(t, "long-polling", "cookie", nil) }

// TestBrowserForeignPageCannotUseTheControlAPI: a page of another origin tries to reset the
// mock with a simple request and to read every chat; both are refused and nothing changes.
func TestBrowserForeignPageCannotUseTheControlAPI(t *testing.T) {
	pages, open := browserRig(t)
	s := mockSite(t)
	id := s.requestChat()
	before := s.chatCount()
	tb := open(fmt.Sprintf("%s/attack.html?mock=%s", pages, s.url))
	var res struct {
		Reset string `json:"reset"`
		Read  string `json:"read"`
	}
	tb.result(&res)
	if res.Reset != "opaque" || !strings.HasPrefix(res.Read, "blocked: TypeError") {
		t.Errorf("result = %+v; want an opaque reset reply and a blocked read", res)
	}
	if s.do("GET", "/mock/chats/gws/"+id, "").status != 200 || s.chatCount() != before {
		t.Error("the foreign page changed the mock's state")
	}
	var refused []string
	for _, e := range objects(s.do("GET", "/mock/requests", "").ok(t, 200).body["requests"]) {
		if strings.HasPrefix(e["path"].(string), "/mock/") {
			refused = append(refused, fmt.Sprintf("%s %s %v", e["method"], e["path"], e["status"]))
		}
	}
	if strings.Join(refused, ", ") != "POST /mock/reset 403, GET /mock/chats 403" {
		t.Errorf("request log of /mock/ = %q; want both attempts refused with 403", refused)
	}
	// The console reports the two refusals and nothing else.
	tb.noErrors(func(l consoleLine) bool {
		return strings.Contains(l.text, "/mock/reset") || strings.Contains(l.text, "/mock/chats")
	})
}

// readmeScript is a JavaScript block of README.md marked <!-- readme-test: browser -->, with
// the console output its "// ⇒" lines promise, in order.
type readmeScript struct {
	line   int
	agent  string // the simulated agent's mode: "off" after --agent off in the marker
	script string
	expect []string
}

func readmeScripts(t *testing.T) []readmeScript {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	var out []readmeScript
	for i := 0; i < len(lines); i++ {
		marker, ok := strings.CutPrefix(strings.TrimSpace(lines[i]), "<!-- readme-test: browser")
		if !ok {
			continue
		}
		if i+1 >= len(lines) || lines[i+1] != "```js" {
			t.Fatalf("README.md:%d: the marker must be followed by a ```js block", i+1)
		}
		b := readmeScript{line: i + 3, agent: "auto"}
		if strings.Contains(marker, "--agent off") {
			b.agent = "off"
		}
		var body []string
		for i += 2; i < len(lines) && lines[i] != "```"; i++ {
			body = append(body, lines[i])
			if want, ok := strings.CutPrefix(lines[i], "// ⇒ "); ok {
				b.expect = append(b.expect, want)
			}
		}
		b.script = strings.Join(body, "\n")
		out = append(out, b)
	}
	return out
}

// TestBrowserREADMEExamples runs the JavaScript blocks of README.md's "From a browser" as
// written, in a page of another origin (only the mock's URL differs, and the bare module
// name "cometd" is mapped to the installed client), and checks the console lines they promise.
// For the agent desktop, customers keep asking for chats until the desktop logs its offer
// (the block does not say when its subscription is done).
func TestBrowserREADMEExamples(t *testing.T) {
	scripts := readmeScripts(t)
	if len(scripts) < 2 {
		t.Fatalf("README.md has %d browser blocks; want the widget and the agent desktop", len(scripts))
	}
	var mu sync.Mutex
	pagesByName := map[string]string{}
	pages, open := browserRig(t, func(mux *http.ServeMux) {
		mux.HandleFunc("/readme/", func(w http.ResponseWriter, r *http.Request) {
			mu.Lock()
			body, ok := pagesByName[r.URL.Path]
			mu.Unlock()
			if !ok {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			_, _ = io.WriteString(w, body)
		})
	})
	for _, b := range scripts {
		t.Run(fmt.Sprintf("README.md:%d", b.line), func(t *testing.T) {
			s := mockSite(t, mock.WithSimulatedAgent(b.agent))
			path := fmt.Sprintf("/readme/%d.html", b.line)
			mu.Lock()
			pagesByName[path] = `<!doctype html><html><head><meta charset="utf-8"><link rel="icon" href="data:,">` +
				`<script type="importmap">{"imports":{"cometd":"/cometd/cometd.js"}}</script></head><body>` +
				"<script type=\"module\">\n" + strings.ReplaceAll(b.script, "http://localhost:8080", s.url) + "\n</script></body></html>"
			mu.Unlock()
			tb := open(pages + path)
			ok := false
			if b.agent == "off" {
				for i := 0; i < 20 && !ok; i++ {
					s.requestChat()
					ok = tb.waitConsole(b.expect, 500*time.Millisecond)
				}
			} else {
				ok = tb.waitConsole(b.expect, 15*time.Second)
			}
			if !ok {
				t.Errorf("the console did not show %q in order; it showed:\n%s", b.expect, tb.lines())
			}
			tb.noErrors(nil)
		})
	}
}
