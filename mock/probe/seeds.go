package probe

import (
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Seeds returns an input for every request example of every operation of the document:
// the example body in its media type, the path and query parameters' examples, the first
// credentials and prefix, no Accept. An operation without a request body gives one input
// (and one more without its query, when its parameters have examples).
func (t *Target) Seeds() []Input {
	var out []Input
	for _, path := range t.paths {
		item := t.doc.OpenAPI.Paths.Value(path)
		methods := make([]string, 0, len(item.Operations()))
		for m := range item.Operations() {
			methods = append(methods, m)
		}
		sort.Strings(methods)
		for _, method := range methods {
			op := item.GetOperation(method)
			base := t.Input(method, path)
			params := append(slices.Clone(item.Parameters), op.Parameters...)
			var pathValues []string
			query := url.Values{}
			for _, p := range params {
				v, ok := example(p.Value)
				if !ok {
					continue
				}
				switch p.Value.In {
				case openapi3.ParameterInPath:
					pathValues = append(pathValues, fmt.Sprint(v))
				case openapi3.ParameterInQuery:
					query.Set(p.Value.Name, fmt.Sprint(v))
				}
			}
			base.Param, base.Query = strings.Join(pathValues, "\x00"), query.Encode()
			if op.RequestBody == nil {
				out = append(out, base)
				if base.Query != "" {
					bare := base
					bare.Query = ""
					out = append(out, bare)
				}
				continue
			}
			content := op.RequestBody.Value.Content
			for _, mt := range sortedKeys(content) {
				for _, ex := range examples(content[mt]) {
					body, ok := encode(mt, ex)
					if !ok {
						continue
					}
					in := base
					in.ContentType, in.Body = t.Media(mt), body
					out = append(out, in)
				}
			}
		}
	}
	return out
}

// Input returns an input for an operation of the document, with the first credentials and
// prefix and nothing else set; it panics on a method or path the target does not have.
func (t *Target) Input(method, path string) Input {
	m, p := slices.Index(Methods, method), slices.Index(t.paths, path)
	if m < 0 || p < 0 {
		panic(fmt.Sprintf("probe: no %s %s in %s", method, path, t.doc.Name))
	}
	return Input{Method: uint8(m), Path: uint8(p)}
}

// Media returns the ContentType choice of a media type; it panics on one the target does
// not offer.
func (t *Target) Media(mediaType string) uint8 {
	i := slices.Index(t.media, mediaType)
	if i < 0 {
		panic(fmt.Sprintf("probe: %s offers no media type %q", t.doc.Name, mediaType))
	}
	return uint8(i)
}

// example returns a parameter's example: the example, or the first of its examples by name.
func example(p *openapi3.Parameter) (any, bool) {
	if p.Example != nil {
		return p.Example, true
	}
	for _, name := range sortedKeys(p.Examples) {
		if ex := p.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			return ex.Value.Value, true
		}
	}
	return nil, false
}

// examples returns a media type's example and its named examples, by name.
func examples(m *openapi3.MediaType) []any {
	var out []any
	if m.Example != nil {
		out = append(out, m.Example)
	}
	for _, name := range sortedKeys(m.Examples) {
		if ex := m.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			out = append(out, ex.Value.Value)
		}
	}
	return out
}

// encode renders an example in a media type: JSON for the JSON types, a form for
// application/x-www-form-urlencoded (arrays as repeated fields); not XML.
func encode(mediaType string, v any) ([]byte, bool) {
	switch {
	case mediaType == "application/x-www-form-urlencoded":
		obj, ok := v.(map[string]any)
		if !ok {
			return nil, false
		}
		form := url.Values{}
		for k, val := range obj {
			if list, isList := val.([]any); isList {
				for _, e := range list {
					form.Add(k, fmt.Sprint(e))
				}
				continue
			}
			form.Set(k, fmt.Sprint(val))
		}
		return []byte(form.Encode()), true
	case strings.HasSuffix(mediaType, "json"):
		b, err := json.Marshal(v)
		return b, err == nil
	}
	return nil, false
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
