package mock_test

import (
	"strings"
	"testing"
)

// TestMalformedJSONChangesNothing sends, to every kind of JSON body the mock reads (GWS,
// SuperOffice, the control API with its fixture loads, CometD), a body with data after the
// value, a member given twice, and invalid UTF-8: each gets the vendor's 400 naming the
// problem, and the chats stay as they were (Go's decoder would have read the first value,
// the last member, and U+FFFD).
func TestMalformedJSONChangesNothing(t *testing.T) {
	s := newSite(t)
	before := s.do("GET", "/mock/chats", "").ok(t, 200).raw
	gwsMsgs := len(s.messages(gwsChat, "?index=0"))
	soMsgs := len(s.do("GET", soPath+"?after=0", "", anna...).ok(t, 200).list)
	cases := []struct {
		name, method, path, body string
		header                   []string
		want                     string // in the error message
	}{
		{"gws trailing data", "POST", "/api/v2/chats/" + gwsChat, `{"operationName":"SendMessage","text":"x"} THIS IS NOT JSON`,
			[]string{"ContactCenterId", cc1}, "data after the JSON value"},
		{"gws duplicate member", "POST", "/api/v2/chats/" + gwsChat, `{"operationName":"SendMessage","operationName":"Complete"}`,
			[]string{"ContactCenterId", cc1}, `member \"operationName\" is given twice`},
		{"gws invalid UTF-8", "POST", "/api/v2/chats/" + gwsChat, "{\"operationName\":\"SendMessage\",\"text\":\"\xff\xfe\"}",
			[]string{"ContactCenterId", cc1}, "invalid UTF-8"},
		{"gws lone surrogate", "POST", "/api/v2/chats/" + gwsChat, `{"operationName":"SendMessage","text":"\ud800"}`,
			[]string{"ContactCenterId", cc1}, "lone UTF-16 surrogate"},
		{"gws agent duplicate", "POST", "/api/v2/me/chats/" + gwsChat, `{"operationName":"SendMessage","text":"a","text":"b"}`,
			agent1, "given twice"},
		{"superoffice trailing data", "POST", soPath, `{"Type":"ToCustomer","Message":"x"}}`, anna, "data after the JSON value"},
		{"superoffice duplicate member", "POST", soPath, `{"Type":"ToCustomer","Message":"x","Message":"y"}`, anna, "given twice"},
		{"superoffice invalid UTF-8", "POST", soPath, "{\"Type\":\"ToCustomer\",\"Message\":\"\xc3\"}", anna, "invalid UTF-8"},
		{"fixtures trailing data", "POST", "/mock/fixtures", `{} garbage`, nil, "data after the JSON value"},
		{"fixtures duplicate member", "POST", "/mock/fixtures", `{"tenants":[],"tenants":[]}`, nil, "given twice"},
		{"faults duplicate member", "POST", "/mock/faults", `{"status":500,"status":503}`, nil, "given twice"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do(tc.method, tc.path, tc.body, tc.header...)
			if r.status != 400 {
				t.Fatalf("status = %d; want 400: %s", r.status, r.raw)
			}
			if !strings.Contains(r.raw, tc.want) {
				t.Errorf("body = %s; want it to name %q", r.raw, tc.want)
			}
		})
	}
	if after := s.do("GET", "/mock/chats", "").ok(t, 200).raw; after != before {
		t.Errorf("chats changed:\nbefore %s\nafter  %s", before, after)
	}
	if n := len(s.messages(gwsChat, "?index=0")); n != gwsMsgs {
		t.Errorf("GWS messages = %d; want %d", n, gwsMsgs)
	}
	if n := len(s.do("GET", soPath+"?after=0", "", anna...).ok(t, 200).list); n != soMsgs {
		t.Errorf("SuperOffice messages = %d; want %d", n, soMsgs)
	}
	if n := len(s.do("GET", "/mock/faults", "").ok(t, 200).list); n != 0 {
		t.Errorf("faults = %d; want 0", n)
	}
}

// TestMalformedBayeuxJSON: the CometD endpoint refuses the same bodies Bayeux-style.
func TestMalformedBayeuxJSON(t *testing.T) {
	s := newSite(t)
	for name, body := range map[string]string{
		"trailing data":    `[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}] x`,
		"duplicate member": `[{"channel":"/meta/handshake","channel":"/meta/connect","supportedConnectionTypes":["long-polling"]}]`,
		"invalid UTF-8":    "[{\"channel\":\"/meta/handshake\",\"id\":\"\xff\",\"supportedConnectionTypes\":[\"long-polling\"]}]",
	} {
		t.Run(name, func(t *testing.T) {
			r := s.do("POST", "/api/v2/notifications", body, agent1...)
			if r.status != 400 || len(r.list) != 1 {
				t.Fatalf("status = %d; want 400 with one Bayeux reply: %s", r.status, r.raw)
			}
			rep, _ := r.list[0].(map[string]any)
			if rep["successful"] != false || !strings.HasPrefix(rep["error"].(string), "400::") {
				t.Errorf("reply = %v; want successful false and a 400:: error", rep)
			}
		})
	}
}

// TestFormFieldsMustBeUTF8: a form field that unescapes to invalid UTF-8 (%FF) is refused
// like invalid UTF-8 in JSON or XML, and stores nothing.
func TestFormFieldsMustBeUTF8(t *testing.T) {
	s := newSite(t)
	acq := []string{"Authorization", "Bearer " + acqToken}
	for _, form := range []string{"visitor_id=61793&last_chat_id=106241&key=%FF", "visitor_id=61793&last_chat_id=106241&k%FFy=1"} {
		r := s.do("POST", "/api/profile/lead/message", form, acq...)
		if r.status != 400 || !strings.Contains(r.raw, "invalid UTF-8") {
			t.Errorf("%s: %d %s; want 400 naming invalid UTF-8", form, r.status, r.raw)
		}
	}
}
