package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/conformance"
)

// The suite runs once per process (ginkgo's rule), so the tests build chatconform once and
// run it as users do.
var binary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "chatconform-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "chatconform")
	build := exec.Command("go", "build", "-o", binary, ".")
	build.Stderr = os.Stderr
	if err := build.Run(); err != nil {
		panic("build chatconform: " + err.Error())
	}
	code := m.Run()
	_ = os.RemoveAll(dir)
	os.Exit(code)
}

// chatconform runs the binary and returns its output and exit status.
func chatconform(t *testing.T, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	var exit *exec.ExitError
	switch {
	case err == nil:
		return out.String(), 0
	case errors.As(err, &exit):
		return out.String(), exit.ExitCode()
	}
	t.Fatalf("run chatconform: %v", err)
	return "", -1
}

// TestCatalogueIsCommitted: the catalogue the suite declares is the one committed in
// conformance/testdata/conformance.yaml (regenerate with go generate ./conformance/).
func TestCatalogueIsCommitted(t *testing.T) {
	out, code := chatconform(t, "list", "--format", "yaml")
	if code != 0 {
		t.Fatalf("list: exit %d\n%s", code, out)
	}
	committed, err := os.ReadFile(filepath.Join("..", "..", "conformance", "testdata", "conformance.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if out != string(committed) {
		t.Errorf("conformance/testdata/conformance.yaml differs from the suite's catalogue; run go generate ./conformance/")
	}
}

func TestListFormats(t *testing.T) {
	out, code := chatconform(t, "list", "--format", "json")
	var checks []conformance.Meta
	if code != 0 || json.Unmarshal([]byte(out), &checks) != nil || len(checks) == 0 {
		t.Fatalf("list --format json: exit %d, %q", code, out)
	}
	for _, c := range checks {
		if c.ID == "" || c.Must == "" || c.Source == "" || c.Vendor == "" || c.Profile == "" {
			t.Errorf("incomplete catalogue entry %+v", c)
		}
	}
	text, _ := chatconform(t, "list")
	if !strings.Contains(text, checks[0].ID) {
		t.Errorf("list (text) lacks %s:\n%s", checks[0].ID, text)
	}
}

func TestBadUsage(t *testing.T) {
	for _, args := range [][]string{
		{}, {"frobnicate"}, {"list", "--format", "xml"}, {"run", "--profile", "some"},
		{"run", "--no-such-flag"}, {"run", "stray"}, {"run", "--vendor", "nobody"}, {"run", "--timeout", "0s"},
		{"run", "--target", "ftp://example.com"},
	} {
		if out, code := chatconform(t, args...); code != 2 {
			t.Errorf("chatconform %v: exit %d; want 2 (bad usage)\n%s", args, code, out)
		}
	}
}

// TestCertifiesTheInRepoMock: with no target, run certifies the in-repo mock, passes, and
// writes every report.
func TestCertifiesTheInRepoMock(t *testing.T) {
	dir := t.TempDir()
	out, code := chatconform(t, "run", "--profile", "all", "--report-dir", dir)
	if code != 0 {
		t.Fatalf("run: exit %d\n%s", code, out)
	}
	for _, f := range []string{"junit.xml", "report.json", "summary.json", "certificate.md", "certificate.html", "badge.svg"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Errorf("report %s: %v", f, err)
		}
	}
	// With several workers, the report records the run's filter, not a worker's share.
	if report, _ := os.ReadFile(filepath.Join(dir, "report.json")); runtime.NumCPU() > 1 && strings.Contains(string(report), "containsAny") {
		t.Errorf("report.json records a worker's share of the checks as the run's label filter")
	}
	if badge, _ := os.ReadFile(filepath.Join(dir, "badge.svg")); !strings.Contains(string(badge), "certified: all surfaces") {
		t.Errorf("badge.svg does not say certified:\n%s", badge)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "certificate.md"))
	if !strings.Contains(string(md), "CONFORMANT: every required check of the claimed surfaces passed") {
		t.Errorf("certificate.md does not certify the mock:\n%s", md)
	}
	var s conformance.Summary
	raw, _ := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err := json.Unmarshal(raw, &s); err != nil || len(s.Results) == 0 {
		t.Fatalf("summary.json: %v %s", err, raw)
	}
	for _, r := range s.Results {
		if r.State == "failed" {
			t.Errorf("%s failed:\n%s", r.ID, r.Failure)
		}
		if !strings.Contains(string(md), r.ID) {
			t.Errorf("certificate.md lacks %s", r.ID)
		}
	}
}
