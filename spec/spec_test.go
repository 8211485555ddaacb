package spec_test

import (
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"

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
	seeds := seedFiles(t)
	url := regexp.MustCompile(`^https://[a-z0-9.-]+\.(com|io)/\S+$`)
	ids := map[string]bool{}
	perDoc := map[string]int{}
	for _, op := range set.Operations() {
		perDoc[op.Document.Name]++
		if ids[op.ID] {
			t.Errorf("operationId %s used twice", op.ID)
		}
		ids[op.ID] = true
		for _, src := range op.Sources {
			switch {
			case strings.HasPrefix(src, "seeds/"):
				if !seeds[strings.TrimPrefix(src, "seeds/")] {
					t.Errorf("%s: x-source %q: no such seed file", op.ID, src)
				}
			case url.MatchString(src), src == "DESIGN.md", src == "chatconform":
			default:
				t.Errorf("%s: x-source %q; want seeds/<file>, a vendor https URL, DESIGN.md or chatconform", op.ID, src)
			}
		}
	}
	want := map[string]int{"gws-chat.yaml": 8, "superoffice-chat.yaml": 13, "acquire-chat.yaml": 2, "mock-control.yaml": 19}
	for doc, n := range want {
		if perDoc[doc] != n {
			t.Errorf("%s: %d operations; want %d", doc, perDoc[doc], n)
		}
	}
}

// seedFiles lists ../../shared/seeds when it is there (a developer checkout), and otherwise
// accepts the names recorded in testdata/seeds.
func seedFiles(t *testing.T) map[string]bool {
	t.Helper()
	names := map[string]bool{
		"000_9cfeee26f56903e8.txt": true,
		"001_d6f43432aaeef892.txt": true,
		"002_cb8d0612bb592ded.txt": true,
		"003_c6cd686a578e15c7.txt": true,
		"004_c69655297d0320d8.txt": true,
	}
	if entries, err := os.ReadDir(filepath.Join("..", "..", "shared", "seeds")); err == nil {
		for _, e := range entries {
			names[e.Name()] = true
		}
	}
	return names
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
