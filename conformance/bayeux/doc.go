// Package bayeux owns a Bayeux 1.0 client with the long-polling transport, written the way
// real CometD clients talk, so that the conformance suite can receive GWS notifications from
// any target and check the protocol itself.
//
// It has two levels. Exchange is raw: it POSTs any JSON array of messages to a path under
// the base URL and decodes the reply array, for protocol checks (handshake fields, id echo,
// 402 with reconnect "handshake", subscription echo). Handshake, Subscribe, Unsubscribe,
// Connect, Listen and Disconnect keep a session as CometD does: every request carries an
// id of its own, every meta reply is matched by that id, the first connect of a session
// asks for advice timeout 0, a held connect is given the server's advice timeout plus the
// request timeout, and advice to handshake is followed by a new handshake and the same
// subscriptions again.
//
// Like every CometD client, a Client keeps the cookies of its session in a jar of its own
// (WithCookieJar to share one) and sends them back, since servers may find sessions by
// cookie (CometD's BAYEUX_BROWSER); Listen waits the advice interval between connects and
// follows advice reconnect (retry, handshake, none). WithTrace sees every HTTP exchange,
// status and headers included, for timelines.
//
// Requests go where CometD sends them by default: base+"/handshake", base+"/connect",
// base+"/disconnect", and base+"/" for subscribe and unsubscribe.
//
// Concurrency: a Client is used by one goroutine at a time, plus the goroutine that Listen
// starts. While Listen runs, the caller may use Subscribe, Unsubscribe, Disconnect, Exchange
// and the accessors (ClientID, Advice, Rehandshakes, ConnectReplies, Err); Handshake and
// Connect belong to the Listen goroutine until it stops.
//
// It imports only the standard library; in particular nothing under mock/, since it must
// judge any implementation.
//
//	c := bayeux.New("http://gws.example/api/v2/notifications", bayeux.WithBasicAuth("agent", "secret"))
//	if err := c.Handshake(ctx); err != nil { ... }
//	if err := c.Subscribe(ctx, "/v2/me/chats"); err != nil { ... }
//	for m := range c.Listen(ctx) {
//		handle(m.Channel, m.Data) // until ctx is done or Disconnect
//	}
package bayeux
