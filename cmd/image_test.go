package cmd_test

import (
	"debug/elf"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// imageConfig is the part of an OCI image configuration the test checks.
type imageConfig struct {
	User         string
	ExposedPorts map[string]struct{}
	Env          []string
	Entrypoint   []string
	Cmd          []string
}

// buildah runs buildah and returns its trimmed output.
func buildah(t *testing.T, args ...string) string {
	t.Helper()
	out, err := exec.Command("buildah", args...).Output()
	if err != nil {
		var stderr []byte
		if ee, ok := err.(*exec.ExitError); ok {
			stderr = ee.Stderr
		}
		t.Fatalf("buildah %s: %v\n%s", strings.Join(args, " "), err, stderr)
	}
	return strings.TrimSpace(string(out))
}

// TestImage builds the container image with make image (buildah), checks its
// configuration, mounts it with buildah mount, and runs its entrypoint from the mounted
// root as the image would (chrooted there, as the image's user, with the image's command
// but a loopback address): it answers /healthz and shuts down on SIGTERM. Containers are
// not run, as some sandboxes refuse them. Without buildah (or root, which buildah mount
// needs) the test skips, unless CHATCONFORM_IMAGE is set, as CI sets it.
func TestImage(t *testing.T) {
	required := os.Getenv("CHATCONFORM_IMAGE") != ""
	skip := func(why string) {
		t.Helper()
		if required {
			t.Fatalf("CHATCONFORM_IMAGE is set, but %s", why)
		}
		t.Skip(why + " (CHATCONFORM_IMAGE=1 makes this a failure)")
	}
	if _, err := exec.LookPath("buildah"); err != nil {
		skip("buildah is not installed (apt-get install buildah)")
	}
	if os.Geteuid() != 0 {
		skip("buildah mount and chroot need root")
	}
	if testing.Short() && !required {
		t.Skip("builds the image")
	}

	image := fmt.Sprintf("localhost/chatconform-test:%d-%d", os.Getpid(), time.Now().UnixNano())
	build := exec.Command("make", "--no-print-directory", "image", "CONTAINER_TOOL=buildah",
		"IMAGE="+image, "IMAGE_CONTEXT="+filepath.Join(t.TempDir(), "context"))
	build.Dir = ".."
	build.Env = append(os.Environ(), "MAKEFLAGS=")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("make image: %v\n%s", err, out)
	}
	t.Cleanup(func() { _ = exec.Command("buildah", "rmi", "--force", image).Run() })

	var inspected struct {
		OCIv1 struct {
			Config imageConfig `json:"config"`
		}
	}
	if err := json.Unmarshal([]byte(buildah(t, "inspect", "--type", "image", image)), &inspected); err != nil {
		t.Fatalf("buildah inspect: %v", err)
	}
	cfg := inspected.OCIv1.Config
	if _, ok := cfg.ExposedPorts["8080/tcp"]; !ok {
		t.Errorf("exposed ports %v; want 8080/tcp", cfg.ExposedPorts)
	}
	uid, gid := numericUser(t, cfg.User)
	if uid == 0 || gid == 0 {
		t.Errorf("user %q; want a numeric non-root user and group", cfg.User)
	}
	if len(cfg.Entrypoint) != 1 || filepath.Base(cfg.Entrypoint[0]) != "chatmock" {
		t.Fatalf("entrypoint %q; want chatmock", cfg.Entrypoint)
	}
	addr := slices.Index(cfg.Cmd, "--addr")
	if addr < 0 || addr+1 >= len(cfg.Cmd) || cfg.Cmd[addr+1] != "0.0.0.0:8080" {
		t.Fatalf("command %q; want --addr 0.0.0.0:8080 (every interface, inside the container only)", cfg.Cmd)
	}

	ctr := buildah(t, "from", "--pull=never", image)
	t.Cleanup(func() { _ = exec.Command("buildah", "rm", ctr).Run() })
	root := buildah(t, "mount", ctr)
	t.Cleanup(func() { _ = exec.Command("buildah", "umount", ctr).Run() })

	files := imageFiles(t, root)
	for _, want := range []string{"/usr/local/bin/chatmock", "/usr/local/bin/chatconform"} {
		if !slices.Contains(files, want) {
			t.Errorf("the image lacks %s; it holds %q", want, files)
		}
	}
	for _, f := range files {
		if isDynamic(t, filepath.Join(root, f)) {
			t.Errorf("%s is dynamically linked; want static binaries (CGO_ENABLED=0)", f)
		}
	}

	// The entrypoint with the image's command, listening on loopback instead.
	args := slices.Clone(cfg.Cmd)
	args[addr+1] = "127.0.0.1:0"
	cmd := inImage(root, cfg, uid, gid, cfg.Entrypoint[0], args...)
	pr, pw := io.Pipe()
	cmd.Stdout, cmd.Stderr = pw, pw
	cmd.WaitDelay = 10 * time.Second
	if err := cmd.Start(); err != nil {
		t.Fatalf("start the entrypoint from the mounted image: %v", err)
	}
	t.Cleanup(func() { _ = cmd.Process.Kill() })
	mock := waitForBanner(t, pr)
	healthy(t, mock.base)
	// The image's command lets its service name in, and no other.
	for host, want := range map[string]int{"chatmock:8080": 200, "evil.example:8080": 403} {
		req, _ := http.NewRequest("GET", mock.base+"/healthz", nil)
		req.Host = host
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != want {
			t.Errorf("Host %s: %d; want %d (the image's --allowed-hosts)", host, resp.StatusCode, want)
		}
	}
	if err := cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	err := cmd.Wait()
	_ = pw.Close()
	if err != nil {
		t.Errorf("chatmock from the image exited with %v after SIGTERM; want 0\n%s", err, mock.rest())
	}
	closed(t, mock.base)

	// Arguments after the image name are chatmock's flags (docker run IMAGE --help).
	if out, err := inImage(root, cfg, uid, gid, cfg.Entrypoint[0], "--help").Output(); err != nil || !strings.HasPrefix(string(out), "usage:") {
		t.Errorf("the entrypoint with --help: %v\n%s", err, out)
	}

	// chatconform runs there too, and carries its own roots, as the image has no CA bundle.
	out, err := inImage(root, cfg, uid, gid, "chatconform", "--version").CombinedOutput()
	if err != nil || !strings.HasPrefix(string(out), "chatconform ") {
		t.Errorf("chatconform --version in the image: %v\n%s", err, out)
	}
	deps, err := exec.Command("go", "version", "-m", filepath.Join(root, "usr/local/bin/chatconform")).Output()
	if err != nil || !strings.Contains(string(deps), "golang.org/x/crypto/x509roots/fallback") {
		t.Errorf("chatconform in the image lacks the fallback roots: %v\n%s", err, deps)
	}
}

