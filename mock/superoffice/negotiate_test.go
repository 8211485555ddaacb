package superoffice_test

import (
	"strings"
	"testing"
)

func TestNegotiation(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		accept, want string
	}{
		{"", "application/json"},
		{"*/*", "application/json"},
		{"application/json; charset=utf-8", "application/json"},
		{"text/json", "text/json"},
		{"application/xml", "application/xml"},
		{"text/xml", "text/xml"},
		{"text/*", "text/json"},
		{"application/xml;q=0.9, application/json;q=0.5", "application/xml"},
		{"text/html, application/xml;q=0.1", "application/xml"},
		{"application/*;q=0.2, text/xml", "text/xml"},
	} {
		t.Run(tc.accept, func(t *testing.T) {
			r := e.do("GET", "/api/v1/ChatSession/103/Messages", "", "Accept", tc.accept).want(t, 200)
			if ct := r.header.Get("Content-Type"); ct != tc.want+"; charset=utf-8" {
				t.Errorf("Content-Type = %q; want %s", ct, tc.want)
			}
		})
	}
	for _, accept := range []string{"text/html", "application/json-patch+json", "application/json;q=0"} {
		t.Run("406 "+accept, func(t *testing.T) {
			e.do("GET", "/api/v1/ChatSession/103", "", "Accept", accept).wantError(t, 406, "Accept")
		})
	}
	t.Run("415 text/plain", func(t *testing.T) {
		before := e.state("", "103")
		e.do("POST", "/api/v1/ChatSession/103/Messages", "Type=ToUser", "Content-Type", "text/plain").wantError(t, 415, "Content-Type")
		e.unchanged(before, "", "103")
	})
	t.Run("415 in XML when XML is accepted", func(t *testing.T) {
		r := e.do("POST", "/api/v1/ChatSession/103/Messages", "x", "Content-Type", "text/plain", "Accept", "application/xml").want(t, 415)
		if !strings.HasPrefix(string(r.body), "<Error><Message>") || !strings.HasPrefix(r.header.Get("Content-Type"), "application/xml") {
			t.Errorf("body %s (%s); want <Error><Message>", r.body, r.header.Get("Content-Type"))
		}
	})
	t.Run("405", func(t *testing.T) {
		e.do("PUT", "/api/v1/ChatSession/103", `{}`).wantError(t, 405, "PUT")
	})
	t.Run("unknown path", func(t *testing.T) {
		e.do("GET", "/api/v1/ChatSession/103/Nothing", "").wantError(t, 404)
	})
}
