package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"

	"github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"

	"github.com/chatconform/chatconform/conformance"
)

type (
	ginkgoReport   = types.Report
	ginkgoSuite    = types.SuiteConfig
	ginkgoReporter = types.ReporterConfig
)

// A parallel run: this process picks the checks the run selects (ginkgo's dry run with the
// same filters), deals them round-robin to --procs worker processes of this binary, each
// running its share against the same target, and merges their ginkgo reports into one, from
// which the summary, the certificate and JUnit are made as for a run in one process. Ginkgo
// runs a suite once per process, so the workers are processes.

// runParallel runs the selected checks in rf.procs workers and returns the merged report.
func runParallel(ctx context.Context, cfg *conformance.Config, rf runFlags, args []string, stdout io.Writer) (ginkgoReport, error) {
	var focus []string
	if rf.focus != "" {
		focus = []string{rf.focus}
	}
	suite, _ := suiteConfig(cfg, rf, focus)
	preview := ginkgo.PreviewSpecs("chatconform conformance", suite)
	var ids []string
	for _, sr := range preview.SpecReports {
		if id := checkID(sr); id != "" && sr.State == types.SpecStatePassed {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	procs := min(rf.procs, max(len(ids), 1))
	shares := make([][]string, procs)
	for i, id := range ids {
		shares[i%procs] = append(shares[i%procs], id)
	}
	exe, err := os.Executable()
	if err != nil {
		return ginkgoReport{}, fmt.Errorf("find this binary to start workers: %w", err)
	}
	dir, err := os.MkdirTemp("", "chatconform-run")
	if err != nil {
		return ginkgoReport{}, err
	}
	defer os.RemoveAll(dir)
	base := workerArgs(args, cfg, rf.bools)
	reports := make([]ginkgoReport, procs)
	errs := make([]error, procs)
	var mu sync.Mutex // one worker's output at a time
	var wg sync.WaitGroup
	for i := range procs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			file := filepath.Join(dir, "report-"+strconv.Itoa(i)+".json")
			only := strings.Join(shares[i], ",")
			if only == "" {
				only = "NONE"
			}
			cmd := exec.CommandContext(ctx, exe, append(slices.Clone(base), "--procs=1", "--shard-report="+file, "--shard-checks="+only)...)
			var out bytes.Buffer
			cmd.Stdout, cmd.Stderr = &out, &out
			runErr := cmd.Run()
			mu.Lock()
			fmt.Fprintf(stdout, "--- worker %d of %d: %d checks\n%s", i+1, procs, len(shares[i]), out.String())
			mu.Unlock()
			raw, err := os.ReadFile(file)
			if err != nil {
				errs[i] = fmt.Errorf("worker %d of %d wrote no report (%v): %v", i+1, procs, runErr, err)
				return
			}
			if err := json.Unmarshal(raw, &reports[i]); err != nil {
				errs[i] = fmt.Errorf("worker %d of %d: read its report: %w", i+1, procs, err)
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return ginkgoReport{}, err
		}
	}
	merged := mergeReports(reports)
	merged.SuiteConfig = suite // the run's filters and focus, not the first worker's share
	return merged, nil
}

// worker runs the checks of --shard-checks in this process and writes the report.
func worker(cfg *conformance.Config, rf runFlags) error {
	// Each check carries its id as the label check:<id>: the worker's share is a label filter.
	r := runHere(cfg, rf, "check: containsAny {"+strings.Join(strings.Split(rf.only, ","), ", ")+"}")
	raw, err := json.Marshal(r)
	if err != nil {
		return err
	}
	return os.WriteFile(rf.shard, raw, 0o644)
}

// workerArgs are the run's flags for a worker: the suite's flags as given, without the
// ones this process handles (the focus, the reports, the worker count, the in-repo mock,
// which runs here), and with the target this process resolved.
func workerArgs(args []string, cfg *conformance.Config, bools map[string]bool) []string {
	drop := map[string]bool{"focus": true, "report-dir": true, "procs": true, "mock-bug": true, "mock-vary": true,
		"shard-report": true, "shard-checks": true, "target": true, "gws-url": true, "superoffice-url": true, "acquire-url": true}
	var out []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		name := strings.TrimLeft(a, "-")
		name, _, hasValue := strings.Cut(name, "=")
		takesNext := !hasValue && !bools[name] && i+1 < len(args)
		if drop[name] {
			if takesNext {
				i++
			}
			continue
		}
		out = append(out, a)
		if takesNext {
			out = append(out, args[i+1])
			i++
		}
	}
	return append([]string{"run", "--gws-url=" + cfg.GWSURL, "--superoffice-url=" + cfg.SuperOfficeURL, "--acquire-url=" + cfg.AcquireURL}, out...)
}

// mergeReports joins the workers' reports into the report of one run: each check once, as
// the worker that ran it reported it (every worker reports the others' checks as skipped by
// its filters), and every worker's setup nodes.
func mergeReports(rs []ginkgoReport) ginkgoReport {
	m := rs[0]
	m.SpecReports = nil
	best := map[string]int{} // check id → index in m.SpecReports
	for _, r := range rs {
		for _, sr := range r.SpecReports {
			id := checkID(sr)
			if id == "" {
				m.SpecReports = append(m.SpecReports, sr)
				continue
			}
			i, seen := best[id]
			switch {
			case !seen:
				best[id] = len(m.SpecReports)
				m.SpecReports = append(m.SpecReports, sr)
			case ranHow(sr) > ranHow(m.SpecReports[i]):
				m.SpecReports[i] = sr
			}
		}
	}
	for _, r := range rs {
		if r.StartTime.Before(m.StartTime) {
			m.StartTime = r.StartTime
		}
		if r.EndTime.After(m.EndTime) {
			m.EndTime = r.EndTime
		}
		m.SuiteSucceeded = m.SuiteSucceeded && r.SuiteSucceeded
		m.SpecialSuiteFailureReasons = append(m.SpecialSuiteFailureReasons, r.SpecialSuiteFailureReasons...)
	}
	m.RunTime = m.EndTime.Sub(m.StartTime)
	m.SuiteConfig.FocusStrings = nil
	return m
}

// checkID is the id of the check a spec report is of (its check:<id> label), or "".
func checkID(sr types.SpecReport) string {
	if sr.LeafNodeType != types.NodeTypeIt {
		return ""
	}
	for _, l := range sr.Labels() {
		if id, ok := strings.CutPrefix(l, "check:"); ok {
			return id
		}
	}
	return ""
}

// ranHow says how far a spec got: 2 it ran, 1 it skipped itself, 0 filters left it out.
func ranHow(sr types.SpecReport) int {
	switch {
	case sr.State != types.SpecStateSkipped:
		return 2
	case sr.Failure.Message != "":
		return 1
	}
	return 0
}
