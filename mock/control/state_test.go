package control_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/control"
	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/spec"
)

// specExample returns an example of the control document as JSON.
func specExample(t *testing.T, name string) string {
	t.Helper()
	set, err := spec.Load()
	if err != nil {
		t.Fatalf("load specs: %v", err)
	}
	ex := set.Document("mock-control.yaml").OpenAPI.Components.Examples[name]
	if ex == nil || ex.Value == nil {
		t.Fatalf("no example %s", name)
	}
	b, err := json.Marshal(ex.Value.Value)
	if err != nil {
		t.Fatalf("marshal example: %v", err)
	}
	return string(b)
}

func chatIDs(t *testing.T, m *mock.Mock) []string {
	t.Helper()
	out := []string{}
	for _, c := range m.Store().List(store.Filter{}) {
		out = append(out, c.Key.Vendor+"/"+c.Key.ID)
	}
	return out
}

func TestResetMock(t *testing.T) {
	m, ctl, srv := newMock(t)
	before := snapshot(t, srv)
	ok(t, srv, http.MethodPost, "/mock/chats/acquire", `{"tenant":"10719","visitor":{"name":"X"}}`, 201, nil)
	ok(t, srv, http.MethodPost, "/mock/chats/acquire/106241/agent", `{"action":"send","text":"extra"}`, 200, nil)
	ok(t, srv, http.MethodPost, "/mock/faults", `{"match":{"operationId":"GetMessages"},"status":500}`, 201, nil)
	ok(t, srv, http.MethodPut, "/mock/agent", `{"mode":"auto","echo":true}`, 200, nil)
	acquireMessages(t, srv, acquireOK, nil)

	ok(t, srv, http.MethodPost, "/mock/reset", "", 204, nil)
	if after := snapshot(t, srv); after != before {
		t.Errorf("chats after reset differ from the fixtures:\nbefore %s\nafter  %s", before, after)
	}
	if n := len(m.Faults().List()); n != 0 {
		t.Errorf("faults after reset = %d; want 0", n)
	}
	if got := ctl.SimulatedAgent(); !reflect.DeepEqual(got, control.DefaultAgentConfig()) {
		t.Errorf("simulated agent after reset = %+v; want the defaults", got)
	}
	var log requestLog
	ok(t, srv, http.MethodGet, "/mock/requests", "", 200, &log)
	if len(log.Requests) != 1 {
		t.Errorf("request log after reset has %d entries; want 1 (kept)", len(log.Requests))
	}
	// A body is ignored.
	ok(t, srv, http.MethodPost, "/mock/reset", `{"anything":1}`, 204, nil)
	status, body := send(t, srv, http.MethodGet, "/mock/reset", "", nil)
	checkError(t, status, body, 405, "method_not_allowed", "method GET")
}

func TestLoadFixtures(t *testing.T) {
	m, ctl, srv := newMock(t)
	ok(t, srv, http.MethodPost, "/mock/faults", `{"match":{"operationId":"GetMessages"},"status":500}`, 201, nil)
	ok(t, srv, http.MethodPut, "/mock/agent", `{"mode":"auto"}`, 200, nil)
	var counts map[string]int
	ok(t, srv, http.MethodPost, "/mock/fixtures", specExample(t, "FixtureSetSmall"), 200, &counts)
	if want := map[string]int{"tenants": 3, "agents": 3, "chats": 2, "events": 5}; !reflect.DeepEqual(counts, want) {
		t.Errorf("counts = %v; want %v", counts, want)
	}
	// Only the served vendor's chat is in the store (no GWS adapter here).
	if got := chatIDs(t, m); !reflect.DeepEqual(got, []string{"acquire/106241"}) {
		t.Errorf("chats = %v; want [acquire/106241]", got)
	}
	// The example names the visitor by id in its events; they are the visitor's.
	status, body := send(t, srv, http.MethodPost, "/api/profile/lead/message", "visitor_id=61793&last_chat_id=106241",
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {"Bearer acq-test-token-10719"}})
	if status != 200 || strings.Count(string(body), `"message":"Hello"`) != 2 || !strings.Contains(string(body), `"sender_type":"visitor"`) {
		t.Errorf("acquire messages = %d %s; want the example's two Hello messages, one from the visitor", status, body)
	}
	if n := len(m.Faults().List()); n != 1 {
		t.Errorf("faults = %d; want 1 (LoadFixtures keeps faults)", n)
	}
	if got := ctl.SimulatedAgent().Mode; got != "auto" {
		t.Errorf("simulated agent mode = %q; want auto (LoadFixtures keeps it)", got)
	}
	// The loaded set is the new baseline of ResetMock.
	ok(t, srv, http.MethodPost, "/mock/chats/acquire", `{"tenant":"10719","visitor":{"name":"X"}}`, 201, nil)
	ok(t, srv, http.MethodPost, "/mock/reset", "", 204, nil)
	if got := chatIDs(t, m); !reflect.DeepEqual(got, []string{"acquire/106241"}) {
		t.Errorf("chats after reset = %v; want the loaded set's", got)
	}
	if m.Fixtures().Tenants[2].APITokens[0] != "acq-test-token-10719" {
		t.Errorf("Fixtures() = %+v; want the loaded set", m.Fixtures().Tenants)
	}
}

