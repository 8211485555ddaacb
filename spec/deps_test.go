package spec_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/chatconform/chatconform"

// TestImportDirection enforces the module's dependency rules (STYLE.md, "Layout and
// dependencies") on every package, so a wrong edge fails the build:
//   - spec and fixtures import nothing of this module;
//   - mock imports only spec, fixtures and mock;
//   - conformance never imports mock;
//   - nothing imports cmd, except the commands their shared manners (cmd/internal/...);
//   - cmd/internal imports nothing of this module;
//   - ginkgo and gomega appear only under conformance (and its runner cmd/chatconform) and
//     in _test files, so the mock's binary has no ginkgo flags.
func TestImportDirection(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	cmd := exec.Command("go", "list", "-json", "./...")
	cmd.Dir = ".."
	out, err := cmd.Output()
	if err != nil {
		var ee *exec.ExitError
		if errors.As(err, &ee) {
			t.Fatalf("go list: %v\n%s", err, ee.Stderr)
		}
		t.Fatalf("go list: %v", err)
	}
	dec := json.NewDecoder(bytes.NewReader(out))
	n := 0
	for {
		var p struct {
			ImportPath string
			Imports    []string
		}
		if err := dec.Decode(&p); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("decode go list: %v", err)
		}
		n++
		for _, imp := range p.Imports {
			if why := forbidden(p.ImportPath, imp); why != "" {
				t.Errorf("%s imports %s: %s", p.ImportPath, imp, why)
			}
		}
	}
	if n == 0 {
		t.Fatal("go list found no packages")
	}
}

// forbidden says why pkg may not import imp, or "" when it may.
func forbidden(pkg, imp string) string {
	area := func(p string) string {
		rest, ok := strings.CutPrefix(p, module+"/")
		if !ok {
			return ""
		}
		top, _, _ := strings.Cut(rest, "/")
		return top
	}
	from, to := area(pkg), area(imp)
	if strings.HasPrefix(pkg, module+"/cmd/internal/") {
		from = "cmd/internal"
	}
	if strings.HasPrefix(imp, module+"/cmd/internal/") {
		to = "cmd/internal"
	}
	if strings.HasPrefix(imp, "github.com/onsi/ginkgo") || strings.HasPrefix(imp, "github.com/onsi/gomega") {
		if from != "conformance" && pkg != module+"/cmd/chatconform" {
			return "ginkgo and gomega belong under conformance/ (and its runner, cmd/chatconform) and in _test files"
		}
		return ""
	}
	if to == "" {
		return ""
	}
	switch {
	case to == "cmd":
		return "nothing imports cmd/"
	case to == "cmd/internal" && from != "cmd" && from != "cmd/internal":
		return "cmd/internal/ is the commands' own"
	case (from == "spec" || from == "fixtures" || from == "cmd/internal") && to != from:
		return from + "/ imports nothing of this module"
	case from == "mock" && to != "spec" && to != "fixtures" && to != "mock":
		return "mock/ imports only spec/, fixtures/ and mock/"
	case from == "conformance" && to == "mock":
		return "conformance/ must judge any implementation, so it never imports mock/"
	}
	return ""
}

func TestForbiddenEdges(t *testing.T) {
	for _, tc := range []struct {
		pkg, imp string
		bad      bool
	}{
		{module + "/spec", "github.com/getkin/kin-openapi/openapi3", false},
		{module + "/spec", module + "/mock", true},
		{module + "/fixtures", module + "/spec", true},
		{module + "/mock/store", module + "/spec", false},
		{module + "/mock", module + "/conformance/bayeux", true},
		{module + "/conformance", module + "/mock/store", true},
		{module + "/conformance", module + "/spec", false},
		{module + "/cmd/chatmock", module + "/mock", false},
		{module + "/mock", module + "/cmd/chatmock", true},
		{module + "/mock", "github.com/onsi/gomega", true},
		{module + "/conformance/gws", "github.com/onsi/ginkgo/v2", false},
		{module + "/cmd/chatconform", "github.com/onsi/ginkgo/v2", false},
		{module + "/cmd/chatmock", "github.com/onsi/gomega", true},
		{module + "/cmd/chatmock", module + "/cmd/internal/cli", false},
		{module + "/cmd/internal/cli", module + "/spec", true},
		{module + "/mock", module + "/cmd/internal/cli", true},
	} {
		if got := forbidden(tc.pkg, tc.imp) != ""; got != tc.bad {
			t.Errorf("forbidden(%s, %s) = %v; want %v", tc.pkg, tc.imp, got, tc.bad)
		}
	}
}
