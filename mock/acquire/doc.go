// Package acquire is the mock's adapter for the Acquire legacy Profiles API
// (spec/acquire-chat.yaml): GetProfileMessages (POST /api/profile/lead/message) and
// GetProfileThreads (POST /api/profile/message/thread), form-encoded, answering in the legacy
// envelope {"success":...,"error":...,"data":...}. It owns the Acquire wire format, its
// credentials (the accounts' API tokens, from the fixtures), and, because Acquire has no
// public send operation, the api.Actor through which the control API creates Acquire chats
// and plays the agent or the visitor.
//
// In the variation mode message ids jump by large, varied amounts; the planted acquire-* bugs
// are listed at Configure.
//
// It imports fixtures, mock/api, mock/store and mock/vary only; it must not import the mock
// package (which imports it) nor other adapters.
//
//	m, err := mock.New(mock.WithVendors(acquire.New()), mock.WithFixtures(set))
//	// POST /api/profile/lead/message  Authorization: Bearer <token>
//	// visitor_id=61793&last_chat_id=106241
package acquire
