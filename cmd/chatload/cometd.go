package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"net/http"
	"os"
	"sync"
	"sync/atomic"
	"time"
)

func cometdFlags(fs *flag.FlagSet, c *config) {
	fs.IntVar(&c.agents, "agents", 1000, "agents that handshake, subscribe to /v2/me/chats and hold a long poll each")
	fs.IntVar(&c.watchers, "watchers", 0, "agents in the chat the customers talk in, who receive its events (default: every agent, at most 1,000)")
	fs.IntVar(&c.senders, "senders", 1, "customers sending messages in the watched chat")
	fs.Float64Var(&c.sendRate, "send-rate", 5, "messages per second over all senders (0: as fast as they can)")
	fs.IntVar(&c.rampConns, "ramp", 64, "handshakes and subscriptions in flight at once while the agents join")
	fs.DurationVar(&c.settle, "settle", 2*time.Second, "after every agent has subscribed, wait this long (for the long polls to be held) before reading memory")
	fs.DurationVar(&c.grace, "grace", 5*time.Second, "after the last message, wait at most this long for its deliveries")
	fs.BoolVar(&c.setup, "setup", true, "load the fan-out fixture set with POST /mock/fixtures and switch the simulated agent off (with --chatmock it is passed as --fixtures instead)")
}

// marker starts the text of every message the cometd scenario sends: its sequence number
// and when it was sent, in nanoseconds since the run started.
const marker = "chatload-cometd seq="

// fanout is one run of the cometd scenario.
type fanout struct {
	c       *config
	base    string
	hc      *http.Client // REST and control API
	push    *http.Client // the agents' CometD sessions
	t0      time.Time
	maxMsgs int
	sent    []atomic.Bool  // by sequence number: the send was answered
	ok      []atomic.Bool  // by sequence number: the send succeeded
	counts  []atomic.Int32 // by sequence number: deliveries to watchers
	stray   atomic.Int64   // deliveries to agents outside the chat
	readers sync.WaitGroup // the receive goroutines
}

// runCometd measures the server's memory per agent holding a long poll, and the latency
// from a customer's REST send to each watching agent's delivery.
func runCometd(ctx context.Context, c *config) (*report, error) {
	if c.agents < 1 {
		return nil, errors.New("--agents must be at least 1")
	}
	if c.watchers == 0 {
		c.watchers = min(c.agents, 1000)
	}
	if c.watchers > c.agents {
		return nil, fmt.Errorf("--watchers %d is more than --agents %d", c.watchers, c.agents)
	}
	if c.senders < 1 {
		c.senders = 1
	}
	set, err := fanoutFixtures(c.agents, c.watchers)
	if err != nil {
		return nil, fmt.Errorf("fan-out fixtures: %w", err)
	}
	t := target{name: "target", base: c.target}
	if c.chatmock != "" {
		file, dir, err := writeFixtures(set)
		if err != nil {
			return nil, err
		}
		defer os.RemoveAll(dir)
		ch, err := startChild(ctx, c.chatmock, "--addr", "127.0.0.1:0", "--agent", "off", "--fixtures", file)
		if err != nil {
			return nil, err
		}
		defer ch.stop()
		t = target{name: "chatmock", base: ch.base, proc: ch}
	}
	f := &fanout{c: c, base: t.base, hc: newHTTPClient(c.senders + 4), push: pushClient(c.agents)}
	f.hc.Timeout = c.timeout
	defer f.hc.CloseIdleConnections()
	defer f.push.CloseIdleConnections()
	if c.chatmock == "" && c.setup {
		if err := f.load(ctx, set); err != nil {
			return nil, err
		}
	}
	rep := &report{Scenario: c.scenario, Target: t.name, Base: t.base, Conns: c.agents}
	if t.proc != nil {
		rep.Ready = t.proc.ready
	}
	rep.StatsBefore = readStats(ctx, f.hc, t.base, true)
	rep.RSSBefore, _ = t.proc.rss()

	actx, stopAgents := context.WithCancel(ctx)
	defer stopAgents()
	agents, samples, joined, err := f.join(actx)
	defer f.leave(agents)
	if err != nil {
		return nil, err
	}
	idle := readStats(ctx, f.hc, t.base, true)
	idleRSS, _ := t.proc.rss()
	rep.Facts = append(rep.Facts, fact{"agents subscribed, each holding a long poll", float64(c.agents), ""},
		fact{"time for every agent to handshake and subscribe", float64(joined), "ns"})
	rep.Facts = append(rep.Facts, memoryFacts(rep.StatsBefore, idle, rep.RSSBefore, idleRSS, c.agents)...)

	cpu, self := t.proc.cpu(), processCPU("self")
	sent, sendSamples, elapsed := f.talk(ctx)
	want, received := f.await(ctx)
	if used := t.proc.cpu() - cpu; used > 0 && sent > 0 {
		rep.ServerCPU = used
		rep.Facts = append(rep.Facts, fact{"server CPU per message (its fan-out and the reconnects that follow)", float64(used / time.Duration(sent)), "ns"})
	}
	if used := processCPU("self") - self; used > 0 && sent > 0 {
		rep.Facts = append(rep.Facts, fact{"chatload's own CPU per message (receiving it on every agent, reconnecting)", float64(used / time.Duration(sent)), "ns"})
	}
	stopAgents()
	f.readers.Wait()
	rep.Elapsed = elapsed
	merged := map[string]*sample{"SendMessage": {}, "delivery": {}}
	for _, s := range append(samples, sendSamples) {
		for op, x := range s {
			if merged[op] == nil {
				merged[op] = &sample{}
			}
			merged[op].merge(x)
		}
	}
	rep.setOps(merged)
	rep.StatsAfter = readStats(ctx, f.hc, t.base, true)
	rep.RSSAfter, rep.RSSPeak = t.proc.rss()
	rep.Facts = append(rep.Facts, f.deliveryFacts(agents, sent, want, received)...)
	return rep, nil
}

