// Package mock owns the stateful mock server: one http.Handler serving the GWS, SuperOffice
// and Acquire chat APIs and the mock's control API on one port. Every request is routed and
// validated by the spec documents (loaded once, at New); handlers are bound by operationId,
// and New fails, naming the operation, when an operation has no handler. Each vendor adapter
// maps operations onto one vendor-neutral store and renders its vendor's wire format and
// errors.
//
// It imports spec, fixtures and its own subpackages only.
//
//	m, err := mock.New(mock.WithStrict(true))
//	if err != nil { ... }
//	srv := httptest.NewServer(m)
package mock
