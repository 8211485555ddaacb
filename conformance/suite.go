package conformance

import (
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
	"github.com/onsi/ginkgo/v2/types"
)

// SelfHost starts an implementation to certify when no target is given (the in-repo mock,
// set by the suite's test file and by cmd/chatconform) and returns its base URL and a stop
// function.
var SelfHost func() (url string, stop func(), err error)

// state is the suite in this process, built in BeforeSuite: the configuration the checks
// read, how to stop a self-hosted target, and the last report.
var state struct {
	sync.Mutex
	cfg    *Config
	stop   func()
	report types.Report
}

// Target returns the configuration in effect: the flags completed and validated by the
// suite's BeforeSuite. Checks call it while they run.
func Target() *Config {
	state.Lock()
	c := state.cfg
	state.Unlock()
	if c == nil {
		Fail("no configuration: the suite's BeforeSuite has not run")
	}
	return c
}

// The suite's setup: process 1 starts the self-hosted target when there is none and hands
// its URL to every parallel process; each then completes and checks the configuration.
var _ = SynchronizedBeforeSuite(func() []byte {
	if flags.Target != "" || flags.GWSURL != "" {
		return nil
	}
	if SelfHost == nil {
		Fail("no target: pass --target=URL (or CHATCONFORM_TARGET)")
	}
	url, stop, err := SelfHost()
	if err != nil {
		Fail(fmt.Sprintf("start the in-repo mock: %v", err))
	}
	state.Lock()
	state.stop = stop
	state.Unlock()
	return []byte(url)
}, func(url []byte) {
	c := flags
	if len(url) > 0 && c.Target == "" {
		c.Target = string(url)
	}
	d, err := FixtureDefaults()
	if err != nil {
		Fail(err.Error())
	}
	if err := c.Validate(d); err != nil {
		Fail(fmt.Sprintf("configuration: %v", err))
	}
	state.Lock()
	state.cfg = &c
	state.Unlock()
})

var _ = SynchronizedAfterSuite(func() {}, func() {
	state.Lock()
	stop := state.stop
	state.stop = nil
	state.Unlock()
	if stop != nil {
		stop()
	}
})

// Result is one check's outcome.
type Result struct {
	Meta
	// State is passed, failed, skipped (it ran and skipped itself), not run (the run did
	// not select it) or not claimed (it needs a surface the target does not claim).
	State string `json:"state"`
	// Reason says why a check was skipped, not run or not claimed.
	Reason string `json:"reason,omitempty"`
	// Failure is the failure message, and Exchange what was sent and received, when failed.
	Failure  string `json:"failure,omitempty"`
	Location string `json:"location,omitempty"`
	Exchange string `json:"exchange,omitempty"`
}

// The states of a Result.
const (
	StatePassed     = "passed"
	StateFailed     = "failed"
	StateSkipped    = "skipped"
	StateNotRun     = "not run"
	StateNotClaimed = "not claimed"
)

// The verdicts of a surface.
const (
	Certified    = "certified"
	NotCertified = "not certified"
	NotClaimed   = "not claimed"
)

// SurfaceResult is the verdict on one surface: certified when it is claimed and every
// required check that needs it (and only claimed surfaces) ran and passed.
type SurfaceResult struct {
	Surface string `json:"surface"`
	Vendor  string `json:"vendor"`
	Verdict string `json:"verdict"`
	// Required counts its required checks by state; Optional its optional ones.
	Required Counts `json:"required"`
	Optional Counts `json:"optional"`
}

// Counts are check results by state.
type Counts struct {
	Passed  int `json:"passed"`
	Failed  int `json:"failed"`
	NotRun  int `json:"notRun"`
	Claimed int `json:"claimed"`
}

func (c *Counts) add(state string) {
	switch state {
	case StatePassed:
		c.Passed++
	case StateFailed:
		c.Failed++
	case StateNotClaimed:
		return
	default:
		c.NotRun++
	}
	c.Claimed++
}

