// Package bayeux owns a Bayeux 1.0 server with the long-polling transport, on net/http:
// handshake (with the caller's HTTP credentials checked by a hook), one held /meta/connect
// per client answered at once when events are queued or the client asks timeout 0,
// subscribe and unsubscribe, disconnect that wakes the held connect, the id echoed on every
// meta reply, batches processed in order, 402 with handshake advice for unknown or expired
// clients, and session expiry after MaxInterval. It knows nothing of chats: callers
// Publish data on a channel, built per subscriber, and each subscriber gets it once, in
// publish order, in its connect replies.
//
// Publishing never blocks: each client has a bounded queue (MaxQueue); a client that falls
// further behind loses its session, and its next connect gets 402 with advice to handshake
// again (then it should reload state over REST). WebSocket upgrades are refused with 400,
// so CometD clients fall back to long-polling.
//
// Everything a client can make the server hold is bounded: MaxSubscriptions per session
// (a set; a subscribe past it fails with 403), MaxSessions in all (a handshake past it fails
// with 503 and advice to retry) and, with Key, MaxSessionsPerPrincipal (the principal's
// oldest session is evicted). Subscriptions are indexed by channel and by the scope Key
// gives, so Publish costs what the channel's subscribers cost and PublishTo what one
// scope's cost; sessions past MaxInterval are swept by a timer.
//
// Options also serve the mock's variation mode (MaxEventsPerReply spreads events over
// connect replies; Transform re-encodes event data) and its planted protocol bugs
// (Deviations).
//
// It imports nothing from this module but mock/strictjson, which refuses JSON with data
// after the value, a member name given twice or invalid UTF-8, as every body of the mock.
//
//	s := bayeux.New(bayeux.Options{Authenticate: checkBasic})
//	mux.Handle("/api/v2/notifications/", s)
//	s.Publish("/v2/me/chats", func(who any) (any, bool) { return payloadFor(who), true })
package bayeux
