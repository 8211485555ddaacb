package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// lockedBuffer is a bytes.Buffer safe for the server goroutine and the test.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs the mock on a free loopback port and returns its base URL, its output, and a
// stop function that cancels it and returns serve's error.
func start(t *testing.T, args ...string) (string, *lockedBuffer, func() error) {
	t.Helper()
	c, err := parseFlags(append([]string{"--addr", "127.0.0.1:0"}, args...))
	if err != nil {
		t.Fatalf("flags: %v", err)
	}
	addr := make(chan string, 1)
	c.ready = func(a string) { addr <- a }
	ctx, cancel := context.WithCancel(context.Background())
	out, logs := &lockedBuffer{}, &lockedBuffer{}
	done := make(chan error, 1)
	go func() { done <- serveConfig(ctx, c, out, logs) }()
	select {
	case a := <-addr:
		stop := func() error {
			cancel()
			select {
			case err := <-done:
				return err
			case <-time.After(15 * time.Second):
				t.Fatal("serve did not return after cancel")
				return nil
			}
		}
		t.Cleanup(func() { cancel() })
		return "http://" + a, out, stop
	case err := <-done:
		cancel()
		t.Fatalf("serve: %v; logs %s", err, logs)
	}
	return "", nil, nil
}

func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestServePrintsTheAPIsAndCredentials(t *testing.T) {
	base, out, stop := start(t, "--strict")
	if code, body := get(t, base+"/healthz"); code != 200 || !strings.Contains(body, `"ok"`) {
		t.Errorf("/healthz = %d %s; want 200 ok", code, body)
	}
	code, body := get(t, base+"/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb/messages?index=0", "ContactCenterId", "cfe5ad67-ba6d-4340-81f9-bb680ef5d498")
	if code != 200 || !strings.Contains(body, `"text":"Hello?"`) {
		t.Errorf("GetMessages on the default fixtures = %d %s", code, body)
	}
	for _, want := range []string{
		"listening on " + base, "strict", base + "/api/v2/chats", base + "/api/v2/me/chats",
		base + "/api/v1/ChatSession", base + "/api/profile/lead/message", base + "/mock/", "web console         " + base + "/mock/ui/",
		"ContactCenterId: cfe5ad67-ba6d-4340-81f9-bb680ef5d498", "agent1 / agent1pass",
		"anna / anna-pass", "acq-token-10719-0123456789abcdef",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("banner lacks %q:\n%s", want, out)
		}
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}

// TestGracefulShutdownFinishesInFlightRequests: a request slowed by an injected latency is
// still answered when the server is told to stop while it waits.
func TestGracefulShutdownFinishesInFlightRequests(t *testing.T) {
	base, _, stop := start(t)
	fault := `{"match":{"operationId":"GetChat"},"latencyMs":400}`
	resp, err := http.Post(base+"/mock/faults", "application/json", strings.NewReader(fault))
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("add fault: %v %v", err, resp)
	}
	resp.Body.Close()
	result := make(chan int, 1)
	go func() {
		code, _ := get(t, base+"/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb", "ContactCenterId", "cfe5ad67-ba6d-4340-81f9-bb680ef5d498")
		result <- code
	}()
	time.Sleep(100 * time.Millisecond) // let the request reach the injected latency
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if code := <-result; code != 200 {
		t.Errorf("in-flight request = %d; want 200 (finished during shutdown)", code)
	}
	if _, err := http.Get(base + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
}

