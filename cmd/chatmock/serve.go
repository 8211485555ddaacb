package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/chatconform/chatconform/cmd/internal/cli"
	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/browser"
	"github.com/chatconform/chatconform/mock/strictjson"
)

// config is what the flags set.
type config struct {
	addr      string
	fixtures  string
	strict    bool
	logFormat string
	logReqs   bool
	agent     string
	vary      int64
	bugs      []string
	listBugs  bool
	browser   browser.Options
	// state is the --state file; stateEvery how often it is written (0: only at shutdown).
	state      string
	stateEvery time.Duration
	ready      func(addr string) // tests learn the bound address here
}

func parseFlags(args []string) (config, error) {
	var c config
	fs := cli.NewFlagSet("chatmock", usage)
	cli.AddVersion(fs)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.fixtures, "fixtures", "", "fixture set in `FILE` to load instead of the embedded default (JSON, as cmd/chatfixtures writes)")
	fs.BoolVar(&c.strict, "strict", false, "validate every response against its spec; a violation is logged and becomes a 500")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
	fs.BoolVar(&c.logReqs, "log-requests", false, "print one line per vendor API request on stderr, in the --log-format")
	fs.StringVar(&c.agent, "agent", "auto", "simulated agent: auto (accepts chats and answers) or off (chats wait for a real agent client)")
	fs.Int64Var(&c.vary, "vary", 0, "variation mode with this seed (not 0): differ from the defaults wherever the specs allow")
	fs.Func("bug", "plant the bug `NAME` (repeatable); --bug list prints them", func(s string) error {
		if s == "list" {
			c.listBugs = true
		} else {
			c.bugs = append(c.bugs, s)
		}
		return nil
	})
	fs.StringVar(&c.state, "state", "", "keep the mock's state in `FILE`: loaded at start when it exists (instead of --fixtures), written on graceful shutdown and every --state-every, atomically")
	fs.DurationVar(&c.stateEvery, "state-every", defaultStateEvery, "how often to write --state while running (0: only on shutdown)")
	cors := fs.String("cors", "on", "CORS on the vendor APIs and CometD: on or off")
	fs.Func("cors-origins", "`LIST` of comma-separated origins that may call the vendor APIs from a browser (default any; one * wildcard allowed, as in http://localhost:*)", func(s string) error {
		c.browser.Origins = append(c.browser.Origins, splitList(s)...)
		return nil
	})
	fs.Func("control-origins", "`LIST` of comma-separated origins whose pages may call the control API (default none: same-origin pages only)", func(s string) error {
		c.browser.ControlOrigins = append(c.browser.ControlOrigins, splitList(s)...)
		return nil
	})
	fs.Func("allowed-hosts", "`LIST` of comma-separated Host names accepted besides loopback names and IP literals (.example.com for a domain, * for any)", func(s string) error {
		c.browser.AllowedHosts = append(c.browser.AllowedHosts, splitList(s)...)
		return nil
	})
	if err := cli.Parse(fs, args); err != nil {
		return c, err
	}
	switch *cors {
	case "on":
	case "off":
		c.browser.DisableCORS = true
	default:
		return c, fmt.Errorf("--cors %q: want on or off", *cors)
	}
	if host, _, err := net.SplitHostPort(c.addr); err == nil && host != "" && net.ParseIP(host) == nil {
		c.browser.AllowedHosts = append(c.browser.AllowedHosts, host) // the listen address
	}
	if fs.NArg() > 0 {
		return c, fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if c.logFormat != "text" && c.logFormat != "json" {
		return c, fmt.Errorf("--log-format %q: want text or json", c.logFormat)
	}
	if c.agent != "auto" && c.agent != "off" {
		return c, fmt.Errorf("--agent %q: want auto or off", c.agent)
	}
	if c.stateEvery < 0 {
		return c, fmt.Errorf("--state-every %s: want 0 or more", c.stateEvery)
	}
	stateEverySet := false
	fs.Visit(func(f *flag.Flag) { stateEverySet = stateEverySet || f.Name == "state-every" })
	if stateEverySet && c.state == "" {
		return c, errors.New("--state-every needs --state")
	}
	return c, nil
}

