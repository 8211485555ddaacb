package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/chatconform/chatconform/cmd/internal/cli"
)

// config is what the flags of a scenario set.
type config struct {
	scenario    string
	target      string // base URL
	chatmock    string // a chatmock binary to start instead of using target
	conns       int
	duration    time.Duration
	requests    int64
	warmup      time.Duration
	json        bool
	allowRemote bool
	timeout     time.Duration // per request
	statsEvery  time.Duration // read the server's memory this often during the run
	client      string        // raw or std

	// gws-poll and cometd
	contactCenter string
	chat          string
	poll          string // both, cursor or index
	senders       int
	sendRate      float64 // messages per second over all senders; 0 = as fast as they can

	// so-after
	session, user, password string

	// acquire-read
	token, visitor, lastChat string

	// cometd
	agents, watchers int
	rampConns        int
	settle, grace    time.Duration
	setup            bool
}

// httpScenario is a request/response scenario the driver runs.
type httpScenario interface {
	// turns readies the target and returns the iterations, one per connection (plus any
	// paced senders).
	turns(ctx context.Context, hc *http.Client, base string) ([]iteration, error)
	// probe returns the reply the floor serves in a comparison: what the scenario's main
	// read answers in steady state.
	probe(ctx context.Context, hc *http.Client, base string) (body []byte, contentType string, err error)
}

// scenarios are the scenario names and the flags each adds.
var scenarios = map[string]func(fs *flag.FlagSet, c *config){
	"gws-poll":     gwsFlags,
	"so-after":     soFlags,
	"acquire-read": acquireFlags,
	"cometd":       cometdFlags,
}

// synopses say what each scenario does, in its --help.
var synopses = map[string]string{
	"gws-poll":     "GWS customers poll GetMessages, with the cursor and with index, while others send.",
	"so-after":     "SuperOffice: POST a message, then GET Messages?after= the last id seen.",
	"acquire-read": "Acquire: read a chat's messages (POST /api/profile/lead/message).",
	"cometd":       "N agents hold a CometD long poll each; customers talk in a chat W of them watch.",
}

// newHTTPScenario returns the scenario of a request/response config.
func newHTTPScenario(c *config) (httpScenario, error) {
	switch c.scenario {
	case "gws-poll":
		return &gwsPoll{c: c}, nil
	case "so-after":
		return &soAfter{c: c}, nil
	case "acquire-read":
		return &acquireRead{c: c}, nil
	}
	return nil, fmt.Errorf("scenario %q is not a request/response scenario", c.scenario)
}

// commonFlags registers the flags every scenario has.
func commonFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.target, "target", "http://127.0.0.1:8080", "base URL of the server under load")
	fs.StringVar(&c.chatmock, "chatmock", "", "start this chatmock `binary` on a free loopback port (--agent off) and load it instead of --target")
	fs.DurationVar(&c.duration, "duration", 0, "stop after this long (default 10s unless --requests is given)")
	fs.Int64Var(&c.requests, "requests", 0, "stop after this many requests (cometd: messages; 0: no limit)")
	fs.BoolVar(&c.json, "json", false, "print the report as JSON")
	fs.BoolVar(&c.allowRemote, "allow-remote", false, "allow a target that is not on a loopback address")
	fs.DurationVar(&c.timeout, "timeout", 10*time.Second, "timeout of each request")
}

// loadFlags registers the flags of the request/response scenarios.
func loadFlags(fs *flag.FlagSet, c *config) {
	fs.IntVar(&c.conns, "conns", 32, "connections (one worker each, one request at a time)")
	fs.DurationVar(&c.warmup, "warmup", 0, "run this long first without measuring")
	fs.StringVar(&c.client, "client", "raw", "HTTP client of the workers: raw (a lean HTTP/1.1 client, so the load generator leaves the CPU to the server) or std (net/http)")
	fs.DurationVar(&c.statsEvery, "stats-every", 0, "also read GET /mock/stats?gc=true this often during the run (a soak's timeline)")
}

