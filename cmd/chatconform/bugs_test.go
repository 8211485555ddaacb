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

	"gws-list-hides-offered":      {"GWS-AGT-002"},
	"gws-accept-keeps-waiting":    {"GWS-AGT-003"},
	"gws-accept-ignores-nickname": {"GWS-AGT-004"},
	"gws-agent-stays-invited":     {"GWS-AGT-006"},
	"gws-omit-empty-capabilities": {"GWS-BODY-001"},
	"gws-path-participant-id":     {"GWS-BODY-003"},
	"gws-customer-auth":           {"GWS-HDR-004"},
	"gws-new-chat-chatting":       {"GWS-STATE-001"},
	"gws-complete-keeps-state":    {"GWS-STATE-003"},
	"gws-push-ignores-password":   {"GWS-BAY-002"},
	"gws-push-anonymous":          {"GWS-BAY-011"},
	"gws-no-error-notification":   {"GWS-NTF-015"},
	"bayeux-unsubscribe-noop":     {"GWS-BAY-012"},
	"gws-agent-complete-noop":     {"GWS-AGT-009"},
	"gws-nickname-notice-dropped": {"GWS-AGT-010"},
	"gws-agent-typing-visible":    {"GWS-AGT-011"},

	"so-onsite-refuses-basic":        {"SO-AUTH-001"},
	"so-ticket-prefix-stripped":      {"SO-AUTH-002"},
	"so-no-bearer":                   {"SO-AUTH-003"},
	"so-ignore-xsrf":                 {"SO-AUTH-004"},
	"so-any-bearer":                  {"SO-AUTH-007"},
	"so-online-accepts-basic":        {"SO-AUTH-008"},
	"so-skip-first":                  {"SO-CUR-001"},
	"so-after-by-position":           {"SO-CUR-005"},
	"so-create-201":                  {"SO-ENT-001"},
	"so-unknown-session-null":        {"SO-ENT-002"},
	"so-delete-noop":                 {"SO-ENT-003"},
	"so-merge-patch-resets":          {"SO-ENT-004"},
	"so-default-as-id":               {"SO-ENT-005"},
	"so-unknown-session-no-messages": {"SO-ERR-001"},
	"so-invalid-type-stored":         {"SO-ERR-002"},
	"so-post-next-id":                {"SO-IDX-001"},
	"so-client-message-id":           {"SO-IDX-002"},
	"so-no-when-posted":              {"SO-IDX-004"},
	"so-json-as-text-json":           {"SO-NEG-001"},
	"so-no-accept-plain":             {"SO-NEG-005"},
	"so-xml-body-unsupported":        {"SO-NEG-006"},
	"so-media-errors-400":            {"SO-NEG-007", "SO-NEG-008"},
	"so-pickup-noop":                 {"SO-ENT-006"},
	"so-transcript-drops-last":       {"SO-ENT-007"},

	"acquire-threads-no-bearer":   {"ACQ-AUTH-006"},
	"acquire-no-legacy-token":     {"ACQ-AUTH-002"},
	"acquire-any-token":           {"ACQ-AUTH-004"},
	"acquire-null-arrays":         {"ACQ-BODY-001"},
	"acquire-agent-user-type":     {"ACQ-BODY-002"},
	"acquire-html-content-type":   {"ACQ-BODY-003", "ACQ-BODY-006"},
	"acquire-zone-iso-date":       {"ACQ-BODY-004"},
	"acquire-read-consumes":       {"ACQ-ORD-002"},
	"acquire-vd-id-sender":        {"ACQ-SEL-001"},
	"acquire-ignore-visitor":      {"ACQ-SEL-002"},
	"acquire-ignore-key":          {"ACQ-SEL-004"},
	"acquire-threads-any-visitor": {"ACQ-SEL-005"},
}

// runArgs are extra run flags for some bugs. The Online checks need --so-tenant and the
// credentials of an associate of that tenant. Bugs whose state never comes make every check
// that waits for it wait out --timeout, so they get a short one (the mock answers at once).
var runArgs = map[string][]string{
	"so-online-accepts-basic": soOnlineArgs,
	"gws-list-hides-offered":  {"--timeout", "1s"},
	"gws-agent-stays-invited": {"--timeout", "1s"},
}

// soOnlineArgs certify as Lucienne of the SuperOffice Online tenant of the default fixtures.
var soOnlineArgs = []string{
	"--so-tenant", "Cust12345", "--so-user", "lucienne", "--so-password", "81IKevyUtZ0d",
	"--so-ticket", "7T:ntqNxlITpEh5I2obJ2GMcqMj", "--so-token", "938e8efe98147a66b095406cca41e964f831ff42",
	"--so-xsrf", "562e748a4c2b9cce2131501c3f7edbc8",
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
			args := append([]string{"run", "--profile", "all", "--mock-bug", name, "--report-dir", dir}, runArgs[name]...)
			out, _ := chatconform(t, args...)
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
