// Package gws owns the Genesys Web Services chat adapter of the mock: the customer API
// (/api/v2/chats, ContactCenterId header) and the agent API (/api/v2/me/chats, HTTP Basic)
// of gws-chat.yaml, mapped onto the vendor-neutral store, with GWS states, capabilities,
// routing of new chats to agents, and the {statusCode, statusMessage} error envelope.
//
// It imports spec-free pieces only: mock/api, mock/store and fixtures.
//
//	a := gws.New()
//	m, err := mock.New(mock.WithVendors(a))
package gws
