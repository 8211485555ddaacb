package mock_test

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/spec"
)

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

func TestConsolePaths(t *testing.T) {
	s := newSite(t)
	raw, err := fs.ReadFile(spec.FS(), "mock-control.yaml")
	if err != nil {
		t.Fatal(err)
	}
	rawSpec := string(raw)
	tests := []struct {
		method, path string
		status       int
		contentType  string
		contains     []string
	}{
		{"GET", "/mock/", 200, "text/html; charset=utf-8", []string{`href="/mock/ui/"`, `href="/mock/openapi.yaml"`, "ListRequests", "PatchSimulatedAgent", "/mock/chats/{vendor}/{chatId}/agent"}},
		{"GET", "/mock/openapi.yaml", 200, "application/yaml", []string{rawSpec}},
		{"GET", "/mock/ui/", 200, "text/html; charset=utf-8", []string{`<script type="module" src="app.js">`, `<nav aria-label="Views">`}},
		{"GET", "/mock/ui/app.js", 200, "text/javascript; charset=utf-8", []string{"function chatsView", "/mock/requests?"}},
		{"GET", "/mock/ui/style.css", 200, "text/css; charset=utf-8", []string{"@media (max-width: 760px)"}},
		{"GET", "/mock/ui/operations.json", 200, "application/json", []string{`{"operationId":"GetMessages","vendor":"gws","method":"GET","path":"/api/v2/chats/{chatId}/messages"}`}},
		{"HEAD", "/mock/ui/app.js", 200, "text/javascript; charset=utf-8", nil},
		{"GET", "/mock/ui/nope.js", 404, "application/json", []string{`"code":"not_found"`, "the console has no such file"}},
		{"POST", "/mock/ui/", 405, "application/json", []string{"method POST is not allowed on /mock/ui/"}},
		{"DELETE", "/mock/openapi.yaml", 405, "application/json", []string{"method_not_allowed"}},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := s.do(tt.method, tt.path, "")
			if r.status != tt.status || r.header.Get("Content-Type") != tt.contentType {
				t.Fatalf("status, Content-Type = %d, %q; want %d, %q: %.300s", r.status, r.header.Get("Content-Type"), tt.status, tt.contentType, r.raw)
			}
			for _, want := range tt.contains {
				if !strings.Contains(r.raw, want) {
					t.Errorf("body %.300s…; want it to contain %.200q", r.raw, want)
				}
			}
		})
	}
	for _, path := range []string{"/", "/mock/ui"} {
		resp, err := noRedirect.Get(s.url + path)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusFound || resp.Header.Get("Location") != "/mock/ui/" {
			t.Errorf("GET %s = %d Location %q; want 302 to /mock/ui/", path, resp.StatusCode, resp.Header.Get("Location"))
		}
	}
	if n := len(objects(s.do("GET", "/mock/requests", "").ok(t, 200).body["requests"])); n != 0 {
		t.Errorf("request log has %d entries; want none: the console's files are not vendor requests", n)
	}
	// The console's paths are the control API's: another origin's page cannot read them.
	r := s.do("GET", "/mock/ui/app.js", "", "Origin", "http://evil.example")
	if r.status != http.StatusForbidden || !strings.Contains(r.raw, "may not call the control API") {
		t.Errorf("a foreign page's GET = %d %s; want 403", r.status, r.raw)
	}
	// Other paths are still the APIs' (a 404 in the control API's shape for no API).
	if r := s.do("GET", "/nothing", ""); r.status != 404 || !strings.Contains(r.raw, "no API is served here") {
		t.Errorf("GET /nothing = %d %s; want the 404 of no API", r.status, r.raw)
	}
}

// TestActAsAgentByLogin: the README's agent1 and its transfer target may be named by
// login as well as by id.
func TestActAsAgentByLogin(t *testing.T) {
	s := newSite(t)
	const chat = "1JDGCF2K60JBJKRP" // waiting in cc1
	r := s.do("POST", "/mock/chats/gws/"+chat+"/agent", `{"action":"accept","agent":"agent1"}`).ok(t, 200)
	if got := objects(r.body["events"]); len(got) == 0 || got[0]["from"].(map[string]any)["id"] != "693ef5776c18c5d7405e" {
		t.Errorf("events = %v; want agent1 (693ef5776c18c5d7405e) joining", r.body["events"])
	}
	s.do("POST", "/mock/chats/gws/"+chat+"/agent", `{"action":"transfer","agent":"agent1","target":"felicity.reed"}`).ok(t, 200)
	r = s.do("POST", "/mock/chats/gws/"+chat+"/agent", `{"action":"accept","agent":"felicity.reed"}`).ok(t, 200)
	if got := objects(r.body["events"]); len(got) == 0 || got[0]["from"].(map[string]any)["id"] != "0ec8280a64d9369d4f25" {
		t.Errorf("events = %v; want felicity.reed (0ec8280a64d9369d4f25) joining after the transfer", r.body["events"])
	}
	r = s.do("POST", "/mock/chats/gws/"+chat+"/agent", `{"action":"send","agent":"nobody","text":"hi"}`)
	if r.status != 400 || !strings.Contains(r.raw, "nobody") {
		t.Errorf("an unknown agent = %d %s; want 400 naming it", r.status, r.raw)
	}
}

