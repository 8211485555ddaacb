package gws_test

import (
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock"
)

// TestConversation drives a whole chat over REST: the customer asks, the offered agent
// accepts, both talk, the agent adds an agents-only notice, the customer completes. The
// customer's GetMessages and the agent's transcript agree on every index, type and text.
func TestConversation(t *testing.T) {
	s := newServer(t)
	id := s.requestChat(cc1, nil)

	c := s.chat(id)
	if c["state"] != "WaitingForAgent" || len(list(c["participants"])) != 1 {
		t.Fatalf("new chat = %v; want WaitingForAgent with the customer only", c)
	}
	offered, status := s.agentChat(ann, id)
	if status != 200 || offered["state"] != "Invited" {
		t.Fatalf("ann's view = %d %v; want 200 Invited (the first available agent)", status, offered)
	}
	if got := summary(s.messages(id, "")); got != "1:ParticipantJoined" {
		t.Errorf("unread = %q; want 1:ParticipantJoined", got)
	}
	s.agentOp(ann, id, map[string]any{"operationName": "SendMessage", "text": "too early"}, 400)
	s.agentOp(ann, id, map[string]any{"operationName": "Accept", "nickname": "Annie"}, 200)
	s.customerOp(id, map[string]any{"operationName": "SendStartTypingNotification"}, 200)
	s.customerOp(id, map[string]any{"operationName": "SendMessage", "text": "Hello?"}, 200)
	s.customerOp(id, map[string]any{"operationName": "SendStopTypingNotification"}, 200)
	s.agentOp(ann, id, map[string]any{"operationName": "SendCustomNoticeToAgents", "noticeText": "VIP"}, 200)
	s.agentOp(ann, id, map[string]any{"operationName": "SendStartTypingToAgentsNotification"}, 200)
	s.agentOp(ann, id, map[string]any{"operationName": "SendMessage", "text": "How may I help you?"}, 200)

	if c := s.chat(id); c["state"] != "Chatting" {
		t.Errorf("state = %v; want Chatting", c["state"])
	}
	const customerView = "2:ParticipantJoined 3:TypingStarted 4:Text:Hello? 5:TypingStopped 8:Text:How may I help you?"
	if got := summary(s.messages(id, "")); got != customerView {
		t.Errorf("unread =\n %q; want\n %q (agents-only 6 and 7 hidden)", got, customerView)
	}
	if got := summary(s.messages(id, "")); got != "" {
		t.Errorf("unread again = %q; want nothing", got)
	}
	if got := summary(s.messages(id, "?index=0")); got != "1:ParticipantJoined "+customerView {
		t.Errorf("index=0 = %q; want everything visible", got)
	}
	if got := summary(s.messages(id, "?index=4")); got != "4:Text:Hello? 5:TypingStopped 8:Text:How may I help you?" {
		t.Errorf("index=4 = %q; want from 4 inclusive", got)
	}
	if got := summary(s.messages(id, "?index=9")); got != "" {
		t.Errorf("index beyond the end = %q; want empty", got)
	}

	r := s.do("GET", "/api/v2/me/chats/"+id+"/messages", nil, ann...)
	agentView := list(r.Body["messages"])
	if got := summary(agentView); got != "1:ParticipantJoined 2:ParticipantJoined 3:TypingStarted 4:Text:Hello? 5:TypingStopped 6:CustomNotice:VIP 7:TypingStarted 8:Text:How may I help you?" {
		t.Errorf("agent transcript = %q", got)
	}
	for _, m := range agentView {
		if m["visibility"] == nil || m["timestamp"] == nil || m["timestampSeconds"] == nil {
			t.Errorf("agent message %v lacks visibility or timestamps", m)
		}
	}
	if from := agentView[1]["from"].(map[string]any); from["nickname"] != "Annie" || from["type"] != "Agent" {
		t.Errorf("agent join from = %v; want nickname Annie, type Agent", from)
	}

	s.customerOp(id, map[string]any{"operationName": "Complete"}, 200)
	c = s.chat(id)
	if c["state"] != "Idle" || len(list(c["capabilities"])) != 0 {
		t.Errorf("after Complete = %v; want Idle without capabilities", c)
	}
	r = s.customerOp(id, map[string]any{"operationName": "SendMessage", "text": "wait"}, 400)
	if r.code() != 2 || !strings.Contains(r.message(), "Idle") {
		t.Errorf("send after Complete = %v %q; want statusCode 2 naming the state", r.code(), r.message())
	}
	if got := summary(s.messages(id, "")); got != "9:ParticipantLeft" {
		t.Errorf("unread after Complete = %q; want 9:ParticipantLeft", got)
	}
	view, _ := s.agentChat(ann, id)
	if caps := list(view["capabilities"]); view["state"] != "Chatting" || len(caps) == 0 {
		t.Errorf("agent view after the customer left = %v; want still Chatting with wrap-up capabilities", view)
	}
	s.agentOp(ann, id, map[string]any{"operationName": "SendMessage", "text": "hello?"}, 400)
	s.agentOp(ann, id, map[string]any{"operationName": "Complete"}, 200)
	view, _ = s.agentChat(ann, id)
	if view["state"] != "Completed" {
		t.Errorf("agent view after Complete = %v; want Completed", view["state"])
	}
}

