package cmd_test

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMakeRunLeavesNoListener: `make run` runs the built chatmock in the foreground, so a
// SIGTERM to make (as `kill` sends to `make run &`) or a SIGINT to its process group (as a
// terminal's Ctrl-C sends) reaches chatmock, which shuts down; nothing listens afterwards.
func TestMakeRunLeavesNoListener(t *testing.T) {
	if testing.Short() {
		t.Skip("builds chatmock with make")
	}
	if _, err := exec.LookPath("make"); err != nil {
		t.Skip("make is not installed")
	}
	for _, tc := range []struct {
		name  string
		group bool // signal the process group, not make alone
		sig   syscall.Signal
	}{
		{"SIGTERM to make", false, syscall.SIGTERM},
		{"SIGINT to the group", true, syscall.SIGINT},
	} {
		t.Run(tc.name, func(t *testing.T) {
			bin := t.TempDir()
			cmd := exec.CommandContext(t.Context(), "make", "--no-print-directory", "run",
				"BIN="+bin, "ARGS=--addr 127.0.0.1:0 --agent off")
			cmd.Dir = ".."
			cmd.Env = append(os.Environ(), "MAKEFLAGS=")
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			pr, pw := io.Pipe()
			cmd.Stdout, cmd.Stderr = pw, pw
			cmd.WaitDelay = 10 * time.Second // a process left behind holds the output open
			if err := cmd.Start(); err != nil {
				t.Fatalf("start make run: %v", err)
			}
			// Whatever the outcome, nothing of this make run outlives the test.
			t.Cleanup(func() { _ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL) })
			mock := waitForBanner(t, pr)
			healthy(t, mock.base)
			pid := cmd.Process.Pid
			if tc.group {
				pid = -pid
			}
			if err := syscall.Kill(pid, tc.sig); err != nil {
				t.Fatal(err)
			}
			_ = cmd.Wait() // make dies of the signal; chatmock's own exit shows in its log
			_ = pw.Close()
			closed(t, mock.base)
			if rest := mock.rest(); !strings.Contains(rest, "shutting down") {
				t.Errorf("chatmock did not shut down gracefully (no \"shutting down\" in its log):\n%s", rest)
			}
			if _, err := os.Stat(filepath.Join(bin, "chatmock")); err != nil {
				t.Errorf("make run did not build into BIN: %v", err)
			}
		})
	}
}
