package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/cmd/internal/cli"
	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/mock"
)

// failT is the smallest GinkgoTestingT: the result is read from the summary instead.
type failT struct{ failed bool }

func (f *failT) Fail() { f.failed = true }

// certify runs the suite in this process (serially; use the ginkgo CLI for parallel runs)
// and exits 1 when a required check failed.
func certify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("chatconform run", `usage: chatconform run [--target URL] [--vendor NAME]... [--profile required|optional|all] [--report-dir DIR] [flags]

Certify a target with the conformance suite (without --target, the in-repo mock on a
loopback port). With --report-dir, write junit.xml, report.json, summary.json,
certificate.md and certificate.html there. The exit status is 1 when a required check
fails, 2 on bad usage. Each suite flag also reads CHATCONFORM_<NAME> from the environment
(--report-dir: CHATCONFORM_REPORT_DIR).`)
	conformance.RegisterFlags(fs)
	var vendors []string
	fs.Func("vendor", "a vendor to check (repeatable): gws, superoffice, acquire", func(s string) error {
		vendors = append(vendors, s)
		return nil
	})
	focus := fs.String("focus", "", "only checks whose text matches this regular expression (e.g. GWS-IDX)")
	var mockOpts []mock.Option
	fs.Func("mock-bug", "without --target: plant this bug in the in-repo mock (repeatable; see chatmock --bug list)", func(s string) error {
		mockOpts = append(mockOpts, mock.WithBugs(s))
		return nil
	})
	fs.Func("mock-vary", "without --target: run the in-repo mock in variation mode with this seed", func(s string) error {
		var seed int64
		if _, err := fmt.Sscan(s, &seed); err != nil || seed == 0 {
			return fmt.Errorf("want a non-zero integer seed")
		}
		mockOpts = append(mockOpts, mock.WithVary(seed))
		return nil
	})
	verbose := fs.Bool("v", false, "print every check as it runs")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cli.Usagef("chatconform run", "unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	cfg := conformance.Current()
	cfg.Vendors = append(cfg.Vendors, vendors...)
	// Flags the suite would refuse are bad usage (exit 2), not a suite that failed to start.
	check := *cfg
	if check.Target == "" {
		check.Target = "http://127.0.0.1" // the in-repo mock, started by the suite
	}
	if err := check.Validate(conformance.Defaults{}); err != nil {
		return cli.AsUsage(fs.Name(), err)
	}
	conformance.SelfHost = selfHost(stderr, mockOpts)

	suite, reporter := ginkgo.GinkgoConfiguration()
	suite.LabelFilter = cfg.LabelFilter()
	if *focus != "" {
		suite.FocusStrings = []string{*focus}
	}
	suite.Timeout = time.Hour
	reporter.NoColor = true
	reporter.Succinct = !*verbose
	reporter.Verbose = *verbose
	gomega.RegisterFailHandler(ginkgo.Fail)
	t := &failT{}
	ginkgo.RunSpecs(t, "chatconform conformance", suite, reporter)
	s := conformance.LastSummary()
	passed := 0
	for _, r := range s.Results {
		if r.State == "passed" {
			passed++
		}
	}
	fmt.Fprintf(stdout, "\nchatconform: %d checks passed, %d required checks failed", passed, s.RequiredFailed)
	if cfg.ReportDir != "" {
		fmt.Fprintf(stdout, "; reports in %s (junit.xml, report.json, certificate.md, certificate.html)", cfg.ReportDir)
	}
	fmt.Fprintln(stdout)
	if s.RequiredFailed > 0 || s.SuiteFailed || len(s.Results) == 0 {
		return cli.ExitCode(1)
	}
	return ctx.Err()
}

// selfHost starts the in-repo mock on a loopback port, for runs without --target.
// A mock with planted bugs runs without strict mode, which would hide them behind 500s.
func selfHost(stderr io.Writer, opts []mock.Option) func() (string, func(), error) {
	return func() (string, func(), error) {
		m, err := mock.New(append([]mock.Option{mock.WithStrict(len(opts) == 0)}, opts...)...)
		if err != nil {
			return "", nil, err
		}
		ln, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return "", nil, err
		}
		srv := &http.Server{Handler: m, ReadHeaderTimeout: 10 * time.Second}
		go func() {
			if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
				fmt.Fprintln(stderr, "chatconform: the in-repo mock stopped:", err)
			}
		}()
		url := "http://" + ln.Addr().String()
		fmt.Fprintln(stderr, "chatconform: no --target; certifying the in-repo mock at", url)
		return url, func() {
			m.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			_ = srv.Shutdown(ctx)
		}, nil
	}
}
