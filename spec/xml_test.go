package spec_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/chatconform/chatconform/spec"
)

// schema parses an inline JSON schema.
func schema(t *testing.T, src string) *openapi3.SchemaRef {
	t.Helper()
	var s openapi3.Schema
	if err := json.Unmarshal([]byte(src), &s); err != nil {
		t.Fatalf("schema %s: %v", src, err)
	}
	return &openapi3.SchemaRef{Value: &s}
}

const messageSchema = `{
  "type": "object", "xml": {"name": "Message"}, "additionalProperties": false,
  "properties": {
    "Id": {"type": "integer"},
    "Text": {"type": "string", "nullable": true},
    "Score": {"type": "number"},
    "Read": {"type": "boolean"},
    "Lang": {"type": "string", "xml": {"attribute": true, "name": "lang"}},
    "Kind": {"type": "string", "xml": {"name": "MessageKind"}},
    "Author": {"type": "object", "nullable": true, "allOf": [{"type": "object", "properties": {"Id": {"type": "integer"}, "Name": {"type": "string"}}}]},
    "Tags": {"type": "array", "xml": {"wrapped": true}, "items": {"type": "string", "xml": {"name": "Tag"}}},
    "Labels": {"type": "array", "items": {"type": "string", "xml": {"name": "Label"}}},
    "Notes": {"type": "array", "items": {"type": "string"}},
    "Extra": {}
  }
}`

