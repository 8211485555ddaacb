package spec_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/oasdiff/yaml"

	"github.com/chatconform/chatconform/spec"
)

// wantDocuments is every document the project ships; a missing or extra file fails.
var wantDocuments = []string{
	"acquire-chat.yaml",
	"gws-chat.yaml",
	"gws-notifications.asyncapi.yaml",
	"mock-control.yaml",
	"superoffice-chat.yaml",
}

func load(t *testing.T) *spec.Set {
	t.Helper()
	set, err := spec.Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return set
}

func TestLoadEveryDocument(t *testing.T) {
	set := load(t)
	var got []string
	for _, d := range set.Documents() {
		got = append(got, d.Name)
		switch d.Kind {
		case spec.KindOpenAPI:
			if d.OpenAPI == nil || d.Router() == nil {
				t.Errorf("%s: OpenAPI document without parsed form or router", d.Name)
			}
			if d.OpenAPI.OpenAPI != "3.0.3" {
				t.Errorf("%s: openapi = %q; want 3.0.3", d.Name, d.OpenAPI.OpenAPI)
			}
		case spec.KindAsyncAPI:
			if d.AsyncAPI == nil {
				t.Errorf("%s: AsyncAPI document not parsed", d.Name)
			}
		default:
			t.Errorf("%s: kind = %q", d.Name, d.Kind)
		}
	}
	if strings.Join(got, " ") != strings.Join(wantDocuments, " ") {
		t.Errorf("documents = %v; want %v", got, wantDocuments)
	}
}

func TestEveryOperationHasIDAndSource(t *testing.T) {
	set := load(t)
	url := regexp.MustCompile(`^https://[a-z0-9.-]+\.(com|io)/\S+$`)
	ids := map[string]bool{}
	perDoc := map[string]int{}
	for _, op := range set.Operations() {
		perDoc[op.Document.Name]++
		if ids[op.ID] {
			t.Errorf("operationId %s used twice", op.ID)
		}
		ids[op.ID] = true
		for _, src := range op.Sources { // each resolves: a public vendor page or a file here
			switch {
			case url.MatchString(src):
			case !strings.Contains(src, ":") && !strings.HasPrefix(src, "/"):
				if _, err := os.Stat(filepath.Join("..", src)); err != nil {
					t.Errorf("%s: x-source %q: no such file in the repository", op.ID, src)
				}
			default:
				t.Errorf("%s: x-source %q; want a vendor https URL or a file of the repository", op.ID, src)
			}
		}
	}
	want := map[string]int{"gws-chat.yaml": 8, "superoffice-chat.yaml": 13, "acquire-chat.yaml": 2, "mock-control.yaml": 20}
	for doc, n := range want {
		if perDoc[doc] != n {
			t.Errorf("%s: %d operations; want %d", doc, perDoc[doc], n)
		}
	}
}

// TestEveryXSourceResolves: every x-source of every document, on operations, schemas,
// channels and messages alike, names a public vendor page or a file of this repository.
func TestEveryXSourceResolves(t *testing.T) {
	url := regexp.MustCompile(`^https://[a-z0-9.-]+\.(com|io|org)/\S+$`)
	files, err := filepath.Glob("*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no documents: %v", err)
	}
	n := 0
	for _, f := range files {
		raw, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		js, err := yaml.YAMLToJSON(raw)
		var doc any
		if err == nil {
			err = json.Unmarshal(js, &doc)
		}
		if err != nil {
			t.Fatalf("%s: %v", f, err)
		}
		walkSources(doc, func(src string) {
			n++
			switch {
			case url.MatchString(src):
			case !strings.Contains(src, ":") && !strings.HasPrefix(src, "/"):
				if _, err := os.Stat(filepath.Join("..", src)); err != nil {
					t.Errorf("%s: x-source %q: no such file in the repository", f, src)
				}
			default:
				t.Errorf("%s: x-source %q; want a vendor https URL or a file of the repository", f, src)
			}
		})
	}
	if n < 60 {
		t.Errorf("%d x-source entries; want every one of the documents' (60 or more)", n)
	}
}

// walkSources calls f with every value of every x-source under v.
func walkSources(v any, f func(string)) {
	switch v := v.(type) {
	case map[string]any:
		for k, e := range v {
			if k != "x-source" {
				walkSources(e, f)
				continue
			}
			switch s := e.(type) {
			case string:
				f(s)
			case []any:
				for _, x := range s {
					str, _ := x.(string)
					f(str)
				}
			}
		}
	case []any:
		for _, e := range v {
			walkSources(e, f)
		}
	}
}

