// Command chatmock serves the chatconform mock: the GWS, SuperOffice and Acquire chat APIs
// and the control API on one port, with state, from the embedded fixtures.
//
//	chatmock [--addr 127.0.0.1:8080] [--fixtures FILE] [--strict] [--log-format text|json]
//	chatmock specs [-v]     validate the embedded specs and summarise them
//	chatmock help [specs]   print the usage of chatmock or of specs
package main

import (
	"context"
	"io"
	"strings"

	"github.com/chatconform/chatconform/cmd/internal/cli"
)

// usage is chatmock's synopsis, above its flags in --help.
const usage = `usage:
  chatmock [flags]         serve the mock (GWS, SuperOffice, Acquire and the control API) on --addr
  chatmock specs [-v]      validate the embedded specs and summarise them
  chatmock help [specs]    print this help, or the help of specs
  chatmock --version       print the module version and VCS revision

commands:
  specs   validate the embedded specs (examples included) and list them; -v lists every operation`

func main() { cli.Main("chatmock", run) }

func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	if len(args) > 0 {
		switch args[0] {
		case "specs":
			return specs(args[1:], stdout, stderr)
		case "help":
			switch {
			case len(args) == 1:
				return serve(ctx, []string{"--help"}, stdout, stderr)
			case len(args) == 2 && args[1] == "specs":
				return specs([]string{"--help"}, stdout, stderr)
			}
			return cli.Usagef("chatmock", "help: unknown command %q; the one command is specs", strings.Join(args[1:], " "))
		}
	}
	return serve(ctx, args, stdout, stderr)
}