// Summary is the outcome of a run.
type Summary struct {
	Run Run `json:"run"`
	// Certified is true when every claimed surface is certified: the run's exit status is 0
	// exactly then.
	Certified bool   `json:"certified"`
	Verdict   string `json:"verdict"`
	// Surfaces has one entry per surface, claimed or not.
	Surfaces []SurfaceResult `json:"surfaces"`
	// Passed, Failed, NotRun (skipped or not run) and NotClaimed count every check.
	Passed     int `json:"passed"`
	Failed     int `json:"failed"`
	NotRun     int `json:"notRun"`
	NotClaimed int `json:"notClaimed"`
	// RequiredFailed counts failed checks of the required profile; RequiredNotRun the
	// required checks of claimed surfaces that did not run.
	RequiredFailed int  `json:"requiredFailed"`
	RequiredNotRun int  `json:"requiredNotRun"`
	SuiteFailed    bool `json:"suiteFailed"`
	// SuiteFailure is why the suite could not run, when it could not.
	SuiteFailure string `json:"suiteFailure,omitempty"`
	// Results has every check of the catalogue, failures first, then by id.
	Results []Result `json:"results"`
}

// LastReport returns the ginkgo report of the last run in this process (empty before one).
func LastReport() types.Report {
	state.Lock()
	defer state.Unlock()
	return state.report
}

// Summarize judges a run: every check of the catalogue gets its result (the ones ginkgo did
// not run get the reason why, from the run's settings), every surface its verdict.
func Summarize(r types.Report, run Run) Summary {
	s := Summary{Run: run}
	byID := map[string]types.SpecReport{}
	for _, sr := range r.SpecReports {
		if sr.LeafNodeType != types.NodeTypeIt {
			if sr.State.Is(types.SpecStateFailureStates) {
				s.SuiteFailed = true
				if s.SuiteFailure == "" {
					s.SuiteFailure = sr.LeafNodeType.String() + ": " + sr.Failure.Message
				}
			}
			continue
		}
		m, ok := checkOf(sr.Labels())
		if prev, seen := byID[m.ID]; !ok || (seen && ran(prev) >= ran(sr)) {
			continue // a merged report of parallel workers lists each check once per worker
		}
		byID[m.ID] = sr
	}
	for _, m := range Catalogue() {
		res := Result{Meta: m}
		sr, found := byID[m.ID]
		switch {
		case !m.Needs(run.Surfaces):
			res.State, res.Reason = StateNotClaimed, "needs "+strings.Join(unclaimed(m, run.Surfaces), ", ")+", not claimed (--surface)"
		case found && sr.State == types.SpecStatePassed:
			res.State = StatePassed
		case found && sr.State.Is(types.SpecStateFailureStates):
			res.State = StateFailed
			res.Failure = sr.Failure.Message
			res.Location = sr.Failure.Location.String()
			res.Exchange = sr.CapturedGinkgoWriterOutput
		case found && sr.State == types.SpecStateSkipped && sr.Failure.Message != "":
			res.State, res.Reason = StateSkipped, sr.Failure.Message
		default:
			res.State, res.Reason = StateNotRun, notRunReason(m, run, s.SuiteFailed)
		}
		s.Results = append(s.Results, res)
		switch res.State {
		case StatePassed:
			s.Passed++
		case StateFailed:
			s.Failed++
			if m.Profile == Required {
				s.RequiredFailed++
			}
		case StateNotClaimed:
			s.NotClaimed++
		default:
			s.NotRun++
			if m.Profile == Required {
				s.RequiredNotRun++
			}
		}
	}
	sort.SliceStable(s.Results, func(i, j int) bool {
		return rank(s.Results[i].State) < rank(s.Results[j].State)
	})
	for _, name := range Surfaces() {
		sv := SurfaceResult{Surface: name, Vendor: VendorOf(name), Verdict: NotClaimed}
		if !slices.Contains(run.Surfaces, name) {
			s.Surfaces = append(s.Surfaces, sv)
			continue
		}
		for _, res := range s.Results {
			if !slices.Contains(res.Surfaces, name) {
				continue
			}
			if res.Profile == Required {
				sv.Required.add(res.State)
			} else {
				sv.Optional.add(res.State)
			}
		}
		sv.Verdict = NotCertified
		if sv.Required.Claimed > 0 && sv.Required.Passed == sv.Required.Claimed && !s.SuiteFailed {
			sv.Verdict = Certified
		}
		s.Surfaces = append(s.Surfaces, sv)
	}
	s.Certified = len(run.Surfaces) > 0 && !s.SuiteFailed && s.Passed > 0
	for _, sv := range s.Surfaces {
		if slices.Contains(run.Surfaces, sv.Surface) && sv.Verdict != Certified {
			s.Certified = false
		}
	}
	switch {
	case s.SuiteFailed:
		s.Verdict = "NOT CERTIFIED: the suite could not run (see the failures)"
	case s.Passed+s.Failed == 0:
		s.Verdict = "NOT CERTIFIED: no check ran"
	case s.RequiredFailed > 0:
		s.Verdict = "NOT CONFORMANT: required checks failed"
	case s.RequiredNotRun > 0:
		s.Verdict = fmt.Sprintf("NOT CERTIFIED: %d required checks of the claimed surfaces did not run (see why below)", s.RequiredNotRun)
	case !s.Certified:
		s.Verdict = "NOT CERTIFIED: a claimed surface has no required check"
	default:
		s.Verdict = "CONFORMANT: every required check of the claimed surfaces passed"
	}
	return s
}

