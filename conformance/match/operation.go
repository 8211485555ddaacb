package match

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"
	"github.com/onsi/gomega/types"

	"github.com/chatconform/chatconform/spec"

	"github.com/chatconform/chatconform/conformance"
)

// ConformTo succeeds when a *Response is one the operation's spec documents: its status is
// listed (or covered by default), and its Content-Type and body match that response's
// schema (JSON and XML alike). The failure names the operation, the status and what broke.
func ConformTo(operationID string) types.GomegaMatcher { return &conformTo{op: operationID} }

type conformTo struct {
	op  string
	err error
}

func (m *conformTo) Match(actual any) (bool, error) {
	r, ok := actual.(*conformance.Response)
	if !ok {
		return false, fmt.Errorf("ConformTo wants a *conformance.Response; got %T", actual)
	}
	set, err := spec.Load()
	if err != nil {
		return false, err
	}
	op, found := set.Operation(m.op)
	if !found {
		return false, fmt.Errorf("ConformTo: no operation %q in the specs", m.op)
	}
	u, err := url.Parse(r.URL)
	if err != nil {
		return false, err
	}
	req, _ := http.NewRequest(r.Method, u.String(), http.NoBody)
	req.Header = r.RequestHeader.Clone()
	route := &routers.Route{Spec: op.Document.OpenAPI, Path: op.Path, PathItem: op.Document.OpenAPI.Paths.Value(op.Path), Method: op.Method, Operation: op.Operation}
	in := &openapi3filter.RequestValidationInput{Request: req, Route: route,
		Options: &openapi3filter.Options{IncludeResponseStatus: true, MultiError: true}}
	out := &openapi3filter.ResponseValidationInput{RequestValidationInput: in, Status: r.Status, Header: r.Header,
		Body: io.NopCloser(bytes.NewReader(r.Body)), Options: in.Options}
	m.err = openapi3filter.ValidateResponse(context.Background(), out)
	return m.err == nil, nil
}

func (m *conformTo) FailureMessage(actual any) string {
	r := actual.(*conformance.Response)
	return fmt.Sprintf("the response to %s %s does not match operation %s of the spec:\n  status %d, Content-Type %q\n  %v\n  body: %s",
		r.Method, r.URL, m.op, r.Status, r.Header.Get("Content-Type"), m.err, conformance.Clip(r.Body))
}

func (m *conformTo) NegatedFailureMessage(actual any) string {
	r := actual.(*conformance.Response)
	return fmt.Sprintf("the response to %s %s matches operation %s of the spec, but should not", r.Method, r.URL, m.op)
}