// inImage returns a command run as the image would run it: chrooted into its root, as its
// user, with its environment (PATH), from /.
func inImage(root string, cfg imageConfig, uid, gid uint32, name string, args ...string) *exec.Cmd {
	path := name
	if !strings.HasPrefix(name, "/") {
		path = "/usr/local/bin/" + name
		for _, e := range cfg.Env {
			if dirs, ok := strings.CutPrefix(e, "PATH="); ok {
				for _, d := range filepath.SplitList(dirs) {
					if _, err := os.Stat(filepath.Join(root, d, name)); err == nil {
						path = filepath.Join(d, name)
						break
					}
				}
			}
		}
	}
	cmd := exec.Command(path, args...)
	cmd.Env = cfg.Env
	cmd.Dir = "/"
	cmd.SysProcAttr = &syscall.SysProcAttr{Chroot: root, Credential: &syscall.Credential{Uid: uid, Gid: gid}}
	return cmd
}

// numericUser parses an image's "uid:gid".
func numericUser(t *testing.T, user string) (uint32, uint32) {
	t.Helper()
	u, g, ok := strings.Cut(user, ":")
	uid, err1 := strconv.ParseUint(u, 10, 32)
	gid, err2 := strconv.ParseUint(g, 10, 32)
	if !ok || err1 != nil || err2 != nil {
		t.Fatalf("image user %q; want numeric uid:gid (a scratch image has no /etc/passwd)", user)
	}
	return uint32(uid), uint32(gid)
}

// imageFiles lists the regular files under root, as paths inside the image.
func imageFiles(t *testing.T, root string) []string {
	t.Helper()
	var files []string
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || !d.Type().IsRegular() {
			return err
		}
		files = append(files, "/"+strings.TrimPrefix(p, root+"/"))
		return nil
	})
	if err != nil {
		t.Fatalf("walk the image: %v", err)
	}
	return files
}

// isDynamic reports whether the ELF file at path asks for a dynamic loader.
func isDynamic(t *testing.T, path string) bool {
	t.Helper()
	f, err := elf.Open(path)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	defer f.Close()
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP {
			return true
		}
	}
	return false
}
