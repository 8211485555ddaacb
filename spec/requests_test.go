package spec_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/brianvoe/gofakeit/v7"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/chatconform/chatconform/spec"
)

// validate routes req through its document's router and validates it, as the mock does.
func validate(t *testing.T, set *spec.Set, docName string, req *http.Request) (string, error) {
	t.Helper()
	doc := set.Document(docName)
	route, params, err := doc.Router().FindRoute(req)
	if err != nil {
		return "", err
	}
	in := &openapi3filter.RequestValidationInput{
		Request: req, PathParams: params, Route: route,
		Options: &openapi3filter.Options{MultiError: true, AuthenticationFunc: openapi3filter.NoopAuthenticationFunc},
	}
	return route.Operation.OperationID, openapi3filter.ValidateRequest(context.Background(), in)
}

func jsonRequest(method, target string, body any, header ...string) *http.Request {
	var r *http.Request
	if body == nil {
		r = httptest.NewRequest(method, target, nil)
	} else {
		b, _ := json.Marshal(body)
		r = httptest.NewRequest(method, target, bytes.NewReader(b))
		r.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		r.Header.Set(header[i], header[i+1])
	}
	return r
}

// TestGWSRequestsValidate sends generated customer and agent requests (random nicknames and
// texts, Unicode included) through the router and validator: valid ones pass, and each kind
// of invalid one is rejected.
func TestGWSRequestsValidate(t *testing.T) {
	set := load(t)
	f := gofakeit.New(20261121)
	const chat = "/api/v2/chats/652492d9-c2d9-44c9-b9ad-0ab7984114bb"
	const agentChat = "/api/v2/me/chats/0000Wa9CAM6W00J"
	cc := []string{"ContactCenterId", "cfe5ad67-ba6d-4340-81f9-bb680ef5d498"}
	for i := 0; i < 50; i++ {
		text := f.RandomString([]string{f.Sentence(), f.Emoji() + " " + f.Word(), "привет " + f.FirstName(), f.LoremIpsumSentence(40)})
		valid := []struct {
			req    *http.Request
			wantOp string
		}{
			{jsonRequest("POST", "/api/v2/chats", map[string]any{"operationName": "RequestChat", "nickname": f.Name(), "subject": text, "userData": map[string]any{f.Word(): f.Word()}}, cc...), "RequestChat"},
			{jsonRequest("GET", chat, nil, cc...), "GetChat"},
			{jsonRequest("GET", chat+"/messages", nil, cc...), "GetMessages"},
			{jsonRequest("GET", chat+"/messages?index="+f.DigitN(3), nil, cc...), "GetMessages"},
			{jsonRequest("POST", chat, map[string]any{"operationName": "SendMessage", "text": text}, cc...), "CustomerChatOperation"},
			{jsonRequest("POST", chat, map[string]any{"operationName": "SendStartTypingNotification"}, cc...), "CustomerChatOperation"},
			{jsonRequest("POST", chat, map[string]any{"operationName": "Complete"}, cc...), "CustomerChatOperation"},
			{jsonRequest("GET", "/api/v2/me/chats", nil), "ListAgentChats"},
			{jsonRequest("GET", agentChat+"/messages?startIndex=1&count=10", nil), "GetAgentMessages"},
			{jsonRequest("POST", agentChat, map[string]any{"operationName": "Accept", "nickname": f.FirstName()}), "AgentChatOperation"},
			{jsonRequest("POST", agentChat, map[string]any{"operationName": "SendCustomNoticeToAgents", "noticeText": text}), "AgentChatOperation"},
			{jsonRequest("POST", agentChat, map[string]any{"operationName": "Transfer", "queueName": f.Word()}), "AgentChatOperation"},
			{jsonRequest("POST", agentChat, map[string]any{"operationName": "UpdateUserData", "userData": map[string]any{"k": text}}), "AgentChatOperation"},
		}
		for _, tc := range valid {
			op, err := validate(t, set, "gws-chat.yaml", tc.req)
			if err != nil || op != tc.wantOp {
				t.Fatalf("%s %s: op %q, err %v; want %s and no error", tc.req.Method, tc.req.URL, op, err, tc.wantOp)
			}
		}
	}
	invalid := []struct {
		name string
		req  *http.Request
		want string // part of the error
	}{
		{"no ContactCenterId", jsonRequest("GET", chat, nil), "ContactCenterId"},
		{"negative index", jsonRequest("GET", chat+"/messages?index=-1", nil, cc...), "index"},
		{"index not a number", jsonRequest("GET", chat+"/messages?index=abc", nil, cc...), "index"},
		{"unknown operationName", jsonRequest("POST", chat, map[string]any{"operationName": "Dance"}, cc...), "operationName"},
		{"agent-only operation on the customer API", jsonRequest("POST", chat, map[string]any{"operationName": "Accept"}, cc...), "operationName"},
		{"text of the wrong type", jsonRequest("POST", chat, map[string]any{"operationName": "SendMessage", "text": 42}, cc...), "text"},
		{"text missing", jsonRequest("POST", chat, map[string]any{"operationName": "SendMessage"}, cc...), "text"},
		{"unknown field", jsonRequest("POST", chat, map[string]any{"operationName": "Complete", "reason": "bored"}, cc...), "reason"},
		{"RequestChat without nickname", jsonRequest("POST", "/api/v2/chats", map[string]any{"operationName": "RequestChat"}, cc...), "nickname"},
		{"userData value not a string", jsonRequest("POST", "/api/v2/chats", map[string]any{"operationName": "RequestChat", "nickname": "Chris", "userData": map[string]any{"n": 1}}, cc...), "userData"},
		{"Transfer without a target", jsonRequest("POST", agentChat, map[string]any{"operationName": "Transfer"}), "Transfer"},
		{"count of zero", jsonRequest("GET", agentChat+"/messages?count=0", nil), "count"},
	}
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			_, err := validate(t, set, "gws-chat.yaml", tc.req)
			if err == nil {
				t.Fatalf("%s %s: validated; want an error mentioning %q", tc.req.Method, tc.req.URL, tc.want)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Errorf("error %q does not mention %q", firstLine(err.Error()), tc.want)
			}
		})
	}
}
