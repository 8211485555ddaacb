package mock_test

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/browser"
	"github.com/chatconform/chatconform/mock/gws"
)

const devOrigin = "http://localhost:5173" // a widget's dev server

// preflight sends a CORS preflight as Chromium does: lower-case, comma-separated headers.
func (s *site) preflight(path, origin, method, headers string) reply {
	s.t.Helper()
	h := []string{"Origin", origin, "Access-Control-Request-Method", method}
	if headers != "" {
		h = append(h, "Access-Control-Request-Headers", headers)
	}
	return s.do("OPTIONS", path, "", h...)
}

// chatCount is how many chats the mock holds, of every vendor.
func (s *site) chatCount() int {
	s.t.Helper()
	return len(s.do("GET", "/mock/chats", "").ok(s.t, 200).list)
}

func TestPreflightsAreAnsweredForEveryVendorAPI(t *testing.T) {
	s := newSite(t)
	before := s.chatCount()
	for _, c := range []struct{ name, path, method, headers string }{
		{"GWS RequestChat", "/api/v2/chats", "POST", "contactcenterid,content-type"},
		{"GWS GetMessages", "/api/v2/chats/x/messages", "GET", "contactcenterid"},
		{"GWS agent operation", "/api/v2/me/chats/x", "POST", "authorization,content-type"},
		{"SuperOffice GET Messages", "/api/v1/ChatSession/103/Messages", "GET", "accept,accept-language,authorization,so-language,so-timezone"},
		{"SuperOffice XSRF, Online tenant", "/Cust12345/api/v1/ChatSession/103/Messages", "POST", "content-type,so-apptoken,x-xsrf-token"},
		{"SuperOffice PATCH", "/api/v1/ChatSession/103", "PATCH", "authorization,content-type"},
		{"Acquire", "/api/profile/lead/message", "POST", "auth_token,authorization,zone"},
		{"Bayeux handshake", "/api/v2/notifications/handshake", "POST", "authorization,content-type"},
		{"Bayeux connect", "/api/v2/notifications/connect", "POST", "content-type"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := s.preflight(c.path, devOrigin, c.method, c.headers)
			if r.status != http.StatusNoContent || r.raw != "" {
				t.Fatalf("status = %d %q; want 204 and no body", r.status, r.raw)
			}
			want := map[string]string{
				"Access-Control-Allow-Origin":      devOrigin,
				"Access-Control-Allow-Credentials": "true",
				"Access-Control-Allow-Methods":     c.method,
				"Access-Control-Allow-Headers":     c.headers,
			}
			for k, v := range want {
				if got := r.header.Get(k); got != v {
					t.Errorf("%s = %q; want %q", k, got, v)
				}
			}
			if !strings.Contains(r.header.Get("Vary"), "Origin") {
				t.Errorf("Vary = %q; want Origin among them", r.header.Get("Vary"))
			}
		})
	}
	// A page on a public address calling the mock on loopback (Chrome's Private Network
	// Access) asks for it in the preflight.
	r := s.do("OPTIONS", "/api/v2/chats", "", "Origin", "https://widget.example", "Access-Control-Request-Method", "POST",
		"Access-Control-Request-Headers", "contactcenterid", "Access-Control-Request-Private-Network", "true")
	if r.status != 204 || r.header.Get("Access-Control-Allow-Private-Network") != "true" {
		t.Errorf("private network preflight = %d %v; want 204 with Access-Control-Allow-Private-Network: true", r.status, r.header)
	}
	if n := s.chatCount(); n != before {
		t.Errorf("%d chats after the preflights; want %d (no state change)", n, before)
	}
	logged, _ := s.do("GET", "/mock/requests", "").ok(t, 200).body["requests"].([]any)
	var preflights []string
	for _, e := range objects(logged) {
		if e["method"] == "OPTIONS" {
			preflights = append(preflights, e["vendor"].(string)+" "+e["path"].(string)+" "+jsonNum(e["status"]))
			if e["operationId"] != nil {
				t.Errorf("a preflight was routed to %v; it must never reach the vendor pipeline", e["operationId"])
			}
		}
	}
	if len(preflights) != 10 || !slices.Contains(preflights, "gws /api/v2/notifications/handshake 204") || !slices.Contains(preflights, "superoffice /Cust12345/api/v1/ChatSession/103/Messages 204") {
		t.Errorf("request log preflights = %q; want the 10 preflights with their vendor", preflights)
	}
}

