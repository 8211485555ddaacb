// Package loopback serves the in-repo mock on a loopback port for certifying it, the one
// way both cmd/chatconform and the conformance suite's own tests start it: strict mode on
// (every response checked against its spec) unless bugs are planted, since strict mode
// would turn a planted bug into 500s instead of showing it; variation mode when asked.
//
//	srv, err := loopback.Start(loopback.Config{Vary: 7})
//	defer srv.Close()
//	certify(srv.URL)
//
// It imports the mock; the mock itself stays an http.Handler that binds nothing.
package loopback

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/chatconform/chatconform/mock"
)

// Config says which mock to serve.
type Config struct {
	// Bugs are the planted bugs (mock.KnownBugs names them); with any, strict mode is off.
	Bugs []string
	// Vary, when not 0, runs the mock in variation mode with this seed.
	Vary int64
	// OnError receives an error of the server after it started (default: ignored).
	OnError func(error)
}

// Server is a mock served on 127.0.0.1.
type Server struct {
	// URL is the base URL of every API, e.g. http://127.0.0.1:41234.
	URL  string
	mock *mock.Mock
	srv  *http.Server
}

// Options are the mock's options for c: strict unless bugs are planted, the bugs, and the
// variation seed.
func Options(c Config) []mock.Option {
	opts := []mock.Option{mock.WithStrict(len(c.Bugs) == 0)}
	if len(c.Bugs) > 0 {
		opts = append(opts, mock.WithBugs(c.Bugs...))
	}
	if c.Vary != 0 {
		opts = append(opts, mock.WithVary(c.Vary))
	}
	return opts
}

// Start serves the mock c describes on a free loopback port.
func Start(c Config) (*Server, error) {
	m, err := mock.New(Options(c)...)
	if err != nil {
		return nil, err
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		m.Close()
		return nil, fmt.Errorf("listen: %w", err)
	}
	s := &Server{URL: "http://" + ln.Addr().String(), mock: m,
		srv: &http.Server{Handler: m, ReadHeaderTimeout: 10 * time.Second, IdleTimeout: time.Minute}}
	go func() {
		if err := s.srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) && c.OnError != nil {
			c.OnError(err)
		}
	}()
	return s, nil
}

// Close releases held CometD connects and shuts the server down, waiting up to 5 s for
// requests in flight.
func (s *Server) Close() {
	s.mock.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	_ = s.srv.Shutdown(ctx)
}
