package cli

import (
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
)

// Version describes the running binary of command name from its build info: the module
// version (a tag or pseudo-version with go install ...@version, "(devel)" for a build
// from a checkout without VCS stamping), the module path, the VCS revision with its time
// and whether the tree was modified (stamped by go build in a git checkout), and the Go
// version.
func Version(name string) string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return fmt.Sprintf("%s (no build info)\ngo %s %s/%s\n", name, runtime.Version(), runtime.GOOS, runtime.GOARCH)
	}
	return formatVersion(name, bi)
}

func formatVersion(name string, bi *debug.BuildInfo) string {
	version, module := bi.Main.Version, bi.Main.Path
	if version == "" {
		version = "(devel)"
	}
	if module == "" {
		module = "unknown"
	}
	setting := func(key string) string {
		for _, s := range bi.Settings {
			if s.Key == key {
				return s.Value
			}
		}
		return ""
	}
	revision := "unknown"
	if r := setting("vcs.revision"); r != "" {
		var about []string
		if t := setting("vcs.time"); t != "" {
			about = append(about, t)
		}
		if setting("vcs.modified") == "true" {
			about = append(about, "modified")
		}
		revision = r
		if len(about) > 0 {
			revision += " (" + strings.Join(about, ", ") + ")"
		}
	}
	goos, goarch := setting("GOOS"), setting("GOARCH")
	if goos == "" {
		goos, goarch = runtime.GOOS, runtime.GOARCH
	}
	goVersion := bi.GoVersion
	if goVersion == "" {
		goVersion = runtime.Version()
	}
	return fmt.Sprintf("%s %s\nmodule %s\nrevision %s\ngo %s %s/%s\n", name, version, module, revision, goVersion, goos, goarch)
}
