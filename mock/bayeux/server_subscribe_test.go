package bayeux_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock/bayeux"
)

func TestServerSubscribeEcho(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	cid := r.handshake(t, "alice")
	for _, tc := range []struct {
		name         string
		id           any
		subscription any
		want         string // the subscription field of the reply
	}{
		{"string", "s1", "/v2/me/chats", `"/v2/me/chats"`},
		{"array of one", "s2", []string{"/v2/me/calls"}, `["/v2/me/calls"]`},
		{"array of two", "s3", []string{"/v2/me/devices", "/v2/me/*"}, `["/v2/me/devices","/v2/me/*"]`},
		{"numeric id", 12, "/v2/**", `"/v2/**"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, channel := range []string{bayeux.Subscribe, bayeux.Unsubscribe} {
				m := rigSubscribe(cid, tc.id, tc.subscription)
				m["channel"] = channel
				rep := r.one(t, "/", "", m)
				if rep.Channel != channel || !rep.ok() {
					t.Errorf("%s reply: channel %q successful = %s (%s); want %s and true", channel, rep.Channel, rep.successful(), rep.Error, channel)
				}
				if got := compact(rep.Subscription); got != tc.want {
					t.Errorf("%s reply: subscription = %s; want %s", channel, got, tc.want)
				}
			}
		})
	}
}

func compact(raw json.RawMessage) string {
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		return string(raw)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

// Reserved channels are denied and malformed names are invalid, both with 403; a rejected
// array subscribes to none of its names.
func TestServerSubscribeRejected(t *testing.T) {
	t.Parallel()
	// Not a test of expiry: under load the table may take longer than the rig's MaxInterval.
	r := newRig(t, func(o *bayeux.Options) { o.MaxInterval = time.Hour })
	cid := r.handshake(t, "alice")
	for _, tc := range []struct {
		name         string
		subscription any
		wantError    string // prefix
	}{
		{"meta channel", "/meta/connect", "403:"},
		{"meta wildcard", "/meta/*", "403:"},
		{"meta deep wildcard", "/meta/**", "403:"},
		{"meta root", "/meta", "403:"},
		{"service channel", "/service/chat", "403:"},
		{"service wildcard", "/service/**", "403:"},
		{"array with a meta channel", []string{"/v2/me/chats", "/meta/handshake"}, "403:"},
		{"no leading slash", "v2/me/chats", "403:"},
		{"root only", "/", "403:"},
		{"empty name", "", "403:"},
		{"empty segment", "/v2//chats", "403:"},
		{"trailing slash", "/v2/me/", "403:"},
		{"wildcard not last", "/v2/*/chats", "403:"},
		{"deep wildcard not last", "/v2/**/chats", "403:"},
		{"partial wildcard", "/v2/me/ch*", "403:"},
		{"triple star", "/v2/***", "403:"},
		{"array with an invalid name", []string{"/v2/me/chats", "/v2//x"}, "403:"},
		{"missing", nil, "4"},
		{"empty array", []string{}, "4"},
		{"number", 42, "4"},
		{"object", map[string]string{"channel": "/v2/me/chats"}, "4"},
		{"array of numbers", []int{1}, "4"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := rigSubscribe(cid, "s", tc.subscription)
			if tc.subscription == nil {
				delete(m, "subscription")
			}
			rep := r.one(t, "/", "", m)
			rigWantFailed(t, rep, bayeux.Subscribe, tc.wantError)
			if n := r.publish("/v2/me/chats", 1); n != 0 {
				t.Errorf("Publish after the rejected subscribe = %d clients; want 0", n)
			}
		})
	}
	if rep, _ := r.mustPoll(t, cid, 0); !rep.ok() {
		t.Errorf("connect after rejected subscribes: successful = %s; want true (the session survives)", rep.successful())
	}
}

func TestServerSubscribeWildcards(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		pattern, channel string
		want             bool
	}{
		{"/v2/me/chats", "/v2/me/chats", true},
		{"/v2/me/chats", "/v2/me/calls", false},
		{"/v2/me/chats", "/v2/me/chats/7", false},
		{"/v2/me/*", "/v2/me/chats", true},
		{"/v2/me/*", "/v2/me/calls", true},
		{"/v2/me/*", "/v2/me/chats/7", false},
		{"/v2/me/*", "/v2/me", false},
		{"/v2/me/*", "/v2/mex/chats", false},
		{"/v2/**", "/v2/me/chats", true},
		{"/v2/**", "/v2/me/chats/7/messages", true},
		{"/v2/**", "/v2/x", true},
		{"/v2/**", "/v2", false},
		{"/v2/**", "/v3/me/chats", false},
		{"/v2/**", "/v2x/me", false},
		{"/**", "/v2/me/chats", true},
		{"/*", "/notifications", true},
		{"/*", "/v2/me", false},
	} {
		t.Run(tc.pattern+" "+tc.channel, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, nil)
			cid := r.handshake(t, "alice")
			r.subscribe(t, cid, tc.pattern)
			want := map[bool]int{true: 1, false: 0}[tc.want]
			if n := r.publish(tc.channel, 1); n != want {
				t.Errorf("Publish(%s) = %d clients; want %d", tc.channel, n, want)
			}
			_, events := r.mustPoll(t, cid, 0)
			if len(events) != want {
				t.Fatalf("connect: %d events; want %d", len(events), want)
			}
			if want == 1 && events[0].Channel != tc.channel {
				t.Errorf("event channel = %q; want %q (the channel published on, not the pattern)", events[0].Channel, tc.channel)
			}
		})
	}
}

// A client subscribed to a channel by several names and patterns gets each event once.
func TestServerSubscribeOverlapDeliversOnce(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	cid := r.handshake(t, "alice")
	r.subscribe(t, cid, "/v2/me/chats", "/v2/me/*", "/v2/**")
	r.subscribe(t, cid, "/v2/me/chats")
	if n := r.publish("/v2/me/chats", 1); n != 1 {
		t.Errorf("Publish = %d clients; want 1", n)
	}
	_, events := r.mustPoll(t, cid, 0)
	rigWantSeqs(t, "connect", events, []int{1})
}

func TestServerUnsubscribe(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		subscribed   []string
		unsubscribe  any
		chats, calls int // clients reached by a publish on each, after the unsubscribe
	}{
		{"name", []string{"/v2/me/chats", "/v2/me/calls"}, "/v2/me/chats", 0, 1},
		{"array", []string{"/v2/me/chats", "/v2/me/calls"}, []string{"/v2/me/chats", "/v2/me/calls"}, 0, 0},
		{"pattern", []string{"/v2/me/*"}, "/v2/me/*", 0, 0},
		{"name under a pattern keeps the pattern", []string{"/v2/**", "/v2/me/chats"}, "/v2/me/chats", 1, 1},
		{"never subscribed", []string{"/v2/me/chats"}, "/v2/me/devices", 1, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := newRig(t, nil)
			cid := r.handshake(t, "alice")
			r.subscribe(t, cid, tc.subscribed...)
			rep := r.one(t, "/", "", rigUnsubscribe(cid, "u", tc.unsubscribe))
			if rep.Channel != bayeux.Unsubscribe || !rep.ok() {
				t.Fatalf("unsubscribe: channel %q successful = %s (%s); want %s and true", rep.Channel, rep.successful(), rep.Error, bayeux.Unsubscribe)
			}
			if n := r.publish("/v2/me/chats", 1); n != tc.chats {
				t.Errorf("Publish(/v2/me/chats) = %d clients; want %d", n, tc.chats)
			}
			if n := r.publish("/v2/me/calls", 2); n != tc.calls {
				t.Errorf("Publish(/v2/me/calls) = %d clients; want %d", n, tc.calls)
			}
			_, events := r.mustPoll(t, cid, 0)
			if len(events) != tc.chats+tc.calls {
				t.Errorf("connect: %d events; want %d", len(events), tc.chats+tc.calls)
			}
		})
	}
}

func TestServerSubscribeUnknownClient(t *testing.T) {
	t.Parallel()
	r := newRig(t, nil)
	for _, channel := range []string{bayeux.Subscribe, bayeux.Unsubscribe} {
		for _, cid := range []string{"", "0123456789abcdef0123456789abcdef"} {
			m := rigSubscribe(cid, "s", "/v2/me/chats")
			m["channel"] = channel
			rep := r.one(t, "/", "", m)
			rigWantUnknown(t, rep, channel)
		}
	}
}
