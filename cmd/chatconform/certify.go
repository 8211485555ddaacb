package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strings"
	"time"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/gomega"

	"github.com/chatconform/chatconform/cmd/internal/cli"
	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/mock/loopback"
)

// failT is the smallest GinkgoTestingT: the result is read from the summary instead.
type failT struct{ failed bool }

func (f *failT) Fail() { f.failed = true }

// runFlags are the flags of chatconform run beyond the suite's own.
type runFlags struct {
	vendors []string
	focus   string
	mock    loopback.Config // the in-repo mock, without --target
	verbose bool
	procs   int
	bools   map[string]bool // the flags that take no value, for the workers' command lines
	// shard and only make a worker process of a parallel run: run only these checks and
	// write the ginkgo report as JSON to shard.
	shard, only string
}

// certify runs the suite against the target (the in-repo mock without --target): first one
// request to each vendor URL (an unreachable target is one message and exit status 2), then
// the checks, in --procs worker processes. The exit status is 0 only when every claimed
// surface is certified, 1 otherwise.
func certify(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	start := time.Now()
	fs := cli.NewFlagSet("chatconform run", `usage: chatconform run [--target URL] [--surface NAME]... [--vendor NAME]... [--profile required|optional|all] [--procs N] [--report-dir DIR] [flags]

Certify a target with the conformance suite (without --target, the in-repo mock on a
loopback port), for the API surfaces it claims (--surface; by default every surface of the
vendors checked). With --report-dir, write junit.xml, report.json, summary.json, badge.svg,
certificate.md and certificate.html there. The exit status is 0 when every claimed surface
is certified, 1 when one is not (a required check failed or did not run, or no check ran),
2 on bad usage or an unreachable target. Each suite flag also reads CHATCONFORM_<NAME> from
the environment (--report-dir: CHATCONFORM_REPORT_DIR).`)
	conformance.RegisterFlags(fs)
	var rf runFlags
	fs.Func("vendor", "a vendor to check (repeatable): gws, superoffice, acquire", func(s string) error {
		rf.vendors = append(rf.vendors, s)
		return nil
	})
	fs.StringVar(&rf.focus, "focus", "", "only checks whose text matches this regular expression (e.g. GWS-IDX); the others are reported not run")
	fs.Func("mock-bug", "without --target: plant this bug in the in-repo mock (repeatable; see chatmock --bug list)", func(s string) error {
		rf.mock.Bugs = append(rf.mock.Bugs, s)
		return nil
	})
	fs.Func("mock-vary", "without --target: run the in-repo mock in variation mode with this seed", func(s string) error {
		var seed int64
		if _, err := fmt.Sscan(s, &seed); err != nil || seed == 0 {
			return fmt.Errorf("want a non-zero integer seed")
		}
		rf.mock.Vary = seed
		return nil
	})
	fs.BoolVar(&rf.verbose, "v", false, "print every check as it runs")
	fs.IntVar(&rf.procs, "procs", 0, "run the checks in this many worker processes (1: in this process; default: the number of CPUs for the in-repo mock, and at least 8 against a --target, where latency, not CPU, bounds a run)")
	fs.StringVar(&rf.shard, "shard-report", "", "internal: run as a worker of a parallel run and write the ginkgo report (JSON) to this file")
	fs.StringVar(&rf.only, "shard-checks", "", "internal: the comma-separated check ids a worker runs")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	rf.bools = map[string]bool{}
	fs.VisitAll(func(f *flag.Flag) {
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			rf.bools[f.Name] = true
		}
	})
	if fs.NArg() > 0 {
		return cli.Usagef(fs.Name(), "unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	if rf.procs < 0 {
		return cli.Usagef(fs.Name(), "--procs %d: want 1 or more", rf.procs)
	}
	cfg := conformance.Current()
	cfg.Vendors = append(cfg.Vendors, rf.vendors...)
	reportDir := cfg.ReportDir
	cfg.ReportDir = "" // written here, once, from the whole run
	defaults, err := conformance.FixtureDefaults()
	if err != nil {
		return err
	}
	selfHosted := cfg.Target == "" && cfg.GWSURL == "" && cfg.SuperOfficeURL == "" && cfg.AcquireURL == ""
	if rf.procs == 0 {
		rf.procs = defaultProcs(selfHosted)
	}
	if selfHosted {
		rf.mock.OnError = func(err error) { fmt.Fprintln(stderr, "chatconform: the in-repo mock stopped:", err) }
		srv, err := loopback.Start(rf.mock)
		if err != nil {
			return fmt.Errorf("start the in-repo mock: %w", err)
		}
		defer srv.Close()
		fmt.Fprintln(stderr, "chatconform: no --target; certifying the in-repo mock at", srv.URL)
		cfg.Target = srv.URL
	} else if len(rf.mock.Bugs) > 0 || rf.mock.Vary != 0 {
		return cli.Usagef(fs.Name(), "--mock-bug and --mock-vary need the in-repo mock: drop --target")
	}
	// Flags the suite would refuse are bad usage (exit 2), not a suite that failed to start.
	if err := cfg.Validate(defaults); err != nil {
		return cli.AsUsage(fs.Name(), err)
	}
	if rf.shard != "" {
		return worker(cfg, rf)
	}
	if err := preflight(ctx, cfg); err != nil {
		fmt.Fprintf(stderr, "chatconform: the target is unreachable, so nothing was checked: %v\n", err)
		return cli.ExitCode(2)
	}

	var report ginkgoReport
	if rf.procs == 1 {
		report = runHere(cfg, rf, "")
	} else {
		report, err = runParallel(ctx, cfg, rf, args, stdout)
		if err != nil {
			return err
		}
	}
	run := conformance.NewRun(cfg, rf.focus, args, start)
	run.Duration = time.Since(start)
	s := conformance.Summarize(report, run)
	printSummary(stdout, s)
	if reportDir != "" {
		if err := conformance.WriteReports(reportDir, report, s); err != nil {
			return fmt.Errorf("write the reports: %w", err)
		}
		fmt.Fprintf(stdout, "chatconform: reports in %s (certificate.md, certificate.html, badge.svg, summary.json, junit.xml, report.json)\n", reportDir)
	}
	if err := ctx.Err(); err != nil {
		return err
	}
	if !s.Certified {
		return cli.ExitCode(1)
	}
	return nil
}

