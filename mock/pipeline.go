package mock

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"
	"github.com/getkin/kin-openapi/routers"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/strictjson"
)

// principalKey carries a *principalBox through validation, so the authentication function
// can hand the principal back.
type principalKey struct{}

type principalBox struct{ v any }

// ServeHTTP routes, validates and dispatches one request.
func (m *Mock) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	push := m.pushFor(r.URL.Path)
	b, docPath, tenant := m.route(r.URL.Path)
	if m.guard(w, r, b, push, tenant) {
		return
	}
	if push != nil {
		push.server.ServeHTTP(w, r)
		return
	}
	if m.console != nil && m.console.Serve(w, r) {
		return // the console, its index and the control spec: not an API request
	}
	start := time.Now()
	if b == nil {
		writeBare(w, http.StatusNotFound, "not_found", fmt.Sprintf("path %s: no API is served here", r.URL.Path))
		return
	}
	rec := &recorder{ResponseWriter: w, buffer: m.strict || m.vary != nil, tenant: tenant}
	req := &api.Request{Tenant: tenant, Ref: m.refs.Add(1)}
	body, err := m.serve(rec, r, b, docPath, req)
	if err != nil {
		m.writeError(rec, r, b, err)
	}
	if m.vary != nil && b.Name() != "control" && rec.faultID == nil {
		m.varyResponse(rec, req)
	}
	if m.strict && req.Route != nil && rec.faultID == nil {
		m.checkResponse(rec, r, req)
	}
	rec.flush()
	if b.Name() != "control" {
		m.logRequest(r, req, b, body, rec, start, err)
	}
}

// serve runs the pipeline up to the handler; it returns the request body it read.
func (m *Mock) serve(w *recorder, r *http.Request, b *bound, docPath string, req *api.Request) (body []byte, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = api.Internal(fmt.Errorf("panic: %v", p))
		}
	}()
	// The routed request is a shallow copy with the document's path; its one context
	// carries the tenant and the box the principal comes back in. The headers are shared:
	// they are copied only before a Rewriter (a planted bug) may change them, so that the
	// request log keeps what the client sent.
	box := &principalBox{}
	routed := r.WithContext(context.WithValue(api.ContextWithTenant(r.Context(), req.Tenant), principalKey{}, box))
	u := *r.URL
	routed.URL = &u
	routed.URL.Path, routed.URL.RawPath = docPath, ""
	if strings.Contains(strings.ToLower(r.URL.EscapedPath()), "%2f") {
		// The router matches the decoded path, where %2F would be a separator: an id with a
		// slash in it is no id of ours, and no operation's path has one.
		_, _ = readBody(r, m.maxBody)
		return nil, api.Errorf(api.KindNotFound, "path", "no operation at %s %s: an encoded slash (%%2F) is part of a path segment, not a separator", r.Method, r.URL.EscapedPath())
	}
	route, params, err := b.doc.Router().FindRoute(routed)
	if err != nil {
		_, _ = readBody(r, m.maxBody) // drain what is allowed, so the connection can be reused
		return nil, routeError(err, b, routed)
	}
	body, err = readBody(r, bodyLimit(route.Operation, m.maxBody))
	if err != nil {
		return body, err
	}
	req.RawBody = body
	routed.Body = io.NopCloser(bytes.NewReader(body))
	routed.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(body)), nil }
	req.Route, req.PathParams, req.OperationID = route, params, route.Operation.OperationID
	if err := m.applyFault(w, r, b, req); err != nil || w.written() {
		return body, err
	}
	if b.Name() != "control" {
		// A fixture load or reset waits for this request, so it sees the old state or the
		// new, never half of each; the lock goes when the response starts (see recorder).
		m.state.RLock()
		w.unlock = m.state.RUnlock
		defer w.release()
	}
	if b.negotiates {
		if err := negotiate(r, route.Operation); err != nil {
			return body, err
		}
	}
	if rw, ok := b.Vendor.(api.Rewriter); ok && len(m.bugs) > 0 {
		routed.Header = r.Header.Clone()
		rw.RewriteRequest(routed)
	}
	if err := checkDuplicates(routed, route.Operation); err != nil {
		return body, err
	}
	if err := checkJSON(routed, route.Operation, body); err != nil {
		return body, err
	}
	in := &openapi3filter.RequestValidationInput{
		Request: routed, PathParams: params, Route: route,
		Options: b.validation,
	}
	if err := openapi3filter.ValidateRequest(routed.Context(), in); err != nil {
		return body, explainMedia(requestError(err), routed, route.Operation)
	}
	if err := checkFormFields(routed, route.Operation, body); err != nil {
		return body, err
	}
	req.Principal = box.v
	req.Request = routed
	if len(body) > 0 && route.Operation.RequestBody != nil {
		if vv, ok := routed.Body.(interface{ ValidatedValue() any }); ok {
			req.Body = vv.ValidatedValue()
		}
	}
	h := b.handlers[req.OperationID]
	return body, h(w, req)
}