// TestSimulatedAgentTakesFixtureChats: in auto mode, the chats the fixtures leave waiting
// are accepted without their visitors writing, at start and after a reset.
func TestSimulatedAgentTakesFixtureChats(t *testing.T) {
	s := newSite(t, mock.WithSimulatedAgent("auto"))
	waiting := func() int { return len(objects(s.do("GET", "/mock/chats?state=waiting", "").ok(t, 200).body["chats"])) }
	if n := waiting(); n == 0 {
		t.Fatal("no fixture chat waits; the test needs one")
	}
	s.do("PATCH", "/mock/agent", `{"acceptDelayMs":10}`).ok(t, 200)
	s.do("POST", "/mock/reset", "").ok(t, 204) // resets the agent to auto with its default delay, and reloads
	deadline := time.Now().Add(20 * time.Second)
	for waiting() > 0 && time.Now().Before(deadline) {
		time.Sleep(50 * time.Millisecond)
	}
	if n := waiting(); n != 0 {
		t.Errorf("%d fixture chats still wait; want the simulated agent to have accepted them all", n)
	}
	c := s.do("GET", "/mock/chats/gws/1JDGCF2K60JBJKRP", "").ok(t, 200)
	if c.body["state"] != "chatting" {
		t.Errorf("1JDGCF2K60JBJKRP is %v; want chatting", c.body["state"])
	}
}

// TestListCometDSessions: a session shows its agent, subscription, queued events and
// connects, and disappears when it disconnects.
func TestListCometDSessions(t *testing.T) {
	s := newSite(t, mock.WithStrict(true))
	if got := objects(s.do("GET", "/mock/sessions", "").ok(t, 200).body["sessions"]); len(got) != 0 {
		t.Fatalf("sessions = %v; want none before a handshake", got)
	}
	l := s.listen()
	s.requestChat() // offered to agent1: queued, as nobody connects yet
	sessions := objects(s.do("GET", "/mock/sessions", "").ok(t, 200).body["sessions"])
	if len(sessions) != 1 {
		t.Fatalf("sessions = %v; want agent1's", sessions)
	}
	got := sessions[0]
	if got["vendor"] != "gws" || got["agent"] != "agent1 (693ef5776c18c5d7405e)" || got["transport"] != "long-polling" ||
		fmt.Sprint(got["subscriptions"]) != "[/v2/me/chats]" || got["queued"].(float64) < 1 || got["connects"] != 0.0 ||
		got["lastConnect"] != nil || got["connected"] != false {
		t.Errorf("session = %v; want agent1 on /v2/me/chats, the offer queued, never connected", got)
	}
	l.until(func(data []map[string]any) bool { return len(data) > 0 })
	got = objects(s.do("GET", "/mock/sessions", "").ok(t, 200).body["sessions"])[0]
	if got["queued"] != 0.0 || got["connects"].(float64) < 1 || got["lastConnect"] == nil {
		t.Errorf("after a connect, session = %v; want nothing queued, a connect and its time", got)
	}
	if err := l.c.Disconnect(context.Background()); err != nil {
		t.Fatal(err)
	}
	if got := objects(s.do("GET", "/mock/sessions", "").ok(t, 200).body["sessions"]); len(got) != 0 {
		t.Errorf("sessions = %v; want none after the disconnect", got)
	}
	if r := s.do("GET", "/mock/sessions?agent=x", ""); r.status != 400 || !strings.Contains(r.raw, "query agent: unknown parameter; this operation takes none") {
		t.Errorf("an unknown parameter = %d %s; want 400", r.status, r.raw)
	}
}

// TestConsoleEvents: the event stream says hello, then names each chat change, logged
// request and simulated-agent change, and asks for a resync after a reset.
func TestConsoleEvents(t *testing.T) {
	s := newSite(t, mock.WithSimulatedAgent("off"))
	req, _ := http.NewRequest("GET", s.url+"/mock/events", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != 200 || resp.Header.Get("Content-Type") != "text/event-stream" {
		t.Fatalf("GET /mock/events = %d %s; want 200 text/event-stream", resp.StatusCode, resp.Header.Get("Content-Type"))
	}
	events := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(resp.Body)
		var ev string
		for sc.Scan() {
			line := sc.Text()
			switch {
			case strings.HasPrefix(line, "event: "):
				ev = strings.TrimPrefix(line, "event: ")
			case strings.HasPrefix(line, "data: "):
				events <- ev + " " + strings.TrimPrefix(line, "data: ")
			}
		}
		close(events)
	}()
	next := func(want ...string) {
		t.Helper()
		timeout := time.After(10 * time.Second)
		for {
			select {
			case e, ok := <-events:
				if !ok {
					t.Fatalf("the stream ended; want %q", want)
				}
				all := true
				for _, w := range want {
					all = all && strings.Contains(e, w)
				}
				if all {
					return
				}
			case <-timeout:
				t.Fatalf("no event with %q", want)
			}
		}
	}
	next("hello {}")
	id := s.requestChat()
	next(`change {"topic":"chat","data":{`, `"id":"`+id+`"`, `"state":"waiting"`, `"vendor":"gws"`)
	next(`change {"topic":"request","data":{`, `"status":200`)
	s.do("PATCH", "/mock/agent", `{"echo":true}`).ok(t, 200)
	next(`change {"topic":"agent"}`)
	s.do("POST", "/mock/reset", "").ok(t, 204)
	next(`change {"topic":"resync"}`)
	for _, method := range []string{"POST", "HEAD"} {
		if r := s.do(method, "/mock/events", ""); r.status != 405 || r.header.Get("Allow") != "GET" {
			t.Errorf("%s /mock/events = %d, Allow %q; want 405, GET", method, r.status, r.header.Get("Allow"))
		}
	}
}
