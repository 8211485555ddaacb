package superoffice_test

import (
	"net/http"
	"testing"
	"time"
)

const jsonPatch, mergePatch = "application/json-patch+json", "application/merge-patch+json"

func TestPatchSession(t *testing.T) {
	for _, tc := range []struct {
		name, contentType, body string
		check                   func(t *testing.T, s entity)
	}{
		{"replace status and end", jsonPatch, `[{"op":"replace","path":"/Status","value":"Closed"},{"op":"replace","path":"/WhenEnded","value":"2024-05-14T09:10:12Z"}]`,
			func(t *testing.T, s entity) {
				if s.Status != "Closed" || s.WhenEnded != "2024-05-14T09:10:12Z" {
					t.Errorf("Status %s, WhenEnded %s; want Closed at 09:10:12", s.Status, s.WhenEnded)
				}
			}},
		{"closing stamps WhenEnded", jsonPatch, `[{"op":"replace","path":"/Status","value":"Closed"}]`,
			func(t *testing.T, s entity) {
				if s.WhenEnded != "2024-05-14T10:00:00Z" {
					t.Errorf("WhenEnded = %s; want now", s.WhenEnded)
				}
			}},
		{"test then replace, paths in any case without slash", jsonPatch, `[{"op":"test","path":"/Status","value":"UserLast"},{"op":"replace","path":"status","value":"Finished"},{"op":"add","path":"RATING","value":5}]`,
			func(t *testing.T, s entity) {
				if s.Status != "Finished" || s.Rating != 5 {
					t.Errorf("Status %s, Rating %d; want Finished, 5", s.Status, s.Rating)
				}
			}},
		{"remove resets to the default", jsonPatch, `[{"op":"remove","path":"/User"},{"op":"remove","path":"/CustomerEmail"}]`,
			func(t *testing.T, s entity) {
				if s.User != nil || s.CustomerEmail != "" {
					t.Errorf("User %+v, CustomerEmail %q; want unset", s.User, s.CustomerEmail)
				}
			}},
		{"nested path", jsonPatch, `[{"op":"replace","path":"/User/associateId","value":13},{"op":"add","path":"/Person","value":{"PersonId":4711}}]`,
			func(t *testing.T, s entity) {
				if s.User == nil || s.User.AssociateId != 13 || s.Person == nil || s.Person.PersonId != 4711 {
					t.Errorf("User %+v, Person %+v; want 13 and 4711", s.User, s.Person)
				}
			}},
		{"test on a nested value", jsonPatch, `[{"op":"test","path":"/User/AssociateId","value":12},{"op":"replace","path":"/CustomerName","value":"Lars N."}]`,
			func(t *testing.T, s entity) {
				if s.CustomerName != "Lars N." {
					t.Errorf("CustomerName = %q", s.CustomerName)
				}
			}},
		{"merge patch", mergePatch, `{"Status":"Closed","WhenEnded":"2024-05-14T09:10:12Z","Rating":4,"CustomerAlias":"L"}`,
			func(t *testing.T, s entity) {
				if s.Status != "Closed" || s.WhenEnded != "2024-05-14T09:10:12Z" || s.Rating != 4 || s.CustomerAlias != "L" {
					t.Errorf("session = %+v", s)
				}
			}},
		{"merge patch null unlinks", mergePatch, `{"User":null,"Contact":{"ContactId":2048},"Flags":"CustomerIsTyping, UserIsTyping"}`,
			func(t *testing.T, s entity) {
				if s.User != nil || s.Contact == nil || s.Contact.ContactId != 2048 || s.Flags != "CustomerIsTyping, UserIsTyping" {
					t.Errorf("session = %+v", s)
				}
			}},
		{"merge patch into a link", mergePatch, `{"User":{"AssociateId":13}}`,
			func(t *testing.T, s entity) {
				if s.User == nil || s.User.AssociateId != 13 {
					t.Errorf("User = %+v; want 13", s.User)
				}
			}},
		{"nothing changes", mergePatch, `{}`, func(t *testing.T, s entity) {
			if s.Status != "UserLast" {
				t.Errorf("Status = %s", s.Status)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newEnv(t)
			var s entity
			e.do("PATCH", "/api/v1/ChatSession/103", tc.body, "Content-Type", tc.contentType).want(t, 200).decode(t, &s)
			if s.ChatSessionId != 103 || s.Links == nil {
				t.Errorf("response = %+v; want session 103 with links", s)
			}
			tc.check(t, s)
			tc.check(t, e.session("103"))
		})
	}
}

func TestPatchSessionErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, contentType, body string
		status                  int
		parts                   []string
	}{
		{"failed test", jsonPatch, `[{"op":"replace","path":"/Rating","value":3},{"op":"test","path":"/Status","value":"CustomerLast"}]`, 409,
			[]string{"test operation failed", "/Status", `"CustomerLast"`, `"UserLast"`}},
		{"move", jsonPatch, `[{"op":"move","from":"/CustomerName","path":"/CustomerAlias"}]`, 400, []string{"move", "not supported"}},
		{"copy", jsonPatch, `[{"op":"copy","from":"/CustomerName","path":"/CustomerAlias"}]`, 400, []string{"copy"}},
		{"unknown op", jsonPatch, `[{"op":"frobnicate","path":"/Status"}]`, 400, []string{"op"}},
		{"unknown property", jsonPatch, `[{"op":"replace","path":"/Mood","value":"x"}]`, 400, []string{"Mood"}},
		{"read-only", jsonPatch, `[{"op":"replace","path":"/ChatSessionId","value":1}]`, 400, []string{"ChatSessionId", "read-only"}},
		{"wrong type", jsonPatch, `[{"op":"replace","path":"/Rating","value":"five"}]`, 400, []string{"/Rating", "integer"}},
		{"bad enum", jsonPatch, `[{"op":"replace","path":"/Status","value":"Chatting"}]`, 400, []string{"/Status", "Chatting"}},
		{"unknown associate", jsonPatch, `[{"op":"replace","path":"/User/AssociateId","value":99}]`, 400, []string{"99"}},
		{"missing value", jsonPatch, `[{"op":"replace","path":"/Rating"}]`, 400, []string{"value"}},
		{"whole document", jsonPatch, `[{"op":"replace","path":"","value":{}}]`, 400, []string{"path"}},
		{"into a null object", jsonPatch, `[{"op":"add","path":"/Person/PersonId","value":1}]`, 400, []string{"Person"}},
		{"replace absent member", jsonPatch, `[{"op":"replace","path":"/User/Nickname","value":"x"}]`, 400, []string{"Nickname"}},
		{"missing path", jsonPatch, `[{"op":"replace","value":1}]`, 400, []string{"path"}},
		{"not an array", jsonPatch, `{"op":"replace"}`, 400, []string{"body"}},
		{"bad json", jsonPatch, `[{"op":`, 400, []string{"body"}},
		{"merge unknown member", mergePatch, `{"Mood":"x"}`, 400, []string{"Mood"}},
		{"merge wrong type", mergePatch, `{"Rating":"x"}`, 400, []string{"Rating"}},
		{"merge link id of the wrong type", mergePatch, `{"User":{"AssociateId":"x"}}`, 400, []string{"User"}},
		{"plain json", "application/json", `{"Status":"Closed"}`, 415, []string{"Content-Type"}},
		{"xml", "application/xml", `<ChatSessionEntity/>`, 415, []string{"Content-Type"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := e.state("", "103")
			e.do("PATCH", "/api/v1/ChatSession/103", tc.body, "Content-Type", tc.contentType).wantError(t, tc.status, tc.parts...)
			e.unchanged(before, "", "103")
		})
	}
	e.do("PATCH", "/api/v1/ChatSession/999", `{}`, "Content-Type", mergePatch).wantError(t, 404, "999")
	e.do("PATCH", "/api/v1/ChatSession/103?$select=bogus", `{}`, "Content-Type", mergePatch).wantError(t, 400, "$select")
}

func TestPatchIfUnmodifiedSince(t *testing.T) {
	e := newEnv(t)
	e.clock.Advance(time.Hour)
	e.do("PATCH", "/api/v1/ChatSession/103", `{"Rating":1}`, "Content-Type", mergePatch).want(t, 200)
	changed := e.clock.Now()
	before := e.state("", "103")
	stale := changed.Add(-time.Minute).Format(http.TimeFormat)
	e.do("PATCH", "/api/v1/ChatSession/103", `{"Rating":2}`, "Content-Type", mergePatch, "If-Unmodified-Since", stale).
		wantError(t, http.StatusPreconditionFailed, "103", "changed")
	e.unchanged(before, "", "103")
	e.do("PATCH", "/api/v1/ChatSession/103", `{"Rating":2}`, "Content-Type", mergePatch, "If-Unmodified-Since", "yesterday").
		wantError(t, 400, "If-Unmodified-Since")
	e.do("PATCH", "/api/v1/ChatSession/103", `{"Rating":3}`, "Content-Type", mergePatch, "If-Unmodified-Since", changed.Format(http.TimeFormat)).want(t, 200)
}