func TestOperationLookup(t *testing.T) {
	set := load(t)
	for _, tc := range []struct {
		id, doc, method, path string
	}{
		{"GetMessages", "gws-chat.yaml", "GET", "/api/v2/chats/{chatId}/messages"},
		{"CustomerChatOperation", "gws-chat.yaml", "POST", "/api/v2/chats/{chatId}"},
		{"AgentChatOperation", "gws-chat.yaml", "POST", "/api/v2/me/chats/{chatId}"},
		{"GetChatMessages", "superoffice-chat.yaml", "GET", "/api/v1/ChatSession/{chatSessionId}/Messages"},
		{"AddChatMessage", "superoffice-chat.yaml", "POST", "/api/v1/ChatSession/{chatSessionId}/Messages"},
		{"GetProfileMessages", "acquire-chat.yaml", "POST", "/api/profile/lead/message"},
		{"GetProfileThreads", "acquire-chat.yaml", "POST", "/api/profile/message/thread"},
	} {
		op, ok := set.Operation(tc.id)
		if !ok {
			t.Errorf("Operation(%q) not found", tc.id)
			continue
		}
		if op.Document.Name != tc.doc || op.Method != tc.method || op.Path != tc.path {
			t.Errorf("Operation(%q) = %s %s %s; want %s %s %s", tc.id, op.Document.Name, op.Method, op.Path, tc.doc, tc.method, tc.path)
		}
	}
}

// TestDecisionsRecorded checks that every place where the vendor documents disagree with
// themselves carries an x-decision (vendor-apis.md's ambiguity tables).
func TestDecisionsRecorded(t *testing.T) {
	set := load(t)
	for _, tc := range []struct {
		name, doc, where string
		want             string // a word the decision must mention
	}{
		{"GetMessages is GET, not POST", "gws-chat.yaml", "op:GetMessages", "GET"},
		{"GetChat is GET, not POST", "gws-chat.yaml", "op:GetChat", "GET"},
		{"duplicate index 3 in the CometD seed", "gws-chat.yaml", "schema:MessageLogUpdated", "index 3"},
		{"timestampSeconds holds milliseconds", "gws-chat.yaml", "schema:TimestampMillis", "milliseconds"},
		{"channel beside data", "gws-chat.yaml", "schema:ChatStateChangeNotification", "channel"},
		{"participantId is a string", "gws-chat.yaml", "schema:Participant.participantId", "string"},
		{"Reject returns statusCode", "gws-chat.yaml", "op:AgentChatOperation", "Reject"},
		{"ContactCenterId is a header parameter", "gws-chat.yaml", "param:ContactCenterId", "header"},
		{"SuperOffice sample payloads are shape-only", "superoffice-chat.yaml", "op:AddChatMessage", "sample"},
		{"SuperOffice after is exclusive", "superoffice-chat.yaml", "op:GetChatMessages", "after"},
		{"Acquire errors use the 2.0 codes in the legacy envelope", "acquire-chat.yaml", "op:GetProfileMessages", "2.0"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := decisionAt(t, set, tc.doc, tc.where)
			if text == "" {
				t.Fatalf("%s %s: no x-decision", tc.doc, tc.where)
			}
			if !strings.Contains(strings.ToLower(text), strings.ToLower(tc.want)) {
				t.Errorf("%s %s: x-decision %q does not mention %q", tc.doc, tc.where, text, tc.want)
			}
		})
	}
}

// decisionAt reads x-decision at op:<operationId> (the operation or, failing that, any of
// its parameters), schema:<Name>[.<property>], or param:<Name> (a component parameter).
// All x-decision texts found there are joined.
func decisionAt(t *testing.T, set *spec.Set, docName, where string) string {
	t.Helper()
	doc := set.Document(docName)
	if doc == nil {
		t.Fatalf("no document %s", docName)
	}
	kind, name, _ := strings.Cut(where, ":")
	var texts []string
	add := func(ext map[string]any) {
		if s, ok := ext["x-decision"].(string); ok {
			texts = append(texts, s)
		}
	}
	switch kind {
	case "op":
		op, ok := set.Operation(name)
		if !ok {
			t.Fatalf("no operation %s", name)
		}
		add(op.Operation.Extensions)
		for _, p := range op.Operation.Parameters {
			add(p.Value.Extensions)
		}
	case "schema":
		schemaName, prop, _ := strings.Cut(name, ".")
		s := doc.OpenAPI.Components.Schemas[schemaName]
		if s == nil {
			t.Fatalf("no schema %s", schemaName)
		}
		if prop == "" {
			add(s.Value.Extensions)
		} else if p := s.Value.Properties[prop]; p != nil {
			add(p.Value.Extensions)
		}
	case "param":
		if p := doc.OpenAPI.Components.Parameters[name]; p != nil {
			add(p.Value.Extensions)
		}
	}
	sort.Strings(texts)
	return strings.Join(texts, " | ")
}
