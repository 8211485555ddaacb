package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/chatconform/chatconform/cmd/internal/cli"
)

// comparison is what compare prints with --json.
type comparison struct {
	Scenario string    `json:"scenario"`
	Reports  []*report `json:"reports"` // the floor first
	Ratios   []ratio   `json:"ratios"`
}

// ratio is one target's figures divided by the floor's.
type ratio struct {
	Target    string  `json:"target"`
	PerSecond float64 `json:"perSecond"`
	P50       float64 `json:"p50"`
	P99       float64 `json:"p99"`
	Max       float64 `json:"max"`
	// CPUPerRequest is the server process's CPU time per request, when chatload started it.
	CPUPerRequest float64 `json:"cpuPerRequest,omitempty"`
}

// compare starts chatmock and the floor on free loopback ports, runs one scenario against
// each in turn (and against --peer when given), and prints each figure as a ratio to the
// floor's.
func compare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	name := scenarioArg(args)
	if name == "" {
		name = "gws-poll"
	}
	if _, ok := scenarios[name]; !ok || name == "cometd" {
		return cli.Usagef("chatload compare", "--scenario %q: want gws-poll, so-after or acquire-read", name)
	}
	c := config{scenario: name}
	fs := cli.NewFlagSet("chatload compare", `usage: chatload compare [--scenario gws-poll|so-after|acquire-read] [flags]

Start chatmock and the floor (a bare net/http server returning the same bytes) on free
loopback ports, run the scenario against each in turn (and against --peer), and print each
figure as a ratio to the floor's. The flags below are those of --scenario.`)
	commonFlags(fs, &c)
	loadFlags(fs, &c)
	scenarios[name](fs, &c)
	fs.String("scenario", name, "the scenario to run: gws-poll, so-after or acquire-read")
	peer := fs.String("peer", "", "also run against this base URL (e.g. a Prism mock), after the floor and chatmock")
	peerCmd := fs.String("peer-cmd", "", "start the peer with this command line, its {port} replaced by a free loopback port (instead of --peer)")
	peerName := fs.String("peer-name", "peer", "what to call the peer in the report")
	rounds := fs.Int("rounds", 5, "split each target's run into this many turns, the targets taking turns")
	fs.Lookup("chatmock").DefValue = "bin/chatmock"
	c.chatmock = "bin/chatmock"
	fs.Lookup("warmup").DefValue = "1s"
	c.warmup = time.Second
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cli.Usagef(fs.Name(), "unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if err := c.check(); err != nil {
		return cli.AsUsage(fs.Name(), err)
	}
	if *rounds < 1 {
		return cli.Usagef(fs.Name(), "--rounds %d: want at least 1", *rounds)
	}
	if *peer != "" {
		*peer = strings.TrimRight(*peer, "/")
		if err := checkLoopback(*peer, c.allowRemote); err != nil {
			return cli.AsUsage(fs.Name(), err)
		}
	}
	sc, err := newHTTPScenario(&c)
	if err != nil {
		return err
	}
	mock, err := startChild(ctx, c.chatmock, "--addr", "127.0.0.1:0", "--agent", "off")
	if err != nil {
		return err
	}
	defer mock.stop()
	floor, err := startFloor(ctx, sc, mock.base, c.timeout)
	if err != nil {
		return err
	}
	defer floor.stop()

	targets := []target{{name: "floor", base: floor.base, proc: floor}, {name: "chatmock", base: mock.base, proc: mock}}
	switch {
	case *peerCmd != "":
		p, err := startPeer(ctx, *peerCmd)
		if err != nil {
			return err
		}
		defer p.stop()
		targets = append(targets, target{name: *peerName, base: p.base, proc: p})
	case *peer != "":
		targets = append(targets, target{name: *peerName, base: *peer})
	}
	// The targets take turns, round after round, so that a machine whose speed drifts
	// (other work, a noisy host) slows each of them alike.
	sessions := make([]*session, len(targets))
	for i, t := range targets {
		if sessions[i], err = open(ctx, &c, sc, t); err != nil {
			return err
		}
	}
	slice := bounds{duration: c.duration / time.Duration(*rounds), requests: c.requests / int64(*rounds)}
	for range *rounds {
		for _, s := range sessions {
			s.run(ctx, slice)
		}
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	out := comparison{Scenario: name}
	for _, s := range sessions {
		rep := s.close(ctx)
		out.Reports = append(out.Reports, rep)
		if !c.json {
			if err := printReport(stdout, rep, false); err != nil {
				return err
			}
		}
	}
	out.Ratios = ratios(out.Reports)
	if c.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	}
	printRatios(stdout, &c, *rounds, out)
	return nil
}

