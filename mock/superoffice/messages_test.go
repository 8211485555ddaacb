package superoffice_test

import (
	"encoding/xml"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock"
)

func TestGetMessages(t *testing.T) {
	e := newEnv(t)
	all := e.messages("103", "")
	if len(all) != 4 {
		t.Fatalf("messages = %d; want 4: %+v", len(all), all)
	}
	wantTypes := []string{"ToUser", "ToCustomer", "ToUser", "ToCustomer"}
	for i, m := range all {
		if m.Type != wantTypes[i] {
			t.Errorf("[%d].Type = %s; want %s", i, m.Type, wantTypes[i])
		}
		if m.ChatSessionId != 103 {
			t.Errorf("[%d].ChatSessionId = %d; want 103", i, m.ChatSessionId)
		}
		if i > 0 && m.ChatMessageId <= all[i-1].ChatMessageId {
			t.Errorf("[%d].ChatMessageId = %d; want > %d (ascending)", i, m.ChatMessageId, all[i-1].ChatMessageId)
		}
	}
	if all[0].Author != "Lars Nilsen" || all[1].Author != "Anna Berg" {
		t.Errorf("authors = %q, %q; want Lars Nilsen, Anna Berg", all[0].Author, all[1].Author)
	}
	if all[0].WhenPosted != "2024-05-14T09:01:00Z" {
		t.Errorf("WhenPosted = %s; want 2024-05-14T09:01:00Z", all[0].WhenPosted)
	}
	for _, tc := range []struct {
		query string
		want  int
	}{
		{"?after=0", 4},
		{fmt.Sprintf("?after=%d", all[0].ChatMessageId), 3},
		{fmt.Sprintf("?after=%d", all[1].ChatMessageId-1), 3}, // exclusive on the id, not an index
		{fmt.Sprintf("?after=%d", all[3].ChatMessageId), 0},
		{"?after=999999", 0},
	} {
		t.Run(tc.query, func(t *testing.T) {
			got := e.messages("103", tc.query)
			if len(got) != tc.want {
				t.Fatalf("messages = %d; want %d", len(got), tc.want)
			}
			if tc.want > 0 && got[len(got)-1].ChatMessageId != all[3].ChatMessageId {
				t.Errorf("last id = %d; want %d", got[len(got)-1].ChatMessageId, all[3].ChatMessageId)
			}
		})
	}
	t.Run("empty list is []", func(t *testing.T) {
		r := e.do("GET", "/api/v1/ChatSession/103/Messages?after=999999", "").want(t, 200)
		if string(r.body) != "[]" {
			t.Errorf("body = %s; want []", r.body)
		}
	})
}

func TestGetMessagesErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, path string
		hdr        []string
		status     int
		parts      []string
	}{
		{"unknown session", "/api/v1/ChatSession/999/Messages", nil, 404, []string{"chatSessionId", "999"}},
		{"negative after", "/api/v1/ChatSession/103/Messages?after=-1", nil, 400, []string{"after"}},
		{"after not a number", "/api/v1/ChatSession/103/Messages?after=abc", nil, 400, []string{"after"}},
		{"after too large for int32", "/api/v1/ChatSession/103/Messages?after=99999999999", nil, 400, []string{"after"}},
		{"after twice", "/api/v1/ChatSession/103/Messages?after=1&after=2", nil, 400, []string{"after", "once"}},
		{"id not a number", "/api/v1/ChatSession/abc/Messages", nil, 400, []string{"chatSessionId", "integer"}},
		{"header twice", "/api/v1/ChatSession/103/Messages", []string{"SO-Language", "en", "SO-Language", "nb"}, 400, []string{"SO-Language", "once"}},
		{"method not allowed", "/api/v1/ChatSession/103/Messages", []string{"X-Method", "PUT"}, 405, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method := "GET"
			if len(tc.hdr) == 2 && tc.hdr[0] == "X-Method" {
				method, tc.hdr = tc.hdr[1], nil
			}
			e.do(method, tc.path, "", tc.hdr...).wantError(t, tc.status, tc.parts...)
		})
	}
}

