package spec_test

import (
	"fmt"
	"sort"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatconform/chatconform/spec"
)

// example is one example value found in a document, with the schema it must match.
type example struct {
	where  string
	value  any
	schema *openapi3.SchemaRef
}

// TestEveryExampleValidates walks every example of every document (media types, parameters,
// headers, schemas, AsyncAPI messages) and validates it against its schema. kin-openapi
// checks examples while loading as well; this test keeps that promise visible and counted.
func TestEveryExampleValidates(t *testing.T) {
	set := load(t)
	total := 0
	for _, d := range set.Documents() {
		var found []example
		switch d.Kind {
		case spec.KindOpenAPI:
			found = openAPIExamples(d.OpenAPI)
		case spec.KindAsyncAPI:
			for _, name := range sortedNames(d.AsyncAPI.Messages) {
				m := d.AsyncAPI.Messages[name]
				for i, e := range m.Examples {
					found = append(found, example{fmt.Sprintf("messages.%s.examples[%d]", name, i), e, m.Payload})
				}
			}
		}
		if len(found) == 0 {
			t.Errorf("%s: no examples", d.Name)
		}
		for _, e := range found {
			if e.schema == nil || e.schema.Value == nil {
				t.Errorf("%s: %s: example without a schema", d.Name, e.where)
				continue
			}
			if err := e.schema.Value.VisitJSON(e.value, openapi3.MultiErrors()); err != nil {
				t.Errorf("%s: %s: %v", d.Name, e.where, err)
			}
		}
		t.Logf("%s: %d examples", d.Name, len(found))
		total += len(found)
	}
	if total < 100 {
		t.Errorf("%d examples in all; want at least 100", total)
	}
}

// TestEveryOperationHasExamples requires a request example for every request body and an
// example for every success and error response of every operation.
func TestEveryOperationHasExamples(t *testing.T) {
	set := load(t)
	for _, op := range set.Operations() {
		o := op.Operation
		if o.RequestBody != nil {
			for mt, m := range o.RequestBody.Value.Content {
				if isXML(mt) {
					continue
				}
				if m.Example == nil && len(m.Examples) == 0 {
					t.Errorf("%s: request %s: no example", op.ID, mt)
				}
			}
		}
		errs := 0
		for code, r := range o.Responses.Map() {
			if r.Value == nil || len(r.Value.Content) == 0 {
				continue
			}
			if code == "default" || code[0] != '2' {
				errs++
			}
			for mt, m := range r.Value.Content {
				if isXML(mt) {
					continue
				}
				if m.Example == nil && len(m.Examples) == 0 {
					t.Errorf("%s: response %s %s: no example", op.ID, code, mt)
				}
			}
		}
		if errs == 0 {
			t.Errorf("%s: no error response documented", op.ID)
		}
	}
}

func isXML(mediaType string) bool { return mediaType == "application/xml" || mediaType == "text/xml" }

func openAPIExamples(doc *openapi3.T) []example {
	var out []example
	seen := map[*openapi3.Schema]bool{}
	var schema func(where string, s *openapi3.SchemaRef)
	schema = func(where string, s *openapi3.SchemaRef) {
		if s == nil || s.Value == nil || seen[s.Value] {
			return
		}
		seen[s.Value] = true
		v := s.Value
		if v.Example != nil {
			out = append(out, example{where + " example", v.Example, s})
		}
		for _, name := range sortedNames(v.Properties) {
			schema(where+"."+name, v.Properties[name])
		}
		schema(where+"[]", v.Items)
		if v.AdditionalProperties.Schema != nil {
			schema(where+".*", v.AdditionalProperties.Schema)
		}
		for i, sub := range append(append(append(openapi3.SchemaRefs{}, v.AllOf...), v.OneOf...), v.AnyOf...) {
			schema(fmt.Sprintf("%s/%d", where, i), sub)
		}
	}
	media := func(where string, content openapi3.Content) {
		for _, mt := range sortedNames(content) {
			m := content[mt]
			schema(where+" "+mt+" schema", m.Schema)
			if m.Example != nil {
				out = append(out, example{where + " " + mt + " example", m.Example, m.Schema})
			}
			for _, name := range sortedNames(m.Examples) {
				if ex := m.Examples[name]; ex.Value != nil {
					out = append(out, example{where + " " + mt + " examples." + name, ex.Value.Value, m.Schema})
				}
			}
		}
	}
	param := func(where string, p *openapi3.Parameter) {
		schema(where+" schema", p.Schema)
		if p.Example != nil {
			out = append(out, example{where + " example", p.Example, p.Schema})
		}
		for _, name := range sortedNames(p.Examples) {
			if ex := p.Examples[name]; ex.Value != nil {
				out = append(out, example{where + " examples." + name, ex.Value.Value, p.Schema})
			}
		}
		media(where, p.Content)
	}
	for _, path := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(path)
		for _, p := range item.Parameters {
			param(path+" parameter "+p.Value.Name, p.Value)
		}
		for _, method := range sortedNames(item.Operations()) {
			op := item.GetOperation(method)
			where := method + " " + path
			for _, p := range op.Parameters {
				param(where+" parameter "+p.Value.Name, p.Value)
			}
			if op.RequestBody != nil {
				media(where+" request", op.RequestBody.Value.Content)
			}
			for _, code := range sortedNames(op.Responses.Map()) {
				r := op.Responses.Map()[code].Value
				media(where+" response "+code, r.Content)
				for _, h := range sortedNames(r.Headers) {
					hv := r.Headers[h].Value
					param(where+" response "+code+" header "+h, &hv.Parameter)
				}
			}
		}
	}
	for _, name := range sortedNames(doc.Components.Schemas) {
		schema("components.schemas."+name, doc.Components.Schemas[name])
	}
	for _, name := range sortedNames(doc.Components.Parameters) {
		param("components.parameters."+name, doc.Components.Parameters[name].Value)
	}
	return out
}

func sortedNames[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
