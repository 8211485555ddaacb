package control_test

import (
	"net/http"
	"reflect"
	"strings"
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
	// The example's agent is kim, an agent of the spec's example fixtures; here it is 15416.
	scripted := strings.Replace(specExample(t, "SimulatedAgentScripted"), `"kim"`, `"15416"`, 1)
	ok(t, srv, http.MethodPut, "/mock/agent", scripted, 200, &got)
	wantScripted := specExampleMap(t, "SimulatedAgentScripted")
	wantScripted["agentId"] = "15416"
	if want := wantScripted; !reflect.DeepEqual(got, want) {
		t.Errorf("after PUT = %v; want %v", got, want)
	}
	ok(t, srv, http.MethodGet, "/mock/agent", "", 200, &got)
	if got["agentId"] != "15416" || ctl.SimulatedAgent().AgentID != "15416" || len(ctl.SimulatedAgent().Script) != 3 {
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
	if len(seen) != 3 || seen[0].AgentID != "15416" || !reflect.DeepEqual(seen[1], want) || !reflect.DeepEqual(seen[2], control.DefaultAgentConfig()) {
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
		{"no mode", `{"echo":true,"script":null}`, nil, 400, "bad_request", []string{"body mode: required: PUT replaces the whole configuration", "use PATCH"}},
		{"unknown agent", `{"mode":"auto","agentId":"nobody"}`, nil, 400, "bad_request", []string{`body agentId: no agent has the id or login "nobody" (agents: 15416, 15417)`}},
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

func TestPatchSimulatedAgent(t *testing.T) {
	_, ctl, srv := newMock(t)
	ok(t, srv, http.MethodPut, "/mock/agent", `{"mode":"auto","greeting":"Hi","script":["a","b"],"acceptDelayMs":5}`, 200, nil)
	var got control.AgentConfig
	ok(t, srv, http.MethodPatch, "/mock/agent", `{"echo":true}`, 200, &got)
	want := control.DefaultAgentConfig()
	want.Mode, want.Greeting, want.Script, want.AcceptDelayMs, want.Echo = "auto", "Hi", []string{"a", "b"}, 5, true
	if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(ctl.SimulatedAgent(), want) {
		t.Errorf("after PATCH echo = %+v; want every other field kept: %+v", got, want)
	}
	ok(t, srv, http.MethodPatch, "/mock/agent", `{"script":["c"],"agentId":"15417","mode":"off"}`, 200, &got)
	want.Script, want.AgentID, want.Mode = []string{"c"}, "15417", "off"
	if !reflect.DeepEqual(got, want) {
		t.Errorf("after PATCH script = %+v; want %+v", got, want)
	}
	for _, tt := range []struct{ name, body, msg string }{
		{"empty", `{}`, "body"},
		{"unknown field", `{"speed":3}`, "speed"},
		{"bad mode", `{"mode":"sometimes"}`, "mode"},
		{"unknown agent", `{"agentId":"nobody"}`, `no agent has the id or login "nobody"`},
		{"not an object", `[]`, "body"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, body := send(t, srv, http.MethodPatch, "/mock/agent", tt.body, nil)
			checkError(t, status, body, 400, "bad_request", tt.msg)
		})
	}
	if !reflect.DeepEqual(ctl.SimulatedAgent(), want) {
		t.Errorf("after refused PATCHes = %+v; want %+v unchanged", ctl.SimulatedAgent(), want)
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
