package main

import (
	"context"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"time"
)

// serveLogging runs the mock with args and returns its base URL and its stderr.
func serveLogging(t *testing.T, args ...string) (string, *lockedBuffer) {
	t.Helper()
	c, err := parseFlags(append([]string{"--addr", "127.0.0.1:0", "--agent", "off"}, args...))
	if err != nil {
		t.Fatalf("flags: %v", err)
	}
	addr := make(chan string, 1)
	c.ready = func(a string) { addr <- a }
	ctx, cancel := context.WithCancel(context.Background())
	logs := &lockedBuffer{}
	done := make(chan error, 1)
	go func() { done <- serveConfig(ctx, c, io.Discard, logs) }()
	t.Cleanup(func() {
		cancel()
		select {
		case <-done:
		case <-time.After(15 * time.Second):
			t.Error("serve did not return after cancel")
		}
	})
	select {
	case a := <-addr:
		return "http://" + a, logs
	case err := <-done:
		t.Fatalf("serve: %v; logs %s", err, logs)
	}
	return "", nil
}

// requestLines returns the stderr lines that log requests.
func requestLines(logs string) []string {
	var out []string
	for _, l := range strings.Split(logs, "\n") {
		if strings.Contains(l, "msg=request ") || strings.Contains(l, `"msg":"request"`) {
			out = append(out, l)
		}
	}
	return out
}

func TestLogRequests(t *testing.T) {
	const cc = "cfe5ad67-ba6d-4340-81f9-bb680ef5d498"
	t.Run("text", func(t *testing.T) {
		base, logs := serveLogging(t, "--log-requests")
		get(t, base+"/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb/messages", "ContactCenterId", cc)
		get(t, base+"/api/v2/chats/nope/messages?index=x", "ContactCenterId", cc)
		get(t, base+"/mock/chats") // the control API is not a vendor request
		lines := requestLines(logs.String())
		if len(lines) != 2 {
			t.Fatalf("request lines = %q; want one per vendor request", lines)
		}
		for _, want := range []string{"seq=1", "method=GET", "path=/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb/messages", "operation=GetMessages", "vendor=gws", "status=200", "durationMs="} {
			if !strings.Contains(lines[0], want) {
				t.Errorf("line %q; want %s", lines[0], want)
			}
		}
		if !strings.Contains(lines[1], "status=400") || !strings.Contains(lines[1], `query="index=x"`) || !strings.Contains(lines[1], `error="query index:`) {
			t.Errorf("line %q; want the 400 with its query and error", lines[1])
		}
	})
	t.Run("json", func(t *testing.T) {
		base, logs := serveLogging(t, "--log-requests", "--log-format", "json")
		get(t, base+"/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb/messages", "ContactCenterId", cc)
		lines := requestLines(logs.String())
		if len(lines) != 1 {
			t.Fatalf("request lines = %q; want one", lines)
		}
		var e map[string]any
		if err := json.Unmarshal([]byte(lines[0]), &e); err != nil {
			t.Fatalf("line %q is not JSON: %v", lines[0], err)
		}
		if e["operation"] != "GetMessages" || e["status"] != 200.0 || e["vendor"] != "gws" || e["level"] != "INFO" {
			t.Errorf("line = %v; want GetMessages, 200, gws at INFO", e)
		}
	})
	t.Run("off by default", func(t *testing.T) {
		base, logs := serveLogging(t)
		get(t, base+"/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb/messages", "ContactCenterId", cc)
		if lines := requestLines(logs.String()); len(lines) != 0 {
			t.Errorf("request lines = %q; want none without --log-requests", lines)
		}
	})
}
