package gws_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/gws"
)

const (
	cc1 = "cfe5ad67-ba6d-4340-81f9-bb680ef5d498"
	cc2 = "0d5b2a64-0000-4000-8000-000000000002"
)

// testFixtures: two contact centers; ann takes every queue, bob only billing, cid is away;
// dan works for the other contact center.
func testFixtures() *fixtures.Set {
	return &fixtures.Set{
		Tenants: []fixtures.Tenant{
			{ID: cc1, Vendor: "gws", Name: "One", Queues: []string{"default", "billing"}},
			{ID: cc2, Vendor: "gws", Name: "Two"},
		},
		Agents: []fixtures.Agent{
			{ID: "ann01", Vendor: "gws", Tenant: cc1, Name: "Ann Avery", Nickname: "Ann", Username: "ann", Password: "ann-pass"},
			{ID: "bob02", Vendor: "gws", Tenant: cc1, Name: "Bob Berg", Nickname: "Bob", Username: "bob", Password: "bob-pass", Queues: []string{"billing"}},
			{ID: "cid03", Vendor: "gws", Tenant: cc1, Name: "Cid Cole", Nickname: "Cid", Username: "cid", Password: "cid-pass", Away: true},
			{ID: "dan04", Vendor: "gws", Tenant: cc2, Name: "Dan Dunn", Nickname: "Dan", Username: "dan", Password: "dan-pass"},
		},
	}
}

func clock() func() time.Time {
	var mu sync.Mutex
	t := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	return func() time.Time {
		mu.Lock()
		defer mu.Unlock()
		t = t.Add(time.Millisecond * 1500)
		return t
	}
}

type server struct {
	t   testing.TB
	url string
	m   *mock.Mock
}

func newServer(t testing.TB, opts ...mock.Option) *server {
	t.Helper()
	n := 0
	ids := func() string { n++; return fmt.Sprintf("chat%04d", n) }
	opts = append([]mock.Option{
		mock.WithVendors(gws.New()), mock.WithFixtures(testFixtures()), mock.WithStrict(true),
		mock.WithClock(clock()), mock.WithIDs(ids),
	}, opts...)
	m, err := mock.New(opts...)
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	return &server{t: t, url: srv.URL, m: m}
}

// response is a decoded response.
type response struct {
	Status int
	Header http.Header
	Body   map[string]any
	Raw    string
}

func (r response) code() float64 { c, _ := r.Body["statusCode"].(float64); return c }

func (r response) message() string { m, _ := r.Body["statusMessage"].(string); return m }

// do sends a request; header pairs follow the body. A body of type string is sent as is.
func (s *server) do(method, path string, body any, header ...string) response {
	s.t.Helper()
	var rd io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		rd = strings.NewReader(b)
	default:
		j, _ := json.Marshal(b)
		rd = bytes.NewReader(j)
	}
	req, err := http.NewRequest(method, s.url+path, rd)
	if err != nil {
		s.t.Fatal(err)
	}
	if rd != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Content-Type" {
			req.Header.Set(header[i], header[i+1])
		} else {
			req.Header.Add(header[i], header[i+1])
		}
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := response{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	_ = json.Unmarshal(raw, &out.Body)
	return out
}

// customer headers for a contact center.
func cc(id string) []string { return []string{"ContactCenterId", id} }

func basic(user, pass string) []string {
	req, _ := http.NewRequest("GET", "/", nil)
	req.SetBasicAuth(user, pass)
	return []string{"Authorization", req.Header.Get("Authorization")}
}

var (
	ann = basic("ann", "ann-pass")
	bob = basic("bob", "bob-pass")
	dan = basic("dan", "dan-pass")
)

// requestChat starts a chat and returns its id.
func (s *server) requestChat(center string, extra map[string]any) string {
	s.t.Helper()
	body := map[string]any{"operationName": "RequestChat", "nickname": "Chris", "subject": "Order"}
	for k, v := range extra {
		body[k] = v
	}
	r := s.do("POST", "/api/v2/chats", body, cc(center)...)
	if r.Status != 200 || r.code() != 0 {
		s.t.Fatalf("RequestChat: %d %s", r.Status, r.Raw)
	}
	return r.Body["id"].(string)
}

// customerOp posts a customer operation and checks the outcome.
func (s *server) customerOp(id string, body map[string]any, wantStatus int) response {
	s.t.Helper()
	r := s.do("POST", "/api/v2/chats/"+id, body, cc(cc1)...)
	if r.Status != wantStatus {
		s.t.Fatalf("%v: status %d; want %d: %s", body["operationName"], r.Status, wantStatus, r.Raw)
	}
	return r
}

// agentOp posts an agent operation and checks the outcome.
func (s *server) agentOp(who []string, id string, body map[string]any, wantStatus int) response {
	s.t.Helper()
	r := s.do("POST", "/api/v2/me/chats/"+id, body, who...)
	if r.Status != wantStatus {
		s.t.Fatalf("agent %v: status %d; want %d: %s", body["operationName"], r.Status, wantStatus, r.Raw)
	}
	return r
}

// messages returns the customer's view: GetMessages with the given query.
func (s *server) messages(id, query string) []map[string]any {
	s.t.Helper()
	r := s.do("GET", "/api/v2/chats/"+id+"/messages"+query, nil, cc(cc1)...)
	if r.Status != 200 {
		s.t.Fatalf("GetMessages%s: %d %s", query, r.Status, r.Raw)
	}
	return list(r.Body["messages"])
}

func list(v any) []map[string]any {
	items, _ := v.([]any)
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i], _ = it.(map[string]any)
	}
	return out
}

// summary renders messages as "index:type:text" for compact comparison.
func summary(msgs []map[string]any) string {
	parts := make([]string, len(msgs))
	for i, m := range msgs {
		text, _ := m["text"].(string)
		if nt, ok := m["noticeText"].(string); ok {
			text = nt
		}
		parts[i] = jsonNumber(m["index"]) + ":" + m["type"].(string)
		if text != "" {
			parts[i] += ":" + text
		}
	}
	return strings.Join(parts, " ")
}

func jsonNumber(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

func (s *server) chat(id string) map[string]any {
	s.t.Helper()
	r := s.do("GET", "/api/v2/chats/"+id, nil, cc(cc1)...)
	if r.Status != 200 {
		s.t.Fatalf("GetChat: %d %s", r.Status, r.Raw)
	}
	c, _ := r.Body["chat"].(map[string]any)
	return c
}

func (s *server) agentChat(who []string, id string) (map[string]any, int) {
	s.t.Helper()
	r := s.do("GET", "/api/v2/me/chats/"+id, nil, who...)
	c, _ := r.Body["chat"].(map[string]any)
	return c, r.Status
}
