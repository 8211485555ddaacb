package conformance

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"runtime/debug"
	"slices"
	"strings"
	"time"

	"github.com/chatconform/chatconform/spec"
)

// Run records what a run tested and how, for the certificate: a certificate that does not
// say what was tested certifies nothing.
type Run struct {
	// Target is where each vendor's API was reached.
	Target RunTarget `json:"target"`
	// SuiteVersion is the suite's module version, or its VCS revision when built from a
	// checkout ("-dirty" when modified).
	SuiteVersion string `json:"suiteVersion"`
	// SpecsDigest is the SHA-256 of the spec documents the suite judged by.
	SpecsDigest string `json:"specsDigest"`
	// Surfaces are the surfaces the target claimed.
	Surfaces []string `json:"surfaces"`
	Profile  string   `json:"profile"`
	Focus    string   `json:"focus,omitempty"`
	Vendors  []string `json:"vendors,omitempty"`
	// Flags are the command line's flags, secrets masked.
	Flags    []string      `json:"flags,omitempty"`
	Start    time.Time     `json:"start"`
	Duration time.Duration `json:"duration"`
}

// RunTarget is the base URL of each vendor's API.
type RunTarget struct {
	GWS         string `json:"gws"`
	SuperOffice string `json:"superoffice"`
	Acquire     string `json:"acquire"`
}

// NewRun records a run of the configuration c (completed by Validate) with the given focus
// and command-line flags, started at start.
func NewRun(c *Config, focus string, flags []string, start time.Time) Run {
	return Run{
		Target:       RunTarget{GWS: c.GWSURL, SuperOffice: c.SuperOfficeURL, Acquire: c.AcquireURL},
		SuiteVersion: SuiteVersion(),
		SpecsDigest:  SpecsDigest(),
		Surfaces:     c.Claimed(),
		Profile:      c.Profile,
		Focus:        focus,
		Vendors:      slices.Clone(c.Vendors),
		Flags:        MaskFlags(flags),
		Start:        start.UTC(),
	}
}

// SuiteVersion is the version of the running binary's main module, or its VCS revision.
func SuiteVersion() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			if s.Value == "true" {
				modified = "-dirty"
			}
		}
	}
	switch {
	case bi.Main.Version != "" && bi.Main.Version != "(devel)":
		return bi.Main.Version
	case rev != "":
		return rev + modified
	}
	return "(devel)"
}

// SpecsDigest is "sha256:" and the hex SHA-256 over the spec documents, each name and
// content in name order.
func SpecsDigest() string {
	h := sha256.New()
	names, err := fs.Glob(spec.FS(), "*.yaml")
	if err != nil {
		return "unknown"
	}
	slices.Sort(names)
	for _, n := range names {
		b, err := fs.ReadFile(spec.FS(), n)
		if err != nil {
			return "unknown"
		}
		h.Write([]byte(n + "\x00"))
		h.Write(b)
		h.Write([]byte{0})
	}
	return "sha256:" + hex.EncodeToString(h.Sum(nil))
}

// secretFlags are the flags whose values MaskFlags hides.
var secretFlags = []string{"password", "token", "ticket", "xsrf"}

// MaskFlags returns the command-line arguments with the values of secret flags (passwords,
// tokens, tickets, XSRF tokens) replaced by ***, in both --flag=value and --flag value form.
func MaskFlags(args []string) []string {
	out := slices.Clone(args)
	secret := func(name string) bool {
		name = strings.ToLower(strings.TrimLeft(name, "-"))
		return slices.ContainsFunc(secretFlags, func(s string) bool { return strings.Contains(name, s) })
	}
	for i := 0; i < len(out); i++ {
		a := out[i]
		if !strings.HasPrefix(a, "-") {
			continue
		}
		if name, _, ok := strings.Cut(a, "="); ok {
			if secret(name) {
				out[i] = name + "=***"
			}
			continue
		}
		if secret(a) && i+1 < len(out) {
			out[i+1] = "***"
			i++
		}
	}
	return out
}
