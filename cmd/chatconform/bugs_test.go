package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/mock"
)

// caughtBy names, for every planted bug of the mock, checks that must fail when it is
// planted: the proof that the suite catches real defects. A bug missing here fails the test.
var caughtBy = map[string][]string{
	"gws-index-off-by-one":         {"GWS-IDX-002"},
	"gws-index-exclusive-zero":     {"GWS-IDX-001"},
	"gws-ignore-cursor":            {"GWS-CUR-002", "GWS-CUR-003"},
	"gws-cursor-skips":             {"GWS-CUR-003"},
	"gws-no-contact-center":        {"GWS-HDR-001", "GWS-HDR-002"},
	"gws-tenant-leak":              {"GWS-HDR-003"},
	"gws-error-envelope":           {"GWS-ERR-002"},
	"gws-error-200":                {"GWS-ERR-001"},
	"gws-duplicate-index":          {"GWS-IDX-004"},
	"gws-descending":               {"GWS-IDX-004"},
	"gws-missing-timestamp-millis": {"GWS-NTF-"},
	"gws-timestamp-seconds":        {"GWS-NTF-"},
	"gws-duplicate-notification":   {"GWS-NTF-"},
	"gws-drop-notification":        {"GWS-NTF-"},
	"gws-no-reference-id":          {"GWS-NTF-"},
	"bayeux-no-id-echo":            {"GWS-BAY-"},
	"bayeux-no-402":                {"GWS-BAY-"},
	"so-after-inclusive":           {"SO-CUR-002"},
	"so-descending":                {"SO-CUR-003"},
	"so-ignore-accept":             {"SO-NEG-003"},
	"so-no-auth":                   {"SO-AUTH-005"},
	"so-session-id-not-forced":     {"SO-IDX-003"},
	"acquire-descending":           {"ACQ-ORD-001"},
	"acquire-no-auth":              {"ACQ-AUTH-003"},
	"acquire-error-envelope":       {"ACQ-AUTH-005"},
}

// TestPlantedBugsAreCaught certifies the mock once per planted bug and checks that the
// checks expected to catch it fail (an entry ending in "-" means: some check with that
// prefix). It also lists the checks no planted bug fails, which need a bug of their own.
func TestPlantedBugsAreCaught(t *testing.T) {
	if testing.Short() {
		t.Skip("certifies the mock once per planted bug")
	}
	failedBy := map[string][]string{}
	var mu sync.Mutex
	bugs := mock.KnownBugs()
	sem := make(chan struct{}, 2)
	var wg sync.WaitGroup
	for _, b := range bugs {
		name := string(b.Name)
		if _, ok := caughtBy[name]; !ok {
			t.Errorf("planted bug %s: no expected check in caughtBy", name)
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			dir := t.TempDir()
			out, _ := chatconform(t, "run", "--profile", "all", "--mock-bug", name, "--report-dir", dir)
			var s conformance.Summary
			raw, err := os.ReadFile(filepath.Join(dir, "summary.json"))
			if err != nil || json.Unmarshal(raw, &s) != nil {
				t.Errorf("%s: no summary: %v\n%s", name, err, out)
				return
			}
			var failed []string
			for _, r := range s.Results {
				if r.State == "failed" {
					failed = append(failed, r.ID)
				}
			}
			mu.Lock()
			failedBy[name] = failed
			mu.Unlock()
		}()
	}
	wg.Wait()
	caught := map[string]bool{}
	for name, failed := range failedBy {
		for _, want := range caughtBy[name] {
			hit := slices.ContainsFunc(failed, func(id string) bool {
				return id == want || (strings.HasSuffix(want, "-") && strings.HasPrefix(id, want))
			})
			if !hit {
				t.Errorf("planted bug %s: %s did not fail (failed: %v)", name, want, failed)
			}
		}
		for _, id := range failed {
			caught[id] = true
		}
		t.Logf("%-30s caught by %v", name, failed)
	}
	var uncovered []string
	for _, c := range conformanceCatalogue(t) {
		if !caught[c.ID] {
			uncovered = append(uncovered, c.ID)
		}
	}
	sort.Strings(uncovered)
	t.Logf("%d checks are failed by some planted bug; %d by none yet: %v", len(caught), len(uncovered), uncovered)
}

func conformanceCatalogue(t *testing.T) []conformance.Meta {
	t.Helper()
	out, code := chatconform(t, "list", "--format", "json")
	var checks []conformance.Meta
	if code != 0 || json.Unmarshal([]byte(out), &checks) != nil {
		t.Fatalf("list: %d %s", code, out)
	}
	return checks
}
