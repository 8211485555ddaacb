// Package gws owns the checks of the Genesys GWS chat APIs: the customer API
// (/api/v2/chats), the agent API (/api/v2/me/chats) and the CometD notifications on
// /v2/me/chats (/api/v2/notifications), with the Bayeux protocol itself. It declares its
// checks with conformance.Check when the suite's tree is built, so a suite holds them by
// importing the package:
//
//	import _ "github.com/chatconform/chatconform/conformance/gws"
//
// It imports the framework (conformance), the matchers (match) and the suite's Bayeux
// client (bayeux); never the mock, nor another vendor's checks.
package gws
