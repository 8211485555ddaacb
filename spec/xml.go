package spec

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
)

// MaxXMLDepth is how deeply DecodeXML lets elements nest before it gives up.
const MaxXMLDepth = 64

// kin-openapi decodes JSON and forms but has no decoder for XML, nor for text/json, which the
// SuperOffice document declares beside application/json. Registering them here, in the
// package both the mock and the conformance suite import, makes request and response
// validation of those media types work in both.
func init() {
	openapi3filter.RegisterBodyDecoder("application/xml", xmlBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/xml", xmlBodyDecoder)
	openapi3filter.RegisterBodyDecoder("text/json", openapi3filter.JSONBodyDecoder)
}

func xmlBodyDecoder(r io.Reader, _ http.Header, schema *openapi3.SchemaRef, _ openapi3filter.EncodingFn) (any, error) {
	return DecodeXML(r, schema)
}

// DecodeXML decodes an XML document into the values a JSON body of the same schema would
// give (map[string]any, []any, string, int64, float64, bool, nil), so it can be validated
// against that schema. XML carries no types, so the schema guides it: an object's child
// elements are its properties (by property name or xml.name; xml.attribute properties come
// from attributes); an array is the children of its element (the root element, or a wrapper
// when xml.wrapped) or, unwrapped, the repeated elements of a property; integer, number and
// boolean text is parsed. An element with xsi:nil="true", and an empty element where the
// schema is nullable, is nil. Child elements the schema does not name are kept under their
// name, so additionalProperties: false rejects them. The root element must carry the schema's
// xml.name (or its component name) when it has one.
//
// Malformed XML, text that does not parse as its type, and nesting deeper than MaxXMLDepth
// are reported as *openapi3filter.ParseError of kind KindInvalidFormat naming the line.
func DecodeXML(r io.Reader, schema *openapi3.SchemaRef) (any, error) {
	d := &xmlDecoder{dec: xml.NewDecoder(r)}
	root, found, err := d.outside("before")
	if err != nil {
		return nil, err
	}
	if !found {
		return nil, d.fail("no root element")
	}
	if want := rootName(schema); want != "" && root.Name.Local != want {
		return nil, d.fail("root element <%s>: want <%s>", root.Name.Local, want)
	}
	v, err := d.value(root, schema, 1)
	if err != nil {
		return nil, err
	}
	if extra, found, err := d.outside("after"); err != nil || found {
		if found {
			err = d.fail("element <%s> after the root element", extra.Name.Local)
		}
		return nil, err
	}
	return v, nil
}

type xmlDecoder struct {
	dec *xml.Decoder
}

// fail returns a ParseError naming the line the decoder has reached.
func (d *xmlDecoder) fail(format string, args ...any) error {
	line, _ := d.dec.InputPos()
	return &openapi3filter.ParseError{
		Kind:   openapi3filter.KindInvalidFormat,
		Reason: fmt.Sprintf("xml line %d: %s", line, fmt.Sprintf(format, args...)),
	}
}

// token returns the next token; a syntax error is a ParseError with the decoder's error
// (which names the line) as its cause.
func (d *xmlDecoder) token() (xml.Token, error) {
	tok, err := d.dec.Token()
	if err == nil {
		return tok, nil
	}
	if errors.Is(err, io.EOF) {
		return nil, d.fail("unexpected end of document")
	}
	return nil, d.wrap(err)
}

// outside reads the tokens around the root element (declaration, comments, doctype, white
// space) up to the next element, which it returns; false at the end of the document.
func (d *xmlDecoder) outside(where string) (xml.StartElement, bool, error) {
	for {
		tok, err := d.dec.Token()
		if errors.Is(err, io.EOF) {
			return xml.StartElement{}, false, nil
		}
		if err != nil {
			return xml.StartElement{}, false, d.wrap(err)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			return t, true, nil
		case xml.CharData:
			if !isSpace(t) {
				return xml.StartElement{}, false, d.fail("text %q %s the root element", short(t), where)
			}
		}
	}
}

func (d *xmlDecoder) wrap(err error) error {
	var syntax *xml.SyntaxError
	if errors.As(err, &syntax) {
		return &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat, Cause: err}
	}
	line, _ := d.dec.InputPos()
	return &openapi3filter.ParseError{Kind: openapi3filter.KindInvalidFormat,
		Reason: fmt.Sprintf("xml line %d", line), Cause: err}
}

