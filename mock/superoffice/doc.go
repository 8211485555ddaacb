// Package superoffice is the mock's adapter for the SuperOffice WebAPI v1 ChatSession
// resource (spec/superoffice-chat.yaml): the messages of a chat session (GET with the
// exclusive `after` cursor on the global ChatMessageId, POST), the ChatSession entity
// endpoints (OData list, get, default, create, JSON Patch and merge patch, delete, the
// current user's sessions, pickup, reset, transcript), SuperOffice authentication (Basic,
// SOTicket, Bearer, X-XSRF-TOKEN) per tenant, with and without the Online `/{tenant}` prefix,
// and JSON or .NET DataContract-style XML both ways. It also plays agent and visitor for the
// control API (api.Actor).
//
// Sessions live in the vendor-neutral store: the SuperOffice Status is the chat's
// VendorState, the customer's name, alias and e-mail are the visitor participant, the topic
// is the chat's Queue, and every other entity field is a string in the chat's Attrs. Messages
// are the chat's text and notice events; their Type, SpecialType and other carrier fields
// are event Attrs, or derived from who sent them.
//
// In the variation mode ChatMessageId jumps by large, varied amounts (`after` is mapped back);
// the planted so-* bugs are listed at Configure.
//
// It imports fixtures, mock/api, mock/store and mock/vary only; never mock itself (mock
// imports it).
// XML request bodies reach it already decoded by the spec package's XML decoder.
//
//	m, err := mock.New(mock.WithVendors(superoffice.New()), mock.WithStrict(true))
//	srv := httptest.NewServer(m)
//	// GET srv.URL+"/api/v1/ChatSession/103/Messages?after=1043" with Authorization: SOTicket ...
package superoffice