// TestPollLoop is the client loop the seed describes: keep the largest ChatMessageId seen
// and ask for what came after it.
func TestPollLoop(t *testing.T) {
	e := newEnv(t)
	all := e.messages("103", "")
	cursor := all[len(all)-1].ChatMessageId
	var seen []string
	for i := range 5 {
		text := fmt.Sprintf("message %d", i)
		typ := []string{"ToCustomer", "ToUser"}[i%2]
		var posted message
		e.do("POST", "/api/v1/ChatSession/103/Messages", fmt.Sprintf(`{"Type":%q,"Message":%q}`, typ, text)).want(t, 200).decode(t, &posted)
		if posted.ChatMessageId <= cursor {
			t.Fatalf("posted id = %d; want > %d", posted.ChatMessageId, cursor)
		}
		if i%2 == 1 { // another session's message takes a global id in between
			e.do("POST", "/api/v1/ChatSession/106/Messages", `{"Type":"ToCustomer","Message":"elsewhere"}`).want(t, 200)
		}
		news := e.messages("103", fmt.Sprintf("?after=%d", cursor))
		if len(news) != 1 || news[0].Message != text || news[0].ChatMessageId != posted.ChatMessageId {
			t.Fatalf("after %d = %+v; want just %q (id %d)", cursor, news, text, posted.ChatMessageId)
		}
		cursor = news[0].ChatMessageId
		seen = append(seen, news[0].Message)
		if again := e.messages("103", fmt.Sprintf("?after=%d", cursor)); len(again) != 0 {
			t.Fatalf("after %d again = %+v; want nothing", cursor, again)
		}
	}
	if got := len(e.messages("103", "")); got != len(all)+5 {
		t.Errorf("messages = %d; want %d", got, len(all)+5)
	}
	if len(seen) != 5 {
		t.Errorf("seen %d messages; want 5", len(seen))
	}
}

func TestAddMessage(t *testing.T) {
	e := newEnv(t)
	now := e.clock.Now().Format(time.RFC3339)
	for _, tc := range []struct {
		name, body, contentType string
		want                    message
	}{
		{"agent reply", `{"Type":"ToCustomer","Message":"Anything else?","Author":"Anna B."}`, "",
			message{ChatSessionId: 103, Type: "ToCustomer", Message: "Anything else?", Author: "Anna B.", SpecialType: "None", WhenPosted: now}},
		{"author defaults to the associate", `{"Type":"ToCustomer","Message":"Hi"}`, "",
			message{ChatSessionId: 103, Type: "ToCustomer", Message: "Hi", Author: "Anna Berg", SpecialType: "None", WhenPosted: now}},
		{"from the customer", `{"Type":"ToUser","Message":"Thanks"}`, "",
			message{ChatSessionId: 103, Type: "ToUser", Message: "Thanks", Author: "Lars Nilsen", ReadByCustomer: 1, SpecialType: "None", WhenPosted: now}},
		{"special url", `{"Type":"Special","SpecialType":"Url","SpecialParam":"https://example.com/x","Message":"See this"}`, "",
			message{ChatSessionId: 103, Type: "Special", Message: "See this", Author: "Anna Berg", SpecialType: "Url", SpecialParam: "https://example.com/x", WhenPosted: now}},
		{"full carrier: id ignored, session forced, WhenPosted kept",
			`{"ChatMessageId":5,"ChatSessionId":999,"Type":"ToCustomer","Message":"m","Author":"A","ReadByCustomer":1,"SpecialType":"None","SpecialParam":"","WhenPosted":"2024-05-14T11:07:30+02:00"}`, "",
			message{ChatSessionId: 103, Type: "ToCustomer", Message: "m", Author: "A", ReadByCustomer: 1, SpecialType: "None", WhenPosted: "2024-05-14T09:07:30Z"}},
		{"zero WhenPosted is stamped", `{"Type":"ToCustomer","Message":"z","WhenPosted":"0001-01-01T00:00:00Z"}`, "",
			message{ChatSessionId: 103, Type: "ToCustomer", Message: "z", Author: "Anna Berg", SpecialType: "None", WhenPosted: now}},
		{"null message", `{"Type":"ToCustomer","Message":null}`, "",
			message{ChatSessionId: 103, Type: "ToCustomer", Author: "Anna Berg", SpecialType: "None", WhenPosted: now}},
		{"text/json", `{"Type":"ToCustomer","Message":"tj"}`, "text/json",
			message{ChatSessionId: 103, Type: "ToCustomer", Message: "tj", Author: "Anna Berg", SpecialType: "None", WhenPosted: now}},
		{"form", "Type=ToCustomer&Message=form+text&ReadByCustomer=1", "application/x-www-form-urlencoded",
			message{ChatSessionId: 103, Type: "ToCustomer", Message: "form text", Author: "Anna Berg", ReadByCustomer: 1, SpecialType: "None", WhenPosted: now}},
		{"xml", `<ChatMessage xmlns="http://schemas.datacontract.org/2004/07/SuperOffice.WebApi.Data"><Type>ToCustomer</Type><Message>x &amp; y</Message><ReadByCustomer>0</ReadByCustomer></ChatMessage>`, "application/xml",
			message{ChatSessionId: 103, Type: "ToCustomer", Message: "x & y", Author: "Anna Berg", SpecialType: "None", WhenPosted: now}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hdr []string
			if tc.contentType != "" {
				hdr = []string{"Content-Type", tc.contentType}
			}
			before := e.m.Store().LastMessageID()
			var got message
			e.do("POST", "/api/v1/ChatSession/103/Messages", tc.body, hdr...).want(t, 200).decode(t, &got)
			if got.ChatMessageId != before+1 {
				t.Errorf("ChatMessageId = %d; want %d (the next global id)", got.ChatMessageId, before+1)
			}
			tc.want.ChatMessageId = got.ChatMessageId
			if got != tc.want {
				t.Errorf("message = %+v; want %+v", got, tc.want)
			}
			all := e.messages("103", "")
			if last := all[len(all)-1]; last != got {
				t.Errorf("GET last = %+v; want the posted %+v", last, got)
			}
		})
	}
}