func TestDecodeXML(t *testing.T) {
	msg := schema(t, messageSchema)
	list := schema(t, `{"type": "array", "xml": {"name": "ArrayOfMessage", "wrapped": true},
		"items": {"type": "object", "xml": {"name": "Message"}, "properties": {"Id": {"type": "integer"}}}}`)
	open := schema(t, `{"type": "object", "additionalProperties": {"type": "integer"}}`)
	for _, tc := range []struct {
		name   string
		schema *openapi3.SchemaRef
		in     string
		want   any
	}{
		{"scalars", msg, `<?xml version="1.0" encoding="utf-8"?>
			<Message lang="nb"><Id> 42 </Id><Text>Hei &amp; hallo</Text><Score>-1.5e2</Score><Read>true</Read></Message>`,
			map[string]any{"Id": int64(42), "Text": "Hei & hallo", "Score": -150.0, "Read": true, "Lang": "nb"}},
		{"booleans as digits and any case", msg, `<Message><Read>0</Read></Message>`, map[string]any{"Read": false}},
		{"xml.name of a property", msg, `<Message><MessageKind>x</MessageKind></Message>`, map[string]any{"Kind": "x"}},
		{"nested allOf object", msg, `<Message><Author><Id>7</Id><Name>Anna</Name></Author></Message>`,
			map[string]any{"Author": map[string]any{"Id": int64(7), "Name": "Anna"}}},
		{"wrapped array", msg, `<Message><Tags><Tag>a</Tag><Tag>b</Tag></Tags></Message>`,
			map[string]any{"Tags": []any{"a", "b"}}},
		{"empty wrapped array", msg, `<Message><Tags/></Message>`, map[string]any{"Tags": []any{}}},
		{"unwrapped array by items name", msg, `<Message><Label>a</Label><Id>1</Id><Label>b</Label></Message>`,
			map[string]any{"Labels": []any{"a", "b"}, "Id": int64(1)}},
		{"unwrapped array by property name", msg, `<Message><Notes>a</Notes><Notes>b</Notes></Message>`,
			map[string]any{"Notes": []any{"a", "b"}}},
		{"xsi:nil", msg, `<Message xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Text i:nil="true"/><Author i:nil="true"></Author></Message>`,
			map[string]any{"Text": nil, "Author": nil}},
		{"empty nullable elements", msg, `<Message><Text></Text><Author/></Message>`, map[string]any{"Text": nil, "Author": nil}},
		{"empty string that is not nullable", msg, `<Message><Kind/></Message>`, map[string]any{"Kind": ""}},
		{"untyped property decoded generically", msg, `<Message><Extra><A>1</A><A>2</A><B/></Extra></Message>`,
			map[string]any{"Extra": map[string]any{"A": []any{"1", "2"}, "B": ""}}},
		{"unknown elements kept", msg, `<Message><Id>1</Id><Bogus>x</Bogus></Message>`,
			map[string]any{"Id": int64(1), "Bogus": "x"}},
		{"namespaces ignored", msg, `<Message xmlns="http://schemas.datacontract.org/2004/07/X"><Id>3</Id></Message>`,
			map[string]any{"Id": int64(3)}},
		{"root array", list, `<ArrayOfMessage><Message><Id>1</Id></Message><Message><Id>2</Id></Message></ArrayOfMessage>`,
			[]any{map[string]any{"Id": int64(1)}, map[string]any{"Id": int64(2)}}},
		{"empty root array", list, `<ArrayOfMessage/>`, []any{}},
		{"additionalProperties schema types unknown elements", open, `<Any><a>1</a><b>2</b></Any>`,
			map[string]any{"a": int64(1), "b": int64(2)}},
		{"comments and white space around", msg, "<!-- c -->\n<Message><Id>1</Id><!-- c --></Message>\n<!-- end -->\n",
			map[string]any{"Id": int64(1)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := spec.DecodeXML(strings.NewReader(tc.in), tc.schema)
			if err != nil {
				t.Fatalf("DecodeXML: %v", err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("DecodeXML = %#v; want %#v", got, tc.want)
			}
		})
	}
}

func TestDecodeXMLErrors(t *testing.T) {
	msg := schema(t, messageSchema)
	list := schema(t, `{"type": "array", "xml": {"name": "ArrayOfMessage"}, "items": {"type": "integer", "xml": {"name": "Id"}}}`)
	open := schema(t, `{"type": "object", "additionalProperties": {"type": "integer"}}`)
	for _, tc := range []struct {
		name   string
		schema *openapi3.SchemaRef
		in     string
		want   string // in the error message
	}{
		{"empty document", msg, ``, "no root element"},
		{"unclosed element", msg, "<Message>\n<Id>1</Id>\n", "line 3"},
		{"mismatched end tag", msg, "<Message>\n<Id>1</Text></Message>", "line 2"},
		{"not xml", msg, `{"Id": 1}`, "before the root element"},
		{"wrong root element", msg, `<Note><Id>1</Id></Note>`, "root element <Note>: want <Message>"},
		{"bad integer", msg, "<Message>\n<Id>abc</Id></Message>", `xml line 2: element <Id>: "abc" is not an integer`},
		{"integer with a fraction", msg, `<Message><Id>1.5</Id></Message>`, "is not an integer"},
		{"bad number", msg, `<Message><Score>NaN</Score></Message>`, "is not a number"},
		{"bad boolean", msg, `<Message><Read>yes</Read></Message>`, "is not a boolean"},
		{"bad attribute", schema(t, `{"type": "object", "properties": {"n": {"type": "integer", "xml": {"attribute": true}}}}`),
			`<x n="two"/>`, "is not an integer"},
		{"repeated scalar", msg, `<Message><Id>1</Id><Id>2</Id></Message>`, "element <Id> is given more than once"},
		{"repeated typed extra", open, `<Any><a>1</a><a>2</a></Any>`, "element <a> is given more than once"},
		{"child in a scalar", msg, `<Message><Id><x/></Id></Message>`, "child element <x> in a scalar value"},
		{"text in an object", msg, `<Message>hello<Id>1</Id></Message>`, `text "hello" where child elements are expected`},
		{"wrong item element", list, `<ArrayOfMessage><Id>1</Id><Name>x</Name></ArrayOfMessage>`, "element <Name> in <ArrayOfMessage>: want <Id> items"},
		{"element after the root", msg, `<Message/><Message/>`, "element <Message> after the root element"},
		{"text after the root", msg, `<Message/>junk`, `text "junk" after the root element`},
		{"nil with content", msg, `<Message xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Text i:nil="true">x</Text></Message>`, "is nil but has text"},
		{"undefined entity", msg, `<Message><Text>&bogus;</Text></Message>`, "line 1"},
		{"foreign encoding", msg, `<?xml version="1.0" encoding="ISO-8859-1"?><Message/>`, "ISO-8859-1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := spec.DecodeXML(strings.NewReader(tc.in), tc.schema)
			var pe *openapi3filter.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("DecodeXML error = %v (%T); want a *openapi3filter.ParseError", err, err)
			}
			if pe.Kind != openapi3filter.KindInvalidFormat {
				t.Errorf("kind = %v; want KindInvalidFormat", pe.Kind)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error = %q; want it to contain %q", err, tc.want)
			}
		})
	}
}

// TestDecodeXMLUnknownElementsFailValidation: an element the schema does not declare
// survives decoding so that additionalProperties: false rejects it.
func TestDecodeXMLUnknownElementsFailValidation(t *testing.T) {
	msg := schema(t, messageSchema)
	v, err := spec.DecodeXML(strings.NewReader(`<Message><Id>1</Id><Bogus>x</Bogus></Message>`), msg)
	if err != nil {
		t.Fatalf("DecodeXML: %v", err)
	}
	err = msg.Value.VisitJSON(v)
	if err == nil || !strings.Contains(err.Error(), "Bogus") {
		t.Errorf("VisitJSON error = %v; want one naming Bogus", err)
	}
}

