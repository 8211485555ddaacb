package gws_test

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	cbayeux "github.com/chatconform/chatconform/conformance/bayeux"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/bayeux"
	"github.com/chatconform/chatconform/spec"
)

// agentFeed is one agent's CometD subscription to /v2/me/chats, collecting notifications.
type agentFeed struct {
	t    *testing.T
	mu   sync.Mutex
	got  []map[string]any
	raw  []json.RawMessage
	stop context.CancelFunc
}

func subscribe(t *testing.T, s *server, user, pass string) *agentFeed {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	c := cbayeux.New(s.url+"/api/v2/notifications", cbayeux.WithBasicAuth(user, pass))
	if err := c.Handshake(ctx); err != nil {
		t.Fatalf("handshake as %s: %v", user, err)
	}
	if err := c.Subscribe(ctx, "/v2/me/chats"); err != nil {
		t.Fatalf("subscribe as %s: %v", user, err)
	}
	f := &agentFeed{t: t, stop: cancel}
	events := c.Listen(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m := range events {
			var data map[string]any
			_ = json.Unmarshal(m.Data, &data)
			f.mu.Lock()
			f.got = append(f.got, data)
			f.raw = append(f.raw, m.Raw)
			f.mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		_ = c.Disconnect(context.Background())
		cancel()
		<-done
	})
	return f
}

// waitFor polls the feed until ok holds for its notifications, or fails.
func (f *agentFeed) waitFor(what string, ok func([]map[string]any) bool) []map[string]any {
	f.t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		f.mu.Lock()
		got := append([]map[string]any(nil), f.got...)
		f.mu.Unlock()
		if ok(got) {
			return got
		}
		if time.Now().After(deadline) {
			f.t.Fatalf("timed out waiting for %s; got %d notifications: %v", what, len(got), describe(got))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

func (f *agentFeed) snapshot() []map[string]any {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]map[string]any(nil), f.got...)
}

// describe renders notifications as "StatusChange(Chatting)", "NewMessages[2:Text:hi]", ...
func describe(ns []map[string]any) []string {
	var out []string
	for _, n := range ns {
		switch n["messageType"] {
		case "ChatStateChangeMessage":
			chat, _ := n["chat"].(map[string]any)
			out = append(out, fmt.Sprintf("%v(%v)", n["notificationType"], chat["state"]))
		case "MessageLogUpdated":
			out = append(out, "NewMessages["+summary(list(n["messages"]))+"]")
		}
	}
	return out
}

func has(ns []map[string]any, want string) bool {
	for _, d := range describe(ns) {
		if d == want {
			return true
		}
	}
	return false
}

// logged collects every MessageLogUpdated entry in arrival order.
func logged(ns []map[string]any) []map[string]any {
	var out []map[string]any
	for _, n := range ns {
		if n["messageType"] == "MessageLogUpdated" {
			out = append(out, list(n["messages"])...)
		}
	}
	return out
}

func pushServer(t *testing.T) *server {
	return newServer(t, mock.WithBayeux(bayeux.Options{Timeout: time.Second, MaxInterval: 2 * time.Second}))
}

