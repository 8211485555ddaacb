// Package probe drives the mock's fuzz targets. A Target turns a fuzzer's choices (an
// Input: method, path, media types and credentials by index; free strings for the path
// parameters, the query and junk header values; the body) into a request to one spec
// document, as a server would have parsed it off the wire, and draws seed inputs from every
// request example of the document. A Harness serves requests to a mock in-process and checks
// what must hold for any input: no 5xx, and no change of the vendor's chats when the answer
// is an error. Each vendor's fuzz test adds its credentials and its error shape.
//
// It imports spec, the mock and its store; only tests import it.
//
//	h, _ := probe.NewHarness(gws.New())
//	target, _ := probe.New(probe.Config{Document: "gws-chat.yaml", Credentials: creds})
//	for _, in := range target.Seeds() {
//		f.Add(in.Method, in.Path, in.ContentType, in.Accept, in.Auth, in.Param, in.Query, in.Junk, in.Body)
//	}
//	f.Fuzz(func(t *testing.T, method, path, ctype, accept, auth uint8, param, query, junk string, body []byte) {
//		req, err := target.Request(probe.Input{Method: method, Path: path, ...})
//		if err != nil {
//			t.Skip(err) // no server would have passed it on
//		}
//		rec, err := h.Serve(req) // err: a 5xx, or an error that changed the chats
//	})
package probe
