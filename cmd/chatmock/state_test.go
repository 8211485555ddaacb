package main

import (
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
)

const (
	stateChat = "/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb"
	stateCC   = "cfe5ad67-ba6d-4340-81f9-bb680ef5d498"
)

// say sends a customer message in the default fixtures' GWS chat.
func say(t *testing.T, base, text string) {
	t.Helper()
	req, _ := http.NewRequest("POST", base+stateChat, strings.NewReader(`{"operationName":"SendMessage","text":"`+text+`"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("ContactCenterId", stateCC)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != 200 {
		t.Fatalf("SendMessage = %d", resp.StatusCode)
	}
}

func transcript(t *testing.T, base string) string {
	t.Helper()
	code, body := get(t, base+stateChat+"/messages?index=0", "ContactCenterId", stateCC)
	if code != 200 {
		t.Fatalf("GetMessages = %d %s", code, body)
	}
	return body
}

// TestStateSurvivesARestart: with --state, a change made before a graceful stop is there
// after a start with the same file, and so is the whole state (the export is the same);
// before the first stop the file does not exist and the default fixtures load.
func TestStateSurvivesARestart(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	// The simulated agent is off: nothing changes the state but the test.
	base, out, stop := start(t, "--state", path, "--state-every", "0", "--agent", "off")
	if !strings.Contains(out.String(), "state        "+path+", written on shutdown") {
		t.Errorf("banner lacks the state line:\n%s", out)
	}
	say(t, base, "kept across restarts")
	_, before := get(t, base+"/mock/fixtures")
	if err := stop(); err != nil {
		t.Fatalf("stop: %v", err)
	}
	if _, err := loadFixtures(path); err != nil {
		t.Fatalf("the state file after shutdown: %v", err)
	}
	// The state file wins over --fixtures, which is where a new state starts.
	small := filepath.Join(t.TempDir(), "small.json")
	if err := os.WriteFile(small, []byte(`{"tenants":[{"id":"cc-x","vendor":"gws"}],"agents":[],"chats":[]}`), 0o600); err != nil {
		t.Fatal(err)
	}
	base, _, stop = start(t, "--state", path, "--agent", "off", "--fixtures", small)
	if !strings.Contains(transcript(t, base), "kept across restarts") {
		t.Error("the message sent before the restart is gone")
	}
	if _, after := get(t, base+"/mock/fixtures"); after != before {
		t.Errorf("the state after the restart differs from the state before it (%d and %d bytes)", len(before), len(after))
	}
	say(t, base, "dropped by the reset")
	resp, err := http.Post(base+"/mock/reset", "application/json", nil)
	if err != nil || resp.StatusCode != 204 {
		t.Fatalf("reset: %v %v", err, resp)
	}
	resp.Body.Close()
	if tr := transcript(t, base); !strings.Contains(tr, "kept across restarts") || strings.Contains(tr, "dropped by the reset") {
		t.Error("a reset does not go back to the state loaded at start")
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
	if left, _ := filepath.Glob(filepath.Join(filepath.Dir(path), ".state.json.tmp-*")); len(left) > 0 {
		t.Errorf("temporary files left: %v", left)
	}
}

// TestStateIsWrittenPeriodically: with --state-every, the file appears and follows changes
// while the mock runs, without a shutdown.
func TestStateIsWrittenPeriodically(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	base, _, stop := start(t, "--state", path, "--state-every", "50ms")
	defer func() { _ = stop() }()
	say(t, base, "written while running")
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := os.ReadFile(path)
		if err == nil && strings.Contains(string(b), "written while running") {
			if _, err := fixtures.Parse(b); err != nil {
				t.Fatalf("the periodic state does not parse: %v", err)
			}
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no periodic write with the change after 10 s (err %v)", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestStateWriteIsAtomic: a write that fails midway (half the JSON on disk) leaves the
// previous file whole and no temporary file; a torn temporary file a crash left next to the
// state file is not what the next start reads.
func TestStateWriteIsAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "state.json")
	set, err := fixtures.Default()
	if err != nil {
		t.Fatal(err)
	}
	s := newStateFile(path, func() *fixtures.Set { return set }, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err := s.save(); err != nil {
		t.Fatalf("save: %v", err)
	}
	good, _ := os.ReadFile(path)
	set.Tenants[0].Name = "changed"
	s.write = func(f *os.File, b []byte) error {
		if _, err := f.Write(b[:len(b)/2]); err != nil {
			return err
		}
		return errors.New("disk full")
	}
	if err := s.save(); err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("save = %v; want the write error", err)
	}
	if now, _ := os.ReadFile(path); string(now) != string(good) {
		t.Error("a failed write changed the state file")
	}
	if left, _ := filepath.Glob(filepath.Join(dir, ".state.json.tmp-*")); len(left) > 0 {
		t.Errorf("a failed write left %v", left)
	}

	torn := filepath.Join(dir, ".state.json.tmp-12345")
	if err := os.WriteFile(torn, good[:len(good)/3], 0o600); err != nil {
		t.Fatal(err)
	}
	base, _, stop := start(t, "--state", path, "--state-every", "0")
	var loaded fixtures.Set
	_, body := get(t, base+"/mock/fixtures")
	if err := json.Unmarshal([]byte(body), &loaded); err != nil || loaded.Tenants[0].Name == "changed" || len(loaded.Chats) != len(set.Chats) {
		t.Errorf("the start after the failed write loaded %d chats (%v); want the good file's %d", len(loaded.Chats), err, len(set.Chats))
	}
	if err := stop(); err != nil {
		t.Errorf("stop: %v", err)
	}
}

// TestStateFileMustBeValid: an existing --state file is read strictly, as --fixtures; a bad
// one stops the start with an error naming it, and the file is left alone. A file in a
// directory that does not exist is refused at start too.
func TestStateFileMustBeValid(t *testing.T) {
	path := filepath.Join(t.TempDir(), "state.json")
	bad := `{"tenants":[],"agents":[],"chats":[],"chats":[]}`
	if err := os.WriteFile(path, []byte(bad), 0o600); err != nil {
		t.Fatal(err)
	}
	c, err := parseFlags([]string{"--addr", "127.0.0.1:0", "--state", path})
	if err != nil {
		t.Fatal(err)
	}
	err = serveConfig(t.Context(), c, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "--state") || !strings.Contains(err.Error(), path) {
		t.Errorf("serve with a bad state file = %v; want an error naming --state and the file", err)
	}
	if now, _ := os.ReadFile(path); string(now) != bad {
		t.Error("the bad state file was changed")
	}
	nowhere := filepath.Join(t.TempDir(), "missing", "state.json")
	c.state = nowhere
	if err := serveConfig(t.Context(), c, io.Discard, io.Discard); err == nil || !strings.Contains(err.Error(), "does not exist") {
		t.Errorf("serve with --state in a missing directory = %v; want an error saying so", err)
	}
}

func TestStateFlags(t *testing.T) {
	for _, args := range [][]string{{"--state-every", "1s"}, {"--state", "s.json", "--state-every", "-1s"}} {
		if _, err := parseFlags(args); err == nil {
			t.Errorf("parseFlags(%q) = nil; want an error", args)
		}
	}
	c, err := parseFlags([]string{"--state", "s.json"})
	if err != nil || c.stateEvery != defaultStateEvery {
		t.Errorf("--state alone: every %s, %v; want %s", c.stateEvery, err, defaultStateEvery)
	}
}