func TestAddMessageSideEffects(t *testing.T) {
	e := newEnv(t)
	e.clock.Advance(time.Minute)
	e.do("POST", "/api/v1/ChatSession/103/Messages", `{"Type":"ToUser","Message":"one more thing"}`).want(t, 200)
	s := e.session("103")
	if s.Status != "CustomerLast" || s.LastMessage != "one more thing" || s.WhenIdle != e.clock.Now().Format(time.RFC3339) {
		t.Errorf("after ToUser: Status %s, LastMessage %q, WhenIdle %s; want CustomerLast, the text, now", s.Status, s.LastMessage, s.WhenIdle)
	}
	if s.FirstMessage != "Hi, my invoice 10233 shows the wrong delivery address." {
		t.Errorf("FirstMessage = %q; want it kept", s.FirstMessage)
	}
	e.do("POST", "/api/v1/ChatSession/103/Messages", `{"Type":"ToCustomer","Message":"sure"}`).want(t, 200)
	if s := e.session("103"); s.Status != "UserLast" {
		t.Errorf("after ToCustomer: Status = %s; want UserLast", s.Status)
	}
	// A queued session stays in the queue; a closed one stays closed.
	e.do("POST", "/api/v1/ChatSession/104/Messages", `{"Type":"ToUser","Message":"hello?"}`).want(t, 200)
	if s := e.session("104"); s.Status != "InQueue" || s.LastMessage != "hello?" {
		t.Errorf("queued: Status %s, LastMessage %q; want InQueue, hello?", s.Status, s.LastMessage)
	}
	e.do("POST", "/api/v1/ChatSession/105/Messages", `{"Type":"ToUser","Message":"late"}`).want(t, 200)
	if s := e.session("105"); s.Status != "Closed" {
		t.Errorf("closed: Status = %s; want Closed", s.Status)
	}
}

func TestAddMessageErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, path, body, contentType string
		status                        int
		parts                         []string
	}{
		{"type Invalid", "", `{"Type":"Invalid","Message":"x"}`, "", 400, []string{"Type", "Invalid"}},
		{"type missing", "", `{"Message":"x"}`, "", 400, []string{"Type"}},
		{"type unknown", "", `{"Type":"Shout"}`, "", 400, []string{"Type"}},
		{"special type unknown", "", `{"Type":"Special","SpecialType":"Blink"}`, "", 400, []string{"SpecialType"}},
		{"read flag not 0/1", "", `{"Type":"ToUser","ReadByCustomer":482}`, "", 400, []string{"ReadByCustomer"}},
		{"wrong type", "", `{"Type":"ToUser","ReadByCustomer":"yes"}`, "", 400, []string{"ReadByCustomer"}},
		{"message not a string", "", `{"Type":"ToUser","Message":42}`, "", 400, []string{"Message"}},
		{"bad date", "", `{"Type":"ToUser","WhenPosted":"yesterday"}`, "", 400, []string{"WhenPosted"}},
		{"unknown field", "", `{"Type":"ToUser","Mood":"happy"}`, "", 400, []string{"Mood"}},
		{"bad json", "", `{"Type":"ToUser",`, "", 400, []string{"body"}},
		{"not an object", "", `["ToUser"]`, "", 400, []string{"body"}},
		{"empty body", "", ``, "", 400, []string{"body"}},
		{"bad xml", "", `<ChatMessage><Type>ToUser</Type>`, "application/xml", 400, []string{"line"}},
		{"xml wrong root", "", `<Message><Type>ToUser</Type></Message>`, "text/xml", 400, []string{"ChatMessage"}},
		{"xml bad integer", "", `<ChatMessage><Type>ToUser</Type><ReadByCustomer>one</ReadByCustomer></ChatMessage>`, "application/xml", 400, []string{"ReadByCustomer", "integer"}},
		{"xml unknown element", "", `<ChatMessage><Type>ToUser</Type><Mood>x</Mood></ChatMessage>`, "application/xml", 400, []string{"Mood"}},
		{"form unknown field", "", `Type=ToUser&Mood=x`, "application/x-www-form-urlencoded", 400, []string{"Mood"}},
		{"form bad integer", "", `Type=ToUser&ReadByCustomer=x`, "application/x-www-form-urlencoded", 400, []string{"ReadByCustomer"}},
		{"content type text/plain", "", `Type=ToUser`, "text/plain", 415, []string{"Content-Type"}},
		{"merge patch content type", "", `{"Type":"ToUser"}`, "application/merge-patch+json", 415, []string{"Content-Type"}},
		{"unknown session", "/api/v1/ChatSession/999/Messages", `{"Type":"ToUser","Message":"x"}`, "", 404, []string{"999"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.state("", "103")
			path := tc.path
			if path == "" {
				path = "/api/v1/ChatSession/103/Messages"
			}
			var hdr []string
			if tc.contentType != "" {
				hdr = []string{"Content-Type", tc.contentType}
			}
			e.do("POST", path, tc.body, hdr...).wantError(t, tc.status, tc.parts...)
			e.unchanged(before, "", "103")
		})
	}
}

