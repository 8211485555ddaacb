// Package mock owns the stateful mock server: one http.Handler serving the GWS, SuperOffice
// and Acquire chat APIs and the mock's control API on one port. Every request is routed and
// validated by the spec documents (loaded once, at New); handlers are bound by operationId,
// and New fails, naming the operation, when an operation has no handler. Each vendor adapter
// maps operations onto one vendor-neutral store and renders its vendor's wire format and
// errors.
//
// WithVary(seed) turns on the variation mode: whatever the specs and vendor docs leave open
// is done otherwise, deterministically from the seed (gapped indexes and ids, other id and
// error text formats, JSON members and XML elements reordered, unknown members added where
// a schema allows, one notification per CometD connect reply), and strict mode still holds.
// WithBugs(names...) plants documented deviations (KnownBugs) for testing conformance suites.
//
// It imports spec, fixtures and its own subpackages only.
//
//	m, err := mock.New(mock.WithStrict(true))
//	if err != nil { ... }
//	srv := httptest.NewServer(m)
package mock
