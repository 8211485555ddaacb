package bayeux_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock/bayeux"
)

// rigKey scopes the rig's principals by the user name's prefix before "-" (a tenant) and
// tells them apart by the whole name.
func rigKey(p any) (scope, id string) {
	user, _ := p.(string)
	scope, _, _ = strings.Cut(user, "-")
	return scope, user
}

// TestSubscriptionQuota is the subscription attack: 80 requests of 2,500 channels from one
// session; before, all 200,000 were kept (checked for duplicates one by one under the
// session's lock). Past MaxSubscriptions a subscribe fails with 403 and changes nothing.
func TestSubscriptionQuota(t *testing.T) {
	r := newRig(t, func(o *bayeux.Options) { o.MaxInterval = time.Hour })
	cid := r.handshake(t, "alice")
	first := make([]string, bayeux.DefaultMaxSubscriptions)
	for i := range first {
		first[i] = fmt.Sprintf("/chats/%d", i)
	}
	if rep := r.one(t, "/", "", rigSubscribe(cid, r.id(), first)); !rep.ok() {
		t.Fatalf("subscribe %d channels: %s %q; want successful", len(first), rep.successful(), rep.Error)
	}
	if rep := r.one(t, "/", "", rigSubscribe(cid, r.id(), first[:10])); !rep.ok() {
		t.Errorf("subscribe again to channels held: %q; want successful (a set: nothing added)", rep.Error)
	}
	refused := 0
	for req := range 80 {
		batch := make([]string, 2500)
		for i := range batch {
			batch[i] = fmt.Sprintf("/flood/%d/%d", req, i)
		}
		rep := r.one(t, "/", "", rigSubscribe(cid, r.id(), batch))
		if !rep.ok() && strings.HasPrefix(rep.Error, "403::too many subscriptions") {
			refused++
		}
	}
	if refused != 80 {
		t.Errorf("refused subscribes = %d; want 80", refused)
	}
	rep := r.one(t, "/", "", rigSubscribe(cid, r.id(), "/one/more"))
	rigWantFailed(t, rep, bayeux.Subscribe, "403::too many subscriptions")
	if n := r.srv.Subscriptions(); n != bayeux.DefaultMaxSubscriptions {
		t.Errorf("subscriptions = %d; want %d", n, bayeux.DefaultMaxSubscriptions)
	}
	if rep := r.one(t, "/", "", rigUnsubscribe(cid, r.id(), first[:1])); !rep.ok() {
		t.Fatalf("unsubscribe: %q", rep.Error)
	}
	if rep := r.one(t, "/", "", rigSubscribe(cid, r.id(), "/one/more")); !rep.ok() {
		t.Errorf("subscribe after an unsubscribe: %q; want successful", rep.Error)
	}
	if got := r.publish("/chats/0", 1); got != 0 {
		t.Errorf("publish to an unsubscribed channel reached %d; want 0", got)
	}
	if got := r.publish("/one/more", 1); got != 1 {
		t.Errorf("publish to a subscribed channel reached %d; want 1", got)
	}
}

// TestHandshakeFlood is the handshake flood: 2,000 handshakes with one principal's
// credentials; before, every one stayed a live session. Past MaxSessionsPerPrincipal the
// oldest is evicted (its connect gets 402 with advice to handshake); other principals are
// not affected.
func TestHandshakeFlood(t *testing.T) {
	r := newRig(t, func(o *bayeux.Options) { o.Key = rigKey; o.MaxInterval = time.Hour })
	bob := r.handshake(t, "cc2-bob")
	oldest := r.handshake(t, "cc1-alice")
	for range 2000 {
		r.handshake(t, "cc1-alice")
	}
	if n := r.srv.Sessions(); n != bayeux.DefaultMaxSessionsPerPrincipal+1 {
		t.Errorf("sessions = %d; want %d of alice and 1 of bob", n, bayeux.DefaultMaxSessionsPerPrincipal)
	}
	rep, _ := r.mustPoll(t, oldest, 0)
	rigWantUnknown(t, rep, bayeux.Connect)
	if rep, _ := r.mustPoll(t, bob, 0); !rep.ok() {
		t.Errorf("another principal's connect: %q; want successful", rep.Error)
	}
}

