// Package cmd_test holds the tests every command shares: the command-line manners of
// internal/cli, checked on the built binaries as a user runs them.
package cmd_test

import (
	"bytes"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// commands are the module's commands and the subcommands each has; dispatch is set for
// those that need a subcommand (the others do their job when given none).
var commands = []struct {
	name     string
	subs     []string
	dispatch bool
}{
	{"chatmock", []string{"specs"}, false},
	{"chatconform", []string{"run", "list"}, true},
	{"chatload", []string{"gws-poll", "so-after", "acquire-read", "cometd", "compare", "floor", "startup", "fanout-fixtures"}, true},
	{"chatfixtures", nil, false},
}

var bin string // the directory of the built commands

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "chatconform-commands")
	if err != nil {
		panic(err)
	}
	// make build, as the README says, so the binaries are built as users build them.
	build := exec.Command("make", "--no-print-directory", "build", "BIN="+dir)
	build.Dir = ".."
	build.Env = append(os.Environ(), "MAKEFLAGS=")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	if err := build.Run(); err != nil {
		panic("make build: " + err.Error())
	}
	bin = dir
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// result is what a command printed and its exit status.
type result struct {
	stdout, stderr string
	code           int
}

func runCmd(t *testing.T, name string, args ...string) result {
	t.Helper()
	cmd := exec.CommandContext(t.Context(), filepath.Join(bin, name), args...)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return result{out.String(), errOut.String(), 0}
	case errors.As(err, &exit):
		return result{out.String(), errOut.String(), exit.ExitCode()}
	}
	t.Fatalf("run %s: %v", name, err)
	return result{}
}

// dispatched reads the subcommands a command says it has when it is given none, so a
// subcommand added to the code but not to the table above still gets tested.
func dispatched(t *testing.T, name string) []string {
	t.Helper()
	r := runCmd(t, name)
	_, list, ok := strings.Cut(strings.TrimSpace(r.stderr), "a command is required: ")
	if !ok {
		return nil
	}
	list, _, _ = strings.Cut(list, " (see")
	return strings.Split(list, ", ")
}

// TestHelpExitsZero: -h, --help and help print the usage on stdout and exit 0, for every
// command and subcommand, and every command's help lists each of its subcommands.
func TestHelpExitsZero(t *testing.T) {
	for _, c := range commands {
		subs := c.subs
		if c.dispatch {
			if got := dispatched(t, c.name); len(got) == 0 {
				t.Errorf("%s without a command does not list its commands", c.name)
			} else {
				subs = got
			}
		}
		for _, s := range c.subs {
			if !slices.Contains(subs, s) {
				t.Errorf("%s does not dispatch to %q", c.name, s)
			}
		}
		invocations := [][]string{{"-h"}, {"--help"}, {"help"}}
		for _, s := range subs {
			invocations = append(invocations, []string{s, "-h"}, []string{s, "--help"}, []string{"help", s})
		}
		for _, args := range invocations {
			t.Run(c.name+" "+strings.Join(args, " "), func(t *testing.T) {
				r := runCmd(t, c.name, args...)
				if r.code != 0 || !strings.HasPrefix(r.stdout, "usage:") || r.stderr != "" {
					t.Fatalf("exit %d, stdout %q, stderr %q; want 0, the usage on stdout, nothing on stderr", r.code, r.stdout, r.stderr)
				}
				if len(args) == 1 {
					for _, s := range subs {
						if !regexp.MustCompile(`(?m)^ +(` + c.name + ` )?` + regexp.QuoteMeta(s) + ` `).MatchString(r.stdout) {
							t.Errorf("the help does not list the subcommand %s:\n%s", s, r.stdout)
						}
					}
				}
				if len(args) > 1 && !strings.Contains(r.stdout, "\nflags:\n") {
					t.Errorf("the help lists no flags:\n%s", r.stdout)
				}
			})
		}
	}
}

// TestBadUsageIsOneLine: an unknown flag, an unknown subcommand or help for one prints
// one line naming the problem with a hint to --help, and exits 2.
func TestBadUsageIsOneLine(t *testing.T) {
	for _, c := range commands {
		invocations := [][]string{{"--no-such-flag"}, {"help", "no-such-command"}}
		if c.dispatch {
			invocations = append(invocations, []string{"no-such-command"})
		}
		for _, s := range c.subs {
			invocations = append(invocations, []string{s, "--no-such-flag"})
		}
		for _, args := range invocations {
			t.Run(c.name+" "+strings.Join(args, " "), func(t *testing.T) {
				r := runCmd(t, c.name, args...)
				lines := strings.Split(strings.TrimSuffix(r.stderr, "\n"), "\n")
				want := args[len(args)-1]
				if r.code != 2 || r.stdout != "" || len(lines) != 1 ||
					!strings.Contains(lines[0], want) || !strings.Contains(lines[0], "--help") {
					t.Fatalf("exit %d, stdout %q, stderr %q; want 2, nothing on stdout, one line naming %s with a hint to --help",
						r.code, r.stdout, r.stderr, want)
				}
			})
		}
	}
}

// TestVersion: --version prints the module version and the VCS revision that the build
// info holds (as go version -m reads it from the same binary), and exits 0.
func TestVersion(t *testing.T) {
	for _, c := range commands {
		t.Run(c.name, func(t *testing.T) {
			r := runCmd(t, c.name, "--version")
			if r.code != 0 || r.stderr != "" {
				t.Fatalf("exit %d, stderr %q; want 0 and nothing on stderr", r.code, r.stderr)
			}
			info, err := exec.Command("go", "version", "-m", filepath.Join(bin, c.name)).Output()
			if err != nil {
				t.Fatalf("go version -m: %v", err)
			}
			version := field(t, string(info), `(?m)^\tmod\t\S+\t(\S+)`, "(devel)")
			revision := field(t, string(info), `(?m)^\tbuild\tvcs\.revision=(\S+)`, "unknown")
			// make build stamps the revision in a git clone (CI's checkout); a git worktree
			// or a tree without .git has none.
			head, err := exec.Command("git", "rev-parse", "HEAD").Output()
			switch {
			case revision != "unknown" && err == nil && revision != strings.TrimSpace(string(head)):
				t.Errorf("the build info's revision %s is not HEAD %s", revision, head)
			case revision == "unknown" && os.Getenv("CI") != "":
				t.Errorf("make build stamped no VCS revision in CI's checkout:\n%s", info)
			}
			for _, want := range []string{
				c.name + " " + version + "\n",
				"module github.com/chatconform/chatconform\n",
				"revision " + revision,
				"go go1.",
			} {
				if !strings.Contains(r.stdout, want) {
					t.Errorf("--version lacks %q:\n%s\n(go version -m:\n%s)", want, r.stdout, info)
				}
			}
		})
	}
}

// field returns the first group of re in s, or def.
func field(t *testing.T, s, re, def string) string {
	t.Helper()
	if m := regexp.MustCompile(re).FindStringSubmatch(s); m != nil {
		return m[1]
	}
	return def
}
