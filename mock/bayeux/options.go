package bayeux

import (
	"log/slog"
	"net/http"
	"time"
)

// Defaults of the quotas.
const (
	DefaultMaxSubscriptions        = 64
	DefaultMaxSessions             = 20000
	DefaultMaxSessionsPerPrincipal = 32
)

// Options configure a Server; zero values take the defaults.
type Options struct {
	// Timeout is how long a /meta/connect is held when nothing is queued (default 30 s).
	Timeout time.Duration
	// MaxInterval: a client with no connect outstanding for longer loses its session
	// (default 10 s).
	MaxInterval time.Duration
	// MaxQueue is how many undelivered events a client may have; one more drops its
	// session (default 1000).
	MaxQueue int
	// MaxBody is the largest request body (default 64 KiB).
	MaxBody int64
	// MaxSubscriptions is how many channels and patterns one session may subscribe to
	// (default DefaultMaxSubscriptions); a subscribe past it fails with 403 and changes
	// nothing.
	MaxSubscriptions int
	// MaxSessions is how many sessions the server holds (default DefaultMaxSessions); a
	// handshake past it fails with 503 and advice to handshake again after 5 s.
	MaxSessions int
	// MaxSessionsPerPrincipal is how many sessions one principal (by Key) may hold
	// (default DefaultMaxSessionsPerPrincipal); a handshake past it evicts the principal's
	// oldest session, whose next connect gets 402 with advice to handshake. Only with Key.
	MaxSessionsPerPrincipal int
	// Key names a handshake's principal: scope groups principals for PublishTo (the mock:
	// a contact center), id tells principals of a scope apart for MaxSessionsPerPrincipal
	// (an agent). Nil puts every session in one scope, without a per-principal quota.
	Key func(principal any) (scope, id string)
	// Authenticate checks a handshake's HTTP request and returns who it is; an error denies
	// the handshake. Nil accepts everyone.
	Authenticate func(r *http.Request) (principal any, err error)
	// OnHandshake, when set, is called after a successful handshake with the response's
	// headers and the principal (the owner may set a session cookie).
	OnHandshake func(h http.Header, principal any)
	// Logger logs protocol events at debug level (default: discard).
	Logger *slog.Logger
	// MaxEventsPerReply, when above 0, caps the events one connect reply carries; the rest
	// stay queued and the next connect returns them at once (the mock's variation mode
	// sends one per reply, so clients must not expect a burst in one reply).
	MaxEventsPerReply int
	// Transform, when set, replaces each event's data as it is published, per subscriber
	// (the mock's variation mode re-encodes it).
	Transform func(channel string, data any) any
	// Deviations plant protocol bugs, for testing conformance suites; zero is correct.
	Deviations Deviations
}

// Deviations are planted Bayeux protocol bugs.
type Deviations struct {
	// NoIDEcho leaves the id out of every meta reply.
	NoIDEcho bool
	// No402Advice answers unknown clients successful:false with neither the "402::" error
	// nor the advice to handshake.
	No402Advice bool
	// UnsubscribeNoop answers /meta/unsubscribe successfully without unsubscribing.
	UnsubscribeNoop bool
}
