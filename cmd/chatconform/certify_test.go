package main

import (
	"encoding/json"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/mock"
)

// readSummary reads summary.json from a report directory.
func readSummary(t *testing.T, dir string) conformance.Summary {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
	if err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	var s conformance.Summary
	if err := json.Unmarshal(raw, &s); err != nil {
		t.Fatalf("summary.json: %v", err)
	}
	return s
}

func verdicts(s conformance.Summary) map[string]string {
	out := map[string]string{}
	for _, sv := range s.Surfaces {
		out[sv.Surface] = sv.Verdict
	}
	return out
}

// TestNothingRanIsNotGreen: a run that checks nothing fails, and says so.
func TestNothingRanIsNotGreen(t *testing.T) {
	dir := t.TempDir()
	out, code := chatconform(t, "run", "--focus", "NO-SUCH-CHECK", "--report-dir", dir)
	if code != 1 {
		t.Fatalf("run --focus NO-SUCH-CHECK: exit %d; want 1\n%s", code, out)
	}
	if !strings.Contains(out, "NOT CERTIFIED: no check ran") {
		t.Errorf("output does not say that no check ran:\n%s", out)
	}
	if badge, _ := os.ReadFile(filepath.Join(dir, "badge.svg")); !strings.Contains(string(badge), "not certified") {
		t.Errorf("badge.svg does not say not certified:\n%s", badge)
	}
	s := readSummary(t, dir)
	if s.Certified || s.Passed != 0 {
		t.Errorf("summary: certified %v, %d passed; want not certified, 0 passed", s.Certified, s.Passed)
	}
	for _, r := range s.Results {
		if r.Profile == conformance.Required && r.State == conformance.StateNotRun && !strings.Contains(r.Reason, "--focus NO-SUCH-CHECK") {
			t.Errorf("%s not run because %q; want the focus named", r.ID, r.Reason)
		}
	}
}

// TestRequiredCheckNotRun: claiming so-online without --so-tenant leaves SO-AUTH-008 (a
// required check of so-online) skipped: the run fails and the certificate says why.
func TestRequiredCheckNotRun(t *testing.T) {
	dir := t.TempDir()
	out, code := chatconform(t, "run", "--vendor", "superoffice", "--surface", "so-sessions",
		"--surface", "so-messages", "--surface", "so-online", "--report-dir", dir)
	if code != 1 {
		t.Fatalf("run: exit %d; want 1\n%s", code, out)
	}
	s := readSummary(t, dir)
	got := verdicts(s)
	if got["so-online"] != conformance.NotCertified || got["gws-customer"] != conformance.NotClaimed {
		t.Errorf("verdicts %v; want so-online not certified, gws-customer not claimed", got)
	}
	var reason string
	for _, r := range s.Results {
		if r.ID == "SO-AUTH-008" {
			reason = r.State + ": " + r.Reason
		}
	}
	if !strings.Contains(reason, "skipped") || !strings.Contains(reason, "--so-tenant") {
		t.Errorf("SO-AUTH-008: %q; want skipped, naming --so-tenant", reason)
	}
	md, _ := os.ReadFile(filepath.Join(dir, "certificate.md"))
	if !strings.Contains(string(md), "| SO-AUTH-008 | required | Online only: set --so-tenant") {
		t.Errorf("certificate.md does not say why SO-AUTH-008 did not run:\n%s", md)
	}
}

// TestSurfaceOutsideVendors: a surface of a vendor not checked is bad usage.
func TestSurfaceOutsideVendors(t *testing.T) {
	out, code := chatconform(t, "run", "--vendor", "acquire", "--surface", "so-messages")
	if code != 2 || !strings.Contains(out, "--surface so-messages") {
		t.Errorf("exit %d; want 2 with a message naming --surface so-messages\n%s", code, out)
	}
}

// TestUnreachableTarget: one clear message and exit status 2, nothing checked.
func TestUnreachableTarget(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	_ = ln.Close()
	out, code := chatconform(t, "run", "--target", "http://"+addr)
	if code != 2 {
		t.Fatalf("exit %d; want 2\n%s", code, out)
	}
	if lines := strings.Count(strings.TrimSpace(out), "\n") + 1; lines != 1 || !strings.Contains(out, "unreachable") || !strings.Contains(out, addr) {
		t.Errorf("want one line naming %s as unreachable; got %d lines:\n%s", addr, lines, out)
	}
}

// TestCustomerOnlyTarget: a GWS server with the customer API only (a proxy answering 404
// for the agent API and CometD) is certified for gws-customer and nothing else.
func TestCustomerOnlyTarget(t *testing.T) {
	m, err := mock.New(mock.WithStrict(true))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := r.URL.Path
		if p == "/api/v2/me" || strings.HasPrefix(p, "/api/v2/me/") || p == "/api/v2/notifications" || strings.HasPrefix(p, "/api/v2/notifications/") {
			http.NotFound(w, r)
			return
		}
		m.ServeHTTP(w, r)
	}))
	t.Cleanup(srv.Close)
	dir := t.TempDir()
	out, code := chatconform(t, "run", "--target", srv.URL, "--surface", "gws-customer", "--agent-password", "s3cret", "--report-dir", dir)
	if code != 0 {
		t.Fatalf("run --surface gws-customer: exit %d; want 0\n%s", code, out)
	}
	s := readSummary(t, dir)
	for surface, verdict := range verdicts(s) {
		want := conformance.NotClaimed
		if surface == conformance.SurfaceGWSCustomer {
			want = conformance.Certified
		}
		if verdict != want {
			t.Errorf("%s: %s; want %s", surface, verdict, want)
		}
	}
	for _, r := range s.Results {
		if r.State == conformance.StateFailed {
			t.Errorf("%s failed:\n%s", r.ID, r.Failure)
		}
	}
	md, _ := os.ReadFile(filepath.Join(dir, "certificate.md"))
	for _, want := range []string{"Claimed surfaces: gws-customer\n", "| gws-agent | – not claimed |", "--agent-password ***", "Specs digest: sha256:", "Target: GWS " + srv.URL} {
		if !strings.Contains(string(md), want) {
			t.Errorf("certificate.md lacks %q", want)
		}
	}
	if strings.Contains(string(md), "s3cret") {
		t.Errorf("certificate.md shows the agent password")
	}
}