func jsonNum(v any) string {
	f, _ := v.(float64)
	return strconv.Itoa(int(f))
}

func TestActualRequestsCarryCORSHeaders(t *testing.T) {
	s := newSite(t)
	r := s.do("POST", "/api/v2/chats", `{"operationName":"RequestChat","nickname":"Chris"}`, "ContactCenterId", cc1, "Origin", devOrigin).ok(t, 200)
	if r.header.Get("Access-Control-Allow-Origin") != devOrigin || r.header.Get("Access-Control-Allow-Credentials") != "true" {
		t.Errorf("RequestChat CORS headers = %v; want the origin reflected with credentials", r.header)
	}
	// A SuperOffice 401 must be readable, challenge included.
	r = s.do("GET", soPath, "", "Origin", devOrigin).ok(t, 401)
	if r.header.Get("Access-Control-Allow-Origin") != devOrigin {
		t.Errorf("401 Access-Control-Allow-Origin = %q; want %q", r.header.Get("Access-Control-Allow-Origin"), devOrigin)
	}
	if exp := r.header.Get("Access-Control-Expose-Headers"); !strings.Contains(exp, "Www-Authenticate") {
		t.Errorf("Access-Control-Expose-Headers = %q; want WWW-Authenticate among them", exp)
	}
	// Bayeux replies too.
	r = s.do("POST", "/api/v2/notifications/handshake", `[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],"id":"1"}]`,
		append([]string{"Origin", devOrigin}, agent1...)...).ok(t, 200)
	if r.header.Get("Access-Control-Allow-Origin") != devOrigin || !strings.Contains(r.header.Get("Vary"), "Origin") {
		t.Errorf("handshake CORS headers = %v", r.header)
	}
	// Without an Origin (curl), no Access-Control header, but Vary: Origin for caches.
	r = s.do("GET", "/api/v2/chats/"+gwsChat+"/messages", "", "ContactCenterId", cc1).ok(t, 200)
	if r.header.Get("Access-Control-Allow-Origin") != "" || r.header.Get("Vary") != "Origin" {
		t.Errorf("no-Origin headers = %v; want Vary: Origin only", r.header)
	}
}

func TestPreflightRefusalsNameTheReason(t *testing.T) {
	s := newSite(t, mock.WithBrowser(browser.Options{Origins: []string{"http://localhost:*"}}))
	for _, c := range []struct{ name, origin, method, headers, want string }{
		{"unlisted origin", "http://evil.example", "POST", "content-type", "header Origin: http://evil.example is not an allowed origin (--cors-origins http://localhost:*)"},
		{"header no spec defines", "http://localhost:3000", "POST", "content-type,x-trace", "header Access-Control-Request-Headers: x-trace: no API served here defines such a request header"},
		{"method no API takes", "http://localhost:3000", "TRACE", "", "header Access-Control-Request-Method: TRACE is not a method"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := s.preflight("/api/v2/chats", c.origin, c.method, c.headers)
			if r.status != http.StatusForbidden || r.header.Get("Access-Control-Allow-Origin") != "" {
				t.Fatalf("status = %d, Allow-Origin %q; want 403 and none", r.status, r.header.Get("Access-Control-Allow-Origin"))
			}
			msg, _ := r.body["error"].(map[string]any)["message"].(string)
			if !strings.HasPrefix(msg, c.want) {
				t.Errorf("message = %q; want it to start %q", msg, c.want)
			}
		})
	}
	// The wildcard lets any port of localhost in; an unlisted origin's request gets no header.
	if r := s.preflight("/api/v2/chats", "http://localhost:3000", "POST", "contactcenterid"); r.status != 204 {
		t.Errorf("http://localhost:3000 preflight = %d; want 204", r.status)
	}
	r := s.do("GET", "/api/v2/chats/"+gwsChat+"/messages", "", "ContactCenterId", cc1, "Origin", "http://evil.example").ok(t, 200)
	if got := r.header.Get("Access-Control-Allow-Origin"); got != "" {
		t.Errorf("unlisted origin's GetMessages Allow-Origin = %q; want none", got)
	}
}

