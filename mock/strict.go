package mock

import (
	"net/http"

	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/chatconform/chatconform/mock/api"
)

// checkResponse validates a buffered response against its operation; a violation is
// logged and replaced by a 500 in the vendor's shape.
func (m *Mock) checkResponse(w *recorder, r *http.Request, req *api.Request) {
	in := &openapi3filter.RequestValidationInput{
		Request: req.Request, PathParams: req.PathParams, Route: req.Route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true},
	}
	if in.Request == nil {
		in.Request = r
	}
	out := &openapi3filter.ResponseValidationInput{
		RequestValidationInput: in, Status: w.status(), Header: w.header, Options: in.Options,
	}
	out.SetBodyBytes(w.body.Bytes())
	err := openapi3filter.ValidateResponse(r.Context(), out)
	if err == nil {
		return
	}
	m.log.Error("strict: response does not match its spec", "operation", req.OperationID,
		"status", w.status(), "err", err, "body", w.head.String())
	w.reset()
	b, _, _ := m.route(r.URL.Path)
	b.WriteError(w, api.WithTenant(r, w.tenant), &api.Error{Kind: api.KindInternal, Msg: "internal error: the mock's response broke its spec"})
}
