package vary_test

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"reflect"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatconform/chatconform/mock/vary"
)

// schemaOf parses a JSON schema (OpenAPI 3.0 dialect) for the tests.
func schemaOf(t *testing.T, src string) *openapi3.SchemaRef {
	t.Helper()
	var s openapi3.Schema
	if err := json.Unmarshal([]byte(src), &s); err != nil {
		t.Fatalf("schema: %v", err)
	}
	return &openapi3.SchemaRef{Value: &s}
}

// keyOrder returns the member names of every object in document order, depth first.
func keyOrder(t *testing.T, body []byte) []string {
	t.Helper()
	dec := json.NewDecoder(bytes.NewReader(body))
	var keys []string
	var inObject []bool
	expectKey := false
	for {
		tok, err := dec.Token()
		if err != nil {
			return keys
		}
		switch tok := tok.(type) {
		case json.Delim:
			switch tok {
			case '{', '[':
				inObject = append(inObject, tok == '{')
				expectKey = tok == '{'
				continue
			default:
				inObject = inObject[:len(inObject)-1]
			}
		case string:
			if expectKey {
				keys = append(keys, tok)
				expectKey = false
				continue
			}
		}
		expectKey = len(inObject) > 0 && inObject[len(inObject)-1]
	}
}

const chatSchema = `{"type":"object","required":["messages"],"properties":{
	"messages":{"type":"array","items":{"allOf":[
		{"type":"object","properties":{"index":{"type":"integer"},"from":{"type":"object","additionalProperties":false,"properties":{"id":{"type":"string"}}}}},
		{"type":"object","properties":{"text":{"type":"string"}}}]}},
	"userData":{"type":"object","additionalProperties":{"type":"string"}},
	"choice":{"oneOf":[{"type":"object"},{"type":"string"}]},
	"statusCode":{"type":"integer"}}}`

func TestJSONReordersMembersAndAddsOnlyWhereTheSchemaAllows(t *testing.T) {
	body := []byte(`{"messages":[{"index":1,"from":{"id":"a"},"text":"x"},{"index":3,"from":{"id":"b"},"text":"y"}],` +
		`"userData":{"k":"v"},"choice":{"c":1},"statusCode":0,"big":9007199254740993}`)
	v := vary.New(1)
	out, err := v.JSON(body, schemaOf(t, chatSchema), true)
	if err != nil {
		t.Fatal(err)
	}
	var got, want map[string]any
	dec := json.NewDecoder(bytes.NewReader(out))
	dec.UseNumber()
	if err := dec.Decode(&got); err != nil {
		t.Fatalf("output %s: %v", out, err)
	}
	dec = json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	_ = dec.Decode(&want)
	extra := got[vary.ExtraMember]
	if extra == nil {
		t.Fatalf("root has no %s: %s", vary.ExtraMember, out)
	}
	delete(got, vary.ExtraMember)
	for _, m := range got["messages"].([]any) {
		msg := m.(map[string]any)
		if msg[vary.ExtraMember] == nil {
			t.Errorf("message %v has no %s; the allOf parts allow one", msg, vary.ExtraMember)
		}
		delete(msg, vary.ExtraMember)
		if msg["from"].(map[string]any)[vary.ExtraMember] != nil {
			t.Errorf("from got %s; its schema forbids additional properties", vary.ExtraMember)
		}
	}
	if got["userData"].(map[string]any)[vary.ExtraMember] != nil || got["choice"].(map[string]any)[vary.ExtraMember] != nil {
		t.Errorf("userData or choice got %s: %s; want none (a typed map, a oneOf)", vary.ExtraMember, out)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("values changed:\n got %s\nwant %s", out, body)
	}
	if same, _ := v.JSON(body, schemaOf(t, chatSchema), true); !bytes.Equal(same, out) {
		t.Errorf("not deterministic:\n%s\n%s", out, same)
	}
	if noExtras, _ := v.JSON(body, schemaOf(t, chatSchema), false); bytes.Contains(noExtras, []byte(vary.ExtraMember)) {
		t.Errorf("extras=false added members: %s", noExtras)
	}
}

func TestJSONKeyOrderDependsOnTheSeed(t *testing.T) {
	body := []byte(`{"id":"x","uri":"u","state":"Chatting","capabilities":[],"participants":[],"userData":{}}`)
	orders := map[string]bool{}
	for seed := int64(1); seed <= 6; seed++ {
		out, err := vary.New(seed).JSON(body, nil, false)
		if err != nil {
			t.Fatal(err)
		}
		orders[strings.Join(keyOrder(t, out), ",")] = true
	}
	if len(orders) < 2 {
		t.Errorf("6 seeds gave key orders %v; want them to differ", orders)
	}
}

func TestJSONRejectsMalformedInput(t *testing.T) {
	for _, in := range []string{`{"a":`, `{"a":1} {}`, `[1,]`} {
		if _, err := vary.New(1).JSON([]byte(in), nil, true); err == nil {
			t.Errorf("JSON(%s) = nil error; want one", in)
		}
	}
}

type xmlMessage struct {
	ChatMessageId int64
	Type, Message string
}

func TestXMLReordersPropertiesButNotListItems(t *testing.T) {
	body := []byte(`<ArrayOfChatMessage xmlns="urn:x" xmlns:i="urn:i">` +
		`<ChatMessage><ChatMessageId>1</ChatMessageId><Type>ToUser</Type><Message>a &amp; &lt;b&gt;</Message><Author i:nil="true"></Author></ChatMessage>` +
		`<ChatMessage><ChatMessageId>2</ChatMessageId><Type>ToCustomer</Type><Message>c</Message><Author>Ann</Author></ChatMessage>` +
		`</ArrayOfChatMessage>`)
	type list struct {
		Items []xmlMessage `xml:"ChatMessage"`
	}
	var want list
	_ = xml.Unmarshal(body, &want)
	reordered := false
	for seed := int64(1); seed <= 4; seed++ {
		out, err := vary.New(seed).XML(body)
		if err != nil {
			t.Fatal(err)
		}
		var got list
		if err := xml.Unmarshal(out, &got); err != nil {
			t.Fatalf("output %s: %v", out, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("seed %d: decoded %+v; want %+v (items in order, values kept)", seed, got, want)
		}
		if !bytes.Contains(out, []byte(`i:nil="true"`)) || !bytes.Contains(out, []byte(`xmlns:i="urn:i"`)) {
			t.Errorf("seed %d: attributes lost: %s", seed, out)
		}
		reordered = reordered || !bytes.Contains(out, []byte("<ChatMessage><ChatMessageId>1</ChatMessageId><Type>"))
	}
	if !reordered {
		t.Error("4 seeds kept the element order; want it changed")
	}
	if _, err := vary.New(1).XML([]byte(`<a><b></a>`)); err == nil {
		t.Error("XML(malformed) = nil error; want one")
	}
}