func TestCORSOff(t *testing.T) {
	s := newSite(t, mock.WithBrowser(browser.Options{DisableCORS: true}))
	r := s.preflight("/api/v2/chats", devOrigin, "POST", "contactcenterid")
	if r.status != http.StatusMethodNotAllowed || r.header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("preflight with CORS off = %d %v; want the vendor's 405 and no CORS header", r.status, r.header)
	}
}

func TestControlAPIRefusesOtherOrigins(t *testing.T) {
	s := newSite(t, mock.WithStrict(true)) // the log of the refusals must keep to its schema
	id := s.requestChat()                  // a chat a reset would remove
	for _, c := range []struct{ method, path, body string }{
		{"POST", "/mock/reset", ""},
		{"POST", "/mock/fixtures", `{}`},
		{"GET", "/mock/chats", ""},
		{"GET", "/mock/requests", ""},
		{"DELETE", "/mock/faults", ""},
		{"PUT", "/mock/agent", `{"mode":"off"}`},
	} {
		r := s.do(c.method, c.path, c.body, "Origin", "http://evil.example")
		msg, _ := r.body["error"].(map[string]any)["message"].(string)
		if r.status != http.StatusForbidden || !strings.Contains(msg, "a page of http://evil.example may not call the control API") || r.header.Get("Access-Control-Allow-Origin") != "" {
			t.Errorf("%s %s from a foreign origin = %d %s; want 403 naming the origin, no CORS header", c.method, c.path, r.status, r.raw)
		}
	}
	if r := s.preflight("/mock/reset", "http://evil.example", "POST", ""); r.status != http.StatusForbidden {
		t.Errorf("foreign preflight for /mock/reset = %d; want 403", r.status)
	}
	// The health probe is open to pages, as the vendor APIs are.
	if r := s.do("GET", "/healthz", "", "Origin", "http://evil.example").ok(t, 200); r.header.Get("Access-Control-Allow-Origin") != "http://evil.example" {
		t.Errorf("/healthz from another origin: Allow-Origin = %q; want the origin", r.header.Get("Access-Control-Allow-Origin"))
	}
	if s.do("GET", "/mock/chats/gws/"+id, "").status != 200 {
		t.Fatal("the chat is gone: a refused reset changed state")
	}
	logged := objects(s.do("GET", "/mock/requests?vendor=control", "").ok(t, 200).body["requests"])
	if len(logged) != 7 || logged[0]["error"] == nil {
		t.Errorf("the request log holds %d refusals of the control API: %v; want the 7, each with its reason", len(logged), logged)
	}
	// Same-origin pages (the console) may call it; their POSTs carry Origin.
	s.do("POST", "/mock/reset", "", "Origin", s.url).ok(t, 204)
	if s.do("GET", "/mock/chats/gws/"+id, "").status != 404 {
		t.Error("a same-origin reset did not reset")
	}
}