// bodyLimit is the operation's x-max-body-bytes, or the mock's limit.
func bodyLimit(op *openapi3.Operation, fallback int64) int64 {
	switch v := op.Extensions["x-max-body-bytes"].(type) {
	case float64:
		return int64(v)
	case int64:
		return v
	case int:
		return int64(v)
	}
	return fallback
}

// validationOptions are a vendor's request validation options, built once at bind time:
// every error at once, the decoded body kept, short schema messages, and authentication by
// the adapter, whose principal goes back through the request's principalBox.
func validationOptions(b *bound) *openapi3filter.Options {
	o := &openapi3filter.Options{
		MultiError:         true,
		KeepValidatedValue: true,
		AuthenticationFunc: func(ctx context.Context, ai *openapi3filter.AuthenticationInput) error {
			p, err := b.Authenticate(ai.RequestValidationInput.Request, ai.SecuritySchemeName)
			if err != nil {
				return err
			}
			ctx.Value(principalKey{}).(*principalBox).v = p
			return nil
		},
	}
	o.WithCustomSchemaErrorFunc(schemaMessage)
	return o
}

// readBody reads at most limit bytes; a longer body is KindTooLarge.
func readBody(r *http.Request, limit int64) ([]byte, error) {
	if r.Body == nil || r.Body == http.NoBody {
		return nil, nil
	}
	if r.ContentLength > limit {
		return nil, api.Errorf(api.KindTooLarge, "body", "%d bytes is larger than the limit of %d bytes", r.ContentLength, limit)
	}
	b, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	if err != nil {
		return nil, api.Errorf(api.KindInvalid, "body", "could not be read: %v", err)
	}
	if int64(len(b)) > limit {
		return nil, api.Errorf(api.KindTooLarge, "body", "larger than the limit of %d bytes", limit)
	}
	return b, nil
}

func routeError(err error, b *bound, r *http.Request) error {
	var re *routers.RouteError
	if errors.As(err, &re) && re.Reason == routers.ErrMethodNotAllowed.Error() {
		return api.Errorf(api.KindMethodNotAllowed, "", "method %s is not allowed on %s", r.Method, r.URL.Path)
	}
	// The legacy router reports a wrong method on a templated path as "not found"; say
	// which methods the path has when some other method matches.
	for _, method := range []string{"GET", "POST", "PUT", "PATCH", "DELETE"} {
		if method == r.Method {
			continue
		}
		probe := r.Clone(r.Context())
		probe.Method = method
		if _, _, err := b.doc.Router().FindRoute(probe); err == nil {
			return api.Errorf(api.KindMethodNotAllowed, "", "method %s is not allowed on %s", r.Method, r.URL.Path)
		}
	}
	return api.Errorf(api.KindNotFound, "path", "no operation at %s %s", r.Method, r.URL.Path)
}

// negotiate fails with KindNotAcceptable when Accept names no media type the operation's
// success responses offer.
func negotiate(r *http.Request, op *openapi3.Operation) error {
	accept := r.Header.Values("Accept")
	if len(accept) == 0 {
		return nil
	}
	var offered []string
	for code, resp := range op.Responses.Map() {
		if strings.HasPrefix(code, "2") && resp.Value != nil {
			for mt := range resp.Value.Content {
				offered = append(offered, mt)
			}
		}
	}
	if len(offered) == 0 {
		return nil
	}
	if api.Negotiate(strings.Join(accept, ","), offered) == "" {
		return api.Errorf(api.KindNotAcceptable, "header Accept", "%q: none of %s is acceptable", strings.Join(accept, ","), strings.Join(sortedStrings(offered), ", "))
	}
	return nil
}

// checkDuplicates rejects a header or scalar query parameter given more than once.
func checkDuplicates(r *http.Request, op *openapi3.Operation) error {
	var query url.Values // parsed when the operation has a query parameter
	for _, p := range op.Parameters {
		pv := p.Value
		switch pv.In {
		case openapi3.ParameterInHeader:
			if n := len(r.Header.Values(pv.Name)); n > 1 {
				return api.Errorf(api.KindInvalid, "header "+pv.Name, "given %d times; send it once", n)
			}
		case openapi3.ParameterInQuery:
			if query == nil {
				query = r.URL.Query()
			}
			if n := len(query[pv.Name]); n > 1 && (pv.Schema == nil || !pv.Schema.Value.Type.Is("array")) {
				return api.Errorf(api.KindInvalid, "query "+pv.Name, "given %d times; send it once", n)
			}
		}
	}
	return nil
}

