package control_test

import (
	"net/http"
	"reflect"
	"sync"
	"testing"

	"github.com/chatconform/chatconform/mock/control"
)

func TestSimulatedAgent(t *testing.T) {
	_, ctl, srv := newMock(t)
	var mu sync.Mutex
	var seen []control.AgentConfig
	ctl.OnAgentConfig(func(c control.AgentConfig) { mu.Lock(); seen = append(seen, c); mu.Unlock() })

	var got map[string]any
	ok(t, srv, http.MethodGet, "/mock/agent", "", 200, &got)
	if want := specExampleMap(t, "SimulatedAgentDefault"); !reflect.DeepEqual(got, want) {
		t.Errorf("default = %v; want the spec's SimulatedAgentDefault %v", got, want)
	}
	scripted := specExample(t, "SimulatedAgentScripted")
	ok(t, srv, http.MethodPut, "/mock/agent", scripted, 200, &got)
	if want := specExampleMap(t, "SimulatedAgentScripted"); !reflect.DeepEqual(got, want) {
		t.Errorf("after PUT = %v; want %v", got, want)
	}
	ok(t, srv, http.MethodGet, "/mock/agent", "", 200, &got)
	if got["agentId"] != "kim" || ctl.SimulatedAgent().AgentID != "kim" || len(ctl.SimulatedAgent().Script) != 3 {
		t.Errorf("GET after PUT = %v, SimulatedAgent() = %+v; want the scripted configuration", got, ctl.SimulatedAgent())
	}
	// Fields left out take their defaults.
	var partial control.AgentConfig
	ok(t, srv, http.MethodPut, "/mock/agent", `{"mode":"auto","echo":true,"greeting":""}`, 200, &partial)
	want := control.DefaultAgentConfig()
	want.Mode, want.Echo, want.Greeting = "auto", true, ""
	if !reflect.DeepEqual(partial, want) {
		t.Errorf("partial PUT = %+v; want %+v", partial, want)
	}
	// The same configuration again does not call the hook.
	ok(t, srv, http.MethodPut, "/mock/agent", `{"mode":"auto","echo":true,"greeting":""}`, 200, nil)
	ok(t, srv, http.MethodPost, "/mock/reset", "", 204, nil)
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 3 || seen[0].AgentID != "kim" || !reflect.DeepEqual(seen[1], want) || !reflect.DeepEqual(seen[2], control.DefaultAgentConfig()) {
		t.Errorf("hook saw %+v; want scripted, partial, defaults", seen)
	}
}

func TestSetSimulatedAgentErrors(t *testing.T) {
	_, ctl, srv := newMock(t)
	tests := []struct {
		name, body string
		header     http.Header
		status     int
		code       string
		msg        []string
	}{
		{"bad mode", `{"mode":"sometimes"}`, nil, 400, "bad_request", []string{"mode"}},
		{"unknown field", `{"mode":"off","speed":3}`, nil, 400, "bad_request", []string{"speed"}},
		{"negative delay", `{"mode":"off","acceptDelayMs":-1}`, nil, 400, "bad_request", []string{"acceptDelayMs"}},
		{"delay too long", `{"mode":"off","replyDelayMs":600001}`, nil, 400, "bad_request", []string{"replyDelayMs"}},
		{"empty script line", `{"mode":"off","script":[""]}`, nil, 400, "bad_request", []string{"script"}},
		{"echo not a boolean", `{"mode":"off","echo":"yes"}`, nil, 400, "bad_request", []string{"echo"}},
		{"bad JSON", `{"mode":`, nil, 400, "bad_request", nil},
		{"no body", ``, nil, 400, "bad_request", []string{"body"}},
		{"form body", `mode=auto`, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, 415, "unsupported_media_type", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := send(t, srv, http.MethodPut, "/mock/agent", tt.body, tt.header)
			checkError(t, status, body, tt.status, tt.code, tt.msg...)
		})
	}
	if got := ctl.SimulatedAgent(); !reflect.DeepEqual(got, control.DefaultAgentConfig()) {
		t.Errorf("configuration after failed PUTs = %+v; want the defaults", got)
	}
}

func TestSetSimulatedAgentDefaults(t *testing.T) {
	// The validator fills in the schema's defaults before checking `required`, so a body
	// without mode (or with script null) takes the defaults like any other field left out.
	_, _, srv := newMock(t)
	var got control.AgentConfig
	ok(t, srv, http.MethodPut, "/mock/agent", `{"echo":true,"script":null}`, 200, &got)
	want := control.DefaultAgentConfig()
	want.Echo = true
	if !reflect.DeepEqual(got, want) {
		t.Errorf("PUT = %+v; want %+v", got, want)
	}
}

func TestUnbound(t *testing.T) {
	ctl := control.New(nil)
	if got := ctl.SimulatedAgent(); !reflect.DeepEqual(got, control.DefaultAgentConfig()) {
		t.Errorf("SimulatedAgent() = %+v; want the defaults", got)
	}
	_, _, srv := newMockUnbound(t, ctl)
	ok(t, srv, http.MethodGet, "/healthz", "", 200, nil)
	status, body := send(t, srv, http.MethodGet, "/mock/chats", "", nil)
	checkError(t, status, body, 500, "internal", "internal error")
}