func TestControlOriginsAreAllowedExplicitly(t *testing.T) {
	s := newSite(t, mock.WithBrowser(browser.Options{ControlOrigins: []string{devOrigin}}))
	r := s.preflight("/mock/reset", devOrigin, "POST", "content-type")
	if r.status != 204 || r.header.Get("Access-Control-Allow-Origin") != devOrigin {
		t.Errorf("listed origin's preflight = %d %v; want 204 with the origin", r.status, r.header)
	}
	r = s.do("GET", "/mock/chats?vendor=gws", "", "Origin", devOrigin).ok(t, 200)
	if r.header.Get("Access-Control-Allow-Origin") != devOrigin {
		t.Errorf("listed origin's GET /mock/chats Allow-Origin = %q", r.header.Get("Access-Control-Allow-Origin"))
	}
	if r := s.do("POST", "/mock/reset", "", "Origin", "http://localhost:3000"); r.status != 403 {
		t.Errorf("another origin's reset = %d; want 403", r.status)
	}
	if _, err := mock.New(mock.WithBrowser(browser.Options{ControlOrigins: []string{"*"}})); err == nil || !strings.Contains(err.Error(), "would let any web page call it") {
		t.Errorf(`ControlOrigins "*": err = %v; want a refusal`, err)
	}
}

func TestForeignHostsAreRefusedOnEveryPath(t *testing.T) {
	s := newSite(t)
	for _, c := range []struct{ path, want string }{
		{"/api/v2/chats/" + gwsChat, `{"statusCode":5,"statusMessage":"header Host: evil.example:8080 is not an allowed host`},
		{soPath, `{"Message":"Header Host: evil.example:8080 is not an allowed host`},
		{"/api/profile/message/thread", `{"success":false,"error":"ERROR_UNAUTHORIZED_ACCESS: header Host: evil.example:8080`},
		{"/api/v2/notifications/handshake", `[{"channel":"/meta/unknown","successful":false,"error":"403::header Host: evil.example:8080`},
		{"/mock/chats", `{"error":{"code":"forbidden","message":"header Host: evil.example:8080 is not an allowed host`},
		{"/healthz", `{"error":{"code":"forbidden"`},
		{"/nothing/here", `{"error":{"code":"forbidden"`},
	} {
		r := s.do("GET", c.path, "", "Host", "evil.example:8080", "ContactCenterId", cc1)
		if r.status != 403 || !strings.HasPrefix(r.raw, c.want) {
			t.Errorf("GET %s with Host evil.example:8080 = %d %s; want 403 %s", c.path, r.status, r.raw, c.want)
		}
	}
	for _, host := range []string{"localhost:8080", "app.localhost", "127.0.0.1:8080", "[::1]:8080", "10.1.2.3", "LOCALHOST."} {
		if r := s.do("GET", "/healthz", "", "Host", host); r.status != 200 {
			t.Errorf("Host %s = %d %s; want 200", host, r.status, r.raw)
		}
	}
	open := newSite(t, mock.WithBrowser(browser.Options{AllowedHosts: []string{"chatmock", ".example.com"}}))
	for host, want := range map[string]int{"chatmock:8080": 200, "example.com": 200, "a.b.example.com": 200, "badexample.com": 403, "chatmock.evil": 403} {
		if r := open.do("GET", "/healthz", "", "Host", host); r.status != want {
			t.Errorf("allowed hosts chatmock,.example.com: Host %s = %d; want %d", host, r.status, want)
		}
	}
	all := newSite(t, mock.WithBrowser(browser.Options{AllowedHosts: []string{"*"}}))
	if r := all.do("GET", "/healthz", "", "Host", "evil.example"); r.status != 200 {
		t.Errorf(`allowed hosts "*": Host evil.example = %d; want 200`, r.status)
	}
}

