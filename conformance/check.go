package conformance

import (
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"sort"
	"strings"
	"sync"

	. "github.com/onsi/ginkgo/v2"
)

// Meta describes a check: what MUST hold, where the documentation says so, and whom it
// concerns.
type Meta struct {
	// ID is stable across releases: VENDOR-AREA-NNN, e.g. GWS-IDX-001.
	ID string `json:"id" yaml:"id"`
	// Must is one sentence stating what MUST hold.
	Must string `json:"must" yaml:"must"`
	// Source is the public vendor documentation page the rule comes from.
	Source string `json:"source" yaml:"source"`
	// Vendor is gws, superoffice or acquire.
	Vendor string `json:"vendor" yaml:"vendor"`
	// Profile is required or optional.
	Profile string `json:"profile" yaml:"profile"`
	// Area groups checks in the certificate (indexing, headers, bodies, notifications, ...).
	Area string `json:"area" yaml:"area"`
	// Surfaces are the API surfaces the check exercises (see Surfaces); it runs only when
	// the target claims every one of them.
	Surfaces []string `json:"surfaces" yaml:"surfaces"`
}

var idPattern = regexp.MustCompile(`^(GWS|SO|ACQ)-[A-Z]+-\d{3}$`)

// registry holds every declared check by id, for the catalogue and the certificate.
var registry = struct {
	sync.Mutex
	checks map[string]Meta
}{checks: map[string]Meta{}}

// Check declares a check as a ginkgo spec: its text is "ID: Must", its labels
// check:<id> (how reports find the check again), vendor:<vendor>, profile:<profile>,
// area:<area> and surface:<surface> for each of its surfaces. It panics on a malformed or duplicate
// id, or a missing sentence or source, so a bad declaration fails at tree construction.
func Check(m Meta, body func(ctx SpecContext), decorators ...any) bool {
	if err := m.valid(); err != nil {
		panic(err)
	}
	registry.Lock()
	if prev, dup := registry.checks[m.ID]; dup && !reflect.DeepEqual(prev, m) {
		registry.Unlock()
		panic(fmt.Sprintf("check %s declared twice", m.ID))
	}
	registry.checks[m.ID] = m
	registry.Unlock()
	labels := Labels{"check:" + m.ID, "vendor:" + m.Vendor, "profile:" + m.Profile, "area:" + m.Area}
	for _, s := range m.Surfaces {
		labels = append(labels, "surface:"+s)
	}
	args := append([]any{labels}, decorators...)
	args = append(args, body)
	return It(m.ID+": "+m.Must, args...)
}

func (m Meta) valid() error {
	switch {
	case !idPattern.MatchString(m.ID):
		return fmt.Errorf("check id %q: want VENDOR-AREA-NNN (GWS|SO|ACQ)", m.ID)
	case !strings.Contains(m.Must, "MUST"):
		return fmt.Errorf("check %s: the sentence must say what MUST hold", m.ID)
	case !strings.HasPrefix(m.Source, "https://"):
		return fmt.Errorf("check %s: source %q: want the public vendor documentation page the rule comes from", m.ID, m.Source)
	case m.Vendor != GWS && m.Vendor != SuperOffice && m.Vendor != Acquire:
		return fmt.Errorf("check %s: vendor %q", m.ID, m.Vendor)
	case m.Profile != Required && m.Profile != Optional:
		return fmt.Errorf("check %s: profile %q", m.ID, m.Profile)
	case m.Area == "" || strings.ContainsAny(m.Area, "&|!,()/ "):
		return fmt.Errorf("check %s: area %q must be one word", m.ID, m.Area)
	case len(m.Surfaces) == 0:
		return fmt.Errorf("check %s: no surfaces", m.ID)
	}
	for _, s := range m.Surfaces {
		if VendorOf(s) != m.Vendor {
			return fmt.Errorf("check %s: surface %q is not one of vendor %s (want one of %v)", m.ID, s, m.Vendor, SurfacesOf(m.Vendor))
		}
	}
	return nil
}

// Catalogue returns every declared check, sorted by id. Checks are declared when the spec
// tree is built (RunSpecs or PreviewSpecs).
func Catalogue() []Meta {
	registry.Lock()
	defer registry.Unlock()
	out := make([]Meta, 0, len(registry.checks))
	for _, m := range registry.checks {
		out = append(out, m)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Needs reports whether the check runs when the target claims the surfaces claimed: it
// needs every one of its own.
func (m Meta) Needs(claimed []string) bool {
	for _, s := range m.Surfaces {
		if !slices.Contains(claimed, s) {
			return false
		}
	}
	return true
}

// checkOf finds the check of a spec by its check:<id> label.
func checkOf(labels []string) (Meta, bool) {
	var id string
	for _, l := range labels {
		if v, ok := strings.CutPrefix(l, "check:"); ok {
			id = v
		}
	}
	registry.Lock()
	defer registry.Unlock()
	m, ok := registry.checks[id]
	return m, ok
}
