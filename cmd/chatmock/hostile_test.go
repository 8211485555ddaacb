package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
)

// crowdFixtures writes the default fixtures plus n GWS agents in the first contact center
// (crowd00000 / pass00000, ...), one per CometD session: a principal holds at most 32.
func crowdFixtures(tb testing.TB, n int) string {
	tb.Helper()
	set, err := fixtures.Default()
	if err != nil {
		tb.Fatal(err)
	}
	cc := set.TenantsOf(fixtures.GWS)[0].ID
	for i := range n {
		set.Agents = append(set.Agents, fixtures.Agent{ID: fmt.Sprintf("crowd%05d", i), Vendor: fixtures.GWS, Tenant: cc,
			Name: "Crowd", Username: fmt.Sprintf("crowd%05d", i), Password: fmt.Sprintf("pass%05d", i)})
	}
	b, err := json.Marshal(set)
	if err != nil {
		tb.Fatal(err)
	}
	file := filepath.Join(tb.TempDir(), "crowd.json")
	if err := os.WriteFile(file, b, 0o600); err != nil {
		tb.Fatal(err)
	}
	return file
}

// cometd posts Bayeux messages with the i-th crowd agent's credentials and returns the
// status and replies.
func cometd(base string, i int, body string) (int, []map[string]any, error) {
	req, _ := http.NewRequest("POST", base+"/api/v2/notifications", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.SetBasicAuth(fmt.Sprintf("crowd%05d", i), fmt.Sprintf("pass%05d", i))
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
	base, _, stop := start(t, "--fixtures", crowdFixtures(t, n))
	http.DefaultTransport.(*http.Transport).MaxIdleConnsPerHost = n
	ids := make([]string, n)
	for i := range ids {
		_, reps, err := cometd(base, i, `[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]`)
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
	for i, id := range ids {
		wg.Go(func() {
			code, reps, err := cometd(base, i, `[{"channel":"/meta/connect","clientId":"`+id+`","connectionType":"long-polling"}]`)
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

// BenchmarkShutdownWithHeldConnects measures how long serve takes to return once cancelled
// with 1,000 CometD connects held (each answered with advice reconnect none first); before,
// Shutdown waited its whole 10 s and failed.
func BenchmarkShutdownWithHeldConnects(b *testing.B) {
	const n = 1000
	http.DefaultTransport.(*http.Transport).MaxIdleConnsPerHost = n
	crowd := crowdFixtures(b, n)
	for range b.N {
		b.StopTimer()
		c, err := parseFlags([]string{"--addr", "127.0.0.1:0", "--agent", "off", "--fixtures", crowd})
		if err != nil {
			b.Fatal(err)
		}
		addr := make(chan string, 1)
		c.ready = func(a string) { addr <- a }
		ctx, cancel := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- serveConfig(ctx, c, io.Discard, io.Discard) }()
		base := "http://" + <-addr
		var wg sync.WaitGroup
		none := make(chan bool, n)
		for i := range n {
			_, reps, err := cometd(base, i, `[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]`)
			if err != nil || len(reps) != 1 || reps[0]["successful"] != true {
				b.Fatalf("handshake: %v %v", reps, err)
			}
			id := reps[0]["clientId"].(string)
			wg.Go(func() {
				_, reps, err := cometd(base, i, `[{"channel":"/meta/connect","clientId":"`+id+`","connectionType":"long-polling"}]`)
				var adv map[string]any
				if err == nil && len(reps) > 0 {
					adv, _ = reps[0]["advice"].(map[string]any)
				}
				none <- adv["reconnect"] == "none"
			})
		}
		for try := 0; ; try++ {
			code, body := getB(base + "/mock/stats")
			var s struct{ BayeuxHeldConnects int }
			if json.Unmarshal([]byte(body), &s) == nil && code == 200 && s.BayeuxHeldConnects == n {
				break
			}
			if try == 1000 {
				b.Fatalf("held connects did not reach %d: %s", n, body)
			}
			time.Sleep(10 * time.Millisecond)
		}
		b.StartTimer()
		cancel()
		if err := <-done; err != nil {
			b.Fatalf("serve = %v; want nil", err)
		}
		b.StopTimer()
		wg.Wait()
		close(none)
		for ok := range none {
			if !ok {
				b.Fatal("a held connect was not answered with advice reconnect none")
			}
		}
	}
}

func getB(url string) (int, string) {
	resp, err := http.Get(url)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}
