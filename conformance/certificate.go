package conformance

import (
	"bytes"
	"encoding/json"
	htmltemplate "html/template"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/template"
	"time"

	"github.com/onsi/ginkgo/v2/reporters"
	"github.com/onsi/ginkgo/v2/types"
)

// Certificate is what the certificate shows: the target, the verdict, and every check's
// result grouped by vendor and profile.
type Certificate struct {
	Target    string
	Generated time.Time
	Verdict   string
	Passed    int
	Failed    int
	Skipped   int
	Groups    []Group
	Failures  []Result
}

// Group is the checks of one vendor and profile.
type Group struct {
	Vendor, Profile string
	Results         []Result
}

// NewCertificate builds the certificate of a run.
func NewCertificate(target string, at time.Time, s Summary) Certificate {
	c := Certificate{Target: target, Generated: at.UTC()}
	groups := map[[2]string][]Result{}
	for _, r := range s.Results {
		switch r.State {
		case "passed":
			c.Passed++
		case "failed":
			c.Failed++
			c.Failures = append(c.Failures, r)
		default:
			c.Skipped++
		}
		k := [2]string{r.Vendor, r.Profile}
		groups[k] = append(groups[k], r)
	}
	keys := make([][2]string, 0, len(groups))
	for k := range groups {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i][0] != keys[j][0] {
			return keys[i][0] < keys[j][0]
		}
		return keys[i][1] > keys[j][1] // required before optional
	})
	for _, k := range keys {
		rs := groups[k]
		sort.Slice(rs, func(i, j int) bool { return rs[i].ID < rs[j].ID })
		c.Groups = append(c.Groups, Group{Vendor: k[0], Profile: k[1], Results: rs})
	}
	c.Verdict = "CONFORMANT: every required check that ran passed"
	switch {
	case s.RequiredFailed > 0:
		c.Verdict = "NOT CONFORMANT: required checks failed"
	case s.SuiteFailed:
		c.Verdict = "NOT CERTIFIED: the suite could not run (see the failures)"
	case c.Passed == 0:
		c.Verdict = "NOT CERTIFIED: no check ran"
	}
	return c
}

var funcs = map[string]any{
	"mark": func(state string) string {
		switch state {
		case "passed":
			return "✅ pass"
		case "failed":
			return "❌ FAIL"
		}
		return "⏭ " + state
	},
	"cell": func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") },
}

const markdownText = `# chatconform conformance certificate

- Target: {{.Target}}
- Generated: {{.Generated.Format "2006-01-02 15:04:05 MST"}}
- Result: **{{.Verdict}}** ({{.Passed}} passed, {{.Failed}} failed, {{.Skipped}} not run)
{{range .Groups}}
## {{.Vendor}} — {{.Profile}}

| id | check | source | result |
| --- | --- | --- | --- |
{{range .Results}}| {{.ID}} | {{cell .Must}} | {{cell .Source}} | {{mark .State}} |
{{end}}{{end}}{{if .Failures}}
## Failures
{{range .Failures}}
### {{.ID}}

{{.Must}}

Source: {{.Source}}

` + "```" + `
{{.Failure}}
` + "```" + `
{{if .Exchange}}
What was sent and received:

` + "```" + `
{{.Exchange}}
` + "```" + `
{{end}}{{end}}{{end}}`

const htmlText = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chatconform conformance certificate</title>
<style>body{font-family:system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}.passed{color:#060}.failed{color:#a00;font-weight:bold}
pre{background:#f6f6f6;padding:.8em;overflow:auto}</style></head><body>
<h1>chatconform conformance certificate</h1>
<p>Target: <code>{{.Target}}</code><br>Generated: {{.Generated.Format "2006-01-02 15:04:05 MST"}}<br>
Result: <strong>{{.Verdict}}</strong> ({{.Passed}} passed, {{.Failed}} failed, {{.Skipped}} not run)</p>
{{range .Groups}}<h2>{{.Vendor}} — {{.Profile}}</h2>
<table><tr><th>id</th><th>check</th><th>source</th><th>result</th></tr>
{{range .Results}}<tr><td id="{{.ID}}">{{.ID}}</td><td>{{.Must}}</td><td>{{.Source}}</td><td class="{{.State}}">{{mark .State}}</td></tr>
{{end}}</table>{{end}}
{{if .Failures}}<h2>Failures</h2>{{range .Failures}}<h3>{{.ID}}</h3><p>{{.Must}}</p><p>Source: {{.Source}}</p>
<pre>{{.Failure}}</pre>{{if .Exchange}}<p>What was sent and received:</p><pre>{{.Exchange}}</pre>{{end}}{{end}}{{end}}
</body></html>
`

var (
	markdownTemplate = template.Must(template.New("md").Funcs(funcs).Parse(markdownText))
	htmlTemplate     = htmltemplate.Must(htmltemplate.New("html").Funcs(funcs).Parse(htmlText))
)

// Markdown renders the certificate.
func (c Certificate) Markdown() ([]byte, error) {
	var b bytes.Buffer
	err := markdownTemplate.Execute(&b, c)
	return b.Bytes(), err
}

// HTML renders the certificate.
func (c Certificate) HTML() ([]byte, error) {
	var b bytes.Buffer
	err := htmlTemplate.Execute(&b, c)
	return b.Bytes(), err
}

// writeReports writes junit.xml, report.json (ginkgo's), summary.json (the check results),
// certificate.md and certificate.html into dir.
func writeReports(dir string, r types.Report, s Summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	if err := reporters.GenerateJUnitReport(r, filepath.Join(dir, "junit.xml")); err != nil {
		return err
	}
	if err := reporters.GenerateJSONReport(r, filepath.Join(dir, "report.json")); err != nil {
		return err
	}
	sum, err := json.MarshalIndent(s, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "summary.json"), sum, 0o644); err != nil {
		return err
	}
	c := NewCertificate(cfg.GWSURL, r.EndTime, s)
	md, err := c.Markdown()
	if err != nil {
		return err
	}
	html, err := c.HTML()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "certificate.md"), md, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(dir, "certificate.html"), html, 0o644)
}
