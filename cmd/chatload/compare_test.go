package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"os/signal"
	"path/filepath"
	"syscall"
	"testing"
)

// TestMain lets the test binary stand in for chatload when compare starts the floor from
// its own binary (os.Executable).
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == "floor" {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
		stop()
		if err != nil {
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func TestCompareRunsChatmockAndTheFloor(t *testing.T) {
	if testing.Short() {
		t.Skip("builds chatmock")
	}
	bin := filepath.Join(t.TempDir(), "chatmock")
	if out, err := exec.Command("go", "build", "-o", bin, "../chatmock").CombinedOutput(); err != nil {
		t.Fatalf("go build chatmock: %v\n%s", err, out)
	}
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"compare", "--chatmock", bin, "--scenario", "so-after",
		"--requests", "120", "--conns", "3", "--rounds", "2", "--warmup", "0", "--json"}, &out, &errOut)
	if err != nil {
		t.Fatalf("compare: %v; stderr %s", err, errOut.String())
	}
	var cmp comparison
	if err := json.Unmarshal(out.Bytes(), &cmp); err != nil {
		t.Fatalf("decode: %v\n%s", err, out.String())
	}
	if len(cmp.Reports) != 2 || cmp.Reports[0].Target != "floor" || cmp.Reports[1].Target != "chatmock" {
		t.Fatalf("reports = %+v; want the floor, then chatmock", cmp.Reports)
	}
	for _, r := range cmp.Reports {
		if r.All.Requests != 120 || r.All.Errors != 0 {
			t.Errorf("%s: %d requests, %d errors (%v); want 120 in two turns of 60, none failed", r.Target, r.All.Requests, r.All.Errors, r.All.ErrorKind)
		}
	}
	if got := cmp.Ratios[0]; got.PerSecond != 1 || got.P50 != 1 {
		t.Errorf("the floor's ratios = %+v; want 1", got)
	}
	if cmp.Reports[1].StatsAfter == nil || cmp.Reports[1].RSSAfter == 0 {
		t.Errorf("chatmock's memory was not read: stats %+v, RSS %d", cmp.Reports[1].StatsAfter, cmp.Reports[1].RSSAfter)
	}
}
