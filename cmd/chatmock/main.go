// Command chatmock serves the chatconform mock: the GWS, SuperOffice and Acquire chat APIs
// and the control API on one port, with state, from the embedded fixtures.
//
//	chatmock [--addr 127.0.0.1:8080] [--fixtures FILE] [--strict] [--log-format text|json]
//	chatmock specs [-v]     validate the embedded specs and summarise them
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

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 && args[0] == "specs" {
		return specs(args[1:], stdout, stderr)
	}
	return serve(ctx, args, stdout, stderr)
}
