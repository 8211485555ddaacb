package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"text/tabwriter"
	"time"
)

// report is what one scenario measured against one target.
type report struct {
	Scenario    string        `json:"scenario"`
	Target      string        `json:"target"` // chatmock, floor, peer or target
	Base        string        `json:"base"`
	Conns       int           `json:"conns"`
	Client      string        `json:"client,omitempty"` // raw or std (net/http)
	Elapsed     time.Duration `json:"elapsedNs"`
	Warmup      time.Duration `json:"warmupNs,omitempty"`
	Ops         []summary     `json:"operations"`
	All         summary       `json:"all"`
	StatsBefore *mockStats    `json:"statsBefore,omitempty"` // GET /mock/stats?gc=true
	StatsAfter  *mockStats    `json:"statsAfter,omitempty"`
	RSSBefore   int64         `json:"rssBeforeBytes,omitempty"` // a process chatload started
	RSSAfter    int64         `json:"rssAfterBytes,omitempty"`
	RSSPeak     int64         `json:"rssPeakBytes,omitempty"`
	// ServerCPU is the CPU time the server process used during the measured run (a
	// process chatload started), so CPUPerRequest does not depend on the load generator.
	ServerCPU     time.Duration `json:"serverCpuNs,omitempty"`
	CPUPerRequest time.Duration `json:"serverCpuPerRequestNs,omitempty"`
	Ready         string        `json:"ready,omitempty"` // the chatmock banner's "ready in"
	Facts         []fact        `json:"facts,omitempty"` // what else the scenario measured
	// Timeline is the server's memory read every --stats-every during the run.
	Timeline []point `json:"timeline,omitempty"`
}

// point is the server's memory at one moment of a run.
type point struct {
	At    time.Duration `json:"atNs"` // since the run started
	Stats *mockStats    `json:"stats,omitempty"`
	RSS   int64         `json:"rssBytes,omitempty"`
}

// sampleStats reads the server's memory every interval until the returned function is
// called (which waits for the last read); nothing when interval is 0.
func (r *report) sampleStats(ctx context.Context, hc *http.Client, t target, interval time.Duration) (stop func()) {
	if interval <= 0 {
		return func() {}
	}
	ctx, cancel := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		start := time.Now()
		tick := time.NewTicker(interval)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
			}
			p := point{At: time.Since(start), Stats: readStats(ctx, hc, t.base, true)}
			p.RSS, _ = t.proc.rss()
			if ctx.Err() == nil {
				r.Timeline = append(r.Timeline, p)
			}
		}
	}()
	return func() { cancel(); <-done }
}

// fact is one named figure of a scenario.
type fact struct {
	Name  string  `json:"name"`
	Value float64 `json:"value"`
	Unit  string  `json:"unit"`
}

// setOps summarises the samples, one row per operation (by name) and one for all.
func (r *report) setOps(samples map[string]*sample) {
	names := make([]string, 0, len(samples))
	all := &sample{}
	for name, s := range samples {
		names = append(names, name)
		all.merge(s)
	}
	slices.Sort(names)
	r.Ops = r.Ops[:0]
	for _, name := range names {
		r.Ops = append(r.Ops, summarize(name, samples[name], r.Elapsed))
	}
	r.All = summarize("all", all, r.Elapsed)
}