// TestSessionQuota: past MaxSessions a handshake is refused Bayeux-style, with advice to
// handshake again later, until a session ends.
func TestSessionQuota(t *testing.T) {
	r := newRig(t, func(o *bayeux.Options) { o.MaxSessions = 5; o.MaxInterval = time.Hour })
	var ids []string
	for i := range 5 {
		ids = append(ids, r.handshake(t, fmt.Sprintf("u%d", i)))
	}
	rep := r.one(t, "/handshake", "u9", rigHandshake(r.id()))
	rigWantFailed(t, rep, bayeux.Handshake, "503::too many sessions")
	if rep.Advice == nil || rep.Advice.Reconnect != "handshake" || rep.Advice.Interval == nil || *rep.Advice.Interval <= 0 {
		t.Errorf("advice = %+v; want reconnect handshake after an interval", rep.Advice)
	}
	if n := r.srv.Sessions(); n != 5 {
		t.Errorf("sessions = %d; want 5", n)
	}
	r.one(t, "/disconnect", "", rigDisconnect(ids[0], r.id()))
	r.handshake(t, "u9")
}

// TestPublishToVisitsOneScope: PublishTo builds data only for the scope's subscribers,
// however many sessions other scopes hold (before, every publish walked every session).
func TestPublishToVisitsOneScope(t *testing.T) {
	r := newRig(t, func(o *bayeux.Options) { o.Key = rigKey; o.MaxInterval = time.Hour })
	for i := range 300 {
		r.subscribe(t, r.handshake(t, fmt.Sprintf("cc1-a%d", i)), "/v2/me/chats")
	}
	r.subscribe(t, r.handshake(t, "cc2-bob"), "/v2/**")
	r.handshake(t, "cc2-carol") // not subscribed
	built := 0
	n := r.srv.PublishTo("cc2", "/v2/me/chats", func(any) (any, bool) { built++; return 1, true })
	if n != 1 || built != 1 {
		t.Errorf("PublishTo cc2: delivered %d, built %d; want 1, 1", n, built)
	}
	built = 0
	if n := r.srv.Publish("/v2/me/chats", func(any) (any, bool) { built++; return 1, true }); n != 301 || built != 301 {
		t.Errorf("Publish: delivered %d, built %d; want 301, 301", n, built)
	}
}

// TestPatternsReachTheirChannels: a publish finds every subscription whose pattern matches
// its channel, and each session once.
func TestPatternsReachTheirChannels(t *testing.T) {
	r := newRig(t, func(o *bayeux.Options) { o.MaxInterval = time.Hour })
	for _, tc := range []struct {
		subs    []string
		channel string
		want    int
	}{
		{[]string{"/a/b/c"}, "/a/b/c", 1},
		{[]string{"/a/b/*"}, "/a/b/c", 1},
		{[]string{"/a/*"}, "/a/b/c", 0},
		{[]string{"/a/**"}, "/a/b/c", 1},
		{[]string{"/**"}, "/a", 1},
		{[]string{"/*"}, "/a", 1},
		{[]string{"/*"}, "/a/b", 0},
		{[]string{"/a/b/c/**"}, "/a/b/c", 0},
		{[]string{"/a/b/c", "/a/**", "/a/b/*", "/**"}, "/a/b/c", 1},
		{[]string{"/a/bc"}, "/a/b", 0},
	} {
		cid := r.handshake(t, "alice")
		r.subscribe(t, cid, tc.subs...)
		if got := r.publish(tc.channel, 1); got != tc.want {
			t.Errorf("subscribed to %v, publish %s reached %d; want %d", tc.subs, tc.channel, got, tc.want)
		}
		r.one(t, "/disconnect", "", rigDisconnect(cid, r.id()))
	}
}

// TestExpiredSessionsAreSwept: sessions that never connect are dropped by the server's own
// timer, without another request (before, 233,750 stayed after a flood until the next one).
func TestExpiredSessionsAreSwept(t *testing.T) {
	r := newRig(t, nil)
	for range 50 {
		r.handshake(t, "alice")
	}
	rigEventually(t, 5*time.Second, "every idle session swept", func() bool { return r.srv.Sessions() == 0 })
}
