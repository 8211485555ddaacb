package cmd_test

import (
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"syscall"
	"testing"

	"go.yaml.in/yaml/v3"
)

// gitlabJob is the part of a GitLab CI job the test checks.
type gitlabJob struct {
	Stage     string   `yaml:"stage"`
	Image     string   `yaml:"image"`
	Needs     []string `yaml:"needs"`
	Script    []string `yaml:"script"`
	Artifacts struct {
		When    string   `yaml:"when"`
		Paths   []string `yaml:"paths"`
		Reports struct {
			JUnit string `yaml:"junit"`
		} `yaml:"reports"`
	} `yaml:"artifacts"`
}

// TestGitLabRecipe parses docs/ci/gitlab-ci.yml (actionlint checks the GitHub ones, in
// make lint-ci) and checks what GitLab would reject or what would break silently: every job
// has a script and a declared stage, needs name jobs of earlier stages, and the certify job
// keeps its reports when checks fail and hands GitLab the JUnit report.
func TestGitLabRecipe(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "docs", "ci", "gitlab-ci.yml"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]yaml.Node
	if err := yaml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("gitlab-ci.yml: %v", err)
	}
	var stages []string
	if n, ok := doc["stages"]; !ok || n.Decode(&stages) != nil || len(stages) == 0 {
		t.Fatal("gitlab-ci.yml: want a stages list")
	}
	jobs := map[string]gitlabJob{}
	for name, n := range doc {
		if name == "stages" || name == "variables" || strings.HasPrefix(name, ".") {
			continue
		}
		var j gitlabJob
		if err := n.Decode(&j); err != nil {
			t.Fatalf("job %s: %v", name, err)
		}
		jobs[name] = j
	}
	for name, j := range jobs {
		if len(j.Script) == 0 || j.Image == "" {
			t.Errorf("job %s: want an image and a script", name)
		}
		stage := slices.Index(stages, j.Stage)
		if stage < 0 {
			t.Errorf("job %s: stage %q is not in stages %q", name, j.Stage, stages)
		}
		for _, need := range j.Needs {
			if n, ok := jobs[need]; !ok || slices.Index(stages, n.Stage) >= stage {
				t.Errorf("job %s needs %q, which is not a job of an earlier stage", name, need)
			}
		}
	}
	certify, ok := jobs["certify"]
	if !ok {
		t.Fatal("gitlab-ci.yml: no certify job")
	}
	if certify.Artifacts.When != "always" || certify.Artifacts.Reports.JUnit != "reports/junit.xml" {
		t.Errorf("certify: artifacts when %q, junit %q; want always and reports/junit.xml", certify.Artifacts.When, certify.Artifacts.Reports.JUnit)
	}
	for _, f := range []string{"certificate.md", "certificate.html", "summary.json", "junit.xml"} {
		if !slices.Contains(certify.Artifacts.Paths, "reports/"+f) {
			t.Errorf("certify: artifacts lack reports/%s", f)
		}
	}
	if !strings.Contains(strings.Join(jobs["frontend-tests"].Script, "\n"), "/healthz") {
		t.Error("frontend-tests: want a wait for chatmock's /healthz")
	}
}

