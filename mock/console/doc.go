// Package console owns the mock's web console: the page at /mock/ui/ (plain HTML, CSS and
// JavaScript modules embedded in the binary, no build step, no CDN), the index of the
// control API at /mock/, the control spec at /mock/openapi.yaml, the vendor operations the
// console offers for faults (/mock/ui/operations.json), and the redirect from / to the
// console. The console itself only calls the control API, same-origin.
//
// It imports spec only; the mock routes these paths to it before its OpenAPI pipeline.
//
//	c, err := console.New(specs)
//	if err != nil { ... }
//	if c.Serve(w, r) { return } // answered
package console
