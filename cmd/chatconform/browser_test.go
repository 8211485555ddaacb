package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// chromium finds a Chromium to render the certificate with, or skips.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium installed")
	return ""
}

// TestCertificateInChromium renders the HTML certificate of a run with a pass and a failure
// in headless Chromium: the rendered page holds the verdict and both marks, a font the
// system has covers every mark, and a screenshot is taken.
func TestCertificateInChromium(t *testing.T) {
	browser := chromium(t)
	dir := t.TempDir()
	out, code := chatconform(t, "run", "--vendor", "gws", "--focus", "GWS-BAY-01[01]", "--mock-bug", "gws-push-anonymous", "--report-dir", dir)
	if code != 1 {
		t.Fatalf("run: exit %d; want 1 (GWS-BAY-011 fails)\n%s", code, out)
	}
	page := "file://" + filepath.Join(dir, "certificate.html")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	flags := []string{"--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=" + t.TempDir()}
	dom, err := exec.CommandContext(ctx, browser, append(flags, "--dump-dom", page)...).Output()
	if err != nil {
		t.Fatalf("chromium --dump-dom: %v", err)
	}
	for _, want := range []string{"NOT CONFORMANT: required checks failed", "✔ pass", "✘ FAIL", "✘ not certified", "– not claimed", "GWS-BAY-011"} {
		if !strings.Contains(string(dom), want) {
			t.Errorf("the rendered certificate lacks %q", want)
		}
	}
	if fcList, err := exec.LookPath("fc-list"); err == nil {
		for _, mark := range []rune{'✔', '✘', '–'} {
			fonts, err := exec.CommandContext(ctx, fcList, fmt.Sprintf(":charset=%x", mark), "family").Output()
			if err != nil || strings.TrimSpace(string(fonts)) == "" {
				t.Errorf("no installed font has %q (U+%04X): the certificate would show a blank box", mark, mark)
			}
		}
	}
	shot := filepath.Join(t.TempDir(), "certificate.png")
	if err := exec.CommandContext(ctx, browser, append(flags, "--window-size=1200,900", "--screenshot="+shot, page)...).Run(); err != nil {
		t.Fatalf("chromium --screenshot: %v", err)
	}
	if fi, err := os.Stat(shot); err != nil || fi.Size() < 10_000 {
		t.Errorf("screenshot: %v; want a rendered page", err)
	}
}
