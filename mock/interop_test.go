package mock

import (
	"bufio"
	"bytes"
	"encoding/json"
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

	"github.com/chatconform/chatconform/mock/bayeux"
	"github.com/chatconform/chatconform/spec"
)

// interopClient is the CometD JavaScript client running in node, with what it printed.
type interopClient struct {
	t     *testing.T
	stdin io.WriteCloser
	mu    sync.Mutex
	lines []map[string]any
	raw   bytes.Buffer
	exit  chan error
}

func startInterop(t *testing.T, url, user, pass string, mode ...string) *interopClient {
	t.Helper()
	dir := filepath.Join("testdata", "cometd-interop")
	if _, err := os.Stat(filepath.Join(dir, "node_modules", "cometd")); err != nil {
		if os.Getenv("CHATCONFORM_INTEROP") == "1" {
			t.Fatalf("the CometD client is not installed: run npm ci in %s (make test does)", dir)
		}
		t.Skipf("the CometD client is not installed (npm ci in %s); make test runs this", dir)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Skip("node is not installed")
	}
	cmd := exec.Command(node, append([]string{"interop.mjs", url, user, pass}, mode...)...)
	cmd.Dir = dir
	c := &interopClient{t: t, exit: make(chan error, 1)}
	c.stdin, _ = cmd.StdinPipe()
	stdout, _ := cmd.StdoutPipe()
	cmd.Stderr = &lockedWriter{mu: &c.mu, w: &c.raw}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		sc := bufio.NewScanner(stdout)
		sc.Buffer(make([]byte, 1<<20), 1<<20)
		for sc.Scan() {
			var m map[string]any
			c.mu.Lock()
			c.raw.WriteString(sc.Text() + "\n")
			if json.Unmarshal(sc.Bytes(), &m) == nil {
				c.lines = append(c.lines, m)
			}
			c.mu.Unlock()
		}
		c.exit <- cmd.Wait()
	}()
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	return c
}

