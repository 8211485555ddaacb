package spec_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/spec"
)

func TestBrokenDocumentsRejected(t *testing.T) {
	for _, tc := range []struct {
		dir  string
		want []string // every one must appear in the error
	}{
		{"bad-example", []string{"validate api.yaml", "/things/{thingId}", "GET", "example", "name"}},
		{"no-operation-id", []string{"api.yaml: paths./things/{thingId}.get: no operationId"}},
		{"no-source", []string{"api.yaml: paths./things/{thingId}.get (GetThing): x-source: missing"}},
		{"duplicate-operation-id", []string{"b.yaml: paths./other/{thingId}.get: operationId GetThing already used by a.yaml GET /things/{thingId}"}},
		{"unresolved-ref", []string{"load api.yaml: paths./things/{thingId}.get.responses.200.content.application/json.schema: $ref \"#/components/schemas/Thingy\": not found"}},
		{"not-yaml", []string{"load api.yaml", "yaml: line"}},
		{"asyncapi-bad-ref", []string{"validate events.asyncapi.yaml", "components.messages.Thing.payload", "api.yaml has no schema Missing"}},
		{"asyncapi-bad-example", []string{"validate events.asyncapi.yaml", "components.messages.Thing.examples[0]", "name"}},
	} {
		t.Run(tc.dir, func(t *testing.T) {
			_, err := spec.LoadFS(os.DirFS(filepath.Join("testdata", "broken", tc.dir)))
			if err == nil {
				t.Fatal("LoadFS succeeded; want an error")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not contain %q", err, w)
				}
			}
		})
	}
}

func TestLoadFSEmpty(t *testing.T) {
	if _, err := spec.LoadFS(os.DirFS(t.TempDir())); err != spec.ErrNoDocuments {
		t.Errorf("LoadFS(empty dir) = %v; want ErrNoDocuments", err)
	}
}
