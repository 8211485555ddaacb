package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"sync"
	"time"

	"github.com/chatconform/chatconform/fixtures"
)

// defaultStateEvery is how often --state is written when --state-every is not given.
const defaultStateEvery = 30 * time.Second

// loadState reads the --state file when it exists (strict JSON, as --fixtures); it returns
// nil without error when there is no such file yet.
// Its directory must exist, so a path that can never be written is refused at start rather
// than at the first write.
func loadState(path string) (*fixtures.Set, error) {
	if d, err := os.Stat(filepath.Dir(path)); err != nil || !d.IsDir() {
		return nil, fmt.Errorf("--state %s: the directory %s does not exist", path, filepath.Dir(path))
	}
	if _, err := os.Stat(path); errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	set, err := loadFixtures(path)
	if err != nil {
		return nil, fmt.Errorf("--state: %w", err)
	}
	return set, nil
}

// stateFile writes the mock's state to one file, atomically: the JSON goes to a temporary
// file in the same directory, which is synced and renamed over the file, so the file is
// always a whole state (the previous one until the rename), whatever happens midway.
type stateFile struct {
	path   string
	export func() *fixtures.Set
	log    *slog.Logger

	mu sync.Mutex // one write at a time
	// write writes the encoded state to the temporary file (tests make it fail midway).
	write func(f *os.File, b []byte) error
}

func newStateFile(path string, export func() *fixtures.Set, log *slog.Logger) *stateFile {
	return &stateFile{path: path, export: export, log: log,
		write: func(f *os.File, b []byte) error { _, err := f.Write(b); return err }}
}

// save writes the current state.
func (s *stateFile) save() (err error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, err := json.MarshalIndent(s.export(), "", "  ")
	if err != nil {
		return fmt.Errorf("encode state: %w", err)
	}
	b = append(b, '\n')
	dir, base := filepath.Split(s.path)
	if dir == "" {
		dir = "."
	}
	f, err := os.CreateTemp(dir, "."+base+".tmp-*")
	if err != nil {
		return fmt.Errorf("write state: %w", err)
	}
	tmp := f.Name()
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()
	if err := s.write(f, b); err != nil {
		return fmt.Errorf("write state %s: %w", tmp, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("sync state %s: %w", tmp, err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("close state %s: %w", tmp, err)
	}
	if err := os.Rename(tmp, s.path); err != nil {
		return fmt.Errorf("replace state %s: %w", s.path, err)
	}
	// The rename is durable once the directory is synced; not every system allows it.
	if d, derr := os.Open(dir); derr == nil {
		_ = d.Sync()
		_ = d.Close()
	}
	return nil
}

// every saves the state every period until ctx ends; a failed write is logged and the
// previous file stays.
func (s *stateFile) every(ctx context.Context, period time.Duration) {
	t := time.NewTicker(period)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if err := s.save(); err != nil {
				s.log.Warn("periodic state write failed; the previous state file is kept", "err", err)
			} else {
				s.log.Debug("state written", "file", s.path)
			}
		}
	}
}
