// Package gws owns the Genesys Web Services chat adapter of the mock: the customer API
// (/api/v2/chats, ContactCenterId header) and the agent API (/api/v2/me/chats, HTTP Basic)
// of gws-chat.yaml, mapped onto the vendor-neutral store, with GWS states, capabilities,
// routing of new chats to agents, and the {statusCode, statusMessage} error envelope.
//
// In the variation mode (api.Behaviour) it renders indexes with gaps, participant ids as hex
// strings and error texts in other words, and maps index and startIndex back; the planted
// gws-* bugs live beside the code they break (behaviour.go lists the shared pieces).
//
// It imports spec-free pieces only: mock/api, mock/store, mock/vary and fixtures.
//
//	a := gws.New()
//	m, err := mock.New(mock.WithVendors(a))
package gws