// TestRecipesMatchTheModule: the CI recipes install this module's commands with the Go
// version go.mod needs, and use only flags the commands have.
func TestRecipesMatchTheModule(t *testing.T) {
	goMod, err := os.ReadFile(filepath.Join("..", "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	goVersion := regexp.MustCompile(`(?m)^go (\S+)$`).FindSubmatch(goMod)
	if goVersion == nil {
		t.Fatal("go.mod has no go line")
	}
	help := map[string]string{
		"chatmock":    runCmd(t, "chatmock", "--help").stdout,
		"chatconform": runCmd(t, "chatconform", "run", "--help").stdout,
	}
	files, _ := filepath.Glob(filepath.Join("..", "docs", "ci", "*.yml"))
	if len(files) < 3 {
		t.Fatalf("docs/ci holds %d recipes; want the two GitHub workflows and the GitLab file", len(files))
	}
	install := regexp.MustCompile(`github\.com/chatconform/chatconform/cmd/(\w+)@`)
	use := regexp.MustCompile(`(chatmock|chatconform)"?((?: (?:run|--[a-z-]+|"[^"]*"|\S+))*)`)
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		text := string(raw)
		name := filepath.Base(f)
		if !strings.Contains(text, "golang:"+string(goVersion[1])) && !strings.Contains(text, `go-version: "`+string(goVersion[1])+`"`) {
			t.Errorf("%s does not use Go %s, which go.mod needs", name, goVersion[1])
		}
		if len(install.FindAllString(text, -1)) == 0 {
			t.Errorf("%s installs none of the commands", name)
		}
		for _, m := range install.FindAllStringSubmatch(text, -1) {
			if _, ok := help[m[1]]; !ok {
				t.Errorf("%s installs cmd/%s; want chatmock or chatconform", name, m[1])
			}
		}
		for _, m := range use.FindAllStringSubmatch(text, -1) {
			for _, flag := range regexp.MustCompile(`--[a-z-]+`).FindAllString(m[2], -1) {
				if flag != "--version" && flag != "--help" && !strings.Contains(help[m[1]], "  "+flag+" ") && !strings.Contains(help[m[1]], "  "+flag+"\n") {
					t.Errorf("%s runs %s with %s, which it does not have", name, m[1], flag)
				}
			}
		}
	}
}

// TestRecipesStartChatmock runs the part of each frontend recipe that starts chatmock in the
// background and waits for /healthz, as written (on a free port instead of 8080, with the
// installed chatmock where the recipe expects it), and checks that the mock is up when the
// script returns.
func TestRecipesStartChatmock(t *testing.T) {
	github := readRecipe(t, "github-frontend.yml")
	var workflow struct {
		Jobs map[string]struct {
			Steps []struct {
				Name string `yaml:"name"`
				Run  string `yaml:"run"`
			} `yaml:"steps"`
		} `yaml:"jobs"`
	}
	if err := yaml.Unmarshal(github, &workflow); err != nil {
		t.Fatal(err)
	}
	var githubScript string
	for _, s := range workflow.Jobs["test"].Steps {
		if strings.HasPrefix(s.Name, "Start chatmock") {
			githubScript = s.Run
		}
	}
	var gitlab struct {
		Frontend struct {
			Script []string `yaml:"script"`
		} `yaml:"frontend-tests"`
	}
	if err := yaml.Unmarshal(readRecipe(t, "gitlab-ci.yml"), &gitlab); err != nil {
		t.Fatal(err)
	}
	var gitlabScript []string
	for _, line := range gitlab.Frontend.Script {
		if strings.HasPrefix(line, "npm ") {
			break
		}
		gitlabScript = append(gitlabScript, line)
	}
	for _, tc := range []struct {
		name, script string
		bin          string // where the recipe runs chatmock from, under the job's directory
	}{
		{"github-frontend.yml", githubScript, "gopath/bin"},
		{"gitlab-ci.yml", strings.Join(gitlabScript, "\n"), "bin"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if !strings.Contains(tc.script, "127.0.0.1:8080") || !strings.Contains(tc.script, "/healthz") {
				t.Fatalf("no start of chatmock on 127.0.0.1:8080 with a wait for /healthz in:\n%s", tc.script)
			}
			job := t.TempDir()
			if err := os.MkdirAll(filepath.Join(job, tc.bin), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.Link(filepath.Join(bin, "chatmock"), filepath.Join(job, tc.bin, "chatmock")); err != nil {
				t.Fatal(err)
			}
			base := "http://" + freeAddr(t)
			script := strings.ReplaceAll(tc.script, "http://127.0.0.1:8080", base)
			script = strings.ReplaceAll(script, "127.0.0.1:8080", strings.TrimPrefix(base, "http://"))
			cmd := exec.CommandContext(t.Context(), "bash", "-e", "-c", script)
			cmd.Dir = job
			cmd.Env = append(os.Environ(), "GOPATH="+filepath.Join(job, "gopath"))
			cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
			// The background chatmock is in the script's process group; end it with the test.
			t.Cleanup(func() {
				if cmd.Process != nil {
					_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
				}
			})
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("the recipe's start of chatmock failed: %v\n%s", err, out)
			}
			healthy(t, base)
			log, _ := os.ReadFile(filepath.Join(job, "chatmock.log"))
			if !strings.Contains(string(log), "chatmock listening on "+base) {
				t.Errorf("chatmock.log lacks the banner:\n%s", log)
			}
		})
	}
}

func readRecipe(t *testing.T, name string) []byte {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("..", "docs", "ci", name))
	if err != nil {
		t.Fatal(err)
	}
	return raw
}

// freeAddr returns a loopback address nothing listens on.
func freeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	return ln.Addr().String()
}
