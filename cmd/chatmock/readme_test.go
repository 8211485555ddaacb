package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// readmeBlock is a shell block of README.md marked <!-- readme-test: curl -->, with the
// output fragments its "# ⇒" lines promise, in order.
type readmeBlock struct {
	line   int
	args   []string // chatmock flags the block needs, after "curl" in the marker
	script string
	expect []string
}

func readmeBlocks(t *testing.T) []readmeBlock {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(raw), "\n")
	var blocks []readmeBlock
	for i := 0; i < len(lines); i++ {
		marker, ok := strings.CutPrefix(strings.TrimSpace(lines[i]), "<!-- readme-test: curl")
		if !ok {
			continue
		}
		args := strings.Fields(strings.TrimSuffix(marker, "-->"))
		if i+1 >= len(lines) || lines[i+1] != "```sh" {
			t.Fatalf("README.md:%d: the marker must be followed by a ```sh block", i+1)
		}
		b := readmeBlock{line: i + 3, args: args}
		var body []string
		for i += 2; i < len(lines) && lines[i] != "```"; i++ {
			body = append(body, lines[i])
			if want, ok := strings.CutPrefix(lines[i], "# ⇒ "); ok {
				b.expect = append(b.expect, want)
			}
		}
		b.script = strings.Join(body, "\n")
		blocks = append(blocks, b)
	}
	return blocks
}

// TestReadmeCurlSessions runs every marked curl session of README.md, as written, against a
// fresh mock started the way `make run` starts it (only the port differs), and checks that
// every command succeeds and the promised fragments appear in order.
func TestReadmeCurlSessions(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Skip("curl is not installed")
	}
	blocks := readmeBlocks(t)
	if len(blocks) < 4 {
		t.Fatalf("%d marked curl sessions in README.md; want one per vendor and the control API", len(blocks))
	}
	for _, b := range blocks {
		t.Run(fmt.Sprintf("README.md:%d", b.line), func(t *testing.T) {
			base, _, _ := start(t, b.args...)
			script := strings.ReplaceAll(b.script, "http://127.0.0.1:8080", base)
			cmd := exec.Command("bash", "-e", "-o", "pipefail", "-c", script)
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Fatalf("README.md:%d: %v\n%s", b.line, err, out)
			}
			rest := string(out)
			for _, want := range b.expect {
				i := strings.Index(rest, want)
				if i < 0 {
					t.Fatalf("README.md:%d: output lacks %q (in order):\n%s", b.line, want, out)
				}
				rest = rest[i+len(want):]
			}
		})
	}
}
