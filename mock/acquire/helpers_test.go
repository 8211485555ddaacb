package acquire_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/acquire"
	"github.com/chatconform/chatconform/mock/fault"
	"github.com/chatconform/chatconform/mock/store"
)

// Tokens of the two accounts of testSet.
const (
	token      = "tok-10719"
	otherToken = "tok-20450"
)

// t0 is when the example chat starts (the seed's date).
var t0 = time.Date(2018, 7, 23, 13, 45, 40, 0, time.UTC)

// now is the mock's fixed clock.
var now = time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)

func at(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

// testSet is a small fixture set: account 10719 with two agents and visitor 61793's chats
// 106241 and 106300 (thread 445) and 106350 (waiting, no thread), a missed chat of visitor
// 62000, a chat whose visitor has no id; account 20450 with its own chat 106241.
func testSet() *fixtures.Set {
	ev := func(kind, from, text string, sec int) fixtures.Event {
		return fixtures.Event{Kind: kind, From: from, Text: text, Time: at(sec)}
	}
	john := fixtures.Visitor{ID: "61793", Name: "John Deo"}
	return &fixtures.Set{
		Tenants: []fixtures.Tenant{
			{ID: "10719", Vendor: fixtures.Acquire, Name: "Deo Outdoor", APITokens: []string{token}},
			{ID: "20450", Vendor: fixtures.Acquire, Name: "Other", APITokens: []string{otherToken}},
		},
		Agents: []fixtures.Agent{
			{ID: "15416", Vendor: fixtures.Acquire, Tenant: "10719", Name: "Devid Klok", Nickname: "Devid", Photo: "pp15337107338831.png"},
			{ID: "15417", Vendor: fixtures.Acquire, Tenant: "10719", Name: "Mia Berg", Nickname: "Mia"},
			{ID: "16000", Vendor: fixtures.Acquire, Tenant: "20450", Name: "Sam Other"},
		},
		Chats: []fixtures.Chat{
			{ID: "106241", Vendor: fixtures.Acquire, Tenant: "10719", State: fixtures.StateChatting, Visitor: john,
				Agent: "15416", Thread: "445", CreatedAt: t0, Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 0),
					ev(fixtures.KindJoined, "15416", "", 5),
					ev(fixtures.KindText, "15416", "Hello", 10),
					ev(fixtures.KindText, "visitor", "Hello", 16),
					{Kind: fixtures.KindCustomNotice, From: "15416", Text: "VIP customer", Visibility: fixtures.VisibleAgents, Time: at(18)},
					ev(fixtures.KindText, "15416", "Your REFUND for order 88231 is on its way", 20),
					ev(fixtures.KindNotice, "15416", "Devid is checking your order", 22),
					ev(fixtures.KindTypingStarted, "visitor", "", 25),
					ev(fixtures.KindTypingStopped, "visitor", "", 26),
					ev(fixtures.KindText, "visitor", "Thanks, refund received?", 30),
				}},
			{ID: "106300", Vendor: fixtures.Acquire, Tenant: "10719", State: fixtures.StateCompleted, Visitor: john,
				Agent: "15417", Thread: "445", CreatedAt: at(3600), Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 3600),
					ev(fixtures.KindJoined, "15417", "", 3612),
					ev(fixtures.KindText, "15417", "Hi again", 3620),
					ev(fixtures.KindLeft, "visitor", "", 3700),
				}},
			{ID: "106350", Vendor: fixtures.Acquire, Tenant: "10719", State: fixtures.StateWaiting, Visitor: john,
				CreatedAt: at(7200), Events: []fixtures.Event{ev(fixtures.KindJoined, "visitor", "", 7200)}},
			{ID: "106500", Vendor: fixtures.Acquire, Tenant: "10719", State: fixtures.StateCompleted,
				Visitor: fixtures.Visitor{ID: "62000", Name: "Ann Lone"}, CreatedAt: at(100), Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 100),
					ev(fixtures.KindText, "visitor", "Anyone there?", 110),
					ev(fixtures.KindLeft, "visitor", "", 200),
				}},
			{ID: "106600", Vendor: fixtures.Acquire, Tenant: "10719", State: fixtures.StateWaiting,
				Visitor: fixtures.Visitor{Name: "Anon Ymous"}, CreatedAt: at(300), Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 300),
					ev(fixtures.KindText, "visitor", "Hi?", 301),
				}},
			{ID: "106241", Vendor: fixtures.Acquire, Tenant: "20450", State: fixtures.StateChatting, Visitor: john,
				Agent: "16000", CreatedAt: t0, Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 0),
					ev(fixtures.KindJoined, "16000", "", 1),
					ev(fixtures.KindText, "16000", "Other account's secret", 2),
				}},
		},
	}
}

