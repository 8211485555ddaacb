// Package browser owns what the mock does for the browsers that call it from a web page on
// another origin (a chat widget or agent desktop on its dev server):
//
//   - CORS on the vendor APIs and the Bayeux endpoint, the header logic by github.com/rs/cors:
//     preflights answered 204 with the requested method and headers, credentials allowed with
//     the origin reflected (never "*"), Vary: Origin, the headers clients read exposed. A
//     preflight that cannot be allowed is answered 403 with the reason, which the browser's
//     network panel and the mock's request log show (the console only says "blocked").
//   - The control API is refused to pages of other origins unless an origin is allowed
//     explicitly (ControlOrigins): a web page must not reset the mock or read every tenant's
//     chats.
//   - Every path refuses a Host header that is neither a loopback name, an IP literal, nor an
//     allowed host (DNS rebinding), as dev servers' allowed-hosts rules do.
//
// It knows nothing of vendors or chats and imports nothing from this module; the mock decides
// which area a path belongs to and renders refusals in that area's error shape.
//
//	g, err := browser.New(browser.Options{AllowedHeaders: []string{"ContactCenterId"}})
//	if v := g.Check(w, r, browser.Vendor); v.Answered || v.Refused != nil { ... }
package browser
