package control_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock"
)

func TestHealthz(t *testing.T) {
	_, _, srv := newMock(t)
	var got map[string]string
	ok(t, srv, http.MethodGet, "/healthz", "", 200, &got)
	if got["status"] != "ok" {
		t.Errorf("healthz = %v; want status ok", got)
	}
}

func TestGetMockChat(t *testing.T) {
	_, _, srv := newMock(t)
	var got map[string]any
	ok(t, srv, http.MethodGet, "/mock/chats/acquire/106241", "", 200, &got)
	want := map[string]any{
		"vendor": "acquire", "id": "106241", "tenant": "10719", "state": "chatting", "vendorState": "open",
		"createdAt": "2018-07-23T13:45:40Z", "updatedAt": "2018-07-23T13:45:54Z",
		"visitor": map[string]any{"id": "61793", "kind": "visitor", "name": "John Deo", "nickname": "John"},
		"participants": []any{
			map[string]any{"id": "61793", "kind": "visitor", "name": "John Deo", "nickname": "John", "present": true},
			map[string]any{"id": "15416", "kind": "agent", "name": "Devid Klok", "nickname": "Devid", "present": true},
		},
		"userData": map[string]any{}, "eventCount": 5.0, "lastIndex": 5.0,
		"events": []any{
			event(1, 1, "joined", "61793", nil, "All", "2018-07-23T13:45:40Z"),
			event(2, 2, "joined", "15416", nil, "All", "2018-07-23T13:45:45Z"),
			event(3, 3, "text", "15416", "Hello", "All", "2018-07-23T13:45:50Z"),
			event(4, 4, "custom-notice", "15416", "VIP", "Agents", "2018-07-23T13:45:52Z"),
			event(5, nil, "typing-started", "61793", nil, "All", "2018-07-23T13:45:54Z"),
		},
	}
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.MarshalIndent(got, "", " ")
		t.Errorf("chat = %s", gb)
	}
	for _, tt := range []struct {
		name, path string
		status     int
		code, msg  string
	}{
		{"unknown chat", "/mock/chats/acquire/999", 404, "not_found", "chat acquire/999 not found"},
		{"vendor without chats", "/mock/chats/gws/106241", 404, "not_found", "chat gws/106241 not found"},
		{"unknown vendor", "/mock/chats/zendesk/1", 400, "bad_request", "path vendor"},
		{"wrong method", "/mock/chats/acquire/106241", 405, "method_not_allowed", "method DELETE"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			method := http.MethodGet
			if tt.code == "method_not_allowed" {
				method = http.MethodDelete
			}
			status, body := send(t, srv, method, tt.path, "", nil)
			checkError(t, status, body, tt.status, tt.code, tt.msg)
		})
	}
}

func event(index int, id any, kind, from string, text any, vis, time string) map[string]any {
	p := map[string]any{"id": from, "kind": "visitor", "name": "John Deo", "nickname": "John"}
	if from != "61793" {
		p = map[string]any{"id": from, "kind": "agent", "name": "Devid Klok", "nickname": "Devid"}
	}
	if n, ok := id.(int); ok {
		id = float64(n)
	}
	return map[string]any{"index": float64(index), "messageId": id, "kind": kind, "from": p, "text": text, "visibility": vis, "time": time}
}

func TestListMockChats(t *testing.T) {
	_, _, srv := newMock(t)
	tests := []struct {
		query string
		want  []string
	}{
		{"", []string{"106241", "106300"}},
		{"?vendor=acquire", []string{"106241", "106300"}},
		{"?vendor=gws", []string{}},
		{"?tenant=10719&state=waiting", []string{"106300"}},
		{"?state=chatting", []string{"106241"}},
		{"?state=completed", []string{}},
		{"?tenant=other", []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var list struct {
				Chats []map[string]any `json:"chats"`
			}
			ok(t, srv, http.MethodGet, "/mock/chats"+tt.query, "", 200, &list)
			got := []string{}
			for _, c := range list.Chats {
				got = append(got, c["id"].(string))
				if _, has := c["events"]; has {
					t.Errorf("chat %s has events; want them omitted from the list", c["id"])
				}
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("ids = %v; want %v", got, tt.want)
			}
		})
	}
	for _, tt := range []struct{ name, query, msg string }{
		{"unknown vendor", "?vendor=zendesk", "query vendor"},
		{"unknown state", "?state=open", "query state"},
		{"empty tenant", "?tenant=", "query tenant"},
		{"vendor twice", "?vendor=acquire&vendor=gws", "query vendor: given 2 times"},
		{"unknown parameter", "?vendr=gws", "query vendr: unknown parameter; this operation takes state, tenant, vendor"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := send(t, srv, http.MethodGet, "/mock/chats"+tt.query, "", nil)
			checkError(t, status, body, 400, "bad_request", tt.msg)
		})
	}
}

