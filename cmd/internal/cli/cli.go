package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"
)

// Done ends a command successfully with Text on standard output: its usage (--help) or
// its version (--version). Parse returns it; Exit prints it.
type Done struct{ Text string }

func (d *Done) Error() string { return "done" }

// UsageError is bad usage of Cmd ("chatmock", "chatconform run"): Exit prints it on one
// line with a hint to Cmd --help, and the command exits 2.
type UsageError struct {
	Cmd string
	Err error
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a *UsageError of cmd.
func Usagef(cmd, format string, a ...any) error {
	return &UsageError{Cmd: cmd, Err: fmt.Errorf(format, a...)}
}

// AsUsage marks err, an error of reading cmd's command line, as bad usage. nil, *Done and
// *UsageError come back unchanged.
func AsUsage(cmd string, err error) error {
	var done *Done
	var usage *UsageError
	if err == nil || errors.As(err, &done) || errors.As(err, &usage) {
		return err
	}
	return &UsageError{Cmd: cmd, Err: err}
}

// ExitCode ends a command with this status, its reason already printed.
type ExitCode int

func (e ExitCode) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

// Main runs a command's run function with a context that SIGINT and SIGTERM cancel, and
// exits with the status Exit gives.
func Main(name string, run func(ctx context.Context, args []string, stdout, stderr io.Writer) error) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(Exit(name, err, os.Stdout, os.Stderr))
}

// Exit prints what err says and returns the exit status: 0 for nil and *Done (its text on
// stdout), 2 for a *UsageError (one line on stderr, with a hint to --help), the status of
// an ExitCode, and 1 for any other error (prefixed with the command's name on stderr).
func Exit(name string, err error, stdout, stderr io.Writer) int {
	var (
		done  *Done
		usage *UsageError
		code  ExitCode
	)
	switch {
	case err == nil:
		return 0
	case errors.As(err, &done):
		fmt.Fprint(stdout, done.Text)
		return 0
	case errors.As(err, &usage):
		cmd := usage.Cmd
		if cmd == "" {
			cmd = name
		}
		fmt.Fprintf(stderr, "%s: %s (see %s --help)\n", cmd, oneLine(usage.Err.Error()), cmd)
		return 2
	case errors.As(err, &code):
		return int(code)
	}
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	return 1
}

// oneLine joins the lines of a message (errors.Join makes one per error) with "; ", so bad
// usage always prints one line.
func oneLine(s string) string {
	var parts []string
	for _, l := range strings.Split(s, "\n") {
		if l = strings.Join(strings.Fields(l), " "); l != "" {
			parts = append(parts, l)
		}
	}
	return strings.Join(parts, "; ")
}
