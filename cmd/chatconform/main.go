// Command chatconform certifies an implementation of the GWS, SuperOffice and Acquire chat
// APIs with the conformance suite.
//
//	chatconform run [--target URL] [--surface NAME]... [--vendor gws]... [--profile required|optional|all] [--procs N] [--report-dir DIR] [suite flags]
//	chatconform list [--format text|yaml|json] [-o FILE]
//
// Without --target, run starts the in-repo mock and certifies it. The exit status is 0 when
// every claimed surface is certified; 1 when a required check failed, when no check ran, or
// when a required check of a claimed surface did not run; 2 on bad usage or an unreachable
// target.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	var exit exitError
	switch {
	case err == nil:
	case errors.As(err, &exit):
		os.Exit(int(exit))
	default:
		fmt.Fprintln(os.Stderr, "chatconform:", err)
		os.Exit(2)
	}
}

// exitError is a status to exit with, its reason already printed.
type exitError int

func (e exitError) Error() string { return fmt.Sprintf("exit status %d", int(e)) }

const usage = `usage:
  chatconform run [--target URL] [--surface NAME]... [--vendor NAME]... [--profile required|optional|all] [--procs N] [--report-dir DIR] [flags]
  chatconform list [--format text|yaml|json] [-o FILE]
Run "chatconform run -h" for every flag.`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return errors.New(usage)
	}
	switch args[0] {
	case "run":
		return certify(ctx, args[1:], stdout, stderr)
	case "list":
		return list(args[1:], stdout, stderr)
	case "-h", "--help", "help":
		fmt.Fprintln(stdout, usage)
		return nil
	}
	return fmt.Errorf("unknown command %q\n%s", args[0], usage)
}
