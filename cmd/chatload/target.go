package main

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"
)

// target is a server under load: its base URL, what it is, and the process when chatload
// started it.
type target struct {
	name string // chatmock, floor, peer, target
	base string
	proc *child // nil unless chatload started it
}

// ErrRemote is returned for a target that is not on a loopback address.
var ErrRemote = errors.New("target is not on a loopback address")

// checkLoopback refuses a base URL whose host is not a loopback address or "localhost".
func checkLoopback(base string, allowRemote bool) error {
	u, err := url.Parse(base)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("target %q: want an http:// or https:// URL", base)
	}
	if allowRemote {
		return nil
	}
	host := u.Hostname()
	if ip := net.ParseIP(host); host == "localhost" || (ip != nil && ip.IsLoopback()) {
		return nil
	}
	return fmt.Errorf("%w: %s (load it only if it is yours: pass --allow-remote)", ErrRemote, base)
}

// newHTTPClient returns a client that keeps up to conns connections open to one host.
func newHTTPClient(conns int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		Proxy:               nil,
		MaxIdleConns:        conns + 16,
		MaxIdleConnsPerHost: conns + 16,
		IdleConnTimeout:     90 * time.Second,
		DisableCompression:  true,
		DialContext:         (&net.Dialer{Timeout: 5 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	}}
}

// mockStats is the control API's MockStats.
type mockStats struct {
	HeapAllocBytes  uint64 `json:"heapAllocBytes"`
	HeapInuseBytes  uint64 `json:"heapInuseBytes"`
	StackInuseBytes uint64 `json:"stackInuseBytes"`
	SysBytes        uint64 `json:"sysBytes"`
	Goroutines      int    `json:"goroutines"`
	BayeuxSessions  int    `json:"bayeuxSessions"`
	Chats           int    `json:"chats"`
	Events          int    `json:"events"`
	RequestLog      int    `json:"requestLog"`
}

// readStats reads GET /mock/stats (with a garbage collection first when gc is set); nil
// when the target does not serve it.
func readStats(ctx context.Context, hc *http.Client, base string, gc bool) *mockStats {
	ctx, cancel := context.WithTimeout(ctx, 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/mock/stats?gc="+strconv.FormatBool(gc), nil)
	if err != nil {
		return nil
	}
	resp, err := hc.Do(req)
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var s mockStats
	if resp.StatusCode != http.StatusOK || json.NewDecoder(resp.Body).Decode(&s) != nil || s.SysBytes == 0 {
		return nil
	}
	return &s
}

// child is a server process chatload started.
type child struct {
	cmd    *exec.Cmd
	base   string
	ready  string        // what the banner says about start-up ("ready in 90ms"), if anything
	took   time.Duration // from process start to the banner
	stderr *tailBuffer
	done   chan struct{}
}

// bannerURL finds the base URL in a listening banner ("... listening on http://127.0.0.1:1234 ...").
var bannerURL = regexp.MustCompile(`listening on (http://[0-9.:\[\]a-z]+)`)

var bannerReady = regexp.MustCompile(`ready in ([0-9.]+[µmn]?s)`)

// startChild starts bin with args and waits until it prints its listening banner on stdout.
func startChild(ctx context.Context, bin string, args ...string) (*child, error) {
	cmd := exec.Command(bin, args...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	c := &child{cmd: cmd, stderr: &tailBuffer{max: 4096}, done: make(chan struct{})}
	cmd.Stderr = c.stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	go func() { _ = cmd.Wait(); close(c.done) }()
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			select {
			case lines <- sc.Text():
			default: // nobody waits any more: discard
			}
		}
		close(lines)
	}()
	wait := time.NewTimer(60 * time.Second)
	defer wait.Stop()
	for {
		select {
		case line, open := <-lines:
			if !open {
				c.stop()
				return nil, fmt.Errorf("%s exited before listening: %s", bin, c.stderr)
			}
			if m := bannerURL.FindStringSubmatch(line); m != nil {
				c.base, c.took = m[1], time.Since(start)
				if r := bannerReady.FindStringSubmatch(line); r != nil {
					c.ready = r[1]
				}
				return c, nil
			}
		case <-wait.C:
			c.stop()
			return nil, fmt.Errorf("%s printed no listening banner within 60s: %s", bin, c.stderr)
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		}
	}
}

