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
	"strings"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/strictjson"
)

// config is what the flags set.
type config struct {
	addr      string
	fixtures  string
	strict    bool
	logFormat string
	agent     string
	vary      int64
	bugs      []string
	listBugs  bool
	ready     func(addr string) // tests learn the bound address here
}

func parseFlags(args []string, stderr io.Writer) (config, error) {
	var c config
	fs := flag.NewFlagSet("chatmock", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.StringVar(&c.addr, "addr", "127.0.0.1:8080", "address to listen on")
	fs.StringVar(&c.fixtures, "fixtures", "", "fixture set to load instead of the embedded default (JSON, as cmd/chatfixtures writes)")
	fs.BoolVar(&c.strict, "strict", false, "validate every response against its spec; a violation is logged and becomes a 500")
	fs.StringVar(&c.logFormat, "log-format", "text", "log format: text or json")
	fs.StringVar(&c.agent, "agent", "auto", "simulated agent: auto (accepts chats and answers) or off (chats wait for a real agent client)")
	fs.Int64Var(&c.vary, "vary", 0, "variation mode with this seed (not 0): differ from the defaults wherever the specs allow")
	fs.Func("bug", "plant a named bug (repeatable); --bug list prints them", func(s string) error {
		if s == "list" {
			c.listBugs = true
		} else {
			c.bugs = append(c.bugs, s)
		}
		return nil
	})
	if err := fs.Parse(args); err != nil {
		return c, err
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
	return c, nil
}

// maxHeaderBytes bounds a request's header block (net/http's default is 1 MiB). The
// vendors' clients send a few credentials and cookies; 32 KiB leaves room for large bearer
// tokens and browser cookies, and a larger block gets 431.
const maxHeaderBytes = 32 << 10

// serve runs the mock until ctx is cancelled, then shuts down gracefully: in-flight
// requests finish (up to 10 s) and held CometD connects are answered at once.
func serve(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, err := parseFlags(args, stderr)
	if err != nil {
		return err
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
	set, err := loadFixtures(c.fixtures)
	if err != nil {
		return err
	}
	opts := []mock.Option{mock.WithFixtures(set), mock.WithStrict(c.strict), mock.WithLogger(logger),
		mock.WithSimulatedAgent(c.agent), mock.WithBugs(c.bugs...)}
	if c.vary != 0 {
		opts = append(opts, mock.WithVary(c.vary))
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
	// Shutdown waits for every connection to go idle, and a held CometD connect is not idle
	// until it is answered: release them all (advice reconnect none) as shutting down starts.
	srv.RegisterOnShutdown(m.Close)
	base := "http://" + ln.Addr().String()
	banner(stdout, base, set, c, time.Since(start))
	if c.ready != nil {
		c.ready(ln.Addr().String())
	}
	defer m.Close()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// loadFixtures reads --fixtures as strict JSON, as POST /mock/fixtures is read: a member
// given twice or data after the set is refused, not decoded the lenient way.
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
	fmt.Fprintf(w, "  GWS CometD          %s/api/v2/notifications  (channel /v2/me/chats, agent Basic credentials)\n", base)
	fmt.Fprintf(w, "  SuperOffice         %s/api/v1/ChatSession  (Online tenants: %s/{tenant}/api/v1/ChatSession)\n", base, base)
	fmt.Fprintf(w, "  Acquire             %s/api/profile/lead/message\n", base)
	fmt.Fprintf(w, "  control API         %s/mock/  (health: %s/healthz)\n\n", base, base)
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
