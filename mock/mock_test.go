package mock

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/fault"
	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/spec"
)

// fake serves gws-chat.yaml with handlers that answer whatever the test sets, so the
// pipeline can be tested without any real adapter.
type fake struct {
	answer func(w http.ResponseWriter, r *api.Request) error
	drop   string // an operationId left without a handler
	seen   *api.Request
}

func (f *fake) Name() string     { return "gws" }
func (f *fake) Document() string { return "gws-chat.yaml" }
func (f *fake) Handlers() map[string]api.HandlerFunc {
	set, _ := spec.Load()
	h := map[string]api.HandlerFunc{}
	for _, op := range set.Operations() {
		if op.Document.Name == f.Document() && op.ID != f.drop {
			h[op.ID] = func(w http.ResponseWriter, r *api.Request) error {
				f.seen = r
				return f.answer(w, r)
			}
		}
	}
	return h
}
func (f *fake) Authenticate(r *http.Request, _ string) (any, error) {
	if u, _, ok := r.BasicAuth(); ok {
		return u, nil
	}
	return nil, api.Errorf(api.KindUnauthenticated, "header Authorization", "missing")
}
func (f *fake) WriteError(w http.ResponseWriter, _ *http.Request, err error) {
	e := api.AsError(err)
	status := map[api.Kind]int{api.KindInvalid: 400, api.KindMissing: 400, api.KindNotFound: 404,
		api.KindUnauthenticated: 401, api.KindTooLarge: 413, api.KindUnsupportedMedia: 415,
		api.KindMethodNotAllowed: 405, api.KindInternal: 500}[e.Kind]
	if e.Status != 0 {
		status = e.Status
	}
	_ = api.JSON(w, status, map[string]any{"statusCode": 10, "statusMessage": e.Error()})
}
func (f *fake) Seed(*store.Store, *fixtures.Set) error { return nil }

func ok(w http.ResponseWriter, _ *api.Request) error {
	return api.JSON(w, 200, map[string]any{"statusCode": 0})
}

func newFake(t *testing.T, f *fake, opts ...Option) *Mock {
	t.Helper()
	if f.answer == nil {
		f.answer = ok
	}
	m, err := New(append([]Option{WithVendors(f), WithFixtures(&fixtures.Set{})}, opts...)...)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	return m
}

func serve(m *Mock, method, path, body string, header ...string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Host = "localhost" // an allowed host (browser rules)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	w := httptest.NewRecorder()
	m.ServeHTTP(w, req)
	return w
}

var cc = []string{"ContactCenterId", "x"}

func TestNewFailsOnAnUnboundOperation(t *testing.T) {
	_, err := New(WithVendors(&fake{drop: "GetMessages"}), WithFixtures(&fixtures.Set{}))
	if !errors.Is(err, ErrUnboundOperation) || !strings.Contains(err.Error(), "GetMessages (GET /api/v2/chats/{chatId}/messages in gws-chat.yaml)") {
		t.Errorf("New = %v; want ErrUnboundOperation naming GetMessages and its route", err)
	}
}

func TestNewRequiresAnAdapterForEveryDocument(t *testing.T) {
	m := &Mock{}
	m.specs, _ = spec.Load()
	err := m.bind([]api.Vendor{&fake{}})
	if !errors.Is(err, ErrUnboundOperation) || !strings.Contains(err.Error(), "no adapter serves") {
		t.Errorf("bind(gws only) = %v; want ErrUnboundOperation for the other documents", err)
	}
}

func TestRequestReachesTheHandlerValidated(t *testing.T) {
	f := &fake{}
	m := newFake(t, f)
	w := serve(m, "POST", "/api/v2/chats/abc", `{"operationName":"SendMessage","text":"hi"}`, cc...)
	if w.Code != 200 || f.seen == nil {
		t.Fatalf("status %d, handler called %v; want 200 and the handler", w.Code, f.seen != nil)
	}
	if f.seen.OperationID != "CustomerChatOperation" || f.seen.Path("chatId") != "abc" || f.seen.String("text") != "hi" {
		t.Errorf("request = %s %v %q; want CustomerChatOperation, chatId abc, text hi", f.seen.OperationID, f.seen.PathParams, f.seen.String("text"))
	}
	serve(m, "GET", "/api/v2/me/chats", "", "Authorization", "Basic YW5uOng=")
	if f.seen.Principal != "ann" {
		t.Errorf("principal = %v; want ann (from Authenticate)", f.seen.Principal)
	}
}

