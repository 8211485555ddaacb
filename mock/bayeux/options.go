package bayeux

import (
	"log/slog"
	"net/http"
	"time"
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
