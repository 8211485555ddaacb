package cmd_test

import (
	"bufio"
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"testing"
	"time"
)

// banner is chatmock's first line, with the address it listens on.
var banner = regexp.MustCompile(`^chatmock listening on (http://[0-9.]+:[0-9]+)`)

// started is a chatmock whose banner was read: its base URL, and the rest of its output,
// which rest returns once the output has ended (call it before cmd.Wait).
type started struct {
	base string
	rest func() string
}

// waitForBanner reads a starting chatmock's output until its banner, then keeps reading
// so the process never blocks on its output.
func waitForBanner(t *testing.T, out io.Reader) started {
	t.Helper()
	found := make(chan string, 1)
	done := make(chan string, 1)
	go func(found chan<- string) {
		var b strings.Builder
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			b.WriteString(sc.Text() + "\n")
			if m := banner.FindStringSubmatch(sc.Text()); m != nil && found != nil {
				found <- m[1]
				found = nil
			}
		}
		if found != nil {
			close(found)
		}
		done <- b.String()
	}(found)
	rest := func() string {
		select {
		case s := <-done:
			return s
		case <-t.Context().Done():
			return "(the test ended before the output did)"
		}
	}
	select {
	case base, ok := <-found:
		if !ok {
			t.Fatalf("chatmock's output ended without its banner:\n%s", rest())
		}
		return started{base: base, rest: rest}
	case <-t.Context().Done():
		t.Fatal("test cancelled before chatmock's banner")
	}
	return started{}
}

// healthy asserts that base answers GET /healthz with 200.
func healthy(t *testing.T, base string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(t.Context(), 30*time.Second)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s/healthz: %v", base, err)
	}
	_ = resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("GET %s/healthz: %d; want 200", base, resp.StatusCode)
	}
}

// closed asserts that nothing listens on base's address any more.
func closed(t *testing.T, base string) {
	t.Helper()
	addr := base[len("http://"):]
	c, err := net.DialTimeout("tcp", addr, 5*time.Second)
	if err == nil {
		_ = c.Close()
		t.Fatalf("%s still accepts connections: a listener was left behind", addr)
	}
	var op *net.OpError
	if !errors.As(err, &op) {
		t.Fatalf("dial %s: %v; want connection refused", addr, err)
	}
}