func TestDecodeXMLDeepNesting(t *testing.T) {
	msg := schema(t, messageSchema)
	const depth = 100000
	in := "<Message><Extra>" + strings.Repeat("<a>", depth) + strings.Repeat("</a>", depth) + "</Extra></Message>"
	_, err := spec.DecodeXML(strings.NewReader(in), msg)
	if err == nil || !strings.Contains(err.Error(), "deeper than") {
		t.Fatalf("DecodeXML error = %v; want a nesting error", err)
	}
	ok := "<Message><Extra>" + strings.Repeat("<a>", spec.MaxXMLDepth-3) + strings.Repeat("</a>", spec.MaxXMLDepth-3) + "</Extra></Message>"
	if _, err := spec.DecodeXML(strings.NewReader(ok), msg); err != nil {
		t.Errorf("DecodeXML at depth %d: %v", spec.MaxXMLDepth-1, err)
	}
}

func TestDecodeXMLManyElements(t *testing.T) {
	list := schema(t, `{"type": "array", "xml": {"name": "ArrayOfMessage"}, "items": {"type": "object", "xml": {"name": "Message"}, "properties": {"Id": {"type": "integer"}}}}`)
	msg := schema(t, messageSchema)
	const n = 200000
	var b strings.Builder
	b.WriteString("<ArrayOfMessage>")
	for range n {
		b.WriteString("<Message><Id>1</Id></Message>")
	}
	b.WriteString("</ArrayOfMessage>")
	v, err := spec.DecodeXML(strings.NewReader(b.String()), list)
	if err != nil {
		t.Fatalf("DecodeXML: %v", err)
	}
	if got := len(v.([]any)); got != n {
		t.Errorf("items = %d; want %d", got, n)
	}
	// Many repeated unknown elements: collected in one list, in linear time. Ten times the
	// elements must cost far less than a hundred times the time (a quadratic collection
	// would): a ratio of two runs on the same machine, not a wall-clock limit.
	bogus := func(n int) time.Duration {
		t.Helper()
		var b strings.Builder
		b.WriteString("<Message>")
		for range n {
			b.WriteString("<Bogus>x</Bogus>")
		}
		b.WriteString("</Message>")
		start := time.Now()
		v, err := spec.DecodeXML(strings.NewReader(b.String()), msg)
		took := time.Since(start)
		if err != nil {
			t.Fatalf("DecodeXML: %v", err)
		}
		if got := len(v.(map[string]any)["Bogus"].([]any)); got != n {
			t.Errorf("Bogus items = %d; want %d", got, n)
		}
		return took
	}
	small := min(bogus(n/10), bogus(n/10))
	large := min(bogus(n), bogus(n))
	ratio := float64(large) / float64(small)
	t.Logf("%d repeated elements: %v; %d: %v (%.1f×)", n, large, n/10, small, ratio)
	if ratio > 40 {
		t.Errorf("decoding %d repeated elements took %.0f× as long as %d (%v vs %v); want about 10×, linear", n, ratio, n/10, large, small)
	}
}

// TestXMLBodiesValidate sends XML (and text/json) bodies through kin-openapi's request
// validation with the SuperOffice document: the decoders registered by this package are
// used, and their values are validated against the schema.
func TestXMLBodiesValidate(t *testing.T) {
	for _, mt := range []string{"application/xml", "text/xml", "text/json"} {
		if openapi3filter.RegisteredBodyDecoder(mt) == nil {
			t.Errorf("no body decoder registered for %s", mt)
		}
	}
	set := load(t)
	const target = "/api/v1/ChatSession/103/Messages"
	for _, tc := range []struct {
		name, contentType, body string
		ok                      bool
	}{
		{"xml message", "application/xml", `<ChatMessage xmlns="http://schemas.datacontract.org/2004/07/SuperOffice.WebApi.Data"><Type>ToCustomer</Type><Message>Hi</Message><ReadByCustomer>0</ReadByCustomer></ChatMessage>`, true},
		{"text/xml message", "text/xml; charset=utf-8", `<ChatMessage><Type>ToUser</Type><WhenPosted>2024-05-14T09:07:30Z</WhenPosted></ChatMessage>`, true},
		{"text/json message", "text/json", `{"Type": "ToCustomer", "Message": "Hi"}`, true},
		{"unknown element", "application/xml", `<ChatMessage><Type>ToCustomer</Type><Mood>happy</Mood></ChatMessage>`, false},
		{"missing Type", "application/xml", `<ChatMessage><Message>Hi</Message></ChatMessage>`, false},
		{"bad enum", "application/xml", `<ChatMessage><Type>Shout</Type></ChatMessage>`, false},
		{"bad integer", "application/xml", `<ChatMessage><Type>ToUser</Type><ReadByCustomer>x</ReadByCustomer></ChatMessage>`, false},
		{"wrong root", "application/xml", `<NewChatMessage><Type>ToUser</Type></NewChatMessage>`, false},
		{"malformed", "application/xml", `<ChatMessage><Type>ToUser</Type>`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(tc.body))
			req.Header.Set("Content-Type", tc.contentType)
			_, err := validate(t, set, "superoffice-chat.yaml", req)
			if (err == nil) != tc.ok {
				t.Errorf("validate error = %v; want ok = %v", err, tc.ok)
			}
		})
	}
}