// scenarioArg finds the value of --scenario in args.
func scenarioArg(args []string) string {
	for i, a := range args {
		name, value, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !strings.HasPrefix(a, "-") || name != "scenario" {
			continue
		}
		if hasValue {
			return value
		}
		if i+1 < len(args) {
			return args[i+1]
		}
	}
	return ""
}

// startFloor asks the mock for the scenario's steady-state reply and starts this program's
// floor command serving those bytes.
func startFloor(ctx context.Context, sc httpScenario, mockBase string, timeout time.Duration) (*child, error) {
	hc := newHTTPClient(1)
	hc.Timeout = timeout
	body, contentType, err := sc.probe(ctx, hc, mockBase)
	hc.CloseIdleConnections()
	if err != nil {
		return nil, fmt.Errorf("read the reply the floor serves from chatmock: %w", err)
	}
	dir, err := os.MkdirTemp("", "chatload-floor-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir) // the floor reads the file before it prints its banner
	file := filepath.Join(dir, "body")
	if err := os.WriteFile(file, body, 0o600); err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, fmt.Errorf("find chatload's own binary for the floor: %w", err)
	}
	if contentType == "" {
		contentType = "application/json"
	}
	return startChild(ctx, self, "floor", "--addr", "127.0.0.1:0", "--body-file", file, "--content-type", contentType)
}

// ratios divides every report's figures by the first report's (the floor's).
func ratios(reports []*report) []ratio {
	if len(reports) == 0 {
		return nil
	}
	floor := reports[0].All
	div := func(a, b float64) float64 {
		if b == 0 {
			return 0
		}
		return a / b
	}
	out := make([]ratio, 0, len(reports))
	for _, r := range reports {
		s := r.All
		out = append(out, ratio{Target: r.Target, PerSecond: div(s.PerSecond, floor.PerSecond),
			P50: div(float64(s.P50), float64(floor.P50)), P99: div(float64(s.P99), float64(floor.P99)),
			Max: div(float64(s.Max), float64(floor.Max)), CPUPerRequest: div(float64(r.CPUPerRequest), float64(reports[0].CPUPerRequest))})
	}
	return out
}

func printRatios(w io.Writer, c *config, rounds int, cmp comparison) {
	fmt.Fprintf(w, "%s, %d connections (%s client), each target %s in %d turns after a %s warm-up; every figure with its ratio to the floor's\n",
		cmp.Scenario, c.conns, c.client, boundText(c), rounds, c.warmup)
	width := len("target")
	for _, r := range cmp.Reports {
		width = max(width, len(r.Target))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\treq/s\t×floor\tp50\t×floor\tp99\t×floor\tmax\t×floor\tCPU/req\t×floor\terrors\tmemory\t\n", width, "target")
	for i, r := range cmp.Reports {
		s, q := r.All, cmp.Ratios[i]
		cpu, cpuRatio := "-", "-"
		if r.CPUPerRequest > 0 {
			cpu, cpuRatio = fmt.Sprintf("%.1fµs", float64(r.CPUPerRequest)/1e3), fmt.Sprintf("%.2f", q.CPUPerRequest)
		}
		fmt.Fprintf(tw, "%-*s\t%.0f\t%.2f\t%s\t%.2f\t%s\t%.2f\t%s\t%.2f\t%s\t%s\t%d\t%s\t\n", width, r.Target, s.PerSecond, q.PerSecond,
			ms(s.P50), q.P50, ms(s.P99), q.P99, ms(s.Max), q.Max, cpu, cpuRatio, s.Errors, memoryText(r))
	}
	_ = tw.Flush()
	for i, r := range cmp.Reports {
		if i > 0 && r.Target != "floor" && cmp.Ratios[i].PerSecond > 0 {
			fmt.Fprintf(w, "%s serves %.1f%% of the floor's throughput", r.Target, 100*cmp.Ratios[i].PerSecond)
			if i > 1 && cmp.Ratios[i].PerSecond > 0 {
				fmt.Fprintf(w, "; chatmock serves %.1f× %s's", cmp.Ratios[1].PerSecond/cmp.Ratios[i].PerSecond, r.Target)
			}
			fmt.Fprintln(w)
		}
	}
	fmt.Fprintln(w)
}

func boundText(c *config) string {
	var parts []string
	if c.duration > 0 {
		parts = append(parts, c.duration.String())
	}
	if c.requests > 0 {
		parts = append(parts, fmt.Sprintf("%d requests", c.requests))
	}
	return strings.Join(parts, " or ")
}

// memoryText is the server's resident memory after the run, or its heap in use.
func memoryText(r *report) string {
	switch {
	case r.RSSAfter > 0:
		return "RSS " + mib(uint64(r.RSSAfter))
	case r.StatsAfter != nil:
		return "heap " + mib(r.StatsAfter.HeapInuseBytes)
	}
	return "-"
}
