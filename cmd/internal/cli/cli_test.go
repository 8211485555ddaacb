package cli

import (
	"bytes"
	"errors"
	"fmt"
	"runtime/debug"
	"strings"
	"testing"
)

// testFlags is a subcommand's flags, as a command declares them.
type testFlags struct {
	n     int
	v     bool
	parse func([]string) error
}

func newTestFlags() *testFlags {
	fs := NewFlagSet("tool sub", "usage: tool sub [--n N]")
	AddVersion(fs)
	t := &testFlags{}
	fs.IntVar(&t.n, "n", 3, "how many `N`")
	fs.BoolVar(&t.v, "v", false, "verbose")
	t.parse = func(args []string) error { return Parse(fs, args) }
	return t
}

func TestParse(t *testing.T) {
	for _, tc := range []struct {
		args     []string
		done     string // a fragment of the text to print on stdout, for *Done
		usage    string // a fragment of the one-line message, for *UsageError
		wantN    int
		wantNone bool
	}{
		{args: nil, wantN: 3, wantNone: true},
		{args: []string{"--n", "7", "-v"}, wantN: 7, wantNone: true},
		{args: []string{"-h"}, done: "usage: tool sub [--n N]\n\nflags:\n"},
		{args: []string{"--help"}, done: "  --n N\n    \thow many N (default 3)\n"},
		{args: []string{"-help"}, done: "  --v\n    \tverbose\n"},
		{args: []string{"--n", "1", "--help"}, done: "  --version\n"},
		{args: []string{"--version"}, done: "tool "},
		{args: []string{"--no-such-flag"}, usage: "flag provided but not defined: --no-such-flag"},
		{args: []string{"--n", "many"}, usage: `invalid value "many" for flag --n: parse error`},
		{args: []string{"--n"}, usage: "flag needs an argument: --n"},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			fs := newTestFlags()
			err := fs.parse(tc.args)
			var done *Done
			var usage *UsageError
			switch {
			case tc.wantNone:
				if err != nil || fs.n != tc.wantN {
					t.Fatalf("Parse = %v, n = %d; want nil, %d", err, fs.n, tc.wantN)
				}
			case tc.done != "":
				if !errors.As(err, &done) || !strings.Contains(done.Text, tc.done) {
					t.Fatalf("Parse = %#v; want *Done with %q", err, tc.done)
				}
			default:
				if !errors.As(err, &usage) || usage.Cmd != "tool sub" || !strings.Contains(usage.Error(), tc.usage) {
					t.Fatalf("Parse = %#v; want *UsageError of tool sub with %q", err, tc.usage)
				}
			}
		})
	}
}

func TestExit(t *testing.T) {
	for _, tc := range []struct {
		err            error
		code           int
		stdout, stderr string
	}{
		{nil, 0, "", ""},
		{&Done{Text: "usage: x\n"}, 0, "usage: x\n", ""},
		{fmt.Errorf("wrapped: %w", &Done{Text: "v1\n"}), 0, "v1\n", ""},
		{Usagef("tool run", "--a: bad\n--b:  worse\n"), 2, "", "tool run: --a: bad; --b: worse (see tool run --help)\n"},
		{&UsageError{Err: errors.New("bad")}, 2, "", "tool: bad (see tool --help)\n"},
		{AsUsage("tool list", errors.New(`--format "xml": want text`)), 2, "", "tool list: --format \"xml\": want text (see tool list --help)\n"},
		{ExitCode(1), 1, "", ""},
		{errors.New("listen: address in use"), 1, "", "tool: listen: address in use\n"},
	} {
		var out, errOut bytes.Buffer
		if code := Exit("tool", tc.err, &out, &errOut); code != tc.code || out.String() != tc.stdout || errOut.String() != tc.stderr {
			t.Errorf("Exit(%v) = %d, stdout %q, stderr %q; want %d, %q, %q", tc.err, code, out.String(), errOut.String(), tc.code, tc.stdout, tc.stderr)
		}
	}
}