func TestPipelineErrors(t *testing.T) {
	m := newFake(t, &fake{}, WithMaxBody(64))
	for _, tc := range []struct {
		name, method, path, body string
		header                   []string
		status                   int
		want                     string
	}{
		{"unknown path", "GET", "/api/v2/nothing/here", "", cc, 404, "no operation at GET /api/v2/nothing/here"},
		{"wrong method on a template", "DELETE", "/api/v2/chats/abc", "", cc, 405, "method DELETE is not allowed"},
		{"body too large", "POST", "/api/v2/chats/abc", `{"operationName":"SendMessage","text":"` + strings.Repeat("x", 100) + `"}`, cc, 413, "larger than the limit of 64 bytes"},
		{"missing credentials", "GET", "/api/v2/me/chats", "", nil, 401, "header Authorization"},
		{"duplicate query parameter", "GET", "/api/v2/chats/abc/messages?index=1&index=2", "", cc, 400, "query index: given 2 times"},
		{"encoded slash", "GET", "/api/v2/chats/abc%2fmessages", "", cc, 404, "an encoded slash (%2F) is part of a path segment"},
		{"encoded slash in capitals", "GET", "/api/v2/chats/abc%2Fmessages", "", cc, 404, "no operation at GET /api/v2/chats/abc%2Fmessages"},
		{"several problems at once", "GET", "/api/v2/me/chats/abc/messages?startIndex=-1&count=0", "", []string{"Authorization", "Basic YTpi"}, 400, "query startIndex: number must be at least 0; query count: number must be at least 1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := serve(m, tc.method, tc.path, tc.body, tc.header...)
			if w.Code != tc.status || !strings.Contains(w.Body.String(), tc.want) {
				t.Errorf("%d %s; want %d mentioning %q", w.Code, w.Body, tc.status, tc.want)
			}
		})
	}
	if w := serve(m, "GET", "/elsewhere", ""); w.Code != 404 || !strings.Contains(w.Body.String(), "no API is served here") {
		t.Errorf("path outside every API = %d %s; want 404", w.Code, w.Body)
	}
}

