package superoffice_test

import (
	"encoding/xml"
	"strings"
	"testing"
	"time"
)

func TestGetSession(t *testing.T) {
	e := newEnv(t)
	s := e.session("103")
	if s.ChatSessionId != 103 || s.TopicId != 2 || s.User == nil || s.User.AssociateId != 12 || s.Status != "UserLast" ||
		s.CustomerName != "Lars Nilsen" || s.CustomerAlias != "Lars" || s.CustomerEmail != "lars@example.com" {
		t.Errorf("session = %+v; want 103, topic 2, Anna, UserLast, Lars Nilsen", s)
	}
	if s.WhenStarted != "2024-05-14T09:02:00Z" || s.WhenEnded != "0001-01-01T00:00:00Z" || s.WhenIdle != "2024-05-14T09:06:00Z" {
		t.Errorf("dates started %s ended %s idle %s; want 09:02, unset, 09:06", s.WhenStarted, s.WhenEnded, s.WhenIdle)
	}
	if s.Links == nil || !strings.HasSuffix(s.Links.Self, "/api/v1/ChatSession/103") || !strings.HasSuffix(s.Links.Archive, "/api/v1/ChatSession") {
		t.Errorf("links = %+v; want Self and Archive", s.Links)
	}
	if s := e.session("106"); s.Status != "CustomerLast" {
		t.Errorf("106 Status = %s; want CustomerLast (the customer wrote last)", s.Status)
	}
	t.Run("$select", func(t *testing.T) {
		var s entity
		e.do("GET", "/api/v1/ChatSession/103?$select=status,customerName", "").want(t, 200).decode(t, &s)
		if s.ChatSessionId != 103 || s.Status != "UserLast" || s.CustomerName != "Lars Nilsen" || s.User != nil || s.CustomerEmail != "" || s.Flags != "None" {
			t.Errorf("selected = %+v; want id, Status and CustomerName only", s)
		}
		e.do("GET", "/api/v1/ChatSession/103?$select=Status,Bogus", "").wantError(t, 400, "$select", "Bogus")
	})
	t.Run("SO-TimeZone", func(t *testing.T) {
		var s entity
		e.do("GET", "/api/v1/ChatSession/103", "", "SO-TimeZone", "Europe/Oslo").want(t, 200).decode(t, &s)
		if s.WhenStarted != "2024-05-14T11:02:00+02:00" || s.WhenEnded != "0001-01-01T00:00:00Z" {
			t.Errorf("WhenStarted %s, WhenEnded %s; want Oslo time and the unset value", s.WhenStarted, s.WhenEnded)
		}
		e.do("GET", "/api/v1/ChatSession/103", "", "SO-TimeZone", "Nowhere/Special").want(t, 200).decode(t, &s)
		if s.WhenStarted != "2024-05-14T09:02:00Z" {
			t.Errorf("unknown zone: WhenStarted %s; want UTC", s.WhenStarted)
		}
	})
	t.Run("xml", func(t *testing.T) {
		r := e.do("GET", "/api/v1/ChatSession/103", "", "Accept", "text/xml").want(t, 200)
		var x struct {
			XMLName       xml.Name
			ChatSessionId int64
			Status        string
			User          struct{ AssociateId int64 }
			Links         struct{ Self string } `xml:"_Links"`
		}
		if err := xml.Unmarshal(r.body, &x); err != nil {
			t.Fatalf("unmarshal %s: %v", r.body, err)
		}
		if x.XMLName.Local != "ChatSessionEntityWithLinks" || x.ChatSessionId != 103 || x.User.AssociateId != 12 || x.Links.Self == "" {
			t.Errorf("xml = %+v; want ChatSessionEntityWithLinks 103", x)
		}
	})
	e.do("GET", "/api/v1/ChatSession/999", "").wantError(t, 404, "999")
	e.do("GET", "/api/v1/ChatSession/99999999999", "").wantError(t, 400, "chatSessionId")
}

