package probe

import (
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"

	"github.com/chatconform/chatconform/mock/strictjson"
)

// Fuzz seeds f with the target's seeds, their Malformed variants and the extra inputs,
// then fuzzes: each input becomes a request (inputs that make no request are skipped),
// served through h, which fails on a 5xx or a changed state after an error; a JSON body
// that is not strict JSON must get a 4xx; check then judges the response (the vendor's
// error shape).
func Fuzz(f *testing.F, h *Harness, target *Target, extra []Input, check func(*http.Request, *httptest.ResponseRecorder) error) {
	seeds := target.Seeds()
	for _, in := range slices.Concat(seeds, Malformed(seeds), extra) {
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
		if target.takesBody(method, path) && strictjson.IsJSON(req.Header.Get("Content-Type")) &&
			len(body) > 0 && strictjson.Check(body) != nil && rec.Code < 400 {
			t.Fatalf("%s %s: status %d for a body that is not strict JSON (%v)", req.Method, req.URL, rec.Code, strictjson.Check(body))
		}
		if err := check(req, rec); err != nil {
			t.Fatalf("%s %s: %v", req.Method, req.URL, err)
		}
	})
}

// takesBody tells whether the operation an input's method and path choose has a request body.
func (t *Target) takesBody(method, path uint8) bool {
	item := t.doc.OpenAPI.Paths.Value(t.paths[int(path)%len(t.paths)])
	op := item.GetOperation(Methods[int(method)%len(Methods)])
	return op != nil && op.RequestBody != nil
}
