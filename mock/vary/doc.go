// Package vary owns the mock's variation mode: deterministic choices, made from a seed,
// among the behaviours that the vendor documentation and the specs leave open, so that a
// conformance suite run against the varied mock proves it does not lean on the default
// mock's incidental habits. It renders GWS indexes with gaps, GWS participant and chat ids in
// other formats, message ids (SuperOffice ChatMessageId, Acquire id) with large jumps, other
// error texts; it re-encodes JSON with object members in another order and an extra unknown
// member wherever the response schema allows one, and XML with sibling elements in another
// order. Every mapping is strictly increasing and has an inverse, so query bounds the
// client sends (index=N, after=N) still select what they mean.
//
// A nil *Vary is the default behaviour: every method returns its input unchanged.
//
// It imports kin-openapi's openapi3 (schemas guide where members may be added) and nothing
// of this module.
//
//	v := vary.New(1)
//	shown := v.Index("cc/chat1", 3)     // 3rd entry of the chat's log, as GWS renders it
//	i := v.FromIndex("cc/chat1", shown) // 3 again
//	body, err := v.JSON(body, schema, true)
package vary
