package conformance

import (
	"bytes"
	"encoding/json"
	"fmt"
	"html"
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

// Certificate is what the certificate shows, in this order: the verdict, each surface's
// verdict, what was run and how, the failures with their timelines, the checks that did not
// run with the reason, and every check's result grouped by vendor and profile.
type Certificate struct {
	Summary
	Generated time.Time
	Failures  []Result
	Skipped   []Result
	Groups    []Group
}

// Group is the checks of one vendor and profile.
type Group struct {
	Vendor, Profile string
	Results         []Result
}

// NewCertificate builds the certificate of a run.
func NewCertificate(s Summary, at time.Time) Certificate {
	c := Certificate{Summary: s, Generated: at.UTC()}
	groups := map[[2]string][]Result{}
	for _, r := range s.Results {
		switch r.State {
		case StateFailed:
			c.Failures = append(c.Failures, r)
		case StateSkipped, StateNotRun:
			c.Skipped = append(c.Skipped, r)
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
	return c
}

var funcs = map[string]any{
	"mark": func(state string) string {
		switch state {
		case StatePassed:
			return "✔ pass"
		case StateFailed:
			return "✘ FAIL"
		}
		return "– " + state
	},
	"verdictMark": func(v string) string {
		switch v {
		case Certified:
			return "✔ certified"
		case NotCertified:
			return "✘ not certified"
		}
		return "– not claimed"
	},
	"cell":  func(s string) string { return strings.ReplaceAll(strings.ReplaceAll(s, "|", `\|`), "\n", " ") },
	"join":  func(s []string) string { return strings.Join(s, ", ") },
	"flags": func(s []string) string { return strings.Join(s, " ") },
	"or": func(s, def string) string {
		if s == "" {
			return def
		}
		return s
	},
	"dur": func(d time.Duration) string { return d.Round(time.Millisecond).String() },
}

const markdownText = `# chatconform conformance certificate

**{{.Verdict}}**

{{.Passed}} passed, {{.Failed}} failed, {{.NotRun}} not run, {{.NotClaimed}} not claimed.

## Surfaces

| surface | verdict | required: passed | failed | not run | optional: passed | failed |
| --- | --- | --- | --- | --- | --- | --- |
{{range .Surfaces}}| {{.Surface}} | {{verdictMark .Verdict}} | {{.Required.Passed}} | {{.Required.Failed}} | {{.Required.NotRun}} | {{.Optional.Passed}} | {{.Optional.Failed}} |
{{end}}
## Run

- Target: GWS {{.Run.Target.GWS}}, SuperOffice {{.Run.Target.SuperOffice}}, Acquire {{.Run.Target.Acquire}}
- Suite version: {{.Run.SuiteVersion}}
- Specs digest: {{.Run.SpecsDigest}}
- Claimed surfaces: {{or (join .Run.Surfaces) "none"}}
- Profile: {{.Run.Profile}}
- Focus: {{or .Run.Focus "none"}}
- Vendors: {{or (join .Run.Vendors) "all"}}
- Flags: {{or (flags .Run.Flags) "none"}}
- Started: {{.Run.Start.Format "2006-01-02 15:04:05 MST"}}, took {{dur .Run.Duration}}
{{if .SuiteFailure}}
## The suite could not run

` + "```" + `
{{.SuiteFailure}}
` + "```" + `
{{end}}{{if .Failures}}
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
{{end}}{{end}}{{end}}{{if .Skipped}}
## Not run

| id | profile | why |
| --- | --- | --- |
{{range .Skipped}}| {{.ID}} | {{.Profile}} | {{cell .Reason}} |
{{end}}{{end}}{{range .Groups}}
## {{.Vendor}} — {{.Profile}}

| id | check | surfaces | source | result |
| --- | --- | --- | --- | --- |
{{range .Results}}| {{.ID}} | {{cell .Must}} | {{join .Surfaces}} | {{cell .Source}} | {{mark .State}} |
{{end}}{{end}}`

// htmlText uses check marks of the basic Dingbats block (U+2714, U+2718), which the fonts
// a headless Chromium has render, instead of emoji.
const htmlText = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>chatconform conformance certificate</title>
<style>body{font-family:"DejaVu Sans",system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;width:100%}
td,th{border:1px solid #ccc;padding:.3em .5em;text-align:left;vertical-align:top}.passed,.certified{color:#060}.failed,.not-certified{color:#a00;font-weight:bold}
pre{background:#f6f6f6;padding:.8em;overflow:auto}</style></head><body>
<h1>chatconform conformance certificate</h1>
<p id="verdict"><strong>{{.Verdict}}</strong></p>
<p>{{.Passed}} passed, {{.Failed}} failed, {{.NotRun}} not run, {{.NotClaimed}} not claimed.</p>
<h2>Surfaces</h2>
<table><tr><th>surface</th><th>verdict</th><th>required: passed</th><th>failed</th><th>not run</th><th>optional: passed</th><th>failed</th></tr>
{{range .Surfaces}}<tr><td>{{.Surface}}</td><td class="{{.Verdict | cls}}">{{verdictMark .Verdict}}</td><td>{{.Required.Passed}}</td><td>{{.Required.Failed}}</td><td>{{.Required.NotRun}}</td><td>{{.Optional.Passed}}</td><td>{{.Optional.Failed}}</td></tr>
{{end}}</table>
<h2>Run</h2>
<ul><li>Target: GWS <code>{{.Run.Target.GWS}}</code>, SuperOffice <code>{{.Run.Target.SuperOffice}}</code>, Acquire <code>{{.Run.Target.Acquire}}</code></li>
<li>Suite version: {{.Run.SuiteVersion}}</li><li>Specs digest: <code>{{.Run.SpecsDigest}}</code></li>
<li>Claimed surfaces: {{or (join .Run.Surfaces) "none"}}</li><li>Profile: {{.Run.Profile}}</li><li>Focus: {{or .Run.Focus "none"}}</li>
<li>Vendors: {{or (join .Run.Vendors) "all"}}</li><li>Flags: <code>{{or (flags .Run.Flags) "none"}}</code></li>
<li>Started: {{.Run.Start.Format "2006-01-02 15:04:05 MST"}}, took {{dur .Run.Duration}}</li></ul>
{{if .SuiteFailure}}<h2>The suite could not run</h2><pre>{{.SuiteFailure}}</pre>{{end}}
{{if .Failures}}<h2>Failures</h2>{{range .Failures}}<h3 id="{{.ID}}">{{.ID}}</h3><p>{{.Must}}</p><p>Source: {{.Source}}</p>
<pre>{{.Failure}}</pre>{{if .Exchange}}<p>What was sent and received:</p><pre>{{.Exchange}}</pre>{{end}}{{end}}{{end}}
{{if .Skipped}}<h2>Not run</h2><table><tr><th>id</th><th>profile</th><th>why</th></tr>
{{range .Skipped}}<tr><td>{{.ID}}</td><td>{{.Profile}}</td><td>{{.Reason}}</td></tr>
{{end}}</table>{{end}}
{{range .Groups}}<h2>{{.Vendor}} — {{.Profile}}</h2>
<table><tr><th>id</th><th>check</th><th>surfaces</th><th>source</th><th>result</th></tr>
{{range .Results}}<tr><td>{{.ID}}</td><td>{{.Must}}</td><td>{{join .Surfaces}}</td><td>{{.Source}}</td><td class="{{.State | cls}}">{{mark .State}}</td></tr>
{{end}}</table>{{end}}
</body></html>
`

var (
	markdownTemplate = template.Must(template.New("md").Funcs(funcs).Parse(markdownText))
	htmlTemplate     = htmltemplate.Must(htmltemplate.New("html").Funcs(funcs).
				Funcs(map[string]any{"cls": func(s string) string { return strings.ReplaceAll(s, " ", "-") }}).Parse(htmlText))
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

// Badge renders the run's status badge (SVG, for a README): "chatconform" and either the
// certified surfaces or what went wrong.
func (c Certificate) Badge() []byte {
	text, color := "not certified", "#c62828"
	if c.Certified {
		text, color = "certified: "+strings.Join(c.Run.Surfaces, ", "), "#2e7d32"
		if len(c.Run.Surfaces) == len(Surfaces())-1 { // every surface but one of so-onsite/so-online
			text = "certified: all surfaces"
		}
	}
	const left = 84
	right := 12 + 7*len([]rune(text))
	var b bytes.Buffer
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="20" role="img" aria-label="chatconform: %s">`, left+right, html.EscapeString(text))
	fmt.Fprintf(&b, `<title>chatconform: %s</title><rect width="%d" height="20" fill="#555"/><rect x="%d" width="%d" height="20" fill="%s"/>`, html.EscapeString(text), left, left, right, color)
	fmt.Fprintf(&b, `<g fill="#fff" font-family="DejaVu Sans,Verdana,sans-serif" font-size="11"><text x="6" y="14">chatconform</text><text x="%d" y="14">%s</text></g></svg>`+"\n", left+6, html.EscapeString(text))
	return b.Bytes()
}

// WriteReports writes junit.xml, report.json (ginkgo's), summary.json (the run and every
// check's result), certificate.md, certificate.html and badge.svg into dir.
func WriteReports(dir string, r types.Report, s Summary) error {
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
	c := NewCertificate(s, r.EndTime)
	md, err := c.Markdown()
	if err != nil {
		return err
	}
	page, err := c.HTML()
	if err != nil {
		return err
	}
	for name, b := range map[string][]byte{"summary.json": sum, "certificate.md": md, "certificate.html": page, "badge.svg": c.Badge()} {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
