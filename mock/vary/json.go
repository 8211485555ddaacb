package vary

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// ExtraMember is the name of the member JSON adds to objects whose schema allows members it
// does not name.
const ExtraMember = "x-vary"

// node is a JSON value that keeps the order of object members.
type node struct {
	keys []string // object members, in order; nil for arrays and scalars
	vals []*node  // object member values or array items
	raw  []byte   // a scalar, as encoded
	obj  bool
}

// JSON re-encodes a JSON document: the members of every object in an order fixed by the seed
// and the object's member names (so objects of one kind agree with each other), and, when
// extras is set, one more member, ExtraMember, in every object that schema (the response's,
// or nil for none) lets carry members it does not name. Arrays keep their order; numbers and
// strings keep their value.
func (v *Vary) JSON(body []byte, schema *openapi3.SchemaRef, extras bool) ([]byte, error) {
	if v == nil || len(bytes.TrimSpace(body)) == 0 {
		return body, nil
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	n, err := parse(dec)
	if err != nil {
		return nil, fmt.Errorf("vary json: %w", err)
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, errors.New("vary json: data after the document")
	}
	var schemas []*openapi3.Schema
	if schema != nil && schema.Value != nil {
		schemas = flatten(nil, schema.Value)
	}
	v.reshape(n, schemas, extras)
	var out bytes.Buffer
	n.encode(&out)
	return out.Bytes(), nil
}

func parse(dec *json.Decoder) (*node, error) {
	t, err := dec.Token()
	if err != nil {
		return nil, err
	}
	switch t := t.(type) {
	case json.Delim:
		n := &node{obj: t == '{'}
		for dec.More() {
			if n.obj {
				k, err := dec.Token()
				if err != nil {
					return nil, err
				}
				n.keys = append(n.keys, k.(string))
			}
			child, err := parse(dec)
			if err != nil {
				return nil, err
			}
			n.vals = append(n.vals, child)
		}
		if _, err := dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
		return n, nil
	default:
		raw, err := json.Marshal(t)
		return &node{raw: raw}, err
	}
}

func (n *node) encode(b *bytes.Buffer) {
	switch {
	case n.raw != nil:
		b.Write(n.raw)
	case n.obj:
		b.WriteByte('{')
		for i, k := range n.keys {
			if i > 0 {
				b.WriteByte(',')
			}
			key, _ := json.Marshal(k)
			b.Write(key)
			b.WriteByte(':')
			n.vals[i].encode(b)
		}
		b.WriteByte('}')
	default:
		b.WriteByte('[')
		for i, item := range n.vals {
			if i > 0 {
				b.WriteByte(',')
			}
			item.encode(b)
		}
		b.WriteByte(']')
	}
}

// reshape adds the extra member where every schema of the conjunction allows it, then
// shuffles, and does the same below.
func (v *Vary) reshape(n *node, schemas []*openapi3.Schema, extras bool) {
	if n.raw != nil {
		return
	}
	if !n.obj {
		items := children(schemas, func(s *openapi3.Schema) *openapi3.SchemaRef { return s.Items })
		for _, item := range n.vals {
			v.reshape(item, items, extras)
		}
		return
	}
	for i, k := range n.keys {
		v.reshape(n.vals[i], children(schemas, func(s *openapi3.Schema) *openapi3.SchemaRef {
			if p := s.Properties[k]; p != nil {
				return p
			}
			return s.AdditionalProperties.Schema
		}), extras)
	}
	if extras && openEnded(schemas) && !slices.Contains(n.keys, ExtraMember) {
		n.keys = append(n.keys, ExtraMember)
		n.vals = append(n.vals, &node{raw: v.extraValue()})
	}
	v.shuffle(n)
}

// shuffle reorders an object's members by a permutation fixed by the seed and the names.
func (v *Vary) shuffle(n *node) {
	sorted := slices.Sorted(slices.Values(n.keys))
	h := v.hash("keys", strings.Join(sorted, "\x00"))
	r := rand.New(rand.NewPCG(h, h>>1|1))
	r.Shuffle(len(n.keys), func(i, j int) {
		n.keys[i], n.keys[j] = n.keys[j], n.keys[i]
		n.vals[i], n.vals[j] = n.vals[j], n.vals[i]
	})
}

// extraValue is the extra member's value, one kind per seed.
func (v *Vary) extraValue() []byte {
	return [][]byte{[]byte(`1`), []byte(`"vary"`), []byte(`true`), []byte(`{"seed":1}`)}[v.pick(4, "extra")]
}

// flatten adds s and the parts of its allOf, recursively: a value must match them all.
func flatten(out []*openapi3.Schema, s *openapi3.Schema) []*openapi3.Schema {
	out = append(out, s)
	for _, part := range s.AllOf {
		if part != nil && part.Value != nil {
			out = flatten(out, part.Value)
		}
	}
	return out
}

// children returns the conjunction of the schemas a child must match.
func children(schemas []*openapi3.Schema, child func(*openapi3.Schema) *openapi3.SchemaRef) []*openapi3.Schema {
	var out []*openapi3.Schema
	for _, s := range schemas {
		if c := child(s); c != nil && c.Value != nil {
			out = flatten(out, c.Value)
		}
	}
	return out
}

// openEnded reports whether an object matching every schema may carry a member none of them
// names: none forbids additional properties or constrains them with a schema, none is a
// choice (oneOf, anyOf, not) whose outcome a new member might change, and at least one
// describes an object.
func openEnded(schemas []*openapi3.Schema) bool {
	object := false
	for _, s := range schemas {
		ap := s.AdditionalProperties
		if (ap.Has != nil && !*ap.Has) || ap.Schema != nil || len(s.OneOf) > 0 || len(s.AnyOf) > 0 ||
			s.Not != nil || s.MaxProps != nil || s.Properties[ExtraMember] != nil {
			return false
		}
		object = object || s.Type.Is("object") || len(s.Properties) > 0
	}
	return object
}