func TestServeFixturesFlag(t *testing.T) {
	dir := t.TempDir()
	small := `{"tenants":[{"id":"cc-x","vendor":"gws","queues":["default"]}],"agents":[{"id":"a1","vendor":"gws","tenant":"cc-x","username":"x","password":"y"}],"chats":[]}`
	path := filepath.Join(dir, "small.json")
	if err := os.WriteFile(path, []byte(small), 0o600); err != nil {
		t.Fatal(err)
	}
	base, out, _ := start(t, "--fixtures", path)
	if !strings.Contains(out.String(), "ContactCenterId: cc-x") {
		t.Errorf("banner = %s; want the loaded set's contact center", out)
	}
	if code, _ := get(t, base+"/api/v2/me/chats", "Authorization", "Basic eDp5"); code != 200 {
		t.Errorf("agent x of the loaded set = %d; want 200", code)
	}
	bad := filepath.Join(dir, "bad.json")
	_ = os.WriteFile(bad, []byte(`{"tenants":[{"id":"t","vendor":"nobody"}]}`), 0o600)
	err := run(context.Background(), []string{"--addr", "127.0.0.1:0", "--fixtures", bad}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "tenants[0]") {
		t.Errorf("run with a bad fixture set = %v; want an error naming tenants[0]", err)
	}
	twice := filepath.Join(dir, "twice.json")
	_ = os.WriteFile(twice, []byte(strings.Replace(small, `"chats":[]`, `"chats":[],"tenants":[]`, 1)), 0o600)
	err = run(context.Background(), []string{"--addr", "127.0.0.1:0", "--fixtures", twice}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), `member "tenants" is given twice`) {
		t.Errorf("run with a member given twice = %v; want it refused, naming the member", err)
	}
}

func TestServeRejectsBadFlags(t *testing.T) {
	for _, args := range [][]string{
		{"--log-format", "xml"},
		{"--no-such-flag"},
		{"stray"},
		{"--addr", "256.0.0.1:99999"},
		{"--fixtures", "/does/not/exist.json"},
		{"--cors", "maybe"},
		{"--cors-origins", "localhost:5173"},
		{"--control-origins", "*"},
		{"--allowed-hosts", "http://chatmock"},
	} {
		if err := run(context.Background(), args, io.Discard, io.Discard); err == nil {
			t.Errorf("run(%v) succeeded; want an error", args)
		}
	}
}

// TestServeBrowserFlags: the browser flags reach the mock, and the banner says which pages
// may call it.
func TestServeBrowserFlags(t *testing.T) {
	base, out, stop := start(t, "--cors-origins", "http://localhost:5173", "--control-origins", "http://localhost:3000", "--allowed-hosts", "chatmock,.ci.example")
	want := "browsers     CORS for http://localhost:5173; control API: same-origin pages and http://localhost:3000; Host: loopback names and IP literals, chatmock, .ci.example"
	if !strings.Contains(out.String(), want) {
		t.Errorf("banner lacks %q:\n%s", want, out)
	}
	for _, c := range []struct {
		method, path, origin, host string
		want                       int
	}{
		{"OPTIONS", "/api/v2/chats", "http://localhost:5173", "", 204},
		{"OPTIONS", "/api/v2/chats", "http://localhost:3000", "", 403},
		{"OPTIONS", "/mock/reset", "http://localhost:3000", "", 204},
		{"POST", "/mock/reset", "http://localhost:5173", "", 403},
		{"GET", "/healthz", "", "chatmock:8080", 200},
		{"GET", "/healthz", "", "runner.ci.example", 200},
		{"GET", "/healthz", "", "evil.example", 403},
	} {
		req, _ := http.NewRequest(c.method, base+c.path, nil)
		if c.origin != "" {
			req.Header.Set("Origin", c.origin)
			req.Header.Set("Access-Control-Request-Method", "POST")
		}
		if c.host != "" {
			req.Host = c.host
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != c.want {
			t.Errorf("%s %s Origin %q Host %q = %d; want %d", c.method, c.path, c.origin, c.host, resp.StatusCode, c.want)
		}
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	base, out, stop = start(t, "--cors=off")
	if !strings.Contains(out.String(), "browsers     CORS off;") {
		t.Errorf("banner with --cors=off:\n%s", out)
	}
	req, _ := http.NewRequest("OPTIONS", base+"/api/v2/chats", nil)
	req.Header.Set("Origin", "http://localhost:5173")
	req.Header.Set("Access-Control-Request-Method", "POST")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("preflight with --cors=off = %d; want the vendor's 405", resp.StatusCode)
	}
	_ = stop()
}