func TestDefaultSession(t *testing.T) {
	e := newEnv(t)
	var s entity
	e.do("GET", "/api/v1/ChatSession/default", "").want(t, 200).decode(t, &s)
	if s.ChatSessionId != 0 || s.Status != "RequestPosted" || s.WhenRequested != e.clock.Now().Format(time.RFC3339) || s.Links != nil {
		t.Errorf("default = %+v; want id 0, RequestPosted, requested now, no links", s)
	}
	if n := len(e.m.Store().List(storeFilter())); n != 6 {
		t.Errorf("sessions = %d; want 6 (default stores nothing)", n)
	}
	r := e.do("GET", "/api/v1/ChatSession/default", "", "Accept", "application/xml").want(t, 200)
	if !strings.HasPrefix(string(r.body), "<ChatSessionEntity") {
		t.Errorf("xml = %s; want <ChatSessionEntity>", r.body)
	}
	e.do("GET", "/api/v1/ChatSession/default", "", "Accept", "text/plain").wantError(t, 406, "Accept")
	e.do("GET", "/Cust0/api/v1/ChatSession/default", "").wantError(t, 404, "Cust0")
}

func TestCreateSession(t *testing.T) {
	e := newEnv(t)
	for i, tc := range []struct {
		name, body, contentType string
		check                   func(t *testing.T, s entity)
	}{
		{"json", `{"ChatSessionId":5,"TopicId":2,"Person":{"PersonId":5120,"FullName":"ignored"},"CustomerName":"Sofie Lund",
			"CustomerEmail":"sofie@havbris.no","CustomerConsented":true,"CustomerCompanyName":"Havbris AS","Status":"InQueue",
			"FirstMessage":"Do you offer training?","Contact":{"ContactId":3077}}`, "",
			func(t *testing.T, s entity) {
				if s.TopicId != 2 || s.Person == nil || s.Person.PersonId != 5120 || s.Contact == nil || s.Contact.ContactId != 3077 ||
					s.CustomerName != "Sofie Lund" || s.Status != "InQueue" || s.FirstMessage != "Do you offer training?" || !s.CustomerConsented {
					t.Errorf("created = %+v", s)
				}
			}},
		{"defaults", `{}`, "", func(t *testing.T, s entity) {
			if s.Status != "RequestPosted" || s.WhenRequested != e.clock.Now().Format(time.RFC3339) || s.SessionKey == "" || s.User != nil {
				t.Errorf("created = %+v; want RequestPosted, requested now, a session key", s)
			}
		}},
		{"with a user", `{"User":{"AssociateId":13},"Status":"CustomerLast"}`, "", func(t *testing.T, s entity) {
			if s.User == nil || s.User.AssociateId != 13 || s.Status != "CustomerLast" {
				t.Errorf("created = %+v; want Ola's CustomerLast session", s)
			}
		}},
		{"xml", `<ChatSessionEntity><TopicId>3</TopicId><CustomerName>X M L</CustomerName><CustomerConsented>true</CustomerConsented><User><AssociateId>12</AssociateId></User></ChatSessionEntity>`,
			"application/xml", func(t *testing.T, s entity) {
				if s.TopicId != 3 || s.CustomerName != "X M L" || !s.CustomerConsented || s.User == nil || s.User.AssociateId != 12 {
					t.Errorf("created = %+v", s)
				}
			}},
		{"form", `TopicId=4&CustomerName=Form+Person&Person.PersonId=77&User.AssociateId=12&CustomerConsented=true&Status=InQueue`,
			"application/x-www-form-urlencoded", func(t *testing.T, s entity) {
				if s.TopicId != 4 || s.CustomerName != "Form Person" || s.Person == nil || s.Person.PersonId != 77 || s.User == nil || s.Status != "InQueue" {
					t.Errorf("created = %+v", s)
				}
			}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hdr []string
			if tc.contentType != "" {
				hdr = []string{"Content-Type", tc.contentType}
			}
			var s entity
			e.do("POST", "/api/v1/ChatSession", tc.body, hdr...).want(t, 200).decode(t, &s)
			if want := int64(203 + i); s.ChatSessionId != want {
				t.Errorf("ChatSessionId = %d; want %d (after the largest fixture id)", s.ChatSessionId, want)
			}
			if s.Links == nil || !strings.HasSuffix(s.Links.Self, "/"+itoa(s.ChatSessionId)) {
				t.Errorf("links = %+v; want Self naming the new id", s.Links)
			}
			tc.check(t, s)
			if got := e.session(itoa(s.ChatSessionId)); got.ChatSessionId != s.ChatSessionId {
				t.Errorf("GET new session = %+v", got)
			}
		})
	}
}

func TestCreateSessionErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, body, contentType string
		status                  int
		parts                   []string
	}{
		{"unknown field", `{"Bogus":1}`, "", 400, []string{"Bogus"}},
		{"wrong type", `{"TopicId":"two"}`, "", 400, []string{"TopicId"}},
		{"bad status", `{"Status":"Chatting"}`, "", 400, []string{"Status"}},
		{"bad flags", `{"Flags":"Typing"}`, "", 400, []string{"Flags"}},
		{"unknown associate", `{"User":{"AssociateId":99}}`, "", 400, []string{"User.AssociateId", "99"}},
		{"associate of another tenant", `{"TransferTo":{"AssociateId":22}}`, "", 400, []string{"AssociateId", "22"}},
		{"link without id", `{"Person":{"FullName":"x"}}`, "", 400, []string{"Person.PersonId"}},
		{"bad date", `{"WhenRequested":"today"}`, "", 400, []string{"WhenRequested"}},
		{"bad json", `{"TopicId":`, "", 400, []string{"body"}},
		{"bad xml", `<ChatSessionEntity><TopicId>1</TopicId>`, "application/xml", 400, []string{"line"}},
		{"xml unknown element", `<ChatSessionEntity><Bogus/></ChatSessionEntity>`, "application/xml", 400, []string{"Bogus"}},
		{"form unknown field", `Bogus=1`, "application/x-www-form-urlencoded", 400, []string{"Bogus"}},
		{"form nested object", `User=12`, "application/x-www-form-urlencoded", 400, []string{"User"}},
		{"text/plain", `TopicId=1`, "text/plain", 415, []string{"Content-Type"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(e.m.Store().List(storeFilter()))
			var hdr []string
			if tc.contentType != "" {
				hdr = []string{"Content-Type", tc.contentType}
			}
			e.do("POST", "/api/v1/ChatSession", tc.body, hdr...).wantError(t, tc.status, tc.parts...)
			if got := len(e.m.Store().List(storeFilter())); got != n {
				t.Errorf("sessions = %d; want %d (nothing created)", got, n)
			}
		})
	}
	// No id was used up by the failures.
	var s entity
	e.do("POST", "/api/v1/ChatSession", `{}`).want(t, 200).decode(t, &s)
	if s.ChatSessionId != 203 {
		t.Errorf("ChatSessionId = %d; want 203", s.ChatSessionId)
	}
}

func TestDeleteSession(t *testing.T) {
	e := newEnv(t)
	r := e.do("DELETE", "/api/v1/ChatSession/104", "").want(t, 204)
	if len(r.body) != 0 {
		t.Errorf("body = %q; want none", r.body)
	}
	e.do("GET", "/api/v1/ChatSession/104", "").wantError(t, 404, "104")
	e.do("GET", "/api/v1/ChatSession/104/Messages", "").wantError(t, 404, "104")
	e.do("DELETE", "/api/v1/ChatSession/104", "").wantError(t, 404, "104")
	e.do("DELETE", "/"+online+"/api/v1/ChatSession/103", "", "Authorization", "SOTicket "+kariTicket).wantError(t, 404, "103")
	e.session("103") // the onsite 103 is still there
}

func TestSessionsForUser(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		auth string
		want []int64
	}{
		{"SOTicket " + annaTicket, []int64{103}},
		{"SOTicket " + olaTicket, []int64{105, 106}},
	} {
		var got []entity
		e.do("GET", "/api/v1/ChatSession/ForCurrentUser", "", "Authorization", tc.auth).want(t, 200).decode(t, &got)
		var ids []int64
		for _, s := range got {
			ids = append(ids, s.ChatSessionId)
		}
		if itoa2(ids) != itoa2(tc.want) {
			t.Errorf("%s: sessions %v; want %v", tc.auth, ids, tc.want)
		}
	}
	r := e.do("GET", "/api/v1/ChatSession/ForCurrentUser", "", "Accept", "application/xml").want(t, 200)
	if !strings.HasPrefix(string(r.body), "<ArrayOfChatSessionEntity") {
		t.Errorf("xml = %s; want ArrayOfChatSessionEntity", r.body)
	}
}

func itoa2(ids []int64) string {
	var parts []string
	for _, id := range ids {
		parts = append(parts, itoa(id))
	}
	return strings.Join(parts, ",")
}