// startPeer starts another server from a command line whose {port} is replaced by a free
// loopback port, and waits until that port accepts connections. Its output is dropped.
func startPeer(ctx context.Context, cmdline string) (*child, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	port := strconv.Itoa(ln.Addr().(*net.TCPAddr).Port)
	ln.Close()
	args := strings.Fields(strings.ReplaceAll(cmdline, "{port}", port))
	if len(args) == 0 {
		return nil, errors.New("--peer-cmd is empty")
	}
	cmd := exec.Command(args[0], args[1:]...)
	c := &child{cmd: cmd, base: "http://127.0.0.1:" + port, stderr: &tailBuffer{max: 4096}, done: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = c.stderr, c.stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", args[0], err)
	}
	go func() { _ = cmd.Wait(); close(c.done) }()
	for time.Since(start) < 120*time.Second {
		select {
		case <-c.done:
			return nil, fmt.Errorf("%s exited before listening: %s", args[0], c.stderr)
		case <-ctx.Done():
			c.stop()
			return nil, ctx.Err()
		case <-time.After(50 * time.Millisecond):
		}
		if conn, err := net.DialTimeout("tcp", "127.0.0.1:"+port, time.Second); err == nil {
			conn.Close()
			c.took = time.Since(start)
			return c, nil
		}
	}
	c.stop()
	return nil, fmt.Errorf("%s did not listen on port %s within 120s: %s", args[0], port, c.stderr)
}

// stop ends the process: SIGTERM, then SIGKILL after 10 s.
func (c *child) stop() {
	if c == nil || c.cmd.Process == nil {
		return
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-c.done:
	case <-time.After(10 * time.Second):
		_ = c.cmd.Process.Kill()
		<-c.done
	}
}

// rss returns the process's resident set size and its peak, in bytes (Linux /proc); 0 when
// unknown.
func (c *child) rss() (now, peak int64) {
	if c == nil || c.cmd.Process == nil {
		return 0, 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", c.cmd.Process.Pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		name, value, ok := strings.Cut(line, ":")
		if !ok || (name != "VmRSS" && name != "VmHWM") {
			continue
		}
		f := strings.Fields(value)
		if len(f) != 2 || f[1] != "kB" {
			continue
		}
		n, _ := strconv.ParseInt(f[0], 10, 64)
		if name == "VmRSS" {
			now = n << 10
		} else {
			peak = n << 10
		}
	}
	return now, peak
}

// cpu returns the CPU time the process has used, user and system (Linux /proc, in clock
// ticks of 10 ms); 0 when unknown.
func (c *child) cpu() time.Duration {
	if c == nil || c.cmd.Process == nil {
		return 0
	}
	return processCPU(strconv.Itoa(c.cmd.Process.Pid))
}

// processCPU reads /proc/<pid>/stat (pid may be "self"); 0 when unknown.
func processCPU(pid string) time.Duration {
	b, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0
	}
	// The command name, in parentheses, may hold spaces: count fields after it.
	_, rest, ok := strings.Cut(string(b), ") ")
	if !ok {
		return 0
	}
	f := strings.Fields(rest) // f[0] is field 3 (state); utime and stime are fields 14 and 15
	if len(f) < 13 {
		return 0
	}
	user, err1 := strconv.ParseInt(f[11], 10, 64)
	sys, err2 := strconv.ParseInt(f[12], 10, 64)
	if err1 != nil || err2 != nil {
		return 0
	}
	const tick = 10 * time.Millisecond // USER_HZ is 100 on Linux
	return time.Duration(user+sys) * tick
}

// tailBuffer keeps the last max bytes written to it; safe for concurrent use.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (t *tailBuffer) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.b = append(t.b, p...)
	if over := len(t.b) - t.max; over > 0 {
		t.b = t.b[over:]
	}
	return len(p), nil
}

func (t *tailBuffer) String() string {
	t.mu.Lock()
	defer t.mu.Unlock()
	return strings.TrimSpace(string(t.b))
}

var _ io.Writer = (*tailBuffer)(nil)
