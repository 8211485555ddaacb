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

// The planted bugs.
const (
	BugGWSIndexOffByOne          Bug = "gws-index-off-by-one"
	BugGWSIndexExclusiveZero     Bug = "gws-index-exclusive-zero"
	BugGWSIgnoreCursor           Bug = "gws-ignore-cursor"
	BugGWSCursorSkips            Bug = "gws-cursor-skips"
	BugGWSNoContactCenter        Bug = "gws-no-contact-center"
	BugGWSTenantLeak             Bug = "gws-tenant-leak"
	BugGWSErrorEnvelope          Bug = "gws-error-envelope"
	BugGWSError200               Bug = "gws-error-200"
	BugGWSDuplicateIndex         Bug = "gws-duplicate-index"
	BugGWSDescending             Bug = "gws-descending"
	BugGWSMissingTimestampMillis Bug = "gws-missing-timestamp-millis"
	BugGWSTimestampSeconds       Bug = "gws-timestamp-seconds"
	BugGWSDuplicateNotification  Bug = "gws-duplicate-notification"
	BugGWSDropNotification       Bug = "gws-drop-notification"
	BugGWSNoReferenceID          Bug = "gws-no-reference-id"
	BugBayeuxNoIDEcho            Bug = "bayeux-no-id-echo"
	BugBayeuxNo402               Bug = "bayeux-no-402"
	BugSOAfterInclusive          Bug = "so-after-inclusive"
	BugSODescending              Bug = "so-descending"
	BugSOIgnoreAccept            Bug = "so-ignore-accept"
	BugSONoAuth                  Bug = "so-no-auth"
	BugSOSessionIDNotForced      Bug = "so-session-id-not-forced"
	BugAcquireDescending         Bug = "acquire-descending"
	BugAcquireNoAuth             Bug = "acquire-no-auth"
	BugAcquireErrorEnvelope      Bug = "acquire-error-envelope"
)

// BugInfo describes a planted bug.
type BugInfo struct {
	Name Bug
	// Area is the vendor API (gws, superoffice, acquire) or the transport (bayeux) it breaks.
	Area string
	// Description says in one line what the bug does.
	Description string
}

var bugs = []BugInfo{
	{BugGWSIndexOffByOne, "gws", "GetMessages?index=N starts at N+1: the bound is exclusive"},
	{BugGWSIndexExclusiveZero, "gws", "GetMessages?index=0 returns no messages instead of all"},
	{BugGWSIgnoreCursor, "gws", "GetMessages without index returns every message every time"},
	{BugGWSCursorSkips, "gws", "the GetMessages cursor advances one entry too far: the next message is never delivered"},
	{BugGWSNoContactCenter, "gws", "a customer request without ContactCenterId is served (as the first contact center)"},
	{BugGWSTenantLeak, "gws", "a chat is found under any ContactCenterId, not only its own"},
	{BugGWSErrorEnvelope, "gws", `errors come as {"error":"..."}, without statusCode and statusMessage`},
	{BugGWSError200, "gws", "errors answer HTTP 200 (with their non-zero statusCode); a 200 must carry statusCode 0"},
	{BugGWSDuplicateIndex, "gws", "every even log entry repeats the index of the entry before it"},
	{BugGWSDescending, "gws", "messages (REST and MessageLogUpdated) come in descending index order"},
	{BugGWSMissingTimestampMillis, "gws", "MessageLogUpdated messages lack timestampSeconds"},
	{BugGWSTimestampSeconds, "gws", "timestampSeconds is in seconds, not milliseconds"},
	{BugGWSDuplicateNotification, "gws", "each MessageLogUpdated is published twice"},
	{BugGWSDropNotification, "gws", "every third MessageLogUpdated is not published"},
	{BugGWSNoReferenceID, "gws", "StatusChange notifications caused by a request carry no referenceId"},
	{BugBayeuxNoIDEcho, "bayeux", "Bayeux meta replies do not echo the message id"},
	{BugBayeuxNo402, "bayeux", `unknown clients get successful:false without "402::" and without advice reconnect "handshake"`},
	{BugSOAfterInclusive, "superoffice", "GET Messages?after=N includes the message with id N"},
	{BugSODescending, "superoffice", "GET Messages returns messages in descending ChatMessageId order"},
	{BugSOIgnoreAccept, "superoffice", "responses are JSON even when Accept asks for XML only"},
	{BugSONoAuth, "superoffice", "requests without credentials are served (as the tenant's first associate)"},
	{BugSOSessionIDNotForced, "superoffice", "POST Messages answers with the body's ChatSessionId instead of the path's"},
	{BugAcquireDescending, "acquire", "GetProfileMessages returns messages in descending id order"},
	{BugAcquireNoAuth, "acquire", "requests without a token are served (as the first account)"},
	{BugAcquireErrorEnvelope, "acquire", `errors come without "success":false (as {"error":"...","data":null})`},
}

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
