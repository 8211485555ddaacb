package api

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"

	"github.com/chatconform/chatconform/mock/vary"
)

// Behaviour is how the mock departs from its defaults: the variation mode (Vary, nil when
// off), which changes what the specs leave open, and the planted bugs, which break them.
type Behaviour struct {
	Vary *vary.Vary
	Bugs BugSet
}

// Configurable is implemented by adapters whose output depends on the Behaviour; the mock
// calls Configure once, after binding the adapters and before the first Seed.
type Configurable interface {
	Configure(Behaviour)
}

// Rewriter is implemented by adapters that change a routed request before it is validated.
// Only planted bugs use it: a bug that serves what the spec refuses (a missing required
// header) must get the request past validation.
type Rewriter interface {
	RewriteRequest(r *http.Request)
}

// Bug names a planted bug: a small, documented deviation from the specs that a correct
// conformance suite must catch. The mock plants the bugs it is given (mock.WithBugs); each
// lives in one place in its adapter, behind BugSet.Has.
type Bug string

// BugInfo describes a planted bug.
type BugInfo struct {
	Name Bug
	// Area is the vendor API (gws, superoffice, acquire) or the transport (bayeux) it breaks.
	Area string
	// Description says in one line what the bug does.
	Description string
}

// bugs is the catalogue, grouped by area; each area's bugs and their constants are in
// bugs_<area>.go.
var bugs = slices.Concat(gwsBugs, bayeuxBugs, superofficeBugs, acquireBugs)

// Bugs returns every planted bug the mock knows, in a stable order (grouped by area).
func Bugs() []BugInfo { return slices.Clone(bugs) }

// ErrUnknownBug is returned by ParseBugs for a name that is not a known bug.
var ErrUnknownBug = errors.New("unknown bug")

// BugSet is a set of planted bugs; the zero value plants none.
type BugSet map[Bug]bool

// Has reports whether the bug is planted.
func (s BugSet) Has(b Bug) bool { return s[b] }

// ParseBugs returns the set of the named bugs; an unknown name is ErrUnknownBug, with the
// known names listed.
func ParseBugs(names ...string) (BugSet, error) {
	set := BugSet{}
	for _, name := range names {
		b := Bug(strings.TrimSpace(name))
		if !slices.ContainsFunc(bugs, func(i BugInfo) bool { return i.Name == b }) {
			known := make([]string, len(bugs))
			for i, k := range bugs {
				known[i] = string(k.Name)
			}
			return nil, fmt.Errorf("%w %q; known bugs: %s", ErrUnknownBug, name, strings.Join(known, ", "))
		}
		set[b] = true
	}
	return set, nil
}
