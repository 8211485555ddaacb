// Package spec owns chatconform's API documents: one OpenAPI 3.0.3 document per vendor API
// (gws-chat.yaml, superoffice-chat.yaml, acquire-chat.yaml), the mock's control API
// (mock-control.yaml), and an AsyncAPI 2.6 document for the GWS CometD channel
// (gws-notifications.asyncapi.yaml) whose payloads are $refs into gws-chat.yaml.
//
// The documents are embedded. Load parses and validates all of them once (examples included)
// and builds one kin-openapi router per OpenAPI document; the mock routes and validates
// requests with them, the conformance suite checks responses and notifications against them.
// A Set is read-only after Load and safe for concurrent use.
//
// Importing the package registers request and response body decoders with kin-openapi for
// the media types it lacks: a schema-guided XML decoder (application/xml, text/xml; see
// DecodeXML) and JSON for text/json. The mock and the conformance suite both import spec,
// so both validate XML alike.
//
// This package imports nothing else from this module.
//
//	set, err := spec.Load()
//	if err != nil { ... }
//	gws := set.Document("gws-chat.yaml")
//	route, params, err := gws.Router().FindRoute(req)
package spec
