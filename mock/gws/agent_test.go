package gws_test

import (
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock/store"
)

func storeFilterGWS() store.Filter { return store.Filter{Vendor: "gws"} }

func TestAgentAuthentication(t *testing.T) {
	s := newServer(t)
	for _, tc := range []struct {
		name   string
		header []string
		want   string
	}{
		{"no credentials", nil, "HTTP Basic credentials are required"},
		{"wrong password", basic("ann", "nope"), "not accepted"},
		{"unknown user", basic("zed", "x"), "not accepted"},
		{"not basic", []string{"Authorization", "Bearer abc"}, "HTTP Basic credentials are required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, path := range []string{"/api/v2/me/chats", "/api/v2/me/chats/x", "/api/v2/me/chats/x/messages"} {
				r := s.do("GET", path, nil, tc.header...)
				if r.Status != 401 || r.code() != 20 || !strings.HasPrefix(r.message(), "Access denied") || !strings.Contains(r.message(), tc.want) {
					t.Errorf("GET %s = %d %v %q; want 401 statusCode 20 Access denied … %q", path, r.Status, r.code(), r.message(), tc.want)
				}
			}
			r := s.do("POST", "/api/v2/me/chats/x", map[string]any{"operationName": "Accept"}, tc.header...)
			if r.Status != 401 {
				t.Errorf("POST = %d; want 401", r.Status)
			}
		})
	}
}

func TestRoutingRejectAndTransfer(t *testing.T) {
	s := newServer(t)
	id := s.requestChat(cc1, map[string]any{"endpoint": "billing"})
	if view, _ := s.agentChat(ann, id); view["state"] != "Invited" {
		t.Fatalf("ann's view = %v; want Invited", view["state"])
	}
	if _, status := s.agentChat(bob, id); status != 404 {
		t.Fatalf("bob sees a chat offered to ann: %d; want 404", status)
	}
	s.agentOp(ann, id, map[string]any{"operationName": "Reject"}, 200)
	if view, _ := s.agentChat(bob, id); view["state"] != "Invited" {
		t.Fatalf("after ann rejects, bob's view = %v; want Invited (next agent in the queue)", view)
	}
	if view, _ := s.agentChat(ann, id); view["state"] != "Completed" {
		t.Errorf("after rejecting, ann's view = %v; want Completed", view["state"])
	}
	s.agentOp(ann, id, map[string]any{"operationName": "Accept"}, 400)
	s.agentOp(bob, id, map[string]any{"operationName": "Accept"}, 200)
	s.agentOp(bob, id, map[string]any{"operationName": "Transfer", "targetUri": "http://x/api/v2/users/zzz"}, 404)
	s.agentOp(bob, id, map[string]any{"operationName": "Transfer"}, 400)
	s.agentOp(bob, id, map[string]any{"operationName": "Transfer", "targetUri": "http://x/api/v2/users/ann01", "text": "Ann will take over"}, 200)
	if c := s.chat(id); c["state"] != "WaitingForAgent" {
		t.Errorf("after the transfer the customer sees %v; want WaitingForAgent", c["state"])
	}
	if view, _ := s.agentChat(ann, id); view["state"] != "Invited" {
		t.Errorf("after the transfer ann's view = %v; want Invited", view["state"])
	}
	s.agentOp(ann, id, map[string]any{"operationName": "Accept"}, 200)
	got := summary(s.messages(id, "?index=0"))
	want := "1:ParticipantJoined 2:ParticipantJoined 3:Text:Ann will take over 4:ParticipantLeft 5:ParticipantJoined"
	if got != want {
		t.Errorf("transcript = %q; want %q", got, want)
	}
}

func TestLeaveRequeuesAndUserData(t *testing.T) {
	s := newServer(t)
	id := s.requestChat(cc1, map[string]any{"userData": map[string]any{"order": "A-1"}})
	s.agentOp(ann, id, map[string]any{"operationName": "Accept"}, 200)
	s.agentOp(ann, id, map[string]any{"operationName": "UpdateUserData", "userData": map[string]any{"tier": "gold"}}, 200)
	view, _ := s.agentChat(ann, id)
	ud, _ := view["userData"].(map[string]any)
	if ud["order"] != "A-1" || ud["tier"] != "gold" {
		t.Errorf("userData = %v; want order and tier merged", ud)
	}
	s.agentOp(ann, id, map[string]any{"operationName": "SendNicknameUpdatedNotice", "noticeText": "Ann B."}, 200)
	s.agentOp(ann, id, map[string]any{"operationName": "Leave"}, 200)
	if view, _ := s.agentChat(ann, id); view["state"] != "LeftChat" {
		t.Errorf("after Leave ann's view = %v; want LeftChat", view["state"])
	}
	if c := s.chat(id); c["state"] != "WaitingForAgent" {
		t.Errorf("after the only agent left the customer sees %v; want WaitingForAgent", c["state"])
	}
	if got := summary(s.messages(id, "?index=3")); got != "3:Notice:Ann B. 4:ParticipantLeft" {
		t.Errorf("customer view = %q; want the nickname notice (as Notice) and the leave", got)
	}
}

