package browser

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestHostRule(t *testing.T) {
	rule, err := newHostRule([]string{"chatmock", ".corp.example", "Upper"})
	if err != nil {
		t.Fatal(err)
	}
	for host, ok := range map[string]bool{
		"": true, "localhost": true, "localhost:8080": true, "a.b.localhost:1": true, "LocalHost.": true,
		"127.0.0.1": true, "127.0.0.1:8080": true, "[::1]:8080": true, "::1": true, "192.168.1.20:80": true,
		"chatmock": true, "chatmock:8080": true, "upper": true, "corp.example": true, "x.corp.example:443": true,
		"evil.example": false, "evil.example:8080": false, "localhost.evil.example": false, "chatmock.evil": false,
		"notcorp.example": false, "127.0.0.1.nip.io": false,
	} {
		if got := rule.check(host) == nil; got != ok {
			t.Errorf("host %q allowed = %v; want %v", host, got, ok)
		}
	}
	for _, bad := range []string{"http://x", "a:80", "*.example", "a b", ""} {
		if _, err := newHostRule([]string{bad}); err == nil {
			t.Errorf("allowed host %q: no error; want one", bad)
		}
	}
	if any, _ := newHostRule([]string{"*"}); any.check("evil.example") != nil {
		t.Error(`"*" refused evil.example`)
	}
}

func TestCheckOrigin(t *testing.T) {
	for _, c := range []struct {
		origin   string
		wildcard bool
		ok       bool
	}{
		{"http://localhost:5173", false, true},
		{"https://app.example.com", false, true},
		{"http://localhost:*", true, true},
		{"https://*.example.com", true, true},
		{"*", true, true},
		{"*", false, false},
		{"http://localhost:*", false, false},
		{"http://*.*.example", true, false},
		{"localhost:5173", false, false},
		{"http://localhost:5173/", false, false},
		{"http://localhost:5173/app", false, false},
		{"ftp://localhost", false, false},
	} {
		if err := checkOrigin(c.origin, c.wildcard); (err == nil) != c.ok {
			t.Errorf("checkOrigin(%q, %v) = %v; want ok %v", c.origin, c.wildcard, err, c.ok)
		}
	}
}

// TestCredentialsNeverWithAnyOrigin: browsers refuse "*" together with credentials, so any
// origin is reflected instead.
func TestCredentialsNeverWithAnyOrigin(t *testing.T) {
	for _, origins := range [][]string{nil, {"*"}} {
		g, err := New(Options{Origins: origins})
		if err != nil {
			t.Fatal(err)
		}
		r := httptest.NewRequest("GET", "/api/v2/chats/x", nil)
		r.Host = "localhost:8080"
		r.Header.Set("Origin", "http://localhost:3000")
		w := httptest.NewRecorder()
		if v := g.Check(w, r, Vendor); v.Answered || v.Refused != nil {
			t.Fatalf("an actual request was answered: %+v", v)
		}
		if got := w.Header().Get("Access-Control-Allow-Origin"); got != "http://localhost:3000" {
			t.Errorf("origins %q: Allow-Origin = %q; want the origin reflected", origins, got)
		}
		if w.Code != http.StatusOK || w.Body.Len() != 0 {
			t.Errorf("Check wrote %d %q on an actual request", w.Code, w.Body)
		}
	}
}

func TestControlSameOriginNeedsNoList(t *testing.T) {
	g, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	for origin, refused := range map[string]bool{"": false, "http://127.0.0.1:8080": false, "http://evil.example": true, "null": true, "http://127.0.0.1:9090": true} {
		r := httptest.NewRequest("POST", "/mock/reset", nil)
		r.Host = "127.0.0.1:8080"
		if origin != "" {
			r.Header.Set("Origin", origin)
		}
		v := g.Check(httptest.NewRecorder(), r, Control)
		if (v.Refused != nil) != refused {
			t.Errorf("Origin %q: refused = %v; want %v", origin, v.Refused, refused)
		}
		if v.Refused != nil && !strings.Contains(v.Refused.Error(), "--control-origins") {
			t.Errorf("refusal %q does not say how to allow the origin", v.Refused)
		}
	}
}
