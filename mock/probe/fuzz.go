package probe

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// Fuzz seeds f with the target's seeds and the extra inputs, then fuzzes: each input
// becomes a request (inputs that make no request are skipped), served through h, which
// fails on a 5xx or a changed state after an error; check then judges the response (the
// vendor's error shape).
func Fuzz(f *testing.F, h *Harness, target *Target, extra []Input, check func(*http.Request, *httptest.ResponseRecorder) error) {
	for _, in := range append(target.Seeds(), extra...) {
		f.Add(in.Method, in.Path, in.ContentType, in.Accept, in.Auth, in.Param, in.Query, in.Junk, in.Body)
	}
	f.Fuzz(func(t *testing.T, method, path, ctype, accept, auth uint8, param, query, junk string, body []byte) {
		req, err := target.Request(Input{Method: method, Path: path, ContentType: ctype, Accept: accept,
			Auth: auth, Param: param, Query: query, Junk: junk, Body: body})
		if err != nil {
			t.Skip(err)
		}
		rec, err := h.Serve(req)
		if err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
		if err := check(req, rec); err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
	})
}
