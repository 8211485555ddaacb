// Command chatfixtures generates a fixture set (package fixtures) with a seeded gofakeit
// generator and writes it as indented JSON. The same seed always gives the same bytes, so the
// committed fixtures/default.json can be regenerated and diffed.
//
//	chatfixtures                      write the default set (seed 20261121) to stdout
//	chatfixtures -o default.json      write it to a file (what `go generate ./fixtures/` runs)
//	chatfixtures -seed 7 -o x.json    another seed, another set of the same shape
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/chatconform/chatconform/cmd/internal/cli"
	"github.com/chatconform/chatconform/fixtures"
)

// defaultSeed is the seed of the committed fixtures/default.json.
const defaultSeed = 20261121

func main() { cli.Main("chatfixtures", run) }

const usage = `usage:
  chatfixtures [-seed N] [-o FILE]   generate a fixture set (default seed 20261121, the committed default)
  chatfixtures help                  print this help
  chatfixtures --version             print the module version and VCS revision

The same seed always gives the same bytes; go generate ./fixtures/ writes fixtures/default.json.`

func run(_ context.Context, args []string, stdout, _ io.Writer) error {
	if len(args) > 0 && args[0] == "help" {
		if len(args) > 1 {
			return cli.Usagef("chatfixtures", "help %s: chatfixtures has no subcommands", strings.Join(args[1:], " "))
		}
		args = []string{"--help"}
	}
	fs := cli.NewFlagSet("chatfixtures", usage)
	cli.AddVersion(fs)
	out := fs.String("o", "", "write the fixture set to `FILE` instead of stdout")
	seed := fs.Uint64("seed", defaultSeed, "generator seed (not 0, which gofakeit treats as random)")
	if err := cli.Parse(fs, args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return cli.Usagef("chatfixtures", "unexpected arguments %q", fs.Args())
	}
	if *seed == 0 {
		return cli.Usagef("chatfixtures", "-seed must not be 0")
	}
	set := Generate(*seed)
	if err := set.Validate(); err != nil {
		return fmt.Errorf("generated set: %w", err)
	}
	b, err := render(set)
	if err != nil {
		return err
	}
	if *out == "" {
		_, err := stdout.Write(b)
		return err
	}
	if err := os.WriteFile(*out, b, 0o644); err != nil {
		return fmt.Errorf("write fixtures: %w", err)
	}
	return nil
}

// render encodes a set as the committed files are written: two-space indentation, no HTML
// escaping, and a trailing newline.
func render(s *fixtures.Set) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(s); err != nil {
		return nil, fmt.Errorf("encode fixtures: %w", err)
	}
	return buf.Bytes(), nil
}