// ran says how far a spec got: 2 it ran, 1 it skipped itself (with a reason), 0 the run's
// filters left it out (as each worker of a parallel run reports the others' checks).
func ran(sr types.SpecReport) int {
	switch {
	case sr.State != types.SpecStateSkipped:
		return 2
	case sr.Failure.Message != "":
		return 1
	}
	return 0
}

// rank orders results for the reports: failures first, then what did not run, passes, and
// what was not claimed.
func rank(state string) int {
	switch state {
	case StateFailed:
		return 0
	case StateSkipped, StateNotRun:
		return 1
	case StatePassed:
		return 2
	}
	return 3
}

func unclaimed(m Meta, claimed []string) []string {
	var out []string
	for _, s := range m.Surfaces {
		if !slices.Contains(claimed, s) {
			out = append(out, s)
		}
	}
	return out
}

// notRunReason says why the run did not select a check of claimed surfaces.
func notRunReason(m Meta, run Run, suiteFailed bool) string {
	switch {
	case suiteFailed:
		return "the suite could not run"
	case len(run.Vendors) > 0 && !slices.Contains(run.Vendors, m.Vendor):
		return "vendor " + m.Vendor + " not selected (--vendors " + strings.Join(run.Vendors, ",") + ")"
	case run.Profile != "all" && run.Profile != m.Profile:
		return "profile " + m.Profile + " not selected (--profile " + run.Profile + ")"
	case run.Focus != "":
		return "excluded by --focus " + run.Focus
	}
	return "not selected by the run's filters"
}

// The reports: after every process has finished, process 1 keeps the run's report and, when
// --report-dir is set, writes JUnit, ginkgo's JSON, the summary and the certificate there.
var _ = ReportAfterSuite("chatconform reports", func(r Report) {
	state.Lock()
	state.report = r
	c := state.cfg
	state.Unlock()
	if c == nil { // BeforeSuite failed: report what the flags said
		c = &flags
	}
	if c.ReportDir == "" || r.SuiteConfig.DryRun {
		return
	}
	run := NewRun(c, strings.Join(r.SuiteConfig.FocusStrings, "|"), nil, r.StartTime)
	run.Duration = r.EndTime.Sub(r.StartTime)
	if err := WriteReports(c.ReportDir, r, Summarize(r, run)); err != nil {
		fmt.Fprintf(GinkgoWriter, "reports: %v\n", err)
	}
})

// JSONText renders v for failure messages.
func JSONText(v any) string {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return fmt.Sprint(v)
	}
	return string(b)
}
