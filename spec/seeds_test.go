package spec_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatconform/chatconform/spec"
)

// seedExample is one JSON example copied from a vendor page into testdata/seeds, with the
// schema it belongs to.
type seedExample struct {
	Source   []string `json:"source"`
	About    string   `json:"about"`
	Document string   `json:"document"`
	// Either Schema (a component schema's name) or OperationID with Part ("request" or
	// "response <status>") names the schema.
	Schema      string `json:"schema"`
	OperationID string `json:"operationId"`
	Part        string `json:"part"`
	// Valid says whether the example matches; an example that does not must name the
	// x-decision that explains why (op:<operationId> or schema:<Name>).
	Valid    bool            `json:"valid"`
	Decision string          `json:"decision"`
	Example  json.RawMessage `json:"example"`
}

func TestSeedExamples(t *testing.T) {
	set := load(t)
	files, err := filepath.Glob(filepath.Join("testdata", "seeds", "*.json"))
	if err != nil || len(files) < 9 {
		t.Fatalf("testdata/seeds: %d files, %v; want at least 9", len(files), err)
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			raw, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			var ex seedExample
			if err := json.Unmarshal(raw, &ex); err != nil {
				t.Fatalf("parse: %v", err)
			}
			if len(ex.Source) == 0 || !strings.HasPrefix(ex.Source[0], "seeds/") {
				t.Errorf("source = %v; want the seed file first", ex.Source)
			}
			schema := seedSchema(t, set, ex)
			var value any
			if err := json.Unmarshal(ex.Example, &value); err != nil {
				t.Fatalf("example: %v", err)
			}
			err = schema.Value.VisitJSON(value, openapi3.MultiErrors())
			switch {
			case ex.Valid && err != nil:
				t.Errorf("example does not match its schema: %v", err)
			case !ex.Valid && err == nil:
				t.Errorf("example matches its schema, but the file says it does not")
			case !ex.Valid:
				t.Logf("rejected as expected: %v", firstLine(err.Error()))
			}
			if !ex.Valid && ex.Decision == "" {
				t.Errorf("an example that does not match needs a decision")
			}
			if ex.Decision != "" && decisionAt(t, set, ex.Document, ex.Decision) == "" {
				t.Errorf("decision %s: no x-decision there", ex.Decision)
			}
		})
	}
}

func seedSchema(t *testing.T, set *spec.Set, ex seedExample) *openapi3.SchemaRef {
	t.Helper()
	doc := set.Document(ex.Document)
	if doc == nil || doc.OpenAPI == nil {
		t.Fatalf("document %q: not an OpenAPI document of the set", ex.Document)
	}
	if ex.Schema != "" {
		s := doc.OpenAPI.Components.Schemas[ex.Schema]
		if s == nil {
			t.Fatalf("%s: no schema %s", ex.Document, ex.Schema)
		}
		return s
	}
	op, ok := set.Operation(ex.OperationID)
	if !ok || op.Document != doc {
		t.Fatalf("%s: no operation %s", ex.Document, ex.OperationID)
	}
	var content openapi3.Content
	switch part, status, _ := strings.Cut(ex.Part, " "); part {
	case "request":
		content = op.Operation.RequestBody.Value.Content
	case "response":
		code, err := strconv.Atoi(status)
		if err != nil || op.Operation.Responses.Status(code) == nil {
			t.Fatalf("%s: part %q: no such response", ex.OperationID, ex.Part)
		}
		content = op.Operation.Responses.Status(code).Value.Content
	default:
		t.Fatalf("part %q; want request or response <status>", ex.Part)
	}
	mt := content.Get("application/json")
	if mt == nil || mt.Schema == nil {
		t.Fatalf("%s %s: no application/json schema", ex.OperationID, ex.Part)
	}
	return mt.Schema
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}