// TestNotificationsFollowTheConversation: an agent subscribed over CometD is offered the
// chat, accepts it over REST, and from then on sees every entry of the transcript exactly
// once and in index order; the customer's GetMessages and the notifications agree on every
// index, type and text; every notification matches the AsyncAPI document.
func TestNotificationsFollowTheConversation(t *testing.T) {
	s := pushServer(t)
	annFeed := subscribe(t, s, "ann", "ann-pass")
	bobFeed := subscribe(t, s, "bob", "bob-pass")
	danFeed := subscribe(t, s, "dan", "dan-pass")

	id := s.requestChat(cc1, nil)
	annFeed.waitFor("the offer", func(ns []map[string]any) bool { return has(ns, "StatusChange(Invited)") })
	s.agentOp(ann, id, map[string]any{"operationName": "Accept", "nickname": "Annie"}, 200)
	got := annFeed.waitFor("the accept", func(ns []map[string]any) bool {
		return has(ns, "StatusChange(Chatting)") && has(ns, "ParticipantsUpdated(Chatting)") &&
			has(ns, "NewMessages[1:ParticipantJoined 2:ParticipantJoined]")
	})
	for _, n := range got {
		if n["notificationType"] == "StatusChange" && n["referenceId"] == nil {
			t.Errorf("StatusChange without referenceId: %v", n)
		}
	}
	s.customerOp(id, map[string]any{"operationName": "SendStartTypingNotification"}, 200)
	s.customerOp(id, map[string]any{"operationName": "SendMessage", "text": "Hello?"}, 200)
	s.customerOp(id, map[string]any{"operationName": "SendStopTypingNotification"}, 200)
	s.agentOp(ann, id, map[string]any{"operationName": "SendCustomNoticeToAgents", "noticeText": "VIP"}, 200)
	s.agentOp(ann, id, map[string]any{"operationName": "SendMessage", "text": "How may I help you?"}, 200)
	s.agentOp(ann, id, map[string]any{"operationName": "UpdateUserData", "userData": map[string]any{"tier": "gold"}}, 200)
	r := s.agentOp(ann, id, map[string]any{"operationName": "Accept"}, 400)
	_ = r
	annFeed.waitFor("the user data and the failed accept", func(ns []map[string]any) bool {
		return has(ns, "PropertiesUpdated(Chatting)") && has(ns, "Error(Chatting)")
	})
	s.customerOp(id, map[string]any{"operationName": "Complete"}, 200)
	s.agentOp(ann, id, map[string]any{"operationName": "Complete"}, 200)
	got = annFeed.waitFor("the completion", func(ns []map[string]any) bool { return has(ns, "StatusChange(Completed)") })

	// Exactly once, in index order, and the same as the transcript.
	transcript := list(s.do("GET", "/api/v2/me/chats/"+id+"/messages", nil, ann...).Body["messages"])
	if a, b := summary(logged(got)), summary(transcript); a != b {
		t.Errorf("notified entries:\n %s\nwant the transcript:\n %s", a, b)
	}
	var customer []map[string]any
	for _, m := range logged(got) {
		if m["visibility"] == "All" {
			customer = append(customer, m)
		}
	}
	if a, b := summary(customer), summary(s.messages(id, "?index=0")); a != b {
		t.Errorf("notified entries visible to all:\n %s\nwant the customer's GetMessages:\n %s", a, b)
	}
	for _, n := range got {
		if n["messageType"] == "MessageLogUpdated" && !strings.HasSuffix(n["chatUri"].(string), "/api/v2/chats/"+id) {
			t.Errorf("chatUri = %v; want …/api/v2/chats/%s", n["chatUri"], id)
		}
	}
	checkShapes(t, annFeed)
	if n := bobFeed.snapshot(); len(n) != 0 {
		t.Errorf("bob (not offered the chat) got %v", describe(n))
	}
	if n := danFeed.snapshot(); len(n) != 0 {
		t.Errorf("dan (another contact center) got %v", describe(n))
	}
}

func TestNotificationsOnRejectAndLeave(t *testing.T) {
	s := pushServer(t)
	annFeed := subscribe(t, s, "ann", "ann-pass")
	bobFeed := subscribe(t, s, "bob", "bob-pass")
	id := s.requestChat(cc1, map[string]any{"endpoint": "billing"})
	annFeed.waitFor("the offer", func(ns []map[string]any) bool { return has(ns, "StatusChange(Invited)") })
	s.agentOp(ann, id, map[string]any{"operationName": "Reject"}, 200)
	annFeed.waitFor("the rejection's StatusChange", func(ns []map[string]any) bool { return has(ns, "StatusChange(Completed)") })
	bobFeed.waitFor("the offer to the next agent", func(ns []map[string]any) bool { return has(ns, "StatusChange(Invited)") })
	s.agentOp(bob, id, map[string]any{"operationName": "Accept"}, 200)
	s.agentOp(bob, id, map[string]any{"operationName": "Leave"}, 200)
	got := bobFeed.waitFor("LeftChat then Completed", func(ns []map[string]any) bool { return has(ns, "StatusChange(Completed)") })
	d := strings.Join(describe(got), " ")
	if i, j := strings.Index(d, "StatusChange(LeftChat)"), strings.Index(d, "StatusChange(Completed)"); i < 0 || j < i {
		t.Errorf("bob's notifications = %s; want StatusChange(LeftChat) then StatusChange(Completed)", d)
	}
	checkShapes(t, annFeed)
	checkShapes(t, bobFeed)
}

// checkShapes validates every notification, in its Bayeux envelope, against the AsyncAPI
// document's payload schemas.
func checkShapes(t *testing.T, f *agentFeed) {
	t.Helper()
	set, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	msgs := set.Document("gws-notifications.asyncapi.yaml").AsyncAPI.Messages
	f.mu.Lock()
	defer f.mu.Unlock()
	for i, raw := range f.raw {
		var env any
		_ = json.Unmarshal(raw, &env)
		m := msgs[f.got[i]["messageType"].(string)]
		if m == nil {
			t.Errorf("unknown messageType in %s", raw)
			continue
		}
		if err := m.Payload.Value.VisitJSON(env); err != nil {
			t.Errorf("%s does not match its schema: %v", raw, err)
		}
	}
}
