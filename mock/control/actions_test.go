package control_test

import (
	"net/http"
	"reflect"
	"testing"

	"github.com/chatconform/chatconform/mock"
)

// appended is the AppendedEvents body.
type appended struct {
	State  string           `json:"state"`
	Events []map[string]any `json:"events"`
}

func kinds(a appended) []string {
	out := []string{}
	for _, e := range a.Events {
		out = append(out, e["kind"].(string))
	}
	return out
}

func TestActAsAgentAndVisitor(t *testing.T) {
	_, _, srv := newMock(t)
	steps := []struct {
		role, body string
		state      string
		kinds      []string
	}{
		{"visitor", `{"action":"send","text":"Hello?"}`, "waiting", []string{"text"}},
		{"agent", `{"action":"accept","agent":"15417","nickname":"Mia"}`, "chatting", []string{"joined"}},
		{"agent", `{"action":"typing-start","text":"Hi"}`, "chatting", []string{"typing-started"}},
		{"agent", `{"action":"typing-stop"}`, "chatting", []string{"typing-stopped"}},
		{"agent", `{"action":"send","text":"Hi Ann"}`, "chatting", []string{"text"}},
		{"agent", `{"action":"notice","text":"Premium","visibility":"Agents"}`, "chatting", []string{"custom-notice"}},
		{"agent", `{"action":"update-user-data","userData":{"tier":"gold"}}`, "chatting", []string{"user-data"}},
		{"agent", `{"action":"transfer","target":"15416"}`, "chatting", []string{"left", "joined"}},
		{"visitor", `{"action":"typing-start","text":"Th"}`, "chatting", []string{"typing-started"}},
		{"visitor", `{"action":"typing-stop"}`, "chatting", []string{"typing-stopped"}},
		{"visitor", `{"action":"send","text":"Thanks","nickname":"Annie"}`, "chatting", []string{"nickname-updated", "text"}},
		{"agent", `{"action":"leave"}`, "idle", []string{"left"}},
		{"agent", `{"action":"accept"}`, "chatting", []string{"joined"}},
		{"visitor", `{"action":"complete"}`, "completed", []string{"left"}},
	}
	for i, s := range steps {
		var got appended
		ok(t, srv, http.MethodPost, "/mock/chats/acquire/106300/"+s.role, s.body, 200, &got)
		if got.State != s.state || !reflect.DeepEqual(kinds(got), s.kinds) {
			t.Fatalf("step %d %s %s: state %s, kinds %v; want %s, %v", i, s.role, s.body, got.State, kinds(got), s.state, s.kinds)
		}
	}
	var chat map[string]any
	ok(t, srv, http.MethodGet, "/mock/chats/acquire/106300", "", 200, &chat)
	if chat["vendorState"] != "closed" || chat["eventCount"] != 17.0 {
		t.Errorf("chat vendorState, eventCount = %v, %v; want closed, 17", chat["vendorState"], chat["eventCount"])
	}
	events := chat["events"].([]any)
	ud := events[7].(map[string]any)
	if ud["kind"] != "user-data" || ud["messageId"] != nil || !reflect.DeepEqual(ud["userData"], map[string]any{"tier": "gold"}) {
		t.Errorf("user-data event = %v; want messageId null and userData tier=gold", ud)
	}
	if typing := events[3].(map[string]any); typing["messageId"] != nil || typing["text"] != "Hi" {
		t.Errorf("typing event = %v; want messageId null, text Hi", typing)
	}
}