// value decodes the element start (already read) as ref describes it.
func (d *xmlDecoder) value(start xml.StartElement, ref *openapi3.SchemaRef, depth int) (any, error) {
	if depth > MaxXMLDepth {
		return nil, d.fail("element <%s>: elements nest deeper than %d levels", start.Name.Local, MaxXMLDepth)
	}
	s := schemaOf(ref)
	if isNil(start) {
		return nil, d.skip(start)
	}
	var (
		v     any
		empty bool
		err   error
	)
	switch kindOf(s) {
	case "object":
		v, empty, err = d.object(start, s, depth)
	case "array":
		v, empty, err = d.array(start, s, depth)
	case "string", "integer", "number", "boolean":
		var text string
		if text, err = d.text(start); err == nil {
			empty = text == ""
			if !(empty && s.Nullable) {
				v, err = d.scalar(start, kindOf(s), text)
			}
		}
	default:
		v, empty, err = d.generic(start, depth)
	}
	if err != nil {
		return nil, err
	}
	if empty && s != nil && s.Nullable {
		return nil, nil
	}
	return v, nil
}

// object decodes the children (and attributes) of start as the properties of s.
func (d *xmlDecoder) object(start xml.StartElement, s *openapi3.Schema, depth int) (map[string]any, bool, error) {
	out := map[string]any{}
	for _, a := range start.Attr {
		if key, p, ok := findAttr(s, a.Name.Local, 0); ok && !isMeta(a.Name) {
			v, err := d.scalar(start, kindOf(schemaOf(p)), a.Value)
			if err != nil {
				return nil, false, err
			}
			out[key] = v
		}
	}
	empty := true
	for {
		tok, err := d.token()
		if err != nil {
			return nil, false, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return out, empty, nil
		case xml.CharData:
			if !isSpace(t) {
				return nil, false, d.fail("element <%s>: text %q where child elements are expected", start.Name.Local, short(t))
			}
		case xml.StartElement:
			empty = false
			if err := d.property(out, t, s, depth); err != nil {
				return nil, false, err
			}
		}
	}
}

// property decodes one child element of an object into out.
func (d *xmlDecoder) property(out map[string]any, el xml.StartElement, s *openapi3.Schema, depth int) error {
	name := el.Name.Local
	key, p, ok := findProp(s, name, 0)
	if !ok {
		// Not a property: kept under its name, typed by additionalProperties when that is a
		// schema, so that additionalProperties: false can reject it.
		var extra *openapi3.SchemaRef
		if s != nil {
			extra = s.AdditionalProperties.Schema
		}
		v, err := d.value(el, extra, depth+1)
		if err != nil {
			return err
		}
		prev, dup := out[name]
		switch {
		case !dup:
			out[name] = v
		case extra != nil:
			return d.fail("element <%s> is given more than once", name)
		default:
			if list, ok := prev.([]any); ok {
				out[name] = append(list, v)
			} else {
				out[name] = []any{prev, v}
			}
		}
		return nil
	}
	ps := schemaOf(p)
	if kindOf(ps) == "array" && !wrapped(ps) {
		item, err := d.value(el, ps.Items, depth+1)
		if err != nil {
			return err
		}
		list, _ := out[key].([]any)
		out[key] = append(list, item)
		return nil
	}
	if _, dup := out[key]; dup {
		return d.fail("element <%s> is given more than once", name)
	}
	v, err := d.value(el, p, depth+1)
	if err != nil {
		return err
	}
	out[key] = v
	return nil
}