// TestXMLResponsesValidate checks DataContract-style XML responses against the document's
// response schemas, as strict mode and the conformance suite do.
func TestXMLResponsesValidate(t *testing.T) {
	set := load(t)
	for _, tc := range []struct {
		name, method, target, body string
		ok                         bool
	}{
		{"message list", http.MethodGet, "/api/v1/ChatSession/103/Messages",
			`<ArrayOfChatMessage xmlns="http://schemas.datacontract.org/2004/07/SuperOffice.WebApi.Data"><ChatMessage><ChatMessageId>1</ChatMessageId><ChatSessionId>103</ChatSessionId><Type>ToUser</Type><Message>Hi</Message><Author>Lars</Author><ReadByCustomer>1</ReadByCustomer><SpecialType>None</SpecialType><SpecialParam></SpecialParam><WhenPosted>2024-05-14T09:01:58.204Z</WhenPosted></ChatMessage></ArrayOfChatMessage>`, true},
		{"message missing a field", http.MethodGet, "/api/v1/ChatSession/103/Messages",
			`<ArrayOfChatMessage><ChatMessage><ChatMessageId>1</ChatMessageId></ChatMessage></ArrayOfChatMessage>`, false},
		{"null entity", http.MethodPost, "/api/v1/ChatSession/103/Pickup",
			`<ChatSessionEntity i:nil="true" xmlns:i="http://www.w3.org/2001/XMLSchema-instance"/>`, true},
		{"entity with links", http.MethodGet, "/api/v1/ChatSession/103",
			`<ChatSessionEntityWithLinks><ChatSessionId>103</ChatSessionId><User><AssociateId>12</AssociateId><Deleted>false</Deleted></User><Status>UserLast</Status><CustomerConsented>true</CustomerConsented><_Links><Self>http://x/api/v1/ChatSession/103</Self></_Links></ChatSessionEntityWithLinks>`, true},
		{"entity with a bad status", http.MethodGet, "/api/v1/ChatSession/103",
			`<ChatSessionEntityWithLinks><ChatSessionId>103</ChatSessionId><Status>Chatting</Status></ChatSessionEntityWithLinks>`, false},
		{"transcript", http.MethodPost, "/api/v1/ChatSession/103/Transcript",
			`<string xmlns="http://schemas.microsoft.com/2003/10/Serialization/">Lars: Hi</string>`, true},
		{"error", http.MethodGet, "/api/v1/ChatSession/999",
			`<Error><Message>ChatSession 999 not found.</Message></Error>`, true},
		{"odata rows", http.MethodGet, "/api/v1/ChatSession",
			`<ODataSlimResponse><odata.metadata>m</odata.metadata><Row><PrimaryKey>1</PrimaryKey><status>InQueue</status></Row><Row><PrimaryKey>2</PrimaryKey></Row></ODataSlimResponse>`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req := httptest.NewRequest(tc.method, tc.target, nil)
			doc := set.Document("superoffice-chat.yaml")
			route, params, err := doc.Router().FindRoute(req)
			if err != nil {
				t.Fatalf("FindRoute: %v", err)
			}
			status := http.StatusOK
			if tc.name == "error" {
				status = http.StatusNotFound
			}
			opts := &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}
			in := &openapi3filter.ResponseValidationInput{
				RequestValidationInput: &openapi3filter.RequestValidationInput{Request: req, PathParams: params, Route: route, Options: opts},
				Status:                 status, Header: http.Header{"Content-Type": {"application/xml; charset=utf-8"}}, Options: opts,
			}
			in.SetBodyBytes([]byte(tc.body))
			err = openapi3filter.ValidateResponse(context.Background(), in)
			if (err == nil) != tc.ok {
				t.Errorf("ValidateResponse error = %v; want ok = %v", err, tc.ok)
			}
		})
	}
}
