package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/chatconform/chatconform/cmd/internal/cli"
)

// startupRun is one start of chatmock.
type startupRun struct {
	Banner  time.Duration `json:"bannerNs"`  // process start to the listening banner
	Healthz time.Duration `json:"healthzNs"` // process start to the first 200 from /healthz
	Ready   string        `json:"ready"`     // what the banner says
}

// startup starts chatmock --runs times and times each start: from the process start to its
// banner (specs loaded and validated, fixtures loaded, listening) and to its first answer
// from /healthz.
func startup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("chatload startup", `usage: chatload startup [--chatmock BIN] [--runs N] [--fixtures FILE] [--json]

Start chatmock --runs times and time each start: from the process start to its banner
(specs loaded and validated, fixtures loaded, listening) and to its first /healthz answer.`)
	bin := fs.String("chatmock", "bin/chatmock", "the chatmock `binary` to start")
	runs := fs.Int("runs", 5, "how many times to start it")
	fixtures := fs.String("fixtures", "", "pass --fixtures FILE to chatmock")
	asJSON := fs.Bool("json", false, "print the runs as JSON")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 || *runs < 1 {
		return cli.Usagef(fs.Name(), "unexpected arguments %q or --runs below 1", fs.Args())
	}
	hc := newHTTPClient(1)
	defer hc.CloseIdleConnections()
	var out []startupRun
	for range *runs {
		a := []string{"--addr", "127.0.0.1:0", "--agent", "off"}
		if *fixtures != "" {
			a = append(a, "--fixtures", *fixtures)
		}
		start := time.Now()
		c, err := startChild(ctx, *bin, a...)
		if err != nil {
			return err
		}
		r := startupRun{Banner: c.took, Ready: c.ready}
		r.Healthz, err = firstHealthz(ctx, hc, c.base, start)
		c.stop()
		if err != nil {
			return err
		}
		out = append(out, r)
	}
	if *asJSON {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	var banner, health []time.Duration
	var ready []string
	for _, r := range out {
		banner, health, ready = append(banner, r.Banner), append(health, r.Healthz), append(ready, r.Ready)
	}
	slices.Sort(banner)
	slices.Sort(health)
	fmt.Fprintf(stdout, "chatmock start-up over %d runs (min / median / max)\n", len(out))
	fmt.Fprintf(stdout, "  process start to banner:         %s / %s / %s\n", ms(banner[0]), ms(banner[len(banner)/2]), ms(banner[len(banner)-1]))
	fmt.Fprintf(stdout, "  process start to first /healthz: %s / %s / %s\n", ms(health[0]), ms(health[len(health)/2]), ms(health[len(health)-1]))
	fmt.Fprintf(stdout, "  the banner's \"ready in\":         %s\n\n", strings.Join(ready, ", "))
	return nil
}

// firstHealthz polls base/healthz until it answers 200 and returns the time since start.
func firstHealthz(ctx context.Context, hc *http.Client, base string, start time.Time) (time.Duration, error) {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, base+"/healthz", nil)
		if err != nil {
			return 0, err
		}
		if resp, err := hc.Do(req); err == nil {
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return time.Since(start), nil
			}
		}
		if ctx.Err() != nil {
			return 0, ctx.Err()
		}
		time.Sleep(time.Millisecond)
	}
	return 0, fmt.Errorf("%s/healthz did not answer 200 within 30s", base)
}