// array decodes the children of start as the items of s.
func (d *xmlDecoder) array(start xml.StartElement, s *openapi3.Schema, depth int) ([]any, bool, error) {
	want := ""
	if items := schemaOf(s.Items); items != nil && items.XML != nil {
		want = items.XML.Name
	}
	out := []any{}
	for {
		tok, err := d.token()
		if err != nil {
			return nil, false, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return out, len(out) == 0, nil
		case xml.CharData:
			if !isSpace(t) {
				return nil, false, d.fail("element <%s>: text %q where item elements are expected", start.Name.Local, short(t))
			}
		case xml.StartElement:
			if want != "" && t.Name.Local != want {
				return nil, false, d.fail("element <%s> in <%s>: want <%s> items", t.Name.Local, start.Name.Local, want)
			}
			v, err := d.value(t, s.Items, depth+1)
			if err != nil {
				return nil, false, err
			}
			out = append(out, v)
		}
	}
}

// generic decodes an element the schema says nothing precise about: text is a string,
// child elements an object whose repeated names become arrays.
func (d *xmlDecoder) generic(start xml.StartElement, depth int) (any, bool, error) {
	var (
		text strings.Builder
		obj  map[string]any
	)
	for {
		tok, err := d.token()
		if err != nil {
			return nil, false, err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			if obj != nil {
				return obj, false, nil
			}
			return text.String(), text.Len() == 0, nil
		case xml.CharData:
			text.Write(t)
		case xml.StartElement:
			if obj == nil {
				obj = map[string]any{}
			}
			if err := d.property(obj, t, nil, depth); err != nil {
				return nil, false, err
			}
		}
	}
}

// text returns the character data of a scalar element.
func (d *xmlDecoder) text(start xml.StartElement) (string, error) {
	var b strings.Builder
	for {
		tok, err := d.token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return b.String(), nil
		case xml.CharData:
			b.Write(t)
		case xml.StartElement:
			return "", d.fail("element <%s>: child element <%s> in a scalar value", start.Name.Local, t.Name.Local)
		}
	}
}

// scalar parses the text of a typed scalar.
func (d *xmlDecoder) scalar(el xml.StartElement, kind, text string) (any, error) {
	t := strings.TrimSpace(text)
	switch kind {
	case "integer":
		n, err := strconv.ParseInt(t, 10, 64)
		if err != nil {
			return nil, d.fail("element <%s>: %q is not an integer", el.Name.Local, short([]byte(t)))
		}
		return n, nil
	case "number":
		f, err := strconv.ParseFloat(t, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return nil, d.fail("element <%s>: %q is not a number", el.Name.Local, short([]byte(t)))
		}
		return f, nil
	case "boolean":
		switch {
		case t == "1" || strings.EqualFold(t, "true"):
			return true, nil
		case t == "0" || strings.EqualFold(t, "false"):
			return false, nil
		}
		return nil, d.fail("element <%s>: %q is not a boolean (true, false, 1 or 0)", el.Name.Local, short([]byte(t)))
	}
	return text, nil
}

// skip consumes the rest of an element; a nil element must have no content.
func (d *xmlDecoder) skip(start xml.StartElement) error {
	for {
		tok, err := d.token()
		if err != nil {
			return err
		}
		switch t := tok.(type) {
		case xml.EndElement:
			return nil
		case xml.StartElement:
			return d.fail("element <%s> is nil but has child element <%s>", start.Name.Local, t.Name.Local)
		case xml.CharData:
			if !isSpace(t) {
				return d.fail("element <%s> is nil but has text %q", start.Name.Local, short(t))
			}
		}
	}
}

// xsiNS is the XML Schema instance namespace of the nil attribute.
const xsiNS = "http://www.w3.org/2001/XMLSchema-instance"

// maxAllOf bounds the allOf chains the helpers follow.
const maxAllOf = 16