func TestAsUsageKeepsDoneAndUsage(t *testing.T) {
	done := &Done{Text: "x"}
	if got := AsUsage("tool", done); got != done {
		t.Errorf("AsUsage(*Done) = %v; want it unchanged", got)
	}
	u := Usagef("tool sub", "bad")
	if got := AsUsage("tool", u); got != u {
		t.Errorf("AsUsage(*UsageError) = %v; want it unchanged", got)
	}
	if AsUsage("tool", nil) != nil {
		t.Error("AsUsage(nil) != nil")
	}
}

func TestFormatVersion(t *testing.T) {
	for _, tc := range []struct {
		name string
		bi   debug.BuildInfo
		want string
	}{
		{"go install", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "example.com/m", Version: "v1.2.3"},
			Settings: []debug.BuildSetting{{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "arm64"}}},
			"tool v1.2.3\nmodule example.com/m\nrevision unknown\ngo go1.26.8 linux/arm64\n"},
		{"checkout", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "example.com/m", Version: "v0.0.0-20261121235154-d37e4475f153+dirty"},
			Settings: []debug.BuildSetting{{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "amd64"},
				{Key: "vcs.revision", Value: "d37e4475f15359a357ac2ecf175a245ad830ced2"}, {Key: "vcs.time", Value: "2026-11-21T23:51:54Z"}, {Key: "vcs.modified", Value: "true"}}},
			"tool v0.0.0-20261121235154-d37e4475f153+dirty\nmodule example.com/m\nrevision d37e4475f15359a357ac2ecf175a245ad830ced2 (2026-11-21T23:51:54Z, modified)\ngo go1.26.8 linux/amd64\n"},
		{"clean checkout", debug.BuildInfo{GoVersion: "go1.26.8", Main: debug.Module{Path: "example.com/m", Version: "(devel)"},
			Settings: []debug.BuildSetting{{Key: "GOOS", Value: "linux"}, {Key: "GOARCH", Value: "amd64"},
				{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "false"}}},
			"tool (devel)\nmodule example.com/m\nrevision abc\ngo go1.26.8 linux/amd64\n"},
	} {
		if got := formatVersion("tool", &tc.bi); got != tc.want {
			t.Errorf("%s: formatVersion = %q; want %q", tc.name, got, tc.want)
		}
	}
}

func TestDispatch(t *testing.T) {
	const usage = "usage: tool run|list\n"
	names := []string{"run", "list"}
	for _, tc := range []struct {
		args  []string
		sub   string
		rest  []string
		done  string
		usage string
	}{
		{args: []string{"run", "--x", "1"}, sub: "run", rest: []string{"--x", "1"}},
		{args: []string{"list"}, sub: "list", rest: []string{}},
		{args: []string{"help", "list"}, sub: "list", rest: []string{"--help"}},
		{args: []string{"-h"}, done: usage},
		{args: []string{"--help"}, done: usage},
		{args: []string{"help"}, done: usage},
		{args: []string{"--version"}, done: "tool "},
		{args: nil, usage: "a command is required: run, list"},
		{args: []string{"frob"}, usage: `unknown command "frob"`},
		{args: []string{"--frob"}, usage: "flag provided but not defined: --frob"},
		{args: []string{"help", "frob"}, usage: `help: unknown command "frob"`},
		{args: []string{"help", "run", "list"}, usage: "help takes one command"},
	} {
		sub, rest, err := Dispatch("tool", usage, names, tc.args)
		var done *Done
		var u *UsageError
		switch {
		case tc.done != "":
			if !errors.As(err, &done) || !strings.HasPrefix(done.Text, tc.done) {
				t.Errorf("Dispatch(%q) = %v; want *Done %q", tc.args, err, tc.done)
			}
		case tc.usage != "":
			if !errors.As(err, &u) || u.Cmd != "tool" || !strings.Contains(u.Error(), tc.usage) {
				t.Errorf("Dispatch(%q) = %v; want *UsageError %q", tc.args, err, tc.usage)
			}
		case err != nil || sub != tc.sub || strings.Join(rest, " ") != strings.Join(tc.rest, " "):
			t.Errorf("Dispatch(%q) = %q, %q, %v; want %q, %q", tc.args, sub, rest, err, tc.sub, tc.rest)
		}
	}
}