// maxHeaderBytes bounds a request's header block (net/http's default is 1 MiB). The
// vendors' clients send a few credentials and cookies; 32 KiB leaves room for large bearer
// tokens and browser cookies, and a larger block gets 431.
const maxHeaderBytes = 32 << 10

// serve runs the mock until ctx is cancelled, then shuts down gracefully: in-flight
// requests finish (up to 10 s) and held CometD connects are answered at once.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args)
	if err != nil {
		return cli.AsUsage("chatmock", err)
	}
	if c.listBugs {
		for _, b := range mock.KnownBugs() {
			fmt.Fprintf(stdout, "%-28s %-12s %s\n", b.Name, b.Area, b.Description)
		}
		return nil
	}
	return serveConfig(ctx, c, stdout, stderr)
}

func serveConfig(ctx context.Context, c config, stdout, stderr io.Writer) error {
	start := time.Now()
	var logger *slog.Logger
	if c.logFormat == "json" {
		logger = slog.New(slog.NewJSONHandler(stderr, nil))
	} else {
		logger = slog.New(slog.NewTextHandler(stderr, nil))
	}
	var set *fixtures.Set // a saved state, when there is one, in place of --fixtures
	var err error
	if c.state != "" {
		if set, err = loadState(c.state); err != nil {
			return err
		}
	}
	resumed := set != nil
	if !resumed {
		if set, err = loadFixtures(c.fixtures); err != nil {
			return err
		}
	}
	opts := []mock.Option{mock.WithFixtures(set), mock.WithStrict(c.strict), mock.WithLogger(logger),
		mock.WithSimulatedAgent(c.agent), mock.WithBugs(c.bugs...), mock.WithBrowser(c.browser)}
	if c.vary != 0 {
		opts = append(opts, mock.WithVary(c.vary))
	}
	if c.logReqs {
		opts = append(opts, mock.WithRequestLogger(logger))
	}
	m, err := mock.New(opts...)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", c.addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           m,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      90 * time.Second, // above the longest CometD long poll
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	// Shutdown waits for every connection to go idle, and a held CometD connect or a console
	// event stream is not idle until it ends: release them all (held connects get advice
	// reconnect none) as shutting down starts.
	srv.RegisterOnShutdown(m.Close)
	var state *stateFile
	if c.state != "" {
		state = newStateFile(c.state, m.Export, logger)
		if resumed {
			logger.Info("state loaded", "file", c.state, "chats", len(set.Chats))
		}
	}
	base := "http://" + ln.Addr().String()
	banner(stdout, base, set, c, time.Since(start))
	if c.ready != nil {
		c.ready(ln.Addr().String())
	}
	defer m.Close()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	var periodic sync.WaitGroup
	stopPeriodic := func() {}
	if state != nil && c.stateEvery > 0 {
		pctx, cancel := context.WithCancel(ctx)
		stopPeriodic = cancel
		periodic.Go(func() { state.every(pctx, c.stateEvery) })
	}
	defer periodic.Wait()
	defer stopPeriodic()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	if err != nil {
		err = fmt.Errorf("shutdown: %w", err)
	} else if serr := <-errc; !errors.Is(serr, http.ErrServerClosed) {
		err = serr
	}
	if state != nil {
		// Requests are done (or the wait for them timed out): the last write has what they
		// changed. Exporting waits for any request still in a vendor handler.
		stopPeriodic()
		periodic.Wait()
		if serr := state.save(); serr != nil {
			return errors.Join(err, fmt.Errorf("--state: %w", serr))
		}
		logger.Info("state written", "file", c.state)
	}
	return err
}

// splitList splits a comma-separated flag value, dropping empty entries.
func splitList(s string) []string {
	var out []string
	for _, v := range strings.Split(s, ",") {
		if v = strings.TrimSpace(v); v != "" {
			out = append(out, v)
		}
	}
	return out
}

// loadFixtures reads --fixtures as strict JSON: a member given twice or data after the set
// is refused, not decoded the lenient way.
func loadFixtures(path string) (*fixtures.Set, error) {
	if path == "" {
		return fixtures.Default()
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read fixtures: %w", err)
	}
	if err := strictjson.Check(b); err != nil {
		return nil, fmt.Errorf("fixtures %s: %w", path, err)
	}
	set, err := fixtures.Parse(b)
	if err != nil {
		return nil, fmt.Errorf("fixtures %s: %w", path, err)
	}
	return set, nil
}