func TestAgentListAndPaging(t *testing.T) {
	s := newServer(t)
	mine := s.requestChat(cc1, nil)
	other := s.requestChat(cc2, nil)
	r := s.do("GET", "/api/v2/me/chats?fields=*", nil, ann...)
	chats := list(r.Body["chats"])
	if r.Status != 200 || len(chats) != 1 || chats[0]["id"] != mine {
		t.Fatalf("ann's list = %d %v; want only %s", r.Status, r.Raw, mine)
	}
	if !strings.HasSuffix(chats[0]["uri"].(string), "/api/v2/chats/"+mine) {
		t.Errorf("uri = %v; want …/api/v2/chats/%s", chats[0]["uri"], mine)
	}
	if r := s.do("GET", "/api/v2/me/chats", nil, dan...); len(list(r.Body["chats"])) != 1 || list(r.Body["chats"])[0]["id"] != other {
		t.Errorf("dan's list = %s; want only %s", r.Raw, other)
	}
	s.agentOp(ann, mine, map[string]any{"operationName": "Accept"}, 200)
	for i := 0; i < 5; i++ {
		s.agentOp(ann, mine, map[string]any{"operationName": "SendMessage", "text": string(rune('a' + i))}, 200)
	}
	for _, tc := range []struct{ query, want string }{
		{"", "1:ParticipantJoined 2:ParticipantJoined 3:Text:a 4:Text:b 5:Text:c 6:Text:d 7:Text:e"},
		{"?startIndex=4", "4:Text:b 5:Text:c 6:Text:d 7:Text:e"},
		{"?startIndex=4&count=2", "4:Text:b 5:Text:c"},
		{"?count=1", "1:ParticipantJoined"},
		{"?startIndex=99", ""},
	} {
		r := s.do("GET", "/api/v2/me/chats/"+mine+"/messages"+tc.query, nil, ann...)
		if got := summary(list(r.Body["messages"])); got != tc.want {
			t.Errorf("messages%s = %q; want %q", tc.query, got, tc.want)
		}
	}
	for _, q := range []string{"?count=0", "?startIndex=-1", "?count=x"} {
		if r := s.do("GET", "/api/v2/me/chats/"+mine+"/messages"+q, nil, ann...); r.Status != 400 || r.code() != 10 {
			t.Errorf("messages%s = %d %v; want 400 statusCode 10", q, r.Status, r.code())
		}
	}
}

func TestEveryAgentOperation(t *testing.T) {
	s := newServer(t)
	id := s.requestChat(cc1, nil)
	s.agentOp(ann, id, map[string]any{"operationName": "Accept"}, 200)
	for _, op := range []map[string]any{
		{"operationName": "SendMessage", "text": "hi"},
		{"operationName": "SendStartTypingNotification", "text": "preview"},
		{"operationName": "SendStopTypingNotification"},
		{"operationName": "SendStartTypingToAgentsNotification"},
		{"operationName": "SendCustomNoticeToAgents", "noticeText": "note"},
		{"operationName": "SendNicknameUpdatedNotice", "noticeText": "Annie"},
		{"operationName": "UpdateUserData", "userData": map[string]any{"k": "v"}},
		{"operationName": "Complete", "text": "bye", "messageType": "Notice"},
	} {
		s.agentOp(ann, id, op, 200)
	}
	got := summary(s.messages(id, "?index=0"))
	want := "1:ParticipantJoined 2:ParticipantJoined 3:Text:hi 4:TypingStarted:preview 5:TypingStopped 8:Notice:Annie 9:Notice:bye 10:ParticipantLeft"
	if got != want {
		t.Errorf("customer transcript = %q; want %q", got, want)
	}
	for _, op := range []map[string]any{
		{"operationName": "SendMessage", "text": "x"},
		{"operationName": "Leave"},
		{"operationName": "Transfer", "queueName": "default"},
		{"operationName": "Accept"},
	} {
		r := s.agentOp(ann, id, op, 400)
		if r.code() != 2 || !strings.Contains(r.message(), "Completed") {
			t.Errorf("%v after Complete: statusCode %v %q; want 2 naming the state", op["operationName"], r.code(), r.message())
		}
	}
}