func parseScenario(name string, args []string, stderr io.Writer) (config, error) {
	c := config{scenario: name, conns: 1, client: "std"}
	fs := cli.NewFlagSet("chatload "+name, "usage: chatload "+name+" [flags]\n\n"+synopses[name])
	commonFlags(fs, &c)
	if name != "cometd" {
		loadFlags(fs, &c)
	}
	scenarios[name](fs, &c)
	if err := cli.Parse(fs, args); err != nil {
		return c, err
	}
	if fs.NArg() > 0 {
		return c, cli.Usagef(fs.Name(), "unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	return c, cli.AsUsage(fs.Name(), c.check())
}

// check validates the flags and fills in the default bound.
func (c *config) check() error {
	switch {
	case c.conns < 1:
		return errors.New("--conns must be at least 1")
	case c.duration < 0 || c.requests < 0 || c.warmup < 0:
		return errors.New("--duration, --requests and --warmup must not be negative")
	case c.senders < 0 || c.sendRate < 0:
		return errors.New("--senders and --send-rate must not be negative")
	case c.poll != "" && c.poll != "both" && c.poll != "cursor" && c.poll != "index":
		return fmt.Errorf("--poll %q: want both, cursor or index", c.poll)
	case c.client != "raw" && c.client != "std":
		return fmt.Errorf("--client %q: want raw or std", c.client)
	}
	if c.duration == 0 && c.requests == 0 {
		c.duration = 10 * time.Second
	}
	if c.chatmock == "" {
		c.target = strings.TrimRight(c.target, "/")
		return checkLoopback(c.target, c.allowRemote)
	}
	return nil
}

func (c *config) bounds() bounds { return bounds{duration: c.duration, requests: c.requests} }

// runScenario runs one scenario against its target and prints the report.
func runScenario(ctx context.Context, name string, args []string, stdout, stderr io.Writer) error {
	c, err := parseScenario(name, args, stderr)
	if err != nil {
		return err
	}
	if name == "cometd" {
		rep, err := runCometd(ctx, &c)
		if err != nil {
			return err
		}
		return printReport(stdout, rep, c.json)
	}
	sc, err := newHTTPScenario(&c)
	if err != nil {
		return err
	}
	t := target{name: "target", base: c.target}
	if c.chatmock != "" {
		ch, err := startChild(ctx, c.chatmock, "--addr", "127.0.0.1:0", "--agent", "off")
		if err != nil {
			return err
		}
		defer ch.stop()
		t = target{name: "chatmock", base: ch.base, proc: ch}
	}
	rep, err := measure(ctx, &c, sc, t)
	if err != nil {
		return err
	}
	return printReport(stdout, rep, c.json)
}

// measure runs a request/response scenario against one target: its set-up, the warm-up,
// the measured run, and the server's memory before and after.
func measure(ctx context.Context, c *config, sc httpScenario, t target) (*report, error) {
	s, err := open(ctx, c, sc, t)
	if err != nil {
		return nil, err
	}
	defer s.hc.CloseIdleConnections()
	stopTimeline := s.rep.sampleStats(ctx, s.hc, t, c.statsEvery)
	s.run(ctx, c.bounds())
	stopTimeline()
	if ctx.Err() != nil {
		return nil, ctx.Err()
	}
	return s.close(ctx), nil
}

// session is a scenario set up against one target, measured in one or more runs.
type session struct {
	c       *config
	t       target
	hc      *http.Client
	tr      *transport
	turns   []iteration
	rep     *report
	samples map[string]*sample
	elapsed time.Duration
	cpu     time.Duration // the server process's, during the runs
}

// open sets the scenario up against t, reads the server's memory and warms up.
func open(ctx context.Context, c *config, sc httpScenario, t target) (*session, error) {
	hc := newHTTPClient(c.conns + c.senders)
	hc.Timeout = c.timeout
	turns, err := sc.turns(ctx, hc, t.base)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	s := &session{c: c, t: t, hc: hc, turns: turns, samples: map[string]*sample{},
		tr:  &transport{hc: hc, base: t.base, raw: c.client == "raw", timeout: c.timeout},
		rep: &report{Scenario: c.scenario, Target: t.name, Base: t.base, Conns: c.conns, Warmup: c.warmup, Client: c.client}}
	if _, err := newRawClient(t.base, c.timeout); s.tr.raw && err != nil {
		return nil, fmt.Errorf("%s: %w", t.name, err)
	}
	if t.proc != nil {
		s.rep.Ready = t.proc.ready
	}
	s.rep.StatsBefore = readStats(ctx, hc, t.base, true)
	s.rep.RSSBefore, _ = t.proc.rss()
	if c.warmup > 0 {
		drive(ctx, s.tr, turns, bounds{duration: c.warmup})
	}
	return s, nil
}

// run drives the scenario within b and adds what it measured to the session's.
func (s *session) run(ctx context.Context, b bounds) {
	cpu := s.t.proc.cpu()
	samples, elapsed := drive(ctx, s.tr, s.turns, b)
	s.cpu += s.t.proc.cpu() - cpu
	s.elapsed += elapsed
	for op, x := range samples {
		if s.samples[op] == nil {
			s.samples[op] = &sample{}
		}
		s.samples[op].merge(x)
	}
}

// close summarises the runs and reads the server's memory after them.
func (s *session) close(ctx context.Context) *report {
	r := s.rep
	r.Elapsed = s.elapsed
	r.setOps(s.samples)
	if s.cpu > 0 && r.All.Requests > 0 {
		r.ServerCPU, r.CPUPerRequest = s.cpu, s.cpu/time.Duration(r.All.Requests)
	}
	r.StatsAfter = readStats(ctx, s.hc, s.t.base, true)
	r.RSSAfter, r.RSSPeak = s.t.proc.rss()
	s.hc.CloseIdleConnections()
	return r
}