// banner prints the base URL of each API and the default credentials.
func banner(w io.Writer, base string, set *fixtures.Set, c config, took time.Duration) {
	var modes []string
	if c.strict {
		modes = append(modes, "strict: every response is validated against its spec")
	}
	if c.vary != 0 {
		modes = append(modes, fmt.Sprintf("variation mode, seed %d", c.vary))
	}
	if len(c.bugs) > 0 {
		modes = append(modes, "PLANTED BUGS: "+strings.Join(c.bugs, ", "))
	}
	modes = append(modes, "simulated agent "+c.agent)
	mode := " (" + strings.Join(modes, "; ") + ")"
	fmt.Fprintf(w, "chatmock listening on %s%s, ready in %s\n\n", base, mode, took.Round(time.Millisecond))
	fmt.Fprintf(w, "  GWS customer chat   %s/api/v2/chats\n", base)
	fmt.Fprintf(w, "  GWS agent chat      %s/api/v2/me/chats\n", base)
	fmt.Fprintf(w, "  GWS CometD          %s/api/v2/notifications  (channel /v2/me/chats, agent Basic credentials or session cookie)\n", base)
	fmt.Fprintf(w, "  SuperOffice         %s/api/v1/ChatSession  (Online tenants: %s/{tenant}/api/v1/ChatSession)\n", base, base)
	fmt.Fprintf(w, "  Acquire             %s/api/profile/lead/message\n", base)
	fmt.Fprintf(w, "  control API         %s/mock/  (health: %s/healthz)\n", base, base)
	fmt.Fprintf(w, "  web console         %s/mock/ui/\n\n", base)
	fmt.Fprintf(w, "  browsers     %s\n", browserRules(c.browser))
	if c.state != "" {
		every := "on shutdown"
		if c.stateEvery > 0 {
			every = "every " + c.stateEvery.String() + " and on shutdown"
		}
		fmt.Fprintf(w, "  state        %s, written %s\n", c.state, every)
	}
	if t := set.TenantsOf(fixtures.GWS); len(t) > 0 {
		fmt.Fprintf(w, "  GWS          ContactCenterId: %s\n", t[0].ID)
		if a := set.AgentsOf(fixtures.GWS, t[0].ID); len(a) > 0 {
			fmt.Fprintf(w, "               agent (HTTP Basic): %s / %s\n", a[0].Username, a[0].Password)
		}
	}
	for _, t := range set.TenantsOf(fixtures.SuperOffice) {
		if a := set.AgentsOf(fixtures.SuperOffice, t.ID); len(a) > 0 && !t.Online {
			fmt.Fprintf(w, "  SuperOffice  tenant %s: Basic %s / %s, SOTicket %s, Bearer %s\n", t.ID, a[0].Username, a[0].Password, a[0].Ticket, a[0].Token)
			break
		}
	}
	if t := set.TenantsOf(fixtures.Acquire); len(t) > 0 && len(t[0].APITokens) > 0 {
		fmt.Fprintf(w, "  Acquire      account %s: Bearer %s\n", t[0].ID, t[0].APITokens[0])
	}
	fmt.Fprintln(w)
}

// browserRules says in one line which pages may call the mock.
func browserRules(o browser.Options) string {
	vendor := "CORS off"
	if !o.DisableCORS {
		vendor = "CORS for any origin"
		if len(o.Origins) > 0 && !slices.Contains(o.Origins, "*") {
			vendor = "CORS for " + strings.Join(o.Origins, ", ")
		}
	}
	control := "same-origin pages only"
	if len(o.ControlOrigins) > 0 {
		control = "same-origin pages and " + strings.Join(o.ControlOrigins, ", ")
	}
	hosts := "loopback names and IP literals"
	if len(o.AllowedHosts) > 0 {
		hosts += ", " + strings.Join(o.AllowedHosts, ", ")
	}
	return fmt.Sprintf("%s; control API: %s; Host: %s", vendor, control, hosts)
}
