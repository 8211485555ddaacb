package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/chatconform/chatconform/cmd/internal/cli"
)

// defaultFloorBody is what the mock answers a GWS cursor poll when nothing is new.
const defaultFloorBody = `{"messages":[],"statusCode":0}`

// floorHandler answers every request, whatever its method and path, with status 200 and
// body: the least a net/http server can do per request, the baseline the mock is compared
// with. The request body is read and dropped, as a real handler would.
func floorHandler(body []byte, contentType string) http.Handler {
	length := strconv.Itoa(len(body))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.Copy(io.Discard, r.Body)
		h := w.Header()
		h.Set("Content-Type", contentType)
		h.Set("Content-Length", length)
		w.WriteHeader(http.StatusOK)
		_, _ = w.Write(body)
	})
}

// serveFloor runs the floor server until ctx is cancelled.
func serveFloor(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := cli.NewFlagSet("chatload floor", `usage: chatload floor [--addr ADDR] [--body-file FILE] [--content-type TYPE]

Serve a fixed body on every path: the baseline of a bare net/http server.`)
	addr := fs.String("addr", "127.0.0.1:8081", "address to listen on")
	bodyFile := fs.String("body-file", "", "serve this file's bytes (default: "+defaultFloorBody+")")
	contentType := fs.String("content-type", "application/json; charset=utf-8", "Content-Type of the replies")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cli.Usagef(fs.Name(), "unexpected arguments: %s", strings.Join(fs.Args(), " "))
	}
	body := []byte(defaultFloorBody)
	if *bodyFile != "" {
		var err error
		if body, err = os.ReadFile(*bodyFile); err != nil {
			return fmt.Errorf("floor body: %w", err)
		}
	}
	ln, err := net.Listen("tcp", *addr)
	if err != nil {
		return fmt.Errorf("listen: %w", err)
	}
	srv := &http.Server{
		Handler:           floorHandler(body, *contentType),
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      90 * time.Second,
		IdleTimeout:       120 * time.Second,
	}
	fmt.Fprintf(stdout, "floor listening on http://%s, answering every request with %d bytes\n", ln.Addr(), len(body))
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return fmt.Errorf("shutdown: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