func TestWebSocketUpgradeIsRefusedInBayeuxJSON(t *testing.T) {
	s := newSite(t)
	r := s.do("GET", "/api/v2/notifications", "",
		"Upgrade", "websocket", "Connection", "Upgrade", "Sec-WebSocket-Version", "13", "Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
	if r.status != 400 || !strings.HasPrefix(r.header.Get("Content-Type"), "application/json") ||
		r.raw != `[{"channel":"/meta/unknown","successful":false,"error":"400::websocket is not supported; use the long-polling transport"}]` {
		t.Errorf("upgrade = %d %s %s; want 400 with a Bayeux failure in JSON", r.status, r.header.Get("Content-Type"), r.raw)
	}
}

// sessionCookie returns the agent session cookie a response set, or fails.
func sessionCookie(t *testing.T, r reply) *http.Cookie {
	t.Helper()
	for _, c := range (&http.Response{Header: r.header}).Cookies() {
		if c.Name == gws.SessionCookie {
			return c
		}
	}
	t.Fatalf("no %s cookie in %v", gws.SessionCookie, r.header["Set-Cookie"])
	return nil
}

func TestAgentSessionCookie(t *testing.T) {
	s := newSite(t)
	c := sessionCookie(t, s.do("GET", "/api/v2/me/chats", "", agent1...).ok(t, 200))
	if !c.HttpOnly || c.SameSite != http.SameSiteLaxMode || c.Path != "/api/v2" || c.Secure || len(c.Value) < 32 {
		t.Errorf("cookie = %+v; want HttpOnly, SameSite=Lax, Path=/api/v2, not Secure, a 128-bit token", c)
	}
	jar := "Cookie"
	byCookie := s.do("GET", "/api/v2/me/chats", "", jar, c.Name+"="+c.Value).ok(t, 200)
	if sessionCookie(t, byCookie).Value != c.Value {
		t.Error("a cookie-authenticated request set another session")
	}
	id := s.requestChat()
	s.do("POST", "/api/v2/me/chats/"+id, `{"operationName":"Accept"}`, jar, c.Name+"="+c.Value).ok(t, 200)
	if r := s.do("GET", "/api/v2/me/chats/"+id+"/messages", "", jar, c.Name+"="+c.Value).ok(t, 200); len(objects(r.body["messages"])) == 0 {
		t.Error("the accepted chat's messages are empty")
	}

	// The CometD handshake takes the cookie alone, and sets it after Basic.
	hs := `[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"],"id":"1"}]`
	if r := s.do("POST", "/api/v2/notifications/handshake", hs, jar, c.Name+"="+c.Value).ok(t, 200); r.list[0].(map[string]any)["successful"] != true {
		t.Errorf("handshake by cookie = %s; want successful", r.raw)
	}
	if got := sessionCookie(t, s.do("POST", "/api/v2/notifications/handshake", hs, agent1...).ok(t, 200)); got.Value != c.Value {
		t.Errorf("handshake by Basic set session %q; want the agent's %q", got.Value, c.Value)
	}

	for _, bad := range []struct {
		name   string
		header []string
		want   string
	}{
		{"no credentials", nil, "HTTP Basic credentials are required (or the chatmock_gws_session cookie that a Basic login sets)"},
		{"unknown session", []string{jar, c.Name + "=0123456789abcdef0123456789abcdef"}, "HTTP Basic credentials are required"},
		{"wrong Basic with a valid cookie", []string{jar, c.Name + "=" + c.Value, "Authorization", "Basic " + basicToken("agent1", "wrong")}, "user name or password not accepted"},
	} {
		r := s.do("GET", "/api/v2/me/chats", "", bad.header...)
		if r.status != 401 || !strings.Contains(r.raw, bad.want) {
			t.Errorf("%s: %d %s; want 401 containing %q", bad.name, r.status, r.raw, bad.want)
		}
		hr := s.do("POST", "/api/v2/notifications/handshake", hs, bad.header...)
		if hr.status != 200 || len(hr.list) != 1 || hr.list[0].(map[string]any)["successful"] != false {
			t.Errorf("%s: handshake = %s; want refused", bad.name, hr.raw)
		}
	}

	// A reset ends every session.
	s.do("POST", "/mock/reset", "").ok(t, 204)
	if r := s.do("GET", "/api/v2/me/chats", "", jar, c.Name+"="+c.Value); r.status != 401 {
		t.Errorf("the session survived a reset: %d %s", r.status, r.raw)
	}
}
