package mock

import (
	"fmt"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/bayeux"
	"github.com/chatconform/chatconform/mock/browser"
)

// exposedHeaders are the response headers the mock sets that pages may read: SuperOffice's
// authentication challenge and the methods a 405 allows.
var exposedHeaders = []string{"WWW-Authenticate", "Allow"}

// newGuard builds the browser rules: preflights may ask for every request header a served
// document defines (parameters and API-key schemes).
func (m *Mock) newGuard() (*browser.Guard, error) {
	o := m.opts.browser
	o.ExposedHeaders = exposedHeaders
	o.AllowedHeaders = append(slices.Clone(o.AllowedHeaders), m.requestHeaders()...)
	g, err := browser.New(o)
	if err != nil {
		return nil, fmt.Errorf("browser rules: %w", err)
	}
	return g, nil
}

// requestHeaders lists the header names the served documents define.
func (m *Mock) requestHeaders() []string {
	var out []string
	for _, b := range m.vendors {
		t := b.doc.OpenAPI
		for _, p := range t.Components.Parameters {
			if p.Value != nil && p.Value.In == openapi3.ParameterInHeader {
				out = append(out, p.Value.Name)
			}
		}
		for _, s := range t.Components.SecuritySchemes {
			if s.Value != nil && s.Value.Type == "apiKey" && s.Value.In == "header" {
				out = append(out, s.Value.Name)
			}
		}
		for _, path := range t.Paths.Map() {
			for _, op := range path.Operations() {
				for _, p := range append(slices.Clone(op.Parameters), path.Parameters...) {
					if p.Value != nil && p.Value.In == openapi3.ParameterInHeader {
						out = append(out, p.Value.Name)
					}
				}
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// guard applies the browser rules before anything else: a refused request is answered in
// its area's error shape, an allowed preflight is answered by the guard; both are logged
// and never reach a vendor's pipeline. It reports whether the request was answered.
func (m *Mock) guard(w http.ResponseWriter, r *http.Request, b *bound, push *pushServer, tenant string) bool {
	area, vendor := browser.Other, ""
	switch {
	case push != nil:
		area, vendor = browser.Vendor, push.vendor
	case b != nil && b.Name() == "control" && strings.HasPrefix(r.URL.Path, "/mock/"):
		area, vendor = browser.Control, b.Name() // the health probe tells pages nothing: it is open as the APIs are
	case b != nil:
		area, vendor = browser.Vendor, b.Name()
	}
	start := time.Now()
	v := m.browser.Check(w, r, area)
	if !v.Answered && v.Refused == nil {
		return false
	}
	rec := &recorder{ResponseWriter: w, tenant: tenant, code: http.StatusNoContent} // an answered preflight
	var failure error
	if ref := v.Refused; ref != nil {
		rec.code = 0
		e := &api.Error{Kind: api.KindForbidden, Where: ref.Where, Msg: ref.Msg, Status: ref.Status}
		failure = e
		m.log.Info("browser rules: request refused", "method", r.Method, "path", r.URL.Path, "host", r.Host, "origin", r.Header.Get("Origin"), "reason", e.Error())
		switch {
		case v.Preflight || vendor == "": // not a vendor's request
			writeBare(rec, ref.Status, "forbidden", e.Error())
		case push != nil:
			bayeux.WriteFailure(rec, ref.Status, fmt.Sprintf("%d::%s", ref.Status, e.Error()))
		default:
			b.WriteError(rec, api.WithTenant(r, tenant), e)
		}
	}
	m.addLog(r, vendor, "", nil, rec, start, failure)
	return true
}

// writeBare answers a request that reached no API (a path outside every API, a refused
// preflight) in the control API's error shape.
func writeBare(w http.ResponseWriter, status int, code, msg string) {
	_ = api.JSON(w, status, map[string]any{"error": map[string]any{"code": code, "message": msg}})
}

// pushFor returns the Bayeux server serving path, or nil.
func (m *Mock) pushFor(path string) *pushServer {
	for i := range m.push {
		p := &m.push[i]
		if path == p.path || strings.HasPrefix(path, p.path+"/") {
			return p
		}
	}
	return nil
}
