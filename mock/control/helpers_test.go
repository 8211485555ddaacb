package control_test

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/acquire"
	"github.com/chatconform/chatconform/mock/control"
)

const token = "tok-10719"

var (
	t0  = time.Date(2018, 7, 23, 13, 45, 40, 0, time.UTC)
	now = time.Date(2026, 3, 2, 9, 15, 0, 0, time.UTC)
)

func at(sec int) time.Time { return t0.Add(time.Duration(sec) * time.Second) }

// testSet: Acquire account 10719 with agents 15416 and 15417, chat 106241 (chatting, with an
// agent-only notice) and chat 106300 (waiting); a GWS tenant the tests do not serve.
func testSet() *fixtures.Set {
	return &fixtures.Set{
		Tenants: []fixtures.Tenant{
			{ID: "10719", Vendor: fixtures.Acquire, APITokens: []string{token}},
			{ID: "acme", Vendor: fixtures.GWS},
		},
		Agents: []fixtures.Agent{
			{ID: "15416", Vendor: fixtures.Acquire, Tenant: "10719", Name: "Devid Klok", Nickname: "Devid", Photo: "pp1.png"},
			{ID: "15417", Vendor: fixtures.Acquire, Tenant: "10719", Name: "Mia Berg"},
		},
		Chats: []fixtures.Chat{
			{ID: "106241", Vendor: fixtures.Acquire, Tenant: "10719", State: fixtures.StateChatting, Agent: "15416",
				Visitor: fixtures.Visitor{ID: "61793", Name: "John Deo"}, CreatedAt: t0, Events: []fixtures.Event{
					{Kind: fixtures.KindJoined, From: "visitor", Time: at(0)},
					{Kind: fixtures.KindJoined, From: "15416", Time: at(5)},
					{Kind: fixtures.KindText, From: "15416", Text: "Hello", Time: at(10)},
					{Kind: fixtures.KindCustomNotice, From: "15416", Text: "VIP", Visibility: fixtures.VisibleAgents, Time: at(12)},
					{Kind: fixtures.KindTypingStarted, From: "visitor", Time: at(14)},
				}},
			{ID: "106300", Vendor: fixtures.Acquire, Tenant: "10719", State: fixtures.StateWaiting,
				Visitor: fixtures.Visitor{ID: "61800", Name: "Ann Lee"}, CreatedAt: at(60), Events: []fixtures.Event{
					{Kind: fixtures.KindJoined, From: "visitor", Time: at(60)},
				}},
		},
	}
}

// newMock serves the control API and the Acquire adapter in strict mode over testSet.
func newMock(t *testing.T, opts ...mock.Option) (*mock.Mock, *control.Adapter, *httptest.Server) {
	t.Helper()
	ctl := control.New(nil)
	base := []mock.Option{
		mock.WithVendors(acquire.New(), ctl), mock.WithFixtures(testSet()), mock.WithStrict(true),
		mock.WithClock(func() time.Time { return now }),
	}
	m, err := mock.New(append(base, opts...)...)
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	ctl.Bind(m)
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, ctl, srv
}

// send makes a request; a body is sent as JSON unless header sets Content-Type.
func send(t *testing.T, srv *httptest.Server, method, path, body string, header http.Header) (int, []byte) {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, srv.URL+path, rd)
	if err != nil {
		t.Fatalf("new request: %v", err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range header {
		req.Header.Del(k)
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read: %v", err)
	}
	return resp.StatusCode, b
}

// ok makes a request that must answer want and decodes the JSON body into v (if not nil).
func ok(t *testing.T, srv *httptest.Server, method, path, body string, want int, v any) []byte {
	t.Helper()
	status, b := send(t, srv, method, path, body, nil)
	if status != want {
		t.Fatalf("%s %s: status = %d; want %d (body %s)", method, path, status, want, b)
	}
	if v != nil {
		if err := json.Unmarshal(b, v); err != nil {
			t.Fatalf("decode %s: %v", b, err)
		}
	}
	return b
}

// checkError asserts the control API's error envelope, status, code, and that the message
// contains each of want.
func checkError(t *testing.T, status int, body []byte, wantStatus int, code string, want ...string) {
	t.Helper()
	if status != wantStatus {
		t.Fatalf("status = %d; want %d (body %s)", status, wantStatus, body)
	}
	var env struct {
		Error struct {
			Code    string `json:"code"`
			Message string `json:"message"`
		} `json:"error"`
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&env); err != nil {
		t.Fatalf("body %s is not {\"error\":{\"code\",\"message\"}}: %v", body, err)
	}
	if env.Error.Code != code {
		t.Errorf("code = %q; want %q (message %q)", env.Error.Code, code, env.Error.Message)
	}
	for _, w := range want {
		if !strings.Contains(env.Error.Message, w) {
			t.Errorf("message = %q; want it to contain %q", env.Error.Message, w)
		}
	}
}

// snapshot returns the chats with their logs as GetMockChat shows them, for before/after
// comparisons.
func snapshot(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	var list struct {
		Chats []struct {
			Vendor, ID string
		} `json:"chats"`
	}
	out := ok(t, srv, http.MethodGet, "/mock/chats", "", 200, &list)
	for _, c := range list.Chats {
		out = append(out, ok(t, srv, http.MethodGet, "/mock/chats/"+c.Vendor+"/"+c.ID, "", 200, nil)...)
	}
	return string(out)
}

// acquireMessages posts an Acquire GetProfileMessages request and returns status and body.
func acquireMessages(t *testing.T, srv *httptest.Server, form string, header http.Header) (int, []byte) {
	t.Helper()
	h := http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {"Bearer " + token}}
	for k, v := range header {
		h[k] = v
	}
	return send(t, srv, http.MethodPost, "/api/profile/lead/message", form, h)
}

// newMockUnbound serves ctl without binding it to the mock.
func newMockUnbound(t *testing.T, ctl *control.Adapter) (*mock.Mock, *control.Adapter, *httptest.Server) {
	t.Helper()
	m, err := mock.New(mock.WithVendors(acquire.New(), ctl), mock.WithFixtures(testSet()), mock.WithStrict(true))
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return m, ctl, srv
}

// specExampleMap returns an example of the control document as a decoded JSON object.
func specExampleMap(t *testing.T, name string) map[string]any {
	t.Helper()
	var v map[string]any
	if err := json.Unmarshal([]byte(specExample(t, name)), &v); err != nil {
		t.Fatalf("decode example %s: %v", name, err)
	}
	return v
}