func printReport(w io.Writer, r *report, asJSON bool) error {
	if asJSON {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	}
	fmt.Fprintf(w, "%s against %s %s: %d connections", r.Scenario, r.Target, r.Base, r.Conns)
	if r.Client != "" {
		fmt.Fprintf(w, " (%s client)", r.Client)
	}
	fmt.Fprintf(w, ", %s measured", r.Elapsed.Round(time.Millisecond))
	if r.Warmup > 0 {
		fmt.Fprintf(w, " after a %s warm-up", r.Warmup)
	}
	fmt.Fprintln(w)
	rows := r.Ops
	if len(rows) > 1 {
		rows = append(slices.Clone(rows), r.All)
	}
	width := len("operation")
	for _, s := range rows {
		width = max(width, len(s.Name))
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintf(tw, "%-*s\trequests\treq/s\terrors\tp50\tp99\tmax\t\n", width, "operation")
	for _, s := range rows {
		fmt.Fprintf(tw, "%-*s\t%d\t%.0f\t%d\t%s\t%s\t%s\t\n", width, s.Name, s.Requests, s.PerSecond, s.Errors, ms(s.P50), ms(s.P99), ms(s.Max))
	}
	_ = tw.Flush()
	for _, s := range rows {
		if kinds := topErrors(s.ErrorKind, 3); len(kinds) > 0 {
			fmt.Fprintf(w, "errors of %s: %s\n", s.Name, strings.Join(kinds, "; "))
		}
	}
	printMemory(w, r)
	for _, f := range r.Facts {
		fmt.Fprintf(w, "%s: %s\n", f.Name, f.format())
	}
	fmt.Fprintln(w)
	return nil
}

func printMemory(w io.Writer, r *report) {
	if b, a := r.StatsBefore, r.StatsAfter; b != nil && a != nil {
		fmt.Fprintf(w, "server (GET /mock/stats?gc=true, before → after): heap in use %s → %s, stacks %s → %s, sys %s → %s, goroutines %d → %d, chats %d → %d, events %d → %d, request log %d → %d, CometD sessions %d → %d\n",
			mib(b.HeapInuseBytes), mib(a.HeapInuseBytes), mib(b.StackInuseBytes), mib(a.StackInuseBytes),
			mib(b.SysBytes), mib(a.SysBytes), b.Goroutines, a.Goroutines, b.Chats, a.Chats,
			b.Events, a.Events, b.RequestLog, a.RequestLog, b.BayeuxSessions, a.BayeuxSessions)
	}
	if r.RSSAfter > 0 {
		fmt.Fprintf(w, "server process resident memory: %s → %s (peak %s)\n", mib(uint64(r.RSSBefore)), mib(uint64(r.RSSAfter)), mib(uint64(r.RSSPeak)))
	}
	switch {
	case r.CPUPerRequest > 0:
		fmt.Fprintf(w, "server process CPU during the run: %s, %.1fµs per request\n", r.ServerCPU.Round(10*time.Millisecond), float64(r.CPUPerRequest)/1e3)
	case r.ServerCPU > 0:
		fmt.Fprintf(w, "server process CPU during the run: %s\n", r.ServerCPU.Round(10*time.Millisecond))
	}
	for _, p := range r.Timeline {
		fmt.Fprintf(w, "  at %s:", p.At.Round(time.Second))
		if s := p.Stats; s != nil {
			fmt.Fprintf(w, " heap in use %s, stacks %s, goroutines %d, chats %d, events %d, request log %d, CometD sessions %d;",
				mib(s.HeapInuseBytes), mib(s.StackInuseBytes), s.Goroutines, s.Chats, s.Events, s.RequestLog, s.BayeuxSessions)
		}
		if p.RSS > 0 {
			fmt.Fprintf(w, " resident %s", mib(uint64(p.RSS)))
		}
		fmt.Fprintln(w)
	}
	if r.Ready != "" {
		fmt.Fprintf(w, "chatmock banner: ready in %s\n", r.Ready)
	}
}

func (f fact) format() string {
	switch f.Unit {
	case "bytes":
		if f.Value >= 1<<20 || f.Value <= -(1<<20) {
			return fmt.Sprintf("%.1f MiB", f.Value/(1<<20))
		}
		return fmt.Sprintf("%.1f KiB", f.Value/1024)
	case "ns":
		return ms(time.Duration(f.Value))
	case "":
		return fmt.Sprintf("%.0f", f.Value)
	}
	return fmt.Sprintf("%.2f %s", f.Value, f.Unit)
}

// ms formats a latency in milliseconds with three decimals.
func ms(d time.Duration) string { return fmt.Sprintf("%.3fms", float64(d)/float64(time.Millisecond)) }

func mib(b uint64) string { return fmt.Sprintf("%.1fMiB", float64(b)/(1<<20)) }