func TestCreateMockChat(t *testing.T) {
	_, _, srv := newMock(t)
	var got map[string]any
	ok(t, srv, http.MethodPost, "/mock/chats/acquire", `{"tenant":"10719","visitor":{"name":"Kari Nordmann","email":"kari@example.com"},
		"agent":"15416","subject":"Tent","userData":{"order":"88"},
		"messages":[{"from":"agent","text":"Hello"},{"from":"visitor","text":"Hi","visibility":"All"}]}`, 201, &got)
	if got["id"] != "106301" || got["state"] != "chatting" || got["subject"] != "Tent" || got["eventCount"] != 4.0 {
		t.Errorf("chat = id %v, state %v, subject %v, eventCount %v; want 106301, chatting, Tent, 4", got["id"], got["state"], got["subject"], got["eventCount"])
	}
	if v := got["visitor"].(map[string]any); v["id"] != "61801" || v["nickname"] != "Kari" {
		t.Errorf("visitor = %v; want id 61801 (next visitor id), nickname Kari", v)
	}
	var kinds []string
	for _, e := range got["events"].([]any) {
		kinds = append(kinds, e.(map[string]any)["kind"].(string))
	}
	if want := []string{"joined", "joined", "text", "text"}; !reflect.DeepEqual(kinds, want) {
		t.Errorf("event kinds = %v; want %v", kinds, want)
	}
	if ud := got["userData"].(map[string]any); ud["order"] != "88" {
		t.Errorf("userData = %v; want order 88", ud)
	}
	// The new chat is visible through the Acquire API.
	status, body := acquireMessages(t, srv, "visitor_id=61801&last_chat_id=106301", nil)
	if status != 200 || !strings.Contains(string(body), `"message":"Hi"`) {
		t.Errorf("acquire messages = %d %s; want the new chat's messages", status, body)
	}
	var waiting map[string]any
	ok(t, srv, http.MethodPost, "/mock/chats/acquire", `{"id":"500","tenant":"10719","visitor":{"name":"W"}}`, 201, &waiting)
	if waiting["id"] != "500" || waiting["state"] != "waiting" || waiting["eventCount"] != 1.0 {
		t.Errorf("chat = %v; want id 500, waiting, one event", waiting)
	}
}

func TestCreateMockChatErrors(t *testing.T) {
	_, _, srv := newMock(t, mock.WithMaxBody(512))
	tests := []struct {
		name, path, body string
		header           http.Header
		status           int
		code             string
		msg              []string
	}{
		{"id taken", "/mock/chats/acquire", `{"id":"106241","tenant":"10719","visitor":{"name":"X"}}`, nil, 409, "conflict", []string{"chat acquire/106241 already exists"}},
		{"unknown tenant", "/mock/chats/acquire", `{"tenant":"globex","visitor":{"name":"X"}}`, nil, 400, "bad_request", []string{"tenant", `no acquire account "globex"`}},
		{"unknown agent", "/mock/chats/acquire", `{"tenant":"10719","visitor":{"name":"X"},"agent":"99"}`, nil, 400, "bad_request", []string{"agent", `no agent "99"`}},
		{"agent message without agent", "/mock/chats/acquire", `{"tenant":"10719","visitor":{"name":"X"},"messages":[{"from":"agent","text":"hi"}]}`, nil, 400, "bad_request", []string{"agent", "messages[0]"}},
		{"non-numeric Acquire id", "/mock/chats/acquire", `{"id":"abc","tenant":"10719","visitor":{"name":"X"}}`, nil, 400, "bad_request", []string{"id", "positive integers"}},
		{"vendor not served", "/mock/chats/gws", `{"tenant":"acme","visitor":{"name":"X"}}`, nil, 404, "not_found", []string{"vendor gws is not served"}},
		{"unknown vendor", "/mock/chats/zendesk", `{"tenant":"acme","visitor":{"name":"X"}}`, nil, 400, "bad_request", []string{"path vendor"}},
		{"missing tenant", "/mock/chats/acquire", `{"visitor":{"name":"X"}}`, nil, 400, "bad_request", []string{"body tenant", "missing"}},
		{"missing visitor name", "/mock/chats/acquire", `{"tenant":"10719","visitor":{}}`, nil, 400, "bad_request", []string{"visitor.name"}},
		{"unknown field", "/mock/chats/acquire", `{"tenant":"10719","visitor":{"name":"X"},"colour":"red"}`, nil, 400, "bad_request", []string{"colour"}},
		{"wrong type", "/mock/chats/acquire", `{"tenant":10719,"visitor":{"name":"X"}}`, nil, 400, "bad_request", []string{"tenant"}},
		{"bad message sender", "/mock/chats/acquire", `{"tenant":"10719","visitor":{"name":"X"},"messages":[{"from":"bot","text":"x"}]}`, nil, 400, "bad_request", []string{"from"}},
		{"bad JSON", "/mock/chats/acquire", `{"tenant":`, nil, 400, "bad_request", nil},
		{"no body", "/mock/chats/acquire", ``, nil, 400, "bad_request", []string{"body"}},
		{"form body", "/mock/chats/acquire", `tenant=10719`, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, 415, "unsupported_media_type", []string{"Content-Type"}},
		{"oversized", "/mock/chats/acquire", `{"tenant":"10719","visitor":{"name":"` + strings.Repeat("x", 600) + `"}}`, nil, 413, "payload_too_large", []string{"512 bytes"}},
	}
	before := snapshot(t, srv)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := send(t, srv, http.MethodPost, tt.path, tt.body, tt.header)
			checkError(t, status, body, tt.status, tt.code, tt.msg...)
		})
	}
	if after := snapshot(t, srv); after != before {
		t.Errorf("failed CreateMockChat calls changed the chats:\nbefore %s\nafter  %s", before, after)
	}
}
