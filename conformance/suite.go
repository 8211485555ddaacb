package conformance

import (
	"encoding/json"
	"fmt"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
)

// SelfHost starts an implementation to certify when no target is given (the in-repo mock,
// set by the suite's test file and by cmd/chatconform) and returns its base URL and a stop
// function.
var SelfHost func() (url string, stop func(), err error)

var stopSelfHost func()

// The suite's setup: process 1 starts the self-hosted target when there is none and hands
// its URL to every parallel process; each then completes and checks the configuration.
var _ = SynchronizedBeforeSuite(func() []byte {
	if cfg.Target != "" || cfg.GWSURL != "" {
		return nil
	}
	if SelfHost == nil {
		Fail("no target: pass --target=URL (or CHATCONFORM_TARGET)")
	}
	url, stop, err := SelfHost()
	if err != nil {
		Fail(fmt.Sprintf("start the in-repo mock: %v", err))
	}
	stopSelfHost = stop
	return []byte(url)
}, func(url []byte) {
	if len(url) > 0 && cfg.Target == "" {
		cfg.Target = string(url)
	}
	d, err := FixtureDefaults()
	if err != nil {
		Fail(err.Error())
	}
	if err := cfg.Validate(d); err != nil {
		Fail(fmt.Sprintf("configuration: %v", err))
	}
})

var _ = SynchronizedAfterSuite(func() {}, func() {
	if stopSelfHost != nil {
		stopSelfHost()
	}
})

// Result is one check's outcome.
type Result struct {
	Meta
	// State is passed, failed, skipped or pending.
	State string `json:"state"`
	// Failure is the failure message, and Exchange what was sent and received, when failed.
	Failure  string `json:"failure,omitempty"`
	Location string `json:"location,omitempty"`
	Exchange string `json:"exchange,omitempty"`
}

// Summary is the outcome of a run.
type Summary struct {
	Results []Result `json:"results"`
	// RequiredFailed counts failed checks of the required profile: a run with any fails.
	RequiredFailed int  `json:"requiredFailed"`
	SuiteFailed    bool `json:"suiteFailed"`
}

var last struct {
	sync.Mutex
	s Summary
}

// LastSummary returns the summary of the last run in this process.
func LastSummary() Summary {
	last.Lock()
	defer last.Unlock()
	return last.s
}

// Summarize turns a ginkgo report into check results.
func Summarize(r types.Report) Summary {
	var s Summary
	for _, sr := range r.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt {
			if sr.State.Is(types.SpecStateFailureStates) {
				s.SuiteFailed = true
			}
			continue
		}
		m, ok := checkOf(sr.LeafNodeText)
		if !ok {
			continue
		}
		res := Result{Meta: m, State: sr.State.String()}
		if sr.State.Is(types.SpecStateFailureStates) {
			res.State = "failed"
			res.Failure = sr.Failure.Message
			res.Location = sr.Failure.Location.String()
			res.Exchange = sr.CapturedGinkgoWriterOutput
			if m.Profile == Required {
				s.RequiredFailed++
			}
		}
		s.Results = append(s.Results, res)
	}
	return s
}

// The reports: after every process has finished, process 1 summarises the run and writes
// JUnit, ginkgo's JSON and the certificate to --report-dir.
var _ = ReportAfterSuite("chatconform reports", func(r Report) {
	s := Summarize(r)
	last.Lock()
	last.s = s
	last.Unlock()
	if cfg.ReportDir == "" || r.SuiteConfig.DryRun {
		return
	}
	if err := writeReports(cfg.ReportDir, r, s); err != nil {
		fmt.Fprintf(GinkgoWriter, "reports: %v\n", err)
	}
})

// jsonText renders v for failure messages.
func jsonText(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