// memoryFacts are what the server holds per agent: the difference between its memory with
// every agent holding a long poll and before, divided by the agents.
func memoryFacts(before, idle *mockStats, rssBefore, rssIdle int64, agents int) []fact {
	n := float64(agents)
	var out []fact
	if before != nil && idle != nil {
		per := func(b, a uint64) float64 { return (float64(a) - float64(b)) / n }
		out = append(out,
			fact{"server CometD sessions", float64(idle.BayeuxSessions), ""},
			fact{"server goroutines per agent", float64(idle.Goroutines-before.Goroutines) / n, "goroutines"},
			fact{"server heap in use per agent", per(before.HeapInuseBytes, idle.HeapInuseBytes), "bytes"},
			fact{"server goroutine stacks per agent", per(before.StackInuseBytes, idle.StackInuseBytes), "bytes"},
			fact{"server heap and stacks per agent", per(before.HeapInuseBytes+before.StackInuseBytes, idle.HeapInuseBytes+idle.StackInuseBytes), "bytes"},
			fact{"server memory from the OS (sys) per agent", per(before.SysBytes, idle.SysBytes), "bytes"})
	}
	if rssIdle > 0 {
		out = append(out, fact{"server resident memory per agent", float64(rssIdle-rssBefore) / n, "bytes"})
	}
	return out
}

// deliveryFacts count what was sent and delivered, and how the agents' sessions fared.
func (f *fanout) deliveryFacts(agents []*agent, sent int, want, received int64) []fact {
	rehandshakes, failed := 0, 0
	for _, a := range agents {
		n, err := a.state()
		rehandshakes += n
		if err != nil {
			failed++
		}
	}
	return []fact{
		{"agents watching the chat", float64(f.c.watchers), ""},
		{"messages sent", float64(sent), ""},
		{"deliveries expected (messages sent successfully × watchers)", float64(want), ""},
		{"deliveries received", float64(received), ""},
		{"deliveries missing", float64(want - received), ""},
		{"deliveries to agents outside the chat", float64(f.stray.Load()), ""},
		{"agents that handshook again", float64(rehandshakes), ""},
		{"agents whose long polling met an error (retried)", float64(failed), ""},
	}
}

// load replaces the mock's fixtures with the fan-out set and switches its simulated agent
// off, through the control API.
func (f *fanout) load(ctx context.Context, set any) error {
	body, err := json.Marshal(set)
	if err != nil {
		return err
	}
	h := http.Header{"Content-Type": {"application/json"}}
	if _, _, err := send(ctx, f.hc, http.MethodPost, f.base+"/mock/fixtures", h, body); err != nil {
		return fmt.Errorf("load the fan-out fixtures (a chatmock control API is needed; or use --chatmock): %w", err)
	}
	if _, _, err := send(ctx, f.hc, http.MethodPut, f.base+"/mock/agent", h, []byte(`{"mode":"off"}`)); err != nil {
		return fmt.Errorf("switch the simulated agent off: %w", err)
	}
	return nil
}

// messageBound is how many messages a run may send.
func (f *fanout) messageBound() int {
	if f.c.requests > 0 {
		return int(f.c.requests)
	}
	if f.c.sendRate > 0 && f.c.duration > 0 {
		return int(f.c.sendRate*f.c.duration.Seconds()) + f.c.senders + 16
	}
	return 1 << 20
}

// talk has the customers send messages in the watched chat at --send-rate until --duration
// or --requests (messages) ends the run; it returns how many were sent (answered, well or
// not), the senders' samples and how long sending took.
func (f *fanout) talk(ctx context.Context) (int, map[string]*sample, time.Duration) {
	c := f.c
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var seq atomic.Int64
	h := http.Header{}
	h.Set("ContactCenterId", fanoutCenter)
	h.Set("Content-Type", "application/json")
	url := f.base + "/api/v2/chats/" + fanoutChat
	interval := time.Duration(0)
	if c.sendRate > 0 {
		interval = time.Duration(float64(c.senders) / c.sendRate * float64(time.Second))
	}
	turns := make([]iteration, c.senders)
	for i := range turns {
		turns[i] = func(ctx context.Context, w *worker) {
			if interval > 0 && !w.pace(ctx, interval) {
				return
			}
			n := int(seq.Add(1))
			if n > f.maxMsgs {
				cancel() // every message is sent
				return
			}
			body := fmt.Appendf(nil, `{"operationName":"SendMessage","text":"%s%d at=%d"}`, marker, n, time.Since(f.t0))
			if status, _, ok := w.request(ctx, "SendMessage", http.MethodPost, url, h, body); ok {
				f.sent[n].Store(true)
				f.ok[n].Store(status < 400)
			}
		}
	}
	samples, elapsed := drive(ctx, &transport{hc: f.hc}, turns, bounds{duration: c.duration})
	sent := 0
	for i := range f.sent {
		if f.sent[i].Load() {
			sent++
		}
	}
	return sent, samples, elapsed
}

// await waits until every message sent successfully has reached every watcher, or --grace
// has passed; it returns the deliveries expected and received.
func (f *fanout) await(ctx context.Context) (want, got int64) {
	deadline := time.Now().Add(f.c.grace)
	for {
		want, got = 0, 0
		for i := range f.ok {
			if f.ok[i].Load() {
				want += int64(f.c.watchers)
				got += int64(f.counts[i].Load())
			}
		}
		if got >= want || time.Now().After(deadline) || ctx.Err() != nil {
			return want, got
		}
		time.Sleep(20 * time.Millisecond)
	}
}