func TestStrictModeCatchesTheMockLying(t *testing.T) {
	var logs bytes.Buffer
	lie := func(w http.ResponseWriter, _ *api.Request) error {
		return api.JSON(w, 200, map[string]any{"statusCode": 0, "messages": []any{map[string]any{"index": "one"}}})
	}
	strict := newFake(t, &fake{answer: lie}, WithStrict(true), WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
	w := serve(strict, "GET", "/api/v2/chats/abc/messages", "", cc...)
	if w.Code != 500 || !strings.Contains(w.Body.String(), "broke its spec") {
		t.Errorf("strict: %d %s; want 500 saying the response broke its spec", w.Code, w.Body)
	}
	if !strings.Contains(logs.String(), "GetMessages") {
		t.Errorf("strict mode did not log the violation: %q", logs.String())
	}
	lax := newFake(t, &fake{answer: lie})
	if w := serve(lax, "GET", "/api/v2/chats/abc/messages", "", cc...); w.Code != 200 {
		t.Errorf("non-strict: %d; want the handler's 200", w.Code)
	}
	undocumented := func(w http.ResponseWriter, _ *api.Request) error {
		return api.JSON(w, 201, map[string]any{"statusCode": 0})
	}
	strict = newFake(t, &fake{answer: undocumented}, WithStrict(true))
	if w := serve(strict, "GET", "/api/v2/chats/abc", "", cc...); w.Code != 500 {
		t.Errorf("strict with an undocumented status: %d; want 500", w.Code)
	}
}

func TestPanicBecomesAnInternalError(t *testing.T) {
	m := newFake(t, &fake{answer: func(http.ResponseWriter, *api.Request) error { panic("boom") }})
	w := serve(m, "GET", "/api/v2/chats/abc", "", cc...)
	if w.Code != 500 || strings.Contains(w.Body.String(), "boom") {
		t.Errorf("%d %s; want 500 without the panic's details", w.Code, w.Body)
	}
}

func TestFaults(t *testing.T) {
	rolls := []float64{0.9, 0.1}
	m := newFake(t, &fake{}, WithRandom(func() float64 { r := rolls[0]; rolls = rolls[1:]; return r }))
	half := 0.5
	m.Faults().Add(fault.Spec{Match: fault.Match{OperationID: "GetChat"}, Status: 503, Times: 1, Probability: &half})
	m.Faults().Add(fault.Spec{Match: fault.Match{Path: "/api/v2/chats/*/messages"}, Status: 418, Body: json.RawMessage(`{"teapot":true}`)})
	if w := serve(m, "GET", "/api/v2/chats/abc", "", cc...); w.Code != 200 {
		t.Errorf("first GetChat (roll 0.9 > 0.5) = %d; want 200", w.Code)
	}
	w := serve(m, "GET", "/api/v2/chats/abc", "", cc...)
	if w.Code != 503 || !strings.Contains(w.Body.String(), `"statusCode":10`) {
		t.Errorf("second GetChat (roll 0.1) = %d %s; want 503 in the vendor's envelope", w.Code, w.Body)
	}
	if w := serve(m, "GET", "/api/v2/chats/abc", "", cc...); w.Code != 200 {
		t.Errorf("third GetChat = %d; want 200 (the fault fired its one time)", w.Code)
	}
	w = serve(m, "GET", "/api/v2/chats/abc/messages", "", cc...)
	if w.Code != 418 || w.Body.String() != `{"teapot":true}` {
		t.Errorf("GetMessages = %d %s; want the fault's own body", w.Code, w.Body)
	}
	entries, _ := m.Requests().List(reqlogQuery())
	last := entries[len(entries)-1]
	if last.FaultID == nil || *last.FaultID != "f2" || last.Status != 418 {
		t.Errorf("log entry = %+v; want fault f2 and status 418", last)
	}
}

func TestRequestLogRedactsCredentials(t *testing.T) {
	m := newFake(t, &fake{}, WithRequestLogSize(2))
	serve(m, "GET", "/api/v2/me/chats", "", "Authorization", "Basic YW5uOng=")
	serve(m, "GET", "/api/v2/chats/a", "", cc...)
	serve(m, "GET", "/api/v2/chats/b", "", cc...)
	entries, dropped := m.Requests().List(reqlogQuery())
	if len(entries) != 2 || dropped != 1 {
		t.Fatalf("%d entries, %d dropped; want 2 and 1 (the log is bounded)", len(entries), dropped)
	}
	serve(m, "GET", "/api/v2/me/chats", "", "Authorization", "Basic YW5uOng=")
	entries, _ = m.Requests().List(reqlogQuery())
	e := entries[len(entries)-1]
	if got := e.RequestHeaders["Authorization"]; got != "Basic ***" {
		t.Errorf("logged Authorization = %q; want Basic ***", got)
	}
	if e.OperationID == nil || *e.OperationID != "ListAgentChats" || *e.Vendor != "gws" {
		t.Errorf("entry = %+v; want ListAgentChats of gws", e)
	}
}

func TestTenantPrefixRouting(t *testing.T) {
	m := &Mock{vendors: map[string]*bound{"gws": {}, "superoffice": {}, "acquire": {}, "control": {}}}
	m.prefixes = []prefix{{"/api/v2/", "gws"}, {"/api/v1/", "superoffice"}, {"/api/profile/", "acquire"}, {"/mock/", "control"}, {"/healthz", "control"}}
	for _, tc := range []struct{ path, vendor, docPath, tenant string }{
		{"/api/v2/chats/x", "gws", "/api/v2/chats/x", ""},
		{"/api/v1/ChatSession/1/Messages", "superoffice", "/api/v1/ChatSession/1/Messages", ""},
		{"/Cust12345/api/v1/ChatSession/1/Messages", "superoffice", "/api/v1/ChatSession/1/Messages", "Cust12345"},
		{"/api/profile/lead/message", "acquire", "/api/profile/lead/message", ""},
		{"/healthz", "control", "/healthz", ""},
		{"/Cust12345/api/v2/chats", "", "/Cust12345/api/v2/chats", ""},
	} {
		b, docPath, tenant := m.route(tc.path)
		name := ""
		for n, v := range m.vendors {
			if v == b {
				name = n
			}
		}
		if name != tc.vendor || docPath != tc.docPath || tenant != tc.tenant {
			t.Errorf("route(%s) = %q %q %q; want %q %q %q", tc.path, name, docPath, tenant, tc.vendor, tc.docPath, tc.tenant)
		}
	}
}

func TestNegotiate(t *testing.T) {
	offered := []string{"application/json", "application/xml", "text/json", "text/xml"}
	for _, tc := range []struct{ accept, want string }{
		{"", "application/json"},
		{"*/*", "application/json"},
		{"application/xml", "application/xml"},
		{"text/*", "text/json"},
		{"application/xml;q=0.5, application/json", "application/json"},
		{"text/html", ""},
		{"application/json;q=0", ""},
		{"application/json; charset=utf-8", "application/json"},
	} {
		if got := api.Negotiate(tc.accept, offered); got != tc.want {
			t.Errorf("Negotiate(%q) = %q; want %q", tc.accept, got, tc.want)
		}
	}
}

// TestDefaultMockServesEveryOperation starts the mock as chatmock does, on the default
// fixtures, and checks that every operation of every document is bound.
func TestDefaultMockServesEveryOperation(t *testing.T) {
	m, err := New(WithStrict(true))
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	set, _ := spec.Load()
	for _, op := range set.Operations() {
		found := false
		for _, b := range m.vendors {
			if b.doc == op.Document && b.handlers[op.ID] != nil {
				found = true
			}
		}
		if !found {
			t.Errorf("%s (%s): no handler", op.ID, op.Document.Name)
		}
	}
	// The tenant prefix reaches authentication even for requests built without a
	// RequestURI (as http.NewRequest makes them).
	req, _ := http.NewRequest("GET", "/Cust12345/api/v1/ChatSession", nil)
	req.Header.Set("Authorization", "Basic "+basicOf("anna", "anna-pass"))
	w := httptest.NewRecorder()
	m.ServeHTTP(w, req)
	if w.Code != 403 {
		t.Errorf("Basic on the Online tenant = %d %s; want 403 (Basic is refused online)", w.Code, w.Body)
	}
	req, _ = http.NewRequest("GET", "/api/v1/ChatSession", nil)
	req.Header.Set("Authorization", "Basic "+basicOf("anna", "anna-pass"))
	w = httptest.NewRecorder()
	m.ServeHTTP(w, req)
	if w.Code != 200 {
		t.Errorf("Basic on the onsite tenant = %d %s; want 200", w.Code, w.Body)
	}
}

func basicOf(user, pass string) string {
	r, _ := http.NewRequest("GET", "/", nil)
	r.SetBasicAuth(user, pass)
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
}

// TestSimulatedAgentAnswers: with the simulated agent on, a customer's chat is accepted,
// greeted and answered; the control API switches it and a reset restores the start mode.
func TestSimulatedAgentAnswers(t *testing.T) {
	m, err := New(WithStrict(true), WithSimulatedAgent("auto"))
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	srv := httptest.NewServer(m)
	defer srv.Close()
	put := func(body string) {
		req, _ := http.NewRequest("PUT", srv.URL+"/mock/agent", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("PUT /mock/agent: %v %v", err, resp)
		}
		resp.Body.Close()
	}
	put(`{"mode":"auto","acceptDelayMs":1,"typingDelayMs":1,"replyDelayMs":1,"echo":true,"greeting":"Hi there"}`)
	cc := []string{"ContactCenterId", "cfe5ad67-ba6d-4340-81f9-bb680ef5d498"}
	w := serve(m, "POST", "/api/v2/chats", `{"operationName":"RequestChat","nickname":"Chris"}`, cc...)
	var created map[string]any
	_ = json.Unmarshal(w.Body.Bytes(), &created)
	id, _ := created["id"].(string)
	transcript := func() string {
		w := serve(m, "GET", "/api/v2/chats/"+id+"/messages?index=0", "", cc...)
		return w.Body.String()
	}
	waitFor := func(what, want string) {
		t.Helper()
		deadline := time.Now().Add(5 * time.Second)
		for !strings.Contains(transcript(), want) {
			if time.Now().After(deadline) {
				t.Fatalf("waiting for %s: %s", what, transcript())
			}
			time.Sleep(5 * time.Millisecond)
		}
	}
	waitFor("the greeting", `"text":"Hi there"`)
	serve(m, "POST", "/api/v2/chats/"+id, `{"operationName":"SendMessage","text":"ping"}`, cc...)
	waitFor("the echo", `"type":"Agent"},"text":"ping"`)
	if err := m.Reset(); err != nil {
		t.Fatal(err)
	}
	w = serve(m, "GET", "/mock/agent", "")
	if !strings.Contains(w.Body.String(), `"mode":"auto"`) || !strings.Contains(w.Body.String(), `"acceptDelayMs":1000`) {
		t.Errorf("after a reset the agent is %s; want the start mode (auto) with default delays", w.Body)
	}
}
