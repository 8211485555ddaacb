package mock

import (
	"log/slog"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/bayeux"
	"github.com/chatconform/chatconform/mock/browser"
	"github.com/chatconform/chatconform/mock/vary"
)

// Option configures a Mock.
type Option func(*Mock)

// WithFixtures loads set instead of the embedded default fixtures.
func WithFixtures(set *fixtures.Set) Option { return func(m *Mock) { m.opts.fixtures = set } }

// WithClock sets the time source of the store and the logs.
func WithClock(now func() time.Time) Option { return func(m *Mock) { m.opts.clock = now } }

// WithIDs sets the generator of string chat ids (GWS).
func WithIDs(next func() string) Option { return func(m *Mock) { m.opts.ids = next } }

// WithRandom sets the source of fault probabilities, values in [0,1).
func WithRandom(next func() float64) Option { return func(m *Mock) { m.opts.random = next } }

// WithStrict validates every response against its spec before it is sent; a violation is
// logged and becomes a 500, so tests catch the mock lying.
func WithStrict(strict bool) Option { return func(m *Mock) { m.strict = strict } }

// WithLogger sets the logger (default: discard).
func WithLogger(l *slog.Logger) Option { return func(m *Mock) { m.log = l } }

// WithRequestLogger prints every request the request log records (vendor API requests,
// and requests the browser rules refused) as one line on l at info level: method, path,
// operation, vendor, status, duration, and the error or fault, if any. Default: none.
func WithRequestLogger(l *slog.Logger) Option { return func(m *Mock) { m.opts.requestLog = l } }

// WithMaxBody sets the largest request body accepted.
func WithMaxBody(n int64) Option { return func(m *Mock) { m.maxBody = n } }

// WithRequestLogSize sets how many requests the request log keeps.
func WithRequestLogSize(n int) Option { return func(m *Mock) { m.opts.logSize = n } }

// WithRequestLogBytes sets the byte budget of the request log (default
// reqlog.DefaultBudget); the oldest entries are evicted to stay within it.
func WithRequestLogBytes(n int64) Option { return func(m *Mock) { m.opts.logBytes = n } }

// WithBayeux sets the Bayeux server's timings and limits (held connect timeout, session
// expiry, queue bound); authentication is always the notifying adapter's.
func WithBayeux(o bayeux.Options) Option { return func(m *Mock) { m.opts.bayeux = o } }

// WithVendors serves only the given adapters instead of every vendor (tests of one
// adapter). Each must still bind every operation of its document; documents without an
// adapter are then not served.
func WithVendors(v ...api.Vendor) Option { return func(m *Mock) { m.opts.vendors = v } }

// WithVary turns on the variation mode: everything the specs and vendor docs leave open is
// done differently from the default, deterministically from seed (see package vary and
// Behaviour): indexes, message ids, participant and chat ids, error texts, member and
// element order, extra members, one notification per connect reply. The mock stays within
// its specs, strict mode included. WithIDs, when given too, still makes the chat ids.
func WithVary(seed int64) Option { return func(m *Mock) { m.vary = vary.New(seed) } }

// WithBugs plants the named bugs (KnownBugs lists them); New fails on an unknown name.
// Repeated options add up.
func WithBugs(names ...string) Option {
	return func(m *Mock) { m.opts.bugs = append(m.opts.bugs, names...) }
}

// WithBrowser sets the rules for browsers (package browser): CORS on the vendor APIs, the
// Bayeux endpoint and /healthz (default: on, any origin), the origins allowed to call the
// control API from another origin (default: none), and the allowed Host names besides
// loopback names and IP literals (default: none). The preflights' allowed headers always include
// every request header the served specs define.
func WithBrowser(o browser.Options) Option { return func(m *Mock) { m.opts.browser = o } }
