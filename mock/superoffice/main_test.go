package superoffice_test

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/mock/superoffice"
)

// clock is a test clock that moves only when told to.
type clock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *clock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *clock) Advance(d time.Duration) {
	c.mu.Lock()
	c.now = c.now.Add(d)
	c.mu.Unlock()
}

var base = time.Date(2024, 5, 14, 9, 0, 0, 0, time.UTC)

// Credentials of the test associates.
const (
	annaTicket = "7T:anna-ticket"
	annaToken  = "anna-bearer-token"
	annaXSRF   = "anna-xsrf"
	olaTicket  = "7T:ola-ticket"
	kariTicket = "7T:kari-ticket"
	kariToken  = "kari-bearer-token"
	online     = "Cust12345"
)

// testSet is a small fixture set: an onsite installation with Anna (12) and Ola (13), an
// Online tenant with Kari (22); sessions 103 (Anna, chatting), 104 (queued), 105 (closed)
// and 106 (Ola, chatting) onsite, 201 (queued) and 202 (Kari, chatting) online.
func testSet() *fixtures.Set {
	at := func(min int) time.Time { return base.Add(time.Duration(min) * time.Minute) }
	so := fixtures.SuperOffice
	visitor := func(name string) fixtures.Visitor {
		first, _, _ := strings.Cut(name, " ")
		return fixtures.Visitor{Name: name, Nickname: first, Email: strings.ToLower(first) + "@example.com"}
	}
	ev := func(kind, from, text string, min int) fixtures.Event {
		return fixtures.Event{Kind: kind, From: from, Text: text, Time: at(min)}
	}
	return &fixtures.Set{
		Tenants: []fixtures.Tenant{
			{ID: "gws-cc", Vendor: fixtures.GWS},
			{ID: online, Vendor: so, Name: "Online customer", Online: true},
			{ID: "Onsite", Vendor: so, Name: "Onsite installation"},
		},
		Agents: []fixtures.Agent{
			{ID: "12", Vendor: so, Tenant: "Onsite", Name: "Anna Berg", Nickname: "Anna", Username: "anna", Password: "anna-pass",
				Ticket: annaTicket, Token: annaToken, XSRFToken: annaXSRF},
			{ID: "13", Vendor: so, Tenant: "Onsite", Name: "Ola Nordmann", Nickname: "Ola", Username: "ola", Password: "ola-pass", Ticket: olaTicket},
			{ID: "22", Vendor: so, Tenant: online, Name: "Kari Lie", Nickname: "Kari", Username: "kari", Password: "kari-pass",
				Ticket: kariTicket, Token: kariToken},
		},
		Chats: []fixtures.Chat{
			{ID: "103", Vendor: so, Tenant: "Onsite", State: fixtures.StateChatting, VendorState: "UserLast", Queue: "2",
				Visitor: visitor("Lars Nilsen"), Agent: "12", CreatedAt: at(1), Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 1),
					ev(fixtures.KindText, "visitor", "Hi, my invoice 10233 shows the wrong delivery address.", 1),
					ev(fixtures.KindJoined, "12", "", 2),
					ev(fixtures.KindText, "12", "Hello Lars, I'm Anna. Let me look at invoice 10233 for you.", 2),
					ev(fixtures.KindText, "visitor", "Thanks! It should be Storgata 12, 0155 Oslo.", 4),
					ev(fixtures.KindText, "12", "Done - the address is corrected and a new invoice is on its way.", 6),
				}},
			{ID: "104", Vendor: so, Tenant: "Onsite", State: fixtures.StateWaiting, VendorState: "InQueue", Queue: "1",
				Visitor: visitor("Kari Hansen"), CreatedAt: at(12), Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 12),
					ev(fixtures.KindText, "visitor", "Can I change the billing e-mail?", 12),
				}},
			{ID: "105", Vendor: so, Tenant: "Onsite", State: fixtures.StateCompleted, VendorState: "Closed", Queue: "1",
				Visitor: visitor("Erik Dahl"), Agent: "13", CreatedAt: at(13), Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 13),
					ev(fixtures.KindText, "visitor", "Thanks, that's all.", 14),
				}},
			{ID: "106", Vendor: so, Tenant: "Onsite", State: fixtures.StateChatting, Queue: "1",
				Visitor: visitor("Per Olsen"), Agent: "13", CreatedAt: at(15), Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 15),
					ev(fixtures.KindText, "visitor", "Hello?", 15),
				}},
			{ID: "201", Vendor: so, Tenant: online, State: fixtures.StateWaiting, Queue: "1",
				Visitor: visitor("Sofie Lund"), CreatedAt: at(16), Events: []fixtures.Event{ev(fixtures.KindJoined, "visitor", "", 16)}},
			{ID: "202", Vendor: so, Tenant: online, State: fixtures.StateChatting, Queue: "1",
				Visitor: visitor("Jonas Berg"), Agent: "22", CreatedAt: at(17), Events: []fixtures.Event{
					ev(fixtures.KindJoined, "visitor", "", 17),
					ev(fixtures.KindText, "visitor", "Online question", 17),
					ev(fixtures.KindJoined, "22", "", 18),
					ev(fixtures.KindText, "22", "Online answer", 18),
				}},
		},
	}
}

// env is a mock serving only the SuperOffice adapter, in strict mode, over HTTP.
type env struct {
	t     *testing.T
	m     *mock.Mock
	srv   *httptest.Server
	clock *clock
	so    *superoffice.Adapter
}

func newEnv(t *testing.T, opts ...mock.Option) *env {
	t.Helper()
	e := &env{t: t, clock: &clock{now: base.Add(time.Hour)}, so: superoffice.New()}
	all := append([]mock.Option{mock.WithVendors(e.so), mock.WithFixtures(testSet()), mock.WithStrict(true),
		mock.WithClock(e.clock.Now)}, opts...)
	m, err := mock.New(all...)
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	e.m = m
	e.srv = httptest.NewServer(m)
	t.Cleanup(e.srv.Close)
	return e
}

