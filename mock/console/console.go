package console

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"

	"github.com/chatconform/chatconform/spec"
)

//go:embed ui
var assets embed.FS

// Paths the console answers.
const (
	UIPath    = "/mock/ui/"
	IndexPath = "/mock/"
	SpecPath  = "/mock/openapi.yaml"
	OpsPath   = "/mock/ui/operations.json"
)

// controlDocument is the control API's document in spec/.
const controlDocument = "mock-control.yaml"

// Operation is a vendor operation the console offers when adding a fault.
type Operation struct {
	ID     string `json:"operationId"`
	Vendor string `json:"vendor"`
	Method string `json:"method"`
	Path   string `json:"path"`
}

// Console serves the console's paths; create it with New. It is read-only after New.
type Console struct {
	hub   *Hub
	files fs.FS
	index []byte
	spec  []byte
	ops   []byte
}

// New prepares the index page, the spec and the operation list once.
func New(specs *spec.Set) (*Console, error) {
	files, err := fs.Sub(assets, "ui")
	if err != nil {
		return nil, fmt.Errorf("console assets: %w", err)
	}
	doc := specs.Document(controlDocument)
	if doc == nil {
		return nil, fmt.Errorf("console: no document %s", controlDocument)
	}
	c := &Console{hub: NewHub(0), files: files, spec: doc.Raw}
	if c.index, err = indexPage(specs); err != nil {
		return nil, err
	}
	if c.ops, err = json.Marshal(map[string]any{"operations": VendorOperations(specs)}); err != nil {
		return nil, err
	}
	return c, nil
}

// vendorOf names the vendor of a document by its file name ("gws-chat.yaml": gws).
func vendorOf(doc string) string {
	name, _, _ := strings.Cut(doc, "-")
	return name
}

// VendorOperations lists the operations of every vendor document (the control API's
// excluded), by vendor then document order.
func VendorOperations(specs *spec.Set) []Operation {
	var out []Operation
	for _, op := range specs.Operations() {
		if op.Document.Name == controlDocument {
			continue
		}
		out = append(out, Operation{ID: op.ID, Vendor: vendorOf(op.Document.Name), Method: op.Method, Path: op.Path})
	}
	slices.SortStableFunc(out, func(a, b Operation) int { return strings.Compare(a.Vendor, b.Vendor) })
	return out
}

// Publish tells the open consoles of a change (never blocks).
func (c *Console) Publish(e Event) { c.hub.Publish(e) }

// Listening tells whether a console is listening for events.
func (c *Console) Listening() bool { return c.hub.Listening() }

// Close ends the event streams (the mock is shutting down).
func (c *Console) Close() { c.hub.Close() }

// Serve answers the console's paths and reports whether it did: / redirects to the
// console, /mock/ is the index, /mock/openapi.yaml the control spec, /mock/ui/... the
// console's files, /mock/events the stream of changes. They take GET and HEAD only.
func (c *Console) Serve(w http.ResponseWriter, r *http.Request) bool {
	p := r.URL.Path
	if p != "/" && p != IndexPath && p != SpecPath && p != EventsPath && p != "/mock/ui" && !strings.HasPrefix(p, UIPath) {
		return false
	}
	if p == EventsPath && r.Method != http.MethodGet {
		w.Header().Set("Allow", "GET")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", fmt.Sprintf("method %s is not allowed on %s", r.Method, p))
		return true
	}
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "method_not_allowed", fmt.Sprintf("method %s is not allowed on %s", r.Method, p))
		return true
	}
	switch {
	case p == "/" || p == "/mock/ui":
		http.Redirect(w, r, UIPath, http.StatusFound)
	case p == IndexPath:
		write(w, "text/html; charset=utf-8", c.index)
	case p == SpecPath:
		write(w, "application/yaml", c.spec)
	case p == OpsPath:
		write(w, "application/json", c.ops)
	case p == EventsPath:
		c.hub.ServeEvents(w, r)
	default:
		c.file(w, r, strings.TrimPrefix(p, UIPath))
	}
	return true
}

// file serves one embedded file; the console is one page, so / is index.html.
func (c *Console) file(w http.ResponseWriter, r *http.Request, name string) {
	if name == "" {
		name = "index.html"
	}
	b, err := fs.ReadFile(c.files, name)
	if err != nil {
		writeError(w, http.StatusNotFound, "not_found", fmt.Sprintf("path %s: the console has no such file", r.URL.Path))
		return
	}
	ct := mime.TypeByExtension(path.Ext(name)) // html, js, css and svg are in Go's own table
	if ct == "" {
		ct = "application/octet-stream"
	}
	write(w, ct, b)
}

func write(w http.ResponseWriter, contentType string, b []byte) {
	h := w.Header()
	h.Set("Content-Type", contentType)
	h.Set("Cache-Control", "no-cache")
	h.Set("X-Content-Type-Options", "nosniff")
	_, _ = w.Write(b)
}

// writeError answers in the control API's envelope.
func writeError(w http.ResponseWriter, status int, code, msg string) {
	b, _ := json.Marshal(map[string]any{"error": map[string]string{"code": code, "message": msg}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	_, _ = w.Write(b)
}

var indexTemplate = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>chatmock control API</title><link rel="icon" href="data:,"><link rel="stylesheet" href="/mock/ui/style.css"></head>
<body class="index"><main>
<h1>chatmock control API</h1>
<p><a href="/mock/ui/">Open the web console</a> · <a href="/mock/openapi.yaml">The control API's OpenAPI document</a> (mock-control.yaml)</p>
<table><caption>Operations</caption><thead><tr><th scope="col">Method</th><th scope="col">Path</th><th scope="col">operationId</th><th scope="col">Summary</th></tr></thead><tbody>
{{range .}}<tr><td>{{.Method}}</td><td><code>{{.Path}}</code></td><td>{{.ID}}</td><td>{{.Summary}}</td></tr>
{{end}}</tbody></table>
</main></body></html>
`))

// indexPage lists the control API's operations.
func indexPage(specs *spec.Set) ([]byte, error) {
	type row struct{ Method, Path, ID, Summary string }
	var rows []row
	for _, op := range specs.Operations() {
		if op.Document.Name == controlDocument {
			rows = append(rows, row{op.Method, op.Path, op.ID, op.Operation.Summary})
		}
	}
	var b bytes.Buffer
	if err := indexTemplate.Execute(&b, rows); err != nil {
		return nil, fmt.Errorf("console index: %w", err)
	}
	return b.Bytes(), nil
}