func TestActErrors(t *testing.T) {
	_, _, srv := newMock(t, mock.WithMaxBody(256))
	tests := []struct {
		name, path, body string
		header           http.Header
		status           int
		code             string
		msg              []string
	}{
		{"agent send without text", "/mock/chats/acquire/106241/agent", `{"action":"send"}`, nil, 400, "bad_request", []string{`text: required for action "send"`}},
		{"visitor send with empty text", "/mock/chats/acquire/106241/visitor", `{"action":"send","text":""}`, nil, 400, "bad_request", []string{`text: required for action "send"`}},
		{"notice without text", "/mock/chats/acquire/106241/agent", `{"action":"notice"}`, nil, 400, "bad_request", []string{`text: required for action "notice"`}},
		{"transfer without target", "/mock/chats/acquire/106241/agent", `{"action":"transfer"}`, nil, 400, "bad_request", []string{`target: required for action "transfer"`}},
		{"user data without data", "/mock/chats/acquire/106241/agent", `{"action":"update-user-data"}`, nil, 400, "bad_request", []string{`userData: required`}},
		{"transfer to unknown agent", "/mock/chats/acquire/106241/agent", `{"action":"transfer","target":"99"}`, nil, 400, "bad_request", []string{"target", `no agent "99"`}},
		{"unknown acting agent", "/mock/chats/acquire/106241/agent", `{"action":"send","text":"x","agent":"99"}`, nil, 400, "bad_request", []string{"agent", `no agent "99"`}},
		{"send before accept", "/mock/chats/acquire/106300/agent", `{"action":"send","text":"x"}`, nil, 409, "conflict", []string{`action "send"`}},
		{"accept a chatting chat", "/mock/chats/acquire/106241/agent", `{"action":"accept"}`, nil, 409, "conflict", []string{`action "accept"`}},
		{"agent not in the chat", "/mock/chats/acquire/106241/agent", `{"action":"send","text":"x","agent":"15417"}`, nil, 409, "conflict", []string{"agent 15417 is not in chat acquire/106241"}},
		{"visitor joins twice", "/mock/chats/acquire/106241/visitor", `{"action":"join"}`, nil, 409, "conflict", []string{"already in chat"}},
		{"unknown agent action", "/mock/chats/acquire/106241/agent", `{"action":"dance"}`, nil, 400, "bad_request", []string{"action"}},
		{"agent action as visitor", "/mock/chats/acquire/106241/visitor", `{"action":"accept"}`, nil, 400, "bad_request", []string{"action"}},
		{"missing action", "/mock/chats/acquire/106241/agent", `{"text":"x"}`, nil, 400, "bad_request", []string{"action", "missing"}},
		{"visibility on a visitor action", "/mock/chats/acquire/106241/visitor", `{"action":"send","text":"x","visibility":"All"}`, nil, 400, "bad_request", []string{"visibility"}},
		{"bad visibility", "/mock/chats/acquire/106241/agent", `{"action":"send","text":"x","visibility":"Nobody"}`, nil, 400, "bad_request", []string{"visibility"}},
		{"userData not strings", "/mock/chats/acquire/106241/agent", `{"action":"update-user-data","userData":{"n":1}}`, nil, 400, "bad_request", []string{"userData"}},
		{"unknown chat", "/mock/chats/acquire/999/agent", `{"action":"accept"}`, nil, 404, "not_found", []string{"chat acquire/999 not found"}},
		{"vendor not served", "/mock/chats/gws/106241/agent", `{"action":"accept"}`, nil, 404, "not_found", nil},
		{"bad JSON", "/mock/chats/acquire/106241/agent", `{"action":`, nil, 400, "bad_request", nil},
		{"JSON array", "/mock/chats/acquire/106241/agent", `[]`, nil, 400, "bad_request", nil},
		{"form body", "/mock/chats/acquire/106241/agent", `action=accept`, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, 415, "unsupported_media_type", nil},
		{"oversized", "/mock/chats/acquire/106241/agent", `{"action":"send","text":"` + string(make([]byte, 300)) + `"}`, nil, 413, "payload_too_large", nil},
		{"GET", "/mock/chats/acquire/106241/agent", ``, nil, 405, "method_not_allowed", nil},
	}
	before := snapshot(t, srv)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodPost
			if tt.name == "GET" {
				method = http.MethodGet
			}
			status, body := send(t, srv, method, tt.path, tt.body, tt.header)
			checkError(t, status, body, tt.status, tt.code, tt.msg...)
		})
	}
	if after := snapshot(t, srv); after != before {
		t.Errorf("failed actions changed the chats:\nbefore %s\nafter  %s", before, after)
	}
}

func TestActAfterComplete(t *testing.T) {
	_, _, srv := newMock(t)
	var got appended
	ok(t, srv, http.MethodPost, "/mock/chats/acquire/106241/agent", `{"action":"complete"}`, 200, &got)
	if got.State != "completed" || !reflect.DeepEqual(kinds(got), []string{"left", "left"}) {
		t.Fatalf("complete = %s %v; want completed [left left] (agent, then visitor)", got.State, kinds(got))
	}
	status, body := send(t, srv, http.MethodPost, "/mock/chats/acquire/106241/visitor", `{"action":"send","text":"late"}`, nil)
	checkError(t, status, body, 409, "conflict", `action "send": chat acquire/106241 is completed`)
}