// defaultProcs is --procs when not given: the checks wait on the target far more than they
// compute, so against a remote target more workers than CPUs shorten a run (a target 50 ms
// away: 19.3 s with 2 workers, 6.2 s with 8); the in-repo mock shares this machine's CPUs.
func defaultProcs(selfHosted bool) int {
	if selfHosted {
		return runtime.NumCPU()
	}
	return max(8, runtime.NumCPU())
}

// suiteConfig is the ginkgo configuration of a run: the label filter of --vendors,
// --profile and the claimed surfaces, and the focus.
func suiteConfig(cfg *conformance.Config, rf runFlags, focus []string) (ginkgoSuite, ginkgoReporter) {
	suite, reporter := ginkgo.GinkgoConfiguration()
	suite.LabelFilter = cfg.LabelFilter()
	suite.FocusStrings = focus
	suite.Timeout = time.Hour
	reporter.NoColor = true
	reporter.Succinct = !rf.verbose
	reporter.Verbose = rf.verbose
	return suite, reporter
}

// runHere runs the suite in this process and returns its report; a worker gives its share
// of the checks as an extra label filter instead of the run's focus.
func runHere(cfg *conformance.Config, rf runFlags, share string) ginkgoReport {
	var focus []string
	if rf.focus != "" { // a worker's flags have none: its share is its focus
		focus = []string{rf.focus}
	}
	suite, reporter := suiteConfig(cfg, rf, focus)
	switch {
	case share != "" && suite.LabelFilter != "":
		suite.LabelFilter = "(" + suite.LabelFilter + ") && " + share
	case share != "":
		suite.LabelFilter = share
	}
	gomega.RegisterFailHandler(ginkgo.Fail)
	ginkgo.RunSpecs(&failT{}, "chatconform conformance", suite, reporter)
	r := conformance.LastReport()
	return r
}

// preflight sends one GET to the base URL of every vendor the claimed surfaces name: any
// HTTP answer will do; a transport error means the target is unreachable.
func preflight(ctx context.Context, cfg *conformance.Config) error {
	client := &http.Client{Timeout: 10 * time.Second}
	var urls []string
	for _, s := range cfg.Claimed() {
		u := map[string]string{conformance.GWS: cfg.GWSURL, conformance.SuperOffice: cfg.SuperOfficeURL, conformance.Acquire: cfg.AcquireURL}[conformance.VendorOf(s)]
		if !slices.Contains(urls, u) {
			urls = append(urls, u)
		}
	}
	for _, u := range urls {
		req, err := http.NewRequestWithContext(ctx, http.MethodGet, u+"/", nil)
		if err != nil {
			return err
		}
		resp, err := client.Do(req)
		if err != nil {
			return fmt.Errorf("GET %s/: %w", u, errors.Unwrap(err))
		}
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
		_ = resp.Body.Close()
	}
	return nil
}

// printSummary prints the verdict and each claimed surface's.
func printSummary(w io.Writer, s conformance.Summary) {
	fmt.Fprintf(w, "\nchatconform: %s\n", s.Verdict)
	fmt.Fprintf(w, "chatconform: %d passed, %d failed (%d required), %d not run (%d required), %d not claimed; took %s\n",
		s.Passed, s.Failed, s.RequiredFailed, s.NotRun, s.RequiredNotRun, s.NotClaimed, s.Run.Duration.Round(time.Millisecond))
	for _, sv := range s.Surfaces {
		if sv.Verdict == conformance.NotClaimed {
			continue
		}
		fmt.Fprintf(w, "chatconform:   %-16s %-13s required %d passed, %d failed, %d not run\n",
			sv.Surface, sv.Verdict, sv.Required.Passed, sv.Required.Failed, sv.Required.NotRun)
	}
	var reasons []string // the reasons required checks did not run, each with its checks
	byReason := map[string][]string{}
	for _, r := range s.Results {
		if r.Profile == conformance.Required && (r.State == conformance.StateNotRun || r.State == conformance.StateSkipped) {
			if byReason[r.Reason] == nil {
				reasons = append(reasons, r.Reason)
			}
			byReason[r.Reason] = append(byReason[r.Reason], r.ID)
		}
	}
	for _, why := range reasons {
		ids := byReason[why]
		list := strings.Join(ids, " ")
		if len(ids) > 5 {
			list = strings.Join(ids[:5], " ") + fmt.Sprintf(" and %d more", len(ids)-5)
		}
		fmt.Fprintf(w, "chatconform:   did not run (%s): %s\n", why, list)
	}
	if s.SuiteFailure != "" {
		fmt.Fprintf(w, "chatconform: the suite could not run: %s\n", s.SuiteFailure)
	}
}