type lockedWriter struct {
	mu *sync.Mutex
	w  *bytes.Buffer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// waitFor polls what the client printed until ok holds, or fails after 10 s.
func (c *interopClient) waitFor(what string, ok func(lines []map[string]any) bool) {
	c.t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) {
		c.mu.Lock()
		done := ok(c.lines)
		c.mu.Unlock()
		if done {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t.Fatalf("CometD client: timed out waiting for %s; it printed:\n%s", what, c.raw.String())
}

// logMessages returns every MessageLogUpdated entry the client received, as "index:type:text".
func logMessages(lines []map[string]any) []string {
	var out []string
	for _, l := range lines {
		ev, _ := l["event"].(map[string]any)
		if ev == nil || ev["messageType"] != "MessageLogUpdated" {
			continue
		}
		for _, m := range ev["messages"].([]any) {
			mm := m.(map[string]any)
			text, _ := mm["text"].(string)
			out = append(out, jsonText(mm["index"])+":"+mm["type"].(string)+":"+text)
		}
	}
	return out
}

func jsonText(v any) string { b, _ := json.Marshal(v); return string(b) }

func rest(t *testing.T, method, url, body string, header ...string) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(method, url, strings.NewReader(body))
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out map[string]any
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || json.Unmarshal(raw, &out) != nil {
		t.Fatalf("%s %s: %d %s", method, url, resp.StatusCode, raw)
	}
	return out
}

// TestCometDJavaScriptClient runs the real CometD client against the mock: it handshakes
// with agent credentials (its WebSocket attempt is refused and it falls back to
// long-polling), subscribes to /v2/me/chats, receives the notifications of a REST
// conversation that agree with the transcript, survives the mock expiring its session by
// handshaking and subscribing again, and disconnects cleanly.
func TestCometDJavaScriptClient(t *testing.T) { cometDInterop(t) }

// TestCometDJavaScriptClientVaried runs the same in the variation mode: one event per
// connect reply, extra members, gapped indexes, other ids.
func TestCometDJavaScriptClientVaried(t *testing.T) { cometDInterop(t, WithVary(3), WithStrict(true)) }

// TestCometDJavaScriptClientByCookie runs the same with the agent session cookie of one
// Basic-authenticated REST call and no Authorization header on any CometD request; the
// re-handshake after the forced expiry is authenticated by the cookie too.
func TestCometDJavaScriptClientByCookie(t *testing.T) { cometDInteropMode(t, "cookie") }

func cometDInterop(t *testing.T, opts ...Option) { cometDInteropMode(t, "basic", opts...) }

func cometDInteropMode(t *testing.T, mode string, opts ...Option) {
	opts = append([]Option{WithBayeux(bayeux.Options{Timeout: 2 * time.Second, MaxInterval: 3 * time.Second})}, opts...)
	m, err := New(opts...)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(m)
	defer srv.Close()
	defer m.Close()
	push := m.Notifications("/api/v2/notifications")

	c := startInterop(t, srv.URL+"/api/v2/notifications", "agent1", "agent1pass", mode)
	if mode == "cookie" {
		c.waitFor("the session cookie", func(ls []map[string]any) bool {
			return len(ls) > 0 && ls[0]["cookie"] == true
		})
	}
	c.waitFor("the subscription", func(ls []map[string]any) bool {
		for _, l := range ls {
			if l["subscribed"] == true && l["handshakes"] == 1.0 {
				return true
			}
		}
		return false
	})

	cc := []string{"ContactCenterId", "cfe5ad67-ba6d-4340-81f9-bb680ef5d498"}
	agent := []string{"Authorization", "Basic YWdlbnQxOmFnZW50MXBhc3M="} // agent1:agent1pass
	id := rest(t, "POST", srv.URL+"/api/v2/chats", `{"operationName":"RequestChat","nickname":"Chris"}`, cc...)["id"].(string)
	c.waitFor("the offer", func(ls []map[string]any) bool {
		for _, l := range ls {
			if ev, _ := l["event"].(map[string]any); ev != nil && ev["notificationType"] == "StatusChange" {
				chat := ev["chat"].(map[string]any)
				return chat["id"] == id && chat["state"] == "Invited"
			}
		}
		return false
	})
	rest(t, "POST", srv.URL+"/api/v2/me/chats/"+id, `{"operationName":"Accept"}`, agent...)
	rest(t, "POST", srv.URL+"/api/v2/chats/"+id, `{"operationName":"SendMessage","text":"Hello?"}`, cc...)
	rest(t, "POST", srv.URL+"/api/v2/me/chats/"+id, `{"operationName":"SendMessage","text":"How may I help you?"}`, agent...)

	transcript := func() []string {
		r := rest(t, "GET", srv.URL+"/api/v2/me/chats/"+id+"/messages", "", agent...)
		var out []string
		for _, m := range r["messages"].([]any) {
			mm := m.(map[string]any)
			text, _ := mm["text"].(string)
			out = append(out, jsonText(mm["index"])+":"+mm["type"].(string)+":"+text)
		}
		return out
	}
	want := transcript()
	c.waitFor("the transcript", func(ls []map[string]any) bool { return len(logMessages(ls)) >= len(want) })
	c.mu.Lock()
	got := logMessages(c.lines)
	c.mu.Unlock()
	if strings.Join(got, " | ") != strings.Join(want, " | ") {
		t.Errorf("notified messages:\n %v\nwant the transcript:\n %v", got, want)
	}

	if n := push.Expire(nil); n != 1 {
		t.Fatalf("expired %d sessions; want 1", n)
	}
	c.waitFor("a second handshake and subscription", func(ls []map[string]any) bool {
		for _, l := range ls {
			if l["subscribed"] == true && l["handshakes"] == 2.0 {
				return true
			}
		}
		return false
	})
	rest(t, "POST", srv.URL+"/api/v2/chats/"+id, `{"operationName":"SendMessage","text":"Still there?"}`, cc...)
	c.waitFor("the message sent after the new subscription", func(ls []map[string]any) bool {
		for _, m := range logMessages(ls) {
			if strings.HasSuffix(m, ":Text:Still there?") {
				return true
			}
		}
		return false
	})

	if _, err := io.WriteString(c.stdin, "disconnect\n"); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-c.exit:
		if err != nil {
			t.Errorf("node exited with %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the CometD client did not disconnect")
	}
	c.waitFor("the disconnect reply", func(ls []map[string]any) bool {
		for _, l := range ls {
			if l["disconnected"] == true {
				return true
			}
		}
		return false
	})
	if n := push.Sessions(); n != 0 {
		t.Errorf("%d sessions after the disconnect; want 0", n)
	}
	checkNotificationShapes(t, c.lines)
}

// checkNotificationShapes validates every notification the client received, in its Bayeux
// envelope, against the AsyncAPI document's payload schemas.
func checkNotificationShapes(t *testing.T, lines []map[string]any) {
	t.Helper()
	set, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	messages := set.Document("gws-notifications.asyncapi.yaml").AsyncAPI.Messages
	n := 0
	for _, l := range lines {
		data, ok := l["event"].(map[string]any)
		if !ok {
			continue
		}
		msg := messages[data["messageType"].(string)]
		if msg == nil {
			t.Errorf("notification of unknown messageType: %v", data)
			continue
		}
		if err := msg.Payload.Value.VisitJSON(map[string]any{"channel": "/v2/me/chats", "data": data}); err != nil {
			t.Errorf("%s does not match its schema: %v\n%v", data["messageType"], err, data)
		}
		n++
	}
	if n == 0 {
		t.Error("no notifications to check")
	}
}