// newMock serves the Acquire adapter in strict mode over testSet.
func newMock(t *testing.T, opts ...mock.Option) (*mock.Mock, *httptest.Server) {
	t.Helper()
	base := []mock.Option{
		mock.WithVendors(acquire.New()), mock.WithFixtures(testSet()), mock.WithStrict(true),
		mock.WithClock(func() time.Time { return now }),
	}
	m, err := mock.New(append(base, opts...)...)
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, srv
}

// call is one request to the mock.
type call struct {
	method, path, body string
	// header; Content-Type defaults to form encoding and Authorization to the 10719 token.
	header http.Header
}

// do sends c and returns the status and the body.
func do(t *testing.T, srv *httptest.Server, c call) (int, []byte) {
	t.Helper()
	method := c.method
	if method == "" {
		method = http.MethodPost
	}
	req, err := http.NewRequest(method, srv.URL+c.path, strings.NewReader(c.body))
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Authorization", "Bearer "+token)
	for k, vs := range c.header {
		req.Header.Del(k)
		for _, v := range vs {
			if v != "" {
				req.Header.Add(k, v)
			}
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, c.path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return resp.StatusCode, b
}

const (
	messagesPath = "/api/profile/lead/message"
	threadsPath  = "/api/profile/message/thread"
)

// messagesResponse is GetProfileMessages' body.
type messagesResponse struct {
	Success bool    `json:"success"`
	Error   *string `json:"error"`
	Data    struct {
		Messages  []map[string]any `json:"messages"`
		CoBrowse  []any            `json:"co_browse"`
		Recording []string         `json:"recording"`
		QuerySeen int              `json:"query_seen"`
	} `json:"data"`
}

// messages posts GetProfileMessages and decodes a 200 answer.
func messages(t *testing.T, srv *httptest.Server, form string, header http.Header) messagesResponse {
	t.Helper()
	status, body := do(t, srv, call{path: messagesPath, body: form, header: header})
	if status != http.StatusOK {
		t.Fatalf("status = %d; want 200 (body %s)", status, body)
	}
	var r messagesResponse
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	if !r.Success || r.Error != nil {
		t.Fatalf("envelope success = %v, error = %v; want true, null", r.Success, r.Error)
	}
	return r
}

// texts returns the message texts of a response.
func texts(r messagesResponse) []string {
	out := []string{}
	for _, m := range r.Data.Messages {
		out = append(out, m["message"].(string))
	}
	return out
}

// errorPattern is the spec's pattern of the `error` field.
var errorPattern = regexp.MustCompile(`^(ERROR_INVALID_INPUT|ERROR_RECORD_NOT_FOUND|ERROR_DUPLICATE_RECORD_FOUND|ERROR_UNAUTHORIZED|ERROR_UNAUTHORIZED_ACCESS|ERROR_SERVER_ERROR): .+$`)

// checkError asserts the legacy error envelope, its status, and that the message contains
// each of want.
func checkError(t *testing.T, status int, body []byte, wantStatus int, want ...string) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status = %d; want %d (body %s)", status, wantStatus, body)
	}
	var env map[string]any
	if err := json.Unmarshal(body, &env); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	if len(env) != 3 || env["success"] != false || env["data"] != nil {
		t.Errorf("envelope = %s; want {success:false, error, data:null}", body)
	}
	msg, _ := env["error"].(string)
	if !errorPattern.MatchString(msg) {
		t.Errorf("error = %q; want the spec's pattern", msg)
	}
	for _, w := range want {
		if !strings.Contains(msg, w) {
			t.Errorf("error = %q; want it to contain %q", msg, w)
		}
	}
}

// hdr builds a header.
func hdr(kv ...string) http.Header {
	h := http.Header{}
	for i := 0; i+1 < len(kv); i += 2 {
		h.Add(kv[i], kv[i+1])
	}
	return h
}

// state is a snapshot of every Acquire chat with its full log, to compare before and after.
func state(t *testing.T, m *mock.Mock) []byte {
	t.Helper()
	var chats []store.Chat
	for _, c := range m.Store().List(store.Filter{}) {
		full, err := m.Store().Read(c.Key, store.Query{})
		if err != nil {
			t.Fatalf("read %v: %v", c.Key, err)
		}
		chats = append(chats, full)
	}
	b, err := json.Marshal(chats)
	if err != nil {
		t.Fatalf("marshal state: %v", err)
	}
	return b
}

// faultSpec is a fault answering every request with status.
func faultSpec(status int) fault.Spec { return fault.Spec{Status: status} }