// TestTooLarge: every operation with a body answers 413 in the vendor's shape to a body
// over the limit, and changes nothing.
func TestTooLarge(t *testing.T) {
	e := newEnv(t, mock.WithMaxBody(64))
	big := strings.Repeat("x", 100)
	for _, tc := range []struct{ method, path, body, contentType string }{
		{"POST", "/api/v1/ChatSession/103/Messages", `{"Type":"ToUser","Message":"` + big + `"}`, "application/json"},
		{"POST", "/api/v1/ChatSession/103/Messages", `<ChatMessage><Message>` + big + `</Message></ChatMessage>`, "application/xml"},
		{"POST", "/api/v1/ChatSession", `{"CustomerName":"` + big + `"}`, "application/json"},
		{"PATCH", "/api/v1/ChatSession/103", `{"CustomerName":"` + big + `"}`, mergePatch},
	} {
		t.Run(tc.method+" "+tc.path+" "+tc.contentType, func(t *testing.T) {
			before := e.state("", "103")
			n := len(e.m.Store().List(storeFilter()))
			e.do(tc.method, tc.path, tc.body, "Content-Type", tc.contentType).wantError(t, 413, "limit")
			e.unchanged(before, "", "103")
			if got := len(e.m.Store().List(storeFilter())); got != n {
				t.Errorf("sessions = %d; want %d", got, n)
			}
		})
	}
	e.do("POST", "/api/v1/ChatSession/103/Messages", `{"Type":"ToUser"}`).want(t, 200)
}

func TestMessagesXML(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/api/v1/ChatSession/103/Messages", "", "Accept", "application/xml").want(t, 200)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "application/xml") {
		t.Fatalf("Content-Type = %q; want application/xml", ct)
	}
	var list struct {
		XMLName  xml.Name
		Messages []struct {
			ChatMessageId int64
			Type          string
			Message       string
		} `xml:"ChatMessage"`
	}
	if err := xml.Unmarshal(r.body, &list); err != nil {
		t.Fatalf("unmarshal %s: %v", r.body, err)
	}
	if list.XMLName.Local != "ArrayOfChatMessage" || len(list.Messages) != 4 || list.Messages[1].Type != "ToCustomer" {
		t.Errorf("list = %+v; want ArrayOfChatMessage with 4 messages", list)
	}
	// XML in, XML out.
	r = e.do("POST", "/api/v1/ChatSession/103/Messages", `<ChatMessage><Type>ToUser</Type><Message>via xml</Message></ChatMessage>`,
		"Content-Type", "text/xml", "Accept", "text/xml").want(t, 200)
	if ct := r.header.Get("Content-Type"); !strings.HasPrefix(ct, "text/xml") {
		t.Fatalf("Content-Type = %q; want text/xml", ct)
	}
	var m struct {
		XMLName       xml.Name
		ChatSessionId int64
		Message       string
		SpecialType   string
	}
	if err := xml.Unmarshal(r.body, &m); err != nil {
		t.Fatalf("unmarshal %s: %v", r.body, err)
	}
	if m.XMLName.Local != "ChatMessage" || m.ChatSessionId != 103 || m.Message != "via xml" || m.SpecialType != "None" {
		t.Errorf("message = %+v; want ChatMessage 103 'via xml'", m)
	}
	// An XML error when the client wants XML.
	r = e.do("GET", "/api/v1/ChatSession/999/Messages", "", "Accept", "application/xml").want(t, 404)
	var eb struct {
		XMLName xml.Name
		Message string
	}
	if err := xml.Unmarshal(r.body, &eb); err != nil || eb.XMLName.Local != "Error" || !strings.Contains(eb.Message, "999") {
		t.Errorf("error body %s (%v); want <Error><Message> naming 999", r.body, err)
	}
}
