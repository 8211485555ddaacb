// Command chatconform certifies an implementation of the GWS, SuperOffice and Acquire chat
// APIs with the conformance suite.
//
//	chatconform run [--target URL] [--surface NAME]... [--vendor gws]... [--profile required|optional|all] [--procs N] [--report-dir DIR] [suite flags]
//	chatconform list [--format text|yaml|json] [-o FILE]
//	chatconform help [run|list]
//	chatconform --version
//
// Without --target, run starts the in-repo mock and certifies it. The exit status is 0 when
// every claimed surface is certified; 1 when a required check failed, when no check ran, or
// when a required check of a claimed surface did not run; 2 on bad usage or an unreachable
// target.
package main

import (
	"context"
	"io"

	"github.com/chatconform/chatconform/cmd/internal/cli"
)

func main() { cli.Main("chatconform", run) }

const usage = `usage:
  chatconform run [--target URL] [--surface NAME]... [--vendor NAME]... [--profile required|optional|all] [--procs N] [--report-dir DIR] [flags]
  chatconform list [--format text|yaml|json] [-o FILE]
  chatconform help [run|list]
  chatconform --version

commands:
  run    certify a target (without --target, the in-repo mock); exit status 1 unless every claimed surface is certified
  list   print the catalogue of checks

Run "chatconform run --help" for every flag.
`

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	sub, rest, err := cli.Dispatch("chatconform", usage, []string{"run", "list"}, args)
	if err != nil {
		return err
	}
	if sub == "run" {
		return certify(ctx, rest, stdout, stderr)
	}
	return list(rest, stdout, stderr)
}