// checkJSON rejects a JSON body that is not strict JSON (data after the value, a member
// name given twice, invalid UTF-8): the validator and the handlers would read it anyway,
// the first value or the last member winning.
func checkJSON(r *http.Request, op *openapi3.Operation, body []byte) error {
	if op.RequestBody == nil || len(body) == 0 || !strictjson.IsJSON(r.Header.Get("Content-Type")) {
		return nil
	}
	if err := strictjson.Check(body); err != nil {
		return api.Errorf(api.KindInvalid, "body", "%s", err.Error())
	}
	return nil
}

// checkFormFields rejects a form field whose name or value is not valid UTF-8 once
// unescaped (%FF), as JSON and XML bodies are, and form fields the body schema does not
// declare when it forbids additional properties (kin-openapi drops them silently).
func checkFormFields(r *http.Request, op *openapi3.Operation, body []byte) error {
	if op.RequestBody == nil || len(body) == 0 {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if mt != "application/x-www-form-urlencoded" {
		return nil
	}
	values, parseErr := url.ParseQuery(string(body))
	for _, name := range sortedStrings(slices.Collect(maps.Keys(values))) {
		if !utf8.ValidString(name) {
			return api.Errorf(api.KindInvalid, "body "+strings.ToValidUTF8(name, "?"), "the name is invalid UTF-8 once unescaped; form fields must be UTF-8")
		}
		for _, v := range values[name] {
			if !utf8.ValidString(v) {
				return api.Errorf(api.KindInvalid, "body "+name, "invalid UTF-8 once unescaped; form fields must be UTF-8")
			}
		}
	}
	content := op.RequestBody.Value.Content.Get(mt)
	if content == nil || content.Schema == nil || content.Schema.Value == nil {
		return nil
	}
	s := content.Schema.Value
	if s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has {
		return nil
	}
	if parseErr != nil {
		return api.Errorf(api.KindInvalid, "body", "not a valid form: %v", parseErr)
	}
	for name := range values {
		if _, ok := s.Properties[name]; !ok {
			return api.Errorf(api.KindInvalid, "body "+name, "unknown field")
		}
	}
	return nil
}

// latencyGrace is how long a response delayed by an injected latency has to be written
// once the latency has passed.
const latencyGrace = 30 * time.Second

// applyFault answers with an injected fault, or sleeps its latency and lets the request go on.
func (m *Mock) applyFault(w *recorder, r *http.Request, b *bound, req *api.Request) error {
	if b.Name() == "control" {
		return nil
	}
	f, ok := m.faults.Check(req.OperationID, r.Method, r.URL.Path)
	if !ok {
		return nil
	}
	id := f.ID
	w.faultID = &id
	if f.LatencyMs > 0 {
		// The server's write timeout runs from the request's start; a latency longer than it
		// would end in an empty reply, so this response's deadline moves past the latency.
		latency := time.Duration(f.LatencyMs) * time.Millisecond
		_ = http.NewResponseController(w).SetWriteDeadline(time.Now().Add(latency + latencyGrace))
		t := time.NewTimer(latency)
		select {
		case <-t.C:
		case <-r.Context().Done():
			t.Stop()
			return api.Errorf(api.KindInternal, "", "request cancelled during injected latency")
		}
	}
	if f.Status == 0 {
		return nil
	}
	if len(f.Body) > 0 {
		return api.Raw(w, f.Status, f.ContentType, f.Body)
	}
	return &api.Error{Kind: api.KindForStatus(f.Status), Msg: fmt.Sprintf("injected fault %s", f.ID), Status: f.Status}
}

func (m *Mock) writeError(w *recorder, r *http.Request, b *bound, err error) {
	e := api.AsError(err)
	if e.Kind == api.KindInternal && e.Err != nil {
		m.log.Error("internal error", "method", r.Method, "path", r.URL.Path, "err", e.Err)
	}
	if w.written() {
		return
	}
	b.WriteError(w, api.WithTenant(r, w.tenant), e)
}

// explainMedia rewrites an unsupported-media error to name the types the operation takes.
func explainMedia(err error, r *http.Request, op *openapi3.Operation) error {
	e := api.AsError(err)
	if e.Kind != api.KindUnsupportedMedia || op.RequestBody == nil {
		return err
	}
	var types []string
	for mt := range op.RequestBody.Value.Content {
		types = append(types, mt)
	}
	got := r.Header.Get("Content-Type")
	if got == "" {
		got = "no Content-Type"
	}
	return api.Errorf(api.KindUnsupportedMedia, "header Content-Type", "%s is not supported; use %s", got, strings.Join(sortedStrings(types), " or "))
}
