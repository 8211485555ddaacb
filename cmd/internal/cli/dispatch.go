package cli

import (
	"slices"
	"strings"
)

// Dispatch reads the first argument of a command that has subcommands (names), given its
// usage (which must list every name). It answers -h, --help, help and --version itself
// with a *Done, a missing or unknown subcommand with a *UsageError, and turns
// "help NAME" into NAME's --help; otherwise it returns the subcommand and its arguments.
func Dispatch(name, usage string, names, args []string) (sub string, rest []string, err error) {
	if len(args) == 0 {
		return "", nil, Usagef(name, "a command is required: %s", strings.Join(names, ", "))
	}
	switch args[0] {
	case "-h", "-help", "--help":
		return "", nil, &Done{Text: usage}
	case "-version", "--version":
		return "", nil, &Done{Text: Version(name)}
	case "help":
		switch {
		case len(args) == 1:
			return "", nil, &Done{Text: usage}
		case len(args) > 2:
			return "", nil, Usagef(name, "help takes one command, not %q", strings.Join(args[1:], " "))
		case !slices.Contains(names, args[1]):
			return "", nil, Usagef(name, "help: unknown command %q", args[1])
		}
		return args[1], []string{"--help"}, nil
	}
	if strings.HasPrefix(args[0], "-") {
		return "", nil, Usagef(name, "flag provided but not defined: %s (flags come after the command)", args[0])
	}
	if !slices.Contains(names, args[0]) {
		return "", nil, Usagef(name, "unknown command %q", args[0])
	}
	return args[0], args[1:], nil
}