func schemaOf(ref *openapi3.SchemaRef) *openapi3.Schema {
	if ref == nil {
		return nil
	}
	return ref.Value
}

// kindOf is the JSON type an element of schema s decodes to, "" when s does not say.
func kindOf(s *openapi3.Schema) string { return kindAt(s, 0) }

func kindAt(s *openapi3.Schema, depth int) string {
	if s == nil || depth > maxAllOf {
		return ""
	}
	for _, t := range []string{"object", "array", "string", "integer", "number", "boolean"} {
		if s.Type.Includes(t) {
			return t
		}
	}
	switch {
	case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil:
		return "object"
	case s.Items != nil:
		return "array"
	}
	for _, sub := range s.AllOf {
		if k := kindAt(schemaOf(sub), depth+1); k != "" {
			return k
		}
	}
	return ""
}

func wrapped(s *openapi3.Schema) bool { return s.XML != nil && s.XML.Wrapped }

// findProp finds the property an element names: by property name, by xml.name, or by the
// items' xml.name of an unwrapped array; in s and in its allOf schemas.
func findProp(s *openapi3.Schema, name string, depth int) (string, *openapi3.SchemaRef, bool) {
	if s == nil || depth > maxAllOf {
		return "", nil, false
	}
	if p, ok := s.Properties[name]; ok && !isAttr(schemaOf(p)) {
		return name, p, true
	}
	for key, p := range s.Properties {
		ps := schemaOf(p)
		if ps == nil || isAttr(ps) {
			continue
		}
		if ps.XML != nil && ps.XML.Name == name {
			return key, p, true
		}
		if items := schemaOf(ps.Items); items != nil && !wrapped(ps) && items.XML != nil && items.XML.Name == name {
			return key, p, true
		}
	}
	for _, sub := range s.AllOf {
		if key, p, ok := findProp(schemaOf(sub), name, depth+1); ok {
			return key, p, true
		}
	}
	return "", nil, false
}

// findAttr finds the xml.attribute property an attribute names.
func findAttr(s *openapi3.Schema, name string, depth int) (string, *openapi3.SchemaRef, bool) {
	if s == nil || depth > maxAllOf {
		return "", nil, false
	}
	for key, p := range s.Properties {
		if ps := schemaOf(p); isAttr(ps) && (ps.XML.Name == name || (ps.XML.Name == "" && key == name)) {
			return key, p, true
		}
	}
	for _, sub := range s.AllOf {
		if key, p, ok := findAttr(schemaOf(sub), name, depth+1); ok {
			return key, p, true
		}
	}
	return "", nil, false
}

func isAttr(s *openapi3.Schema) bool { return s != nil && s.XML != nil && s.XML.Attribute }

// rootName is the element name a document of this schema must have: its xml.name, else its
// component name, else "" (any).
func rootName(ref *openapi3.SchemaRef) string {
	if s := schemaOf(ref); s != nil && s.XML != nil && s.XML.Name != "" {
		return s.XML.Name
	}
	if ref != nil && strings.Contains(ref.Ref, "/schemas/") {
		return ref.Ref[strings.LastIndex(ref.Ref, "/")+1:]
	}
	return ""
}

// isNil tells whether an element carries xsi:nil="true" (any namespace prefix).
func isNil(el xml.StartElement) bool {
	for _, a := range el.Attr {
		if a.Name.Local == "nil" && a.Name.Space != "" && strings.TrimSpace(a.Value) == "true" {
			return true
		}
	}
	return false
}

// isMeta tells namespace declarations and xsi attributes from data attributes.
func isMeta(n xml.Name) bool {
	return n.Space == "xmlns" || (n.Space == "" && n.Local == "xmlns") || n.Space == xsiNS
}

func isSpace(b []byte) bool { return len(bytes.TrimSpace(b)) == 0 }

// short returns text for an error message, cut to 40 bytes.
func short(b []byte) string {
	const limit = 40
	if len(b) > limit {
		return string(b[:limit]) + "..."
	}
	return string(b)
}