func TestTenantsAreIsolated(t *testing.T) {
	s := newServer(t)
	id := s.requestChat(cc1, nil)
	for _, tc := range []struct {
		name   string
		header []string
		status int
		code   float64
		want   string
	}{
		{"other contact center", cc(cc2), 404, 6, "chat " + id},
		{"unknown contact center", cc("nope"), 404, 6, "ContactCenterId"},
		{"no contact center", nil, 400, 1, "header ContactCenterId"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/api/v2/chats/" + id, "/api/v2/chats/" + id + "/messages"} {
				r := s.do("GET", path, nil, tc.header...)
				if r.Status != tc.status || r.code() != tc.code || !strings.Contains(r.message(), tc.want) {
					t.Errorf("GET %s = %d %v %q; want %d statusCode %v mentioning %q", path, r.Status, r.code(), r.message(), tc.status, tc.code, tc.want)
				}
			}
		})
	}
	if _, status := s.agentChat(dan, id); status != 404 {
		t.Errorf("another contact center's agent reads the chat: %d; want 404", status)
	}
}

// TestBadCustomerInput sends every kind of malformed request; each gets the GWS envelope
// with a message naming the problem, and none changes the chat.
func TestBadCustomerInput(t *testing.T) {
	s := newServer(t, mock.WithMaxBody(1024))
	id := s.requestChat(cc1, nil)
	chat := "/api/v2/chats/" + id
	before := s.do("GET", chat+"/messages?index=0", nil, cc(cc1)...).Raw + s.do("GET", chat, nil, cc(cc1)...).Raw
	for _, tc := range []struct {
		name, method, path string
		body               any
		header             []string
		status             int
		code               float64
		want               string
	}{
		{"malformed JSON", "POST", chat, `{"operationName":`, cc(cc1), 400, 10, "body: unexpected end of JSON input"},
		{"not an object", "POST", chat, `[1,2]`, cc(cc1), 400, 10, "body"},
		{"text of the wrong type", "POST", chat, map[string]any{"operationName": "SendMessage", "text": 7}, cc(cc1), 400, 10, "body text: value must be a string"},
		{"text missing", "POST", chat, map[string]any{"operationName": "SendMessage"}, cc(cc1), 400, 1, "body text: a required field is missing"},
		{"unknown field", "POST", chat, map[string]any{"operationName": "Complete", "why": "bored"}, cc(cc1), 400, 10, "why"},
		{"unknown operation", "POST", chat, map[string]any{"operationName": "Dance"}, cc(cc1), 400, 10, `body operationName: "Dance" is not one of`},
		{"agent operation", "POST", chat, map[string]any{"operationName": "Accept"}, cc(cc1), 400, 10, `"Accept" is not one of`},
		{"no operationName", "POST", chat, map[string]any{"text": "hi"}, cc(cc1), 400, 1, "operationName"},
		{"empty body", "POST", chat, "", cc(cc1), 400, 1, "body"},
		{"body too large", "POST", chat, map[string]any{"operationName": "SendMessage", "text": strings.Repeat("x", 2000)}, cc(cc1), 413, 10, "larger than the limit of 1024 bytes"},
		{"wrong content type", "POST", chat, "operationName=Complete", append(cc(cc1), "Content-Type", "application/x-www-form-urlencoded"), 415, 1, "use application/json"},
		{"missing header", "POST", chat, map[string]any{"operationName": "Complete"}, nil, 400, 1, "header ContactCenterId: a required parameter is missing"},
		{"duplicate header", "POST", chat, map[string]any{"operationName": "Complete"}, append(cc(cc1), "ContactCenterId", cc2), 400, 10, "header ContactCenterId: given 2 times"},
		{"empty header", "GET", chat, nil, cc(""), 400, 10, "header ContactCenterId"},
		{"unknown chat", "POST", "/api/v2/chats/nope", map[string]any{"operationName": "Complete"}, cc(cc1), 404, 6, "chat nope not found"},
		{"negative index", "GET", chat + "/messages?index=-1", nil, cc(cc1), 400, 10, "query index: number must be at least 0"},
		{"index not a number", "GET", chat + "/messages?index=abc", nil, cc(cc1), 400, 10, "query index"},
		{"index twice", "GET", chat + "/messages?index=1&index=2", nil, cc(cc1), 400, 10, "query index: given 2 times"},
		{"index too large", "GET", chat + "/messages?index=99999999999", nil, cc(cc1), 400, 10, "query index"},
		{"chat id with bad characters", "GET", "/api/v2/chats/a%20b", nil, cc(cc1), 400, 10, "path chatId"},
		{"POST to messages", "POST", chat + "/messages", map[string]any{"operationName": "Complete"}, cc(cc1), 405, 3, "method POST is not allowed"},
		{"unknown path", "GET", "/api/v2/nothing", nil, cc(cc1), 404, 6, "no operation"},
		{"nickname of the wrong type", "POST", "/api/v2/chats", map[string]any{"operationName": "RequestChat", "nickname": []any{"x"}}, cc(cc1), 400, 10, "body nickname"},
		{"userData not strings", "POST", "/api/v2/chats", map[string]any{"operationName": "RequestChat", "nickname": "C", "userData": map[string]any{"n": 1}}, cc(cc1), 400, 10, "body userData.n"},
		{"unknown queue", "POST", "/api/v2/chats", map[string]any{"operationName": "RequestChat", "nickname": "C", "endpoint": "sales"}, cc(cc1), 400, 10, `body endpoint: no queue "sales"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do(tc.method, tc.path, tc.body, tc.header...)
			if r.Status != tc.status || r.code() != tc.code {
				t.Errorf("status %d statusCode %v; want %d and %v: %s", r.Status, r.code(), tc.status, tc.code, r.Raw)
			}
			if !strings.Contains(r.message(), tc.want) {
				t.Errorf("statusMessage %q does not mention %q", r.message(), tc.want)
			}
			if ct := r.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type = %q; want application/json", ct)
			}
		})
	}
	after := s.do("GET", chat+"/messages?index=0", nil, cc(cc1)...).Raw + s.do("GET", chat, nil, cc(cc1)...).Raw
	if before != after {
		t.Errorf("bad input changed the chat:\nbefore %s\nafter  %s", before, after)
	}
	if n := len(s.m.Store().List(storeFilterGWS())); n != 1 {
		t.Errorf("%d chats; want 1 (failed RequestChats create nothing)", n)
	}
}

func TestAuthorizationHeaderIgnoredOnCustomerAPI(t *testing.T) {
	s := newServer(t)
	r := s.do("POST", "/api/v2/chats", map[string]any{"operationName": "RequestChat", "nickname": "C"}, append(cc(cc1), "Authorization", "Basic Zm9vOmJhcg==")...)
	if r.Status != 200 {
		t.Errorf("RequestChat with an Authorization header = %d; want 200 (ignored): %s", r.Status, r.Raw)
	}
}
