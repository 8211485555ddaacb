package cli

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"regexp"
	"strings"
)

// NewFlagSet returns a flag set for cmd (the command as typed: "chatmock specs") whose
// usage is synopsis followed by the flags. Parse it with Parse.
func NewFlagSet(cmd, synopsis string) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd, flag.ContinueOnError)
	fs.Usage = func() { fmt.Fprint(fs.Output(), usage(fs, synopsis)) }
	return fs
}

// versionFlag is the value of --version.
type versionFlag bool

func (v *versionFlag) String() string   { return "false" }
func (v *versionFlag) IsBoolFlag() bool { return true }
func (v *versionFlag) Set(s string) error {
	*v = s != "false"
	return nil
}

// AddVersion gives fs a --version flag: Parse then returns the version as a *Done.
func AddVersion(fs *flag.FlagSet) {
	v := versionFlag(false)
	fs.Var(&v, "version", "print the version (module version and VCS revision) and exit")
}

// Parse parses args into fs. -h and --help return fs's usage (what fs.Usage writes) as a
// *Done, --version (see AddVersion) the version; a bad flag or value returns a
// *UsageError of one line, without the flag package's dump of every flag.
func Parse(fs *flag.FlagSet, args []string) error {
	fs.SetOutput(io.Discard) // the flag package prints the error and the usage there
	err := fs.Parse(args)
	if errors.Is(err, flag.ErrHelp) {
		var b strings.Builder
		fs.SetOutput(&b)
		fs.Usage()
		fs.SetOutput(io.Discard)
		return &Done{Text: b.String()}
	}
	if err != nil {
		return &UsageError{Cmd: fs.Name(), Err: errors.New(dashes.ReplaceAllString(err.Error(), "$1--$2"))}
	}
	if f := fs.Lookup("version"); f != nil {
		if v, ok := f.Value.(*versionFlag); ok && bool(*v) {
			name, _, _ := strings.Cut(fs.Name(), " ")
			return &Done{Text: Version(name)}
		}
	}
	return nil
}

// dashes finds the flag names in the flag package's messages ("flag provided but not
// defined: -x"), which name flags with one dash where usage shows two.
var dashes = regexp.MustCompile(`(^|[ :])-([A-Za-z0-9])`)

// usage renders synopsis, then every flag of fs as --name with its help text and default.
func usage(fs *flag.FlagSet, synopsis string) string {
	var b strings.Builder
	if synopsis = strings.TrimRight(synopsis, "\n"); synopsis != "" {
		b.WriteString(synopsis + "\n")
	}
	var flags strings.Builder
	fs.VisitAll(func(f *flag.Flag) {
		name, help := flag.UnquoteUsage(f)
		fmt.Fprintf(&flags, "  --%s", f.Name)
		if name != "" {
			fmt.Fprintf(&flags, " %s", name)
		}
		fmt.Fprintf(&flags, "\n    \t%s", strings.ReplaceAll(help, "\n", "\n    \t"))
		if !isZero(f) {
			fmt.Fprintf(&flags, " (default %s)", f.DefValue)
		}
		flags.WriteString("\n")
	})
	if flags.Len() > 0 {
		if b.Len() > 0 {
			b.WriteString("\n")
		}
		b.WriteString("flags:\n" + flags.String())
	}
	return b.String()
}

// isZero reports whether f's default is its type's zero value, which usage leaves out.
func isZero(f *flag.Flag) bool {
	switch f.DefValue {
	case "", "0", "false", "0s", "[]":
		return true
	}
	return false
}
