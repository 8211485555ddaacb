package superoffice_test

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestPickUp(t *testing.T) {
	e := newEnv(t)
	before := e.messages("104", "")
	var s entity
	e.do("POST", "/api/v1/ChatSession/104/Pickup", "").want(t, 200).decode(t, &s)
	now := e.clock.Now().Format(time.RFC3339)
	if s.ChatSessionId != 104 || s.User == nil || s.User.AssociateId != 12 || s.Status != "UserLast" || s.WhenStarted != now || s.Rank != 2 {
		t.Errorf("picked = %+v; want 104 for Anna, UserLast, started now, rank 2", s)
	}
	if s.Links != nil {
		t.Errorf("links = %+v; want none (ChatSessionEntity)", s.Links)
	}
	after := e.messages("104", "")
	if len(after) != len(before)+1 {
		t.Fatalf("messages %d -> %d; want one welcome message", len(before), len(after))
	}
	w := after[len(after)-1]
	if w.Type != "Special" || w.SpecialType != "Welcome" || !strings.Contains(w.Message, "Anna Berg") || w.Author != "Anna Berg" {
		t.Errorf("welcome = %+v", w)
	}
	if s.LastMessage != w.Message {
		t.Errorf("LastMessage = %q; want the welcome", s.LastMessage)
	}
	// Not in the queue (any more): null, and nothing changes.
	for _, id := range []string{"104", "103", "105"} {
		state := e.state("", id)
		r := e.do("POST", "/api/v1/ChatSession/"+id+"/Pickup", "").want(t, 200)
		if string(r.body) != "null" {
			t.Errorf("pickup %s = %s; want null", id, r.body)
		}
		e.unchanged(state, "", id)
	}
	r := e.do("POST", "/api/v1/ChatSession/103/Pickup", "", "Accept", "application/xml").want(t, 200)
	if !strings.Contains(string(r.body), `i:nil="true"`) || !strings.HasPrefix(string(r.body), "<ChatSessionEntity") {
		t.Errorf("xml null = %s; want <ChatSessionEntity i:nil=\"true\"/>", r.body)
	}
	e.do("POST", "/api/v1/ChatSession/999/Pickup", "").wantError(t, 404, "999")
	if my := e.forUser(t, "SOTicket "+annaTicket); my != "103,104" {
		t.Errorf("Anna's sessions = %s; want 103,104", my)
	}
}

func (e *env) forUser(t *testing.T, auth string) string {
	t.Helper()
	var got []entity
	e.do("GET", "/api/v1/ChatSession/ForCurrentUser", "", "Authorization", auth).want(t, 200).decode(t, &got)
	var ids []int64
	for _, s := range got {
		ids = append(ids, s.ChatSessionId)
	}
	return itoa2(ids)
}

func TestPickUpFirst(t *testing.T) {
	e := newEnv(t)
	e.do("POST", "/api/v1/ChatSession", `{"Status":"InQueue","CustomerName":"Later"}`).want(t, 200)
	var s entity
	e.do("POST", "/api/v1/ChatSession/Pickup", "", "Authorization", "SOTicket "+olaTicket).want(t, 200).decode(t, &s)
	if s.ChatSessionId != 104 || s.User == nil || s.User.AssociateId != 13 {
		t.Fatalf("first = %+v; want 104 for Ola", s)
	}
	e.do("POST", "/api/v1/ChatSession/Pickup", "").want(t, 200).decode(t, &s)
	if s.ChatSessionId != 203 || s.User.AssociateId != 12 {
		t.Fatalf("second = %+v; want the created 203 for Anna", s)
	}
	r := e.do("POST", "/api/v1/ChatSession/Pickup", "").want(t, 200)
	if string(r.body) != "null" {
		t.Errorf("empty queue = %s; want null", r.body)
	}
	// Online has its own queue.
	e.do("POST", "/"+online+"/api/v1/ChatSession/Pickup", "", "Authorization", "SOTicket "+kariTicket).want(t, 200).decode(t, &s)
	if s.ChatSessionId != 201 {
		t.Errorf("online first = %d; want 201", s.ChatSessionId)
	}
}

func TestReset(t *testing.T) {
	e := newEnv(t)
	var s entity
	e.do("POST", "/api/v1/ChatSession/103/Reset", "").want(t, 200).decode(t, &s)
	if s.Status != "InQueue" || s.User != nil || s.WhenStarted != "0001-01-01T00:00:00Z" || s.ChatbotIsActive || s.Links != nil {
		t.Errorf("reset = %+v; want InQueue, no user, not started", s)
	}
	if my := e.forUser(t, "SOTicket "+annaTicket); my != "" {
		t.Errorf("Anna's sessions = %q; want none", my)
	}
	e.do("POST", "/api/v1/ChatSession/103/Pickup", "", "Authorization", "SOTicket "+olaTicket).want(t, 200).decode(t, &s)
	if s.User == nil || s.User.AssociateId != 13 {
		t.Errorf("picked after reset = %+v; want Ola", s)
	}
	e.do("POST", "/api/v1/ChatSession/999/Reset", "").wantError(t, 404, "999")
}

func TestTranscript(t *testing.T) {
	e := newEnv(t)
	e.do("POST", "/api/v1/ChatSession/103/Messages", `{"Type":"ToUser","Message":"<b>bold</b> & more"}`).want(t, 200)
	var text string
	e.do("POST", "/api/v1/ChatSession/103/Transcript", "").want(t, 200).decode(t, &text)
	lines := strings.Split(text, "\n")
	if len(lines) != 5 || lines[0] != "Lars Nilsen (14.05.2024 09:01): Hi, my invoice 10233 shows the wrong delivery address." ||
		lines[4] != "Lars Nilsen (14.05.2024 10:00): <b>bold</b> & more" {
		t.Errorf("transcript = %q", text)
	}
	for _, q := range []string{"?html=true", "?html=True"} {
		var h string
		e.do("POST", "/api/v1/ChatSession/103/Transcript"+q, "").want(t, 200).decode(t, &h)
		if strings.Count(h, "<p>") != 5 || !strings.HasPrefix(h, "<p><b>Lars Nilsen</b> (14.05.2024 09:01): Hi,") ||
			!strings.Contains(h, "&lt;b&gt;bold&lt;/b&gt; &amp; more") {
			t.Errorf("html%s = %q", q, h)
		}
	}
	r := e.do("POST", "/api/v1/ChatSession/103/Transcript?html=false", "", "Accept", "application/xml").want(t, 200)
	var x struct {
		XMLName xml.Name
		Text    string `xml:",chardata"`
	}
	if err := xml.Unmarshal(r.body, &x); err != nil || x.XMLName.Local != "string" || x.Text != text {
		t.Errorf("xml transcript %s (%v); want <string> with the text", r.body, err)
	}
	var tz string
	e.do("POST", "/api/v1/ChatSession/103/Transcript", "", "SO-TimeZone", "Europe/Oslo").want(t, 200).decode(t, &tz)
	if !strings.HasPrefix(tz, "Lars Nilsen (14.05.2024 11:01)") {
		t.Errorf("Oslo transcript = %q", tz)
	}
	e.do("POST", "/api/v1/ChatSession/103/Transcript?html=maybe", "").wantError(t, 400, "html")
	e.do("POST", "/api/v1/ChatSession/999/Transcript", "").wantError(t, 404, "999")
	var empty string
	e.do("POST", "/"+online+"/api/v1/ChatSession/201/Transcript", "", "Authorization", "SOTicket "+kariTicket).want(t, 200).decode(t, &empty)
	if empty != "" {
		t.Errorf("transcript of a session without messages = %q; want empty", empty)
	}
}
