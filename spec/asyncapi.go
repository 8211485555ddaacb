package spec

import (
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/yaml"
)

// AsyncAPI is the part of an AsyncAPI 2.6 document that the mock and the conformance suite
// use: its channels, and its messages with their payload schemas resolved into the OpenAPI
// documents of the set. Full validation against the AsyncAPI schema is `make lint`'s job
// (the official parser); LoadFS checks the version, operations, every $ref and every
// message example.
type AsyncAPI struct {
	Version  string
	Channels []string
	// Messages by components.messages key.
	Messages map[string]*Message

	raw map[string]any
}

// Message is one AsyncAPI message.
type Message struct {
	Name string
	// PayloadRef is the payload's $ref as written, e.g. "./gws-chat.yaml#/components/schemas/X".
	PayloadRef string
	// Payload is the schema the $ref points to.
	Payload *openapi3.SchemaRef
	// Examples are the example payloads.
	Examples []any
}

// parseTree reads a YAML document as JSON would see it.
func parseTree(raw []byte) (map[string]any, error) {
	js, err := yaml.YAMLToJSON(raw)
	if err != nil {
		return nil, fmt.Errorf("parse yaml: %w", err)
	}
	var doc map[string]any
	if err := json.Unmarshal(js, &doc); err != nil {
		return nil, fmt.Errorf("parse: %w", err)
	}
	return doc, nil
}

// checkLocalRefs reports the first "#/..." $ref of tree that points nowhere, naming where it
// is; kin-openapi's own message names only the missing key.
func checkLocalRefs(tree map[string]any) error {
	return walkRefs(tree, "", func(where, ref string) error {
		if !strings.HasPrefix(ref, "#") {
			return nil
		}
		if _, err := resolveLocal(tree, ref); err != nil {
			return fmt.Errorf("%s: $ref %q: %w", where, ref, err)
		}
		return nil
	})
}

func resolveLocal(tree map[string]any, ref string) (any, error) {
	var node any = tree
	for _, part := range strings.Split(strings.TrimPrefix(ref, "#/"), "/") {
		part = strings.NewReplacer("~1", "/", "~0", "~").Replace(part)
		m, ok := node.(map[string]any)
		if !ok {
			return nil, errors.New("not found")
		}
		if node, ok = m[part]; !ok {
			return nil, errors.New("not found")
		}
	}
	return node, nil
}

func parseAsyncAPI(raw []byte) (*AsyncAPI, error) {
	doc, err := parseTree(raw)
	if err != nil {
		return nil, err
	}
	a := &AsyncAPI{raw: doc, Messages: make(map[string]*Message)}
	a.Version, _ = doc["asyncapi"].(string)
	if a.Version != "2.6.0" {
		return nil, fmt.Errorf("asyncapi: version %q; want 2.6.0", a.Version)
	}
	if title, _ := lookup(doc, "info", "title").(string); title == "" {
		return nil, errors.New("info.title: missing")
	}
	channels, _ := doc["channels"].(map[string]any)
	if len(channels) == 0 {
		return nil, errors.New("channels: none")
	}
	for name, c := range channels {
		a.Channels = append(a.Channels, name)
		for _, verb := range []string{"subscribe", "publish"} {
			op, ok := lookup(c, verb).(map[string]any)
			if !ok {
				continue
			}
			where := fmt.Sprintf("channels.%s.%s", name, verb)
			if id, _ := op["operationId"].(string); id == "" {
				return nil, fmt.Errorf("%s: no operationId", where)
			}
			if _, err := sourcesOf(op["x-source"]); err != nil {
				return nil, fmt.Errorf("%s: x-source: %w", where, err)
			}
		}
	}
	sort.Strings(a.Channels)
	msgs, _ := lookup(doc, "components", "messages").(map[string]any)
	for key, m := range msgs {
		msg := &Message{Name: key}
		msg.PayloadRef, _ = lookup(m, "payload", "$ref").(string)
		if msg.PayloadRef == "" {
			return nil, fmt.Errorf("components.messages.%s.payload: want a $ref into an OpenAPI document", key)
		}
		examples, _ := lookup(m, "examples").([]any)
		for i, e := range examples {
			p, ok := lookup(e, "payload").(map[string]any)
			if !ok {
				return nil, fmt.Errorf("components.messages.%s.examples[%d]: no payload", key, i)
			}
			msg.Examples = append(msg.Examples, p)
		}
		a.Messages[key] = msg
	}
	return a, nil
}

// check resolves every $ref of the document against itself and the set, and validates every
// message example against its payload schema.
func (a *AsyncAPI) check(s *Set) error {
	if err := walkRefs(a.raw, "", func(where, ref string) error {
		_, err := a.resolve(s, ref)
		if err != nil {
			return fmt.Errorf("%s: $ref %q: %w", where, ref, err)
		}
		return nil
	}); err != nil {
		return err
	}
	for _, key := range sortedKeys(a.Messages) {
		m := a.Messages[key]
		target, err := a.resolve(s, m.PayloadRef)
		if err != nil {
			return fmt.Errorf("components.messages.%s.payload: %w", key, err)
		}
		ref, ok := target.(*openapi3.SchemaRef)
		if !ok {
			return fmt.Errorf("components.messages.%s.payload: %q is not an OpenAPI schema", key, m.PayloadRef)
		}
		m.Payload = ref
		for i, e := range m.Examples {
			if err := ref.Value.VisitJSON(e); err != nil {
				return fmt.Errorf("components.messages.%s.examples[%d]: does not match %s: %w", key, i, m.PayloadRef, err)
			}
		}
	}
	return nil
}

// resolve finds what ref points to: a node of this document for "#/..." refs, or a schema of
// an OpenAPI document of the set for "./file.yaml#/components/schemas/Name".
func (a *AsyncAPI) resolve(s *Set, ref string) (any, error) {
	file, pointer, _ := strings.Cut(ref, "#")
	if file == "" {
		return resolveLocal(a.raw, ref)
	}
	d := s.Document(path.Clean(file))
	if d == nil || d.OpenAPI == nil {
		return nil, fmt.Errorf("no OpenAPI document %s in the set", path.Clean(file))
	}
	name, ok := strings.CutPrefix(pointer, "/components/schemas/")
	if !ok || strings.Contains(name, "/") {
		return nil, errors.New("only #/components/schemas/<name> is supported in another document")
	}
	schema := d.OpenAPI.Components.Schemas[name]
	if schema == nil {
		return nil, fmt.Errorf("%s has no schema %s", d.Name, name)
	}
	return schema, nil
}

func walkRefs(node any, where string, fn func(where, ref string) error) error {
	switch n := node.(type) {
	case map[string]any:
		if ref, ok := n["$ref"].(string); ok {
			if err := fn(where, ref); err != nil {
				return err
			}
		}
		for _, k := range sortedKeys(n) {
			if err := walkRefs(n[k], strings.TrimPrefix(where+"."+k, "."), fn); err != nil {
				return err
			}
		}
	case []any:
		for i, e := range n {
			if err := walkRefs(e, fmt.Sprintf("%s[%d]", where, i), fn); err != nil {
				return err
			}
		}
	}
	return nil
}

func lookup(node any, keys ...string) any {
	for _, k := range keys {
		m, ok := node.(map[string]any)
		if !ok {
			return nil
		}
		node = m[k]
	}
	return node
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
