// Command chatmock serves the chatconform mock. Until the mock server lands, it loads and
// validates the embedded API documents and summarises them.
//
//	chatmock              validate the specs and print a summary
//	chatmock specs -v     also list every operation with its sources
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "chatmock:", err)
		os.Exit(1)
	}
}

func run(_ context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "specs" {
		args = args[1:]
	}
	return specs(args, stdout, stderr)
}