// response is a buffered response.
type response struct {
	status int
	header http.Header
	body   []byte
}

// do sends a request. hdr are name, value pairs: an empty value removes the header, a name
// given twice is sent twice. Unless hdr names Authorization or X-XSRF-TOKEN, Anna's SOTicket
// is sent; a body is application/json unless hdr says otherwise.
func (e *env) do(method, path, body string, hdr ...string) response {
	e.t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, e.srv.URL+path, rd)
	if err != nil {
		e.t.Fatalf("NewRequest: %v", err)
	}
	req.Header.Set("Authorization", "SOTicket "+annaTicket)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	given := map[string]bool{}
	for i := 0; i+1 < len(hdr); i += 2 {
		name, value := http.CanonicalHeaderKey(hdr[i]), hdr[i+1]
		if name == "X-Xsrf-Token" && !given["Authorization"] {
			req.Header.Del("Authorization")
		}
		switch {
		case value == "":
			req.Header.Del(name)
		case given[name]:
			req.Header.Add(name, value) // a deliberate duplicate
		default:
			req.Header.Set(name, value)
		}
		given[name] = true
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatalf("%s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		e.t.Fatalf("%s %s: read body: %v", method, path, err)
	}
	return response{status: resp.StatusCode, header: resp.Header, body: b}
}

func basic(user, pass string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pass))
}

// want fails unless the response has the status.
func (r response) want(t *testing.T, status int) response {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d; want %d (body %s)", r.status, status, r.body)
	}
	return r
}

// json decodes the body into v.
func (r response) json(t *testing.T, v any) {
	t.Helper()
	if ct := r.header.Get("Content-Type"); !strings.Contains(ct, "json") {
		t.Fatalf("Content-Type = %q; want JSON (body %s)", ct, r.body)
	}
	dec := json.NewDecoder(bytes.NewReader(r.body))
	dec.UseNumber()
	if err := dec.Decode(v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// wantError checks a vendor error: the status, the {"Message"} envelope, and that the
// message contains each of the parts (ignoring case).
func (r response) wantError(t *testing.T, status int, parts ...string) {
	t.Helper()
	r.want(t, status)
	var body struct{ Message string }
	r.json(t, &body)
	if body.Message == "" {
		t.Fatalf("error body %s: no Message", r.body)
	}
	for _, p := range parts {
		if !strings.Contains(strings.ToLower(body.Message), strings.ToLower(p)) {
			t.Errorf("Message = %q; want it to contain %q", body.Message, p)
		}
	}
}

// message is a decoded ChatMessage.
type message struct {
	ChatMessageId  int64
	ChatSessionId  int64
	Type           string
	Message        string
	Author         string
	ReadByCustomer int64
	SpecialType    string
	SpecialParam   string
	WhenPosted     string
}

// entity is the part of a decoded ChatSessionEntity the tests look at.
type entity struct {
	ChatSessionId       int64
	TopicId             int64
	User                *struct{ AssociateId int64 }
	Person              *struct{ PersonId int64 }
	Contact             *struct{ ContactId int64 }
	CustomerName        string
	CustomerAlias       string
	CustomerEmail       string
	CustomerCompanyName string
	CustomerConsented   bool
	Status              string
	FirstMessage        string
	LastMessage         string
	WhenRequested       string
	WhenStarted         string
	WhenEnded           string
	WhenIdle            string
	SessionKey          string
	Rank                int64
	Rating              int64
	Flags               string
	ChatbotIsActive     bool
	Links               *struct{ Self, Archive string } `json:"_Links"`
}

func (e *env) messages(id string, query string) []message {
	e.t.Helper()
	var out []message
	e.do("GET", "/api/v1/ChatSession/"+id+"/Messages"+query, "").want(e.t, 200).decode(e.t, &out)
	return out
}

func (e *env) session(id string) entity {
	e.t.Helper()
	var out entity
	e.do("GET", "/api/v1/ChatSession/"+id, "").want(e.t, 200).decode(e.t, &out)
	return out
}

// decode decodes a JSON body into v without json.Number.
func (r response) decode(t *testing.T, v any) {
	t.Helper()
	if err := json.Unmarshal(r.body, v); err != nil {
		t.Fatalf("decode %s: %v", r.body, err)
	}
}

// state is everything a request could change about a session, to compare before and
// after a failing request.
func (e *env) state(tenantPath, id string) string {
	e.t.Helper()
	auth := "SOTicket " + annaTicket
	if tenantPath != "" {
		auth = "SOTicket " + kariTicket
	}
	s := e.do("GET", tenantPath+"/api/v1/ChatSession/"+id, "", "Authorization", auth)
	m := e.do("GET", tenantPath+"/api/v1/ChatSession/"+id+"/Messages", "", "Authorization", auth)
	l := e.do("GET", tenantPath+"/api/v1/ChatSession", "", "Authorization", auth)
	return string(s.body) + "\n" + string(m.body) + "\n" + string(l.body) + "\n" + itoa(e.m.Store().LastMessageID())
}

// unchanged fails when a session's state differs from before.
func (e *env) unchanged(before, tenantPath, id string) {
	e.t.Helper()
	if after := e.state(tenantPath, id); after != before {
		e.t.Errorf("state changed after an error:\nbefore %s\nafter  %s", before, after)
	}
}

func itoa(n int64) string {
	b, _ := json.Marshal(n)
	return string(b)
}

// storeFilter selects every SuperOffice session in the store.
func storeFilter() store.Filter { return store.Filter{Vendor: fixtures.SuperOffice} }