func TestLoadFixturesErrors(t *testing.T) {
	m, _, srv := newMock(t, mock.WithMaxBody(1024))
	acquireTenant := `{"id":"10719","vendor":"acquire","apiTokens":["t"]}`
	tests := []struct {
		name, body string
		header     http.Header
		status     int
		code       string
		msg        []string
	}{
		{"duplicate tenant", `{"tenants":[` + acquireTenant + `,` + acquireTenant + `]}`, nil, 400, "bad_request", []string{"tenants[1]", "defined twice"}},
		{"agent of unknown tenant", `{"tenants":[` + acquireTenant + `],"agents":[{"id":"1","tenant":"99"}]}`, nil, 400, "bad_request", []string{"agents[0]"}},
		{"chat of unknown tenant", `{"tenants":[],"chats":[{"id":"1","vendor":"acquire","tenant":"10719","visitor":{"name":"x"}}]}`, nil, 400, "bad_request", []string{"chats[0]", "no acquire tenant"}},
		{"event from a stranger", `{"tenants":[` + acquireTenant + `],"chats":[{"id":"1","vendor":"acquire","tenant":"10719","visitor":{"name":"x"},"events":[{"kind":"text","from":"bob"}]}]}`, nil, 400, "bad_request", []string{"events[0]", `"bob"`}},
		{"non-numeric Acquire chat id", `{"tenants":[` + acquireTenant + `],"chats":[{"id":"abc","vendor":"acquire","tenant":"10719","visitor":{"name":"x"}}]}`, nil, 400, "bad_request", []string{`acquire chat id "abc"`}},
		{"agent of another tenant (refused while seeding)", `{"tenants":[` + acquireTenant + `,{"id":"2","vendor":"acquire"}],"agents":[{"id":"5","tenant":"2"}],"chats":[{"id":"1","vendor":"acquire","tenant":"10719","visitor":{"name":"x"},"events":[{"kind":"text","from":"5","text":"hi"}]}]}`, nil, 400, "bad_request", []string{"seed acquire", `no agent "5"`}},
		{"unknown vendor", `{"tenants":[{"id":"x","vendor":"zendesk"}]}`, nil, 400, "bad_request", []string{"vendor"}},
		{"missing tenant id", `{"tenants":[{"vendor":"acquire"}]}`, nil, 400, "bad_request", []string{"id"}},
		{"tenants not an array", `{"tenants":"all"}`, nil, 400, "bad_request", []string{"tenants"}},
		{"bad time", `{"tenants":[` + acquireTenant + `],"chats":[{"id":"1","vendor":"acquire","tenant":"10719","visitor":{"name":"x"},"createdAt":"yesterday"}]}`, nil, 400, "bad_request", []string{"createdAt"}},
		{"bad event kind", `{"tenants":[` + acquireTenant + `],"chats":[{"id":"1","vendor":"acquire","tenant":"10719","visitor":{"name":"x"},"events":[{"kind":"wave","from":"visitor"}]}]}`, nil, 400, "bad_request", []string{"kind"}},
		{"bad JSON", `{"tenants":[`, nil, 400, "bad_request", nil},
		{"not an object", `[]`, nil, 400, "bad_request", nil},
		{"no body", ``, nil, 400, "bad_request", []string{"body"}},
		{"form body", `tenants=1`, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, 415, "unsupported_media_type", nil},
		{"oversized (LoadFixtures takes up to 16 MiB)", `{"tenants":[],"x":"` + strings.Repeat("x", 16<<20) + `"}`, nil, 413, "payload_too_large", nil},
	}
	before := snapshot(t, srv)
	fixturesBefore := m.Fixtures()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := send(t, srv, http.MethodPost, "/mock/fixtures", tt.body, tt.header)
			checkError(t, status, body, tt.status, tt.code, tt.msg...)
		})
	}
	if after := snapshot(t, srv); after != before {
		t.Errorf("failed LoadFixtures calls changed the chats:\nbefore %s\nafter  %s", before, after)
	}
	if !reflect.DeepEqual(m.Fixtures(), fixturesBefore) {
		t.Errorf("failed LoadFixtures calls changed the baseline")
	}
}
