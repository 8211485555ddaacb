package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// agent1Basic is the default fixtures' first GWS agent.
const agent1Basic = "Basic YWdlbnQxOmFnZW50MXBhc3M="

// cometd posts Bayeux messages with agent1's credentials and returns the status and replies.
func cometd(base, body string) (int, []map[string]any, error) {
	req, _ := http.NewRequest("POST", base+"/api/v2/notifications", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", agent1Basic)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	var out []map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		return resp.StatusCode, nil, fmt.Errorf("reply %q: %w", raw, err)
	}
	return resp.StatusCode, out, nil
}

// stats reads one figure of GET /mock/stats.
func stats(t *testing.T, base, name string) float64 {
	t.Helper()
	code, body := get(t, base+"/mock/stats")
	var s map[string]any
	if err := json.Unmarshal([]byte(body), &s); err != nil || code != 200 {
		t.Fatalf("stats: %d %s", code, body)
	}
	v, _ := s[name].(float64)
	return v
}

// TestShutdownAnswersEveryHeldConnect: cancelling serve while CometD connects are held
// answers each of them at once with advice reconnect none, and serve returns nil; before,
// Shutdown waited its whole 10 s for them and failed with "context deadline exceeded".
func TestShutdownAnswersEveryHeldConnect(t *testing.T) {
	const n = 100
	base, _, stop := start(t)
	http.DefaultTransport.(*http.Transport).MaxIdleConnsPerHost = n
	ids := make([]string, n)
	for i := range ids {
		_, reps, err := cometd(base, `[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]`)
		if err != nil || len(reps) != 1 || reps[0]["successful"] != true {
			t.Fatalf("handshake %d: %v %v", i, reps, err)
		}
		ids[i] = reps[0]["clientId"].(string)
	}
	type answer struct {
		status int
		reps   []map[string]any
		err    error
	}
	answers := make(chan answer, n)
	var wg sync.WaitGroup
	for _, id := range ids {
		wg.Go(func() {
			code, reps, err := cometd(base, `[{"channel":"/meta/connect","clientId":"`+id+`","connectionType":"long-polling"}]`)
			answers <- answer{code, reps, err}
		})
	}
	for try := 0; stats(t, base, "bayeuxHeldConnects") < n; try++ {
		if try == 500 {
			t.Fatalf("held connects = %v; want %d", stats(t, base, "bayeuxHeldConnects"), n)
		}
		time.Sleep(10 * time.Millisecond)
	}
	if err := stop(); err != nil {
		t.Errorf("serve = %v; want nil", err)
	}
	wg.Wait()
	close(answers)
	none := 0
	for a := range answers {
		if a.err != nil || a.status != 200 || len(a.reps) == 0 {
			t.Errorf("held connect answered %d %v (%v); want 200 and a reply", a.status, a.reps, a.err)
			continue
		}
		if adv, _ := a.reps[0]["advice"].(map[string]any); adv["reconnect"] == "none" {
			none++
		}
	}
	if none != n {
		t.Errorf("connects answered with advice reconnect none = %d; want %d", none, n)
	}
}

// TestHeaderBlockIsBounded: a header block above 32 KiB gets 431 before the mock sees it
// (net/http's default allows 1 MiB, which the request log then kept).
func TestHeaderBlockIsBounded(t *testing.T) {
	base, _, _ := start(t)
	for _, tc := range []struct {
		size int
		want int
	}{{16 << 10, 200}, {40 << 10, 431}} {
		code, _ := get(t, base+"/healthz", "X-Big", strings.Repeat("a", tc.size))
		if code != tc.want {
			t.Errorf("header of %d bytes: status %d; want %d", tc.size, code, tc.want)
		}
	}
}
