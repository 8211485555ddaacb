package cmd_test

import (
	"bytes"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"golang.org/x/mod/module"
	modzip "golang.org/x/mod/zip"
)

const modulePath = "github.com/chatconform/chatconform"

// installVersion is the version the local module is published under in the test's proxy.
const installVersion = "v0.1.0-installtest"

// TestGoInstallLatest runs the README's go install commands, as written, in a fresh GOPATH
// with an empty module cache: the module itself (this working tree) comes from a file
// proxy that publishes it as installVersion, its dependencies from GOPROXY as usual. The
// installed commands report that version and chatmock answers /healthz.
func TestGoInstallLatest(t *testing.T) {
	if testing.Short() {
		t.Skip("downloads the dependencies into an empty module cache and builds two commands")
	}
	tmp := t.TempDir()
	proxy := filepath.Join(tmp, "proxy")
	publish(t, proxy, installVersion)

	upstream, err := exec.Command("go", "env", "GOPROXY").Output()
	if err != nil {
		t.Fatalf("go env GOPROXY: %v", err)
	}
	gopath := filepath.Join(tmp, "gopath")
	gobin := filepath.Join(tmp, "bin")
	env := append(os.Environ(),
		"GOPATH="+gopath,
		"GOMODCACHE="+filepath.Join(gopath, "pkg", "mod"),
		"GOBIN="+gobin,
		"GOPROXY=file://"+filepath.ToSlash(proxy)+","+strings.TrimSpace(string(upstream)),
		"GONOSUMDB="+modulePath, // a local build, unknown to the checksum database
		"GOFLAGS=-modcacherw",   // so that the temporary module cache can be removed
		"GOWORK=off",
		"GOTOOLCHAIN=local",
	)
	for _, line := range readmeInstall(t) {
		cmd := exec.Command("bash", "-e", "-c", line)
		cmd.Dir = tmp // outside this module
		cmd.Env = env
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", line, err, out)
		}
	}
	if _, err := os.Stat(filepath.Join(gopath, "pkg", "mod", "github.com", "getkin")); err != nil {
		t.Errorf("the dependencies were not downloaded into the empty module cache: %v", err)
	}
	for _, name := range []string{"chatmock", "chatconform"} {
		out, err := exec.Command(filepath.Join(gobin, name), "--version").Output()
		if err != nil || !strings.HasPrefix(string(out), name+" "+installVersion+"\n") {
			t.Errorf("%s --version: %v\n%s\nwant %s %s", name, err, out, name, installVersion)
		}
	}
	cmd := exec.Command(filepath.Join(gobin, "chatmock"), "--addr", "127.0.0.1:0")
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	mock := waitForBanner(t, pr)
	healthy(t, mock.base)
	_ = cmd.Process.Signal(syscall.SIGTERM)
	err = cmd.Wait()
	_ = pw.Close()
	if err != nil {
		t.Errorf("installed chatmock: %v\n%s", err, mock.rest())
	}
}

// readmeInstall returns the go install lines of README.md's Install section.
func readmeInstall(t *testing.T) []string {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	var lines []string
	for _, l := range strings.Split(string(raw), "\n") {
		if strings.HasPrefix(l, "go install "+modulePath+"/cmd/") && strings.HasSuffix(l, "@latest") {
			lines = append(lines, l)
		}
	}
	if len(lines) < 2 {
		t.Fatalf("README.md has %d go install ...@latest lines; want chatmock and chatconform", len(lines))
	}
	return lines
}

// publish writes a module proxy (the GOPROXY protocol over file://) under dir that holds
// this working tree's module as version: the files git tracks or would add, as a module
// zip holds them.
func publish(t *testing.T, dir, version string) {
	t.Helper()
	ls := exec.Command("git", "ls-files", "-z", "--cached", "--others", "--exclude-standard")
	ls.Dir = ".."
	out, err := ls.Output()
	if err != nil {
		t.Fatalf("git ls-files: %v", err)
	}
	root, err := filepath.Abs("..")
	if err != nil {
		t.Fatal(err)
	}
	var files []modzip.File
	for _, name := range strings.Split(strings.TrimRight(string(out), "\x00"), "\x00") {
		if _, err := os.Lstat(filepath.Join(root, name)); err == nil { // not deleted
			files = append(files, treeFile{root: root, name: filepath.ToSlash(name)})
		}
	}
	at := filepath.Join(dir, filepath.FromSlash(modulePath), "@v")
	if err := os.MkdirAll(at, 0o755); err != nil {
		t.Fatal(err)
	}
	var zip bytes.Buffer
	if err := modzip.Create(&zip, module.Version{Path: modulePath, Version: version}, files); err != nil {
		t.Fatalf("module zip: %v", err)
	}
	goMod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	info, _ := json.Marshal(map[string]string{"Version": version, "Time": time.Now().UTC().Format(time.RFC3339)})
	for name, body := range map[string][]byte{
		"list":            []byte(version + "\n"),
		version + ".info": info,
		version + ".mod":  goMod,
		version + ".zip":  zip.Bytes(),
	} {
		if err := os.WriteFile(filepath.Join(at, name), body, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// treeFile is a file of the working tree, for the module zip.
type treeFile struct{ root, name string }

func (f treeFile) Path() string                 { return f.name }
func (f treeFile) Lstat() (fs.FileInfo, error)  { return os.Lstat(filepath.Join(f.root, f.name)) }
func (f treeFile) Open() (io.ReadCloser, error) { return os.Open(filepath.Join(f.root, f.name)) }
