package acquire_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

func TestCreateChat(t *testing.T) {
	m, srv := newMock(t)
	actor := m.Actor("acquire")
	if actor == nil {
		t.Fatal("Actor(acquire) = nil; want the adapter")
	}
	n := api.NewChat{Vendor: "acquire", Tenant: "10719", Agent: "15416", Subject: "Broken tent",
		Messages: []api.NewMessage{{From: "agent", Text: "Hello"}, {From: "visitor", Text: "My tent is broken"}}}
	n.Visitor.Name = "Kari Nordmann"
	c, err := actor.CreateChat(n)
	if err != nil {
		t.Fatalf("CreateChat: %v", err)
	}
	if c.Key.ID != "106601" || c.State != store.StateChatting || c.VendorState != "open" {
		t.Errorf("chat id, state, vendor state = %s, %s, %s; want 106601 (next numeric id), chatting, open", c.Key.ID, c.State, c.VendorState)
	}
	v, _ := c.Visitor()
	if v.Ref != "62002" || v.Nickname != "Kari" {
		t.Errorf("visitor ref, nickname = %q, %q; want 62002 (next visitor id), Kari", v.Ref, v.Nickname)
	}
	r := messages(t, srv, "visitor_id=62002&last_chat_id=106601", nil)
	if got := texts(r); !reflect.DeepEqual(got, []string{"Hello", "My tent is broken"}) {
		t.Errorf("messages = %q; want the two initial messages", got)
	}

	n2 := api.NewChat{Vendor: "acquire", Tenant: "10719", ID: "200000"}
	n2.Visitor.Name = "Waiting Person"
	c2, err := actor.CreateChat(n2)
	if err != nil {
		t.Fatalf("CreateChat with id: %v", err)
	}
	if v2, _ := c2.Visitor(); c2.Key.ID != "200000" || c2.State != store.StateWaiting || v2.Ref != "62003" {
		t.Errorf("chat id, state, visitor = %s, %s, %s; want 200000, waiting, 62003", c2.Key.ID, c2.State, v2.Ref)
	}
}

func TestCreateChatErrors(t *testing.T) {
	m, _ := newMock(t)
	actor := m.Actor("acquire")
	tests := []struct {
		name  string
		edit  func(*api.NewChat)
		kind  api.Kind
		where string
	}{
		{"unknown tenant", func(n *api.NewChat) { n.Tenant = "99" }, api.KindNotFound, "body tenant"},
		{"tenant of another vendor's form", func(n *api.NewChat) { n.Tenant = "acme" }, api.KindNotFound, "body tenant"},
		{"non-numeric id", func(n *api.NewChat) { n.ID = "abc" }, api.KindInvalid, "body id"},
		{"zero id", func(n *api.NewChat) { n.ID = "0" }, api.KindInvalid, "body id"},
		{"id taken", func(n *api.NewChat) { n.ID = "106241" }, api.KindConflict, "body id"},
		{"unknown agent", func(n *api.NewChat) { n.Agent = "15999" }, api.KindNotFound, "body agent"},
		{"agent of another account", func(n *api.NewChat) { n.Agent = "16000" }, api.KindNotFound, "body agent"},
		{"agent message without agent", func(n *api.NewChat) { n.Messages = []api.NewMessage{{From: "agent", Text: "hi"}} }, api.KindMissing, "body agent"},
	}
	before := state(t, m)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			n := api.NewChat{Vendor: "acquire", Tenant: "10719"}
			n.Visitor.Name = "Someone"
			tt.edit(&n)
			_, err := actor.CreateChat(n)
			var e *api.Error
			if !errors.As(err, &e) || e.Kind != tt.kind || e.Where != tt.where {
				t.Fatalf("err = %#v; want kind %v at %q", err, tt.kind, tt.where)
			}
		})
	}
	if after := state(t, m); string(before) != string(after) {
		t.Errorf("failed CreateChat calls changed the store")
	}
}

// step is one action and what it must do.
type step struct {
	act    api.Action
	kinds  []string // kinds of the appended events; nil with wantErr
	state  string
	errKnd api.Kind
	err    bool
}

func agent(name string) api.Action   { return api.Action{Role: api.AsAgent, Name: name} }
func visitor(name string) api.Action { return api.Action{Role: api.AsVisitor, Name: name} }

func with(a api.Action, f func(*api.Action)) api.Action { f(&a); return a }

func TestActLifecycle(t *testing.T) {
	m, srv := newMock(t)
	actor := m.Actor("acquire")
	n := api.NewChat{Vendor: "acquire", Tenant: "10719"}
	n.Visitor.Name = "Kari Nordmann"
	c, err := actor.CreateChat(n)
	if err != nil {
		t.Fatalf("CreateChat: %v", err)
	}
	text := func(s string) func(*api.Action) { return func(a *api.Action) { a.Text = s } }
	steps := []step{
		{act: with(agent("send"), text("too early")), err: true, errKnd: api.KindWrongState},
		{act: with(visitor("send"), text("Is anyone there?")), kinds: []string{"text"}, state: "waiting"},
		{act: visitor("join"), err: true, errKnd: api.KindWrongState},
		{act: with(agent("reject"), func(a *api.Action) { a.Agent = "15417" }), kinds: []string{}, state: "waiting"},
		{act: with(agent("accept"), func(a *api.Action) { a.Nickname = "DK" }), kinds: []string{"joined"}, state: "chatting"},
		{act: agent("accept"), err: true, errKnd: api.KindWrongState},
		{act: agent("send"), err: true, errKnd: api.KindMissing},
		{act: with(agent("typing-start"), text("Let me")), kinds: []string{"typing-started"}, state: "chatting"},
		{act: agent("typing-stop"), kinds: []string{"typing-stopped"}, state: "chatting"},
		{act: with(agent("send"), text("Let me check")), kinds: []string{"text"}, state: "chatting"},
		{act: with(agent("send"), func(a *api.Action) { a.Text, a.Visibility = "hidden note", "Agents" }), kinds: []string{"text"}, state: "chatting"},
		{act: with(agent("notice"), text("Checking stock")), kinds: []string{"notice"}, state: "chatting"},
		{act: with(agent("notice"), func(a *api.Action) { a.Text, a.Visibility = "VIP", "Agents" }), kinds: []string{"custom-notice"}, state: "chatting"},
		{act: with(agent("update-user-data"), func(a *api.Action) { a.UserData = map[string]string{"order": "1"} }), kinds: []string{"user-data"}, state: "chatting"},
		{act: agent("update-user-data"), err: true, errKnd: api.KindMissing},
		{act: with(agent("send"), func(a *api.Action) { a.Agent = "15417"; a.Text = "x" }), err: true, errKnd: api.KindWrongState},
		{act: with(agent("send"), func(a *api.Action) { a.Agent = "99"; a.Text = "x" }), err: true, errKnd: api.KindNotFound},
		{act: agent("transfer"), err: true, errKnd: api.KindMissing},
		{act: with(agent("transfer"), func(a *api.Action) { a.Target = "99" }), err: true, errKnd: api.KindNotFound},
		{act: with(agent("transfer"), func(a *api.Action) { a.Target = "15417" }), kinds: []string{"left", "joined"}, state: "chatting"},
		{act: with(visitor("typing-start"), text("Tha")), kinds: []string{"typing-started"}, state: "chatting"},
		{act: with(visitor("send"), func(a *api.Action) { a.Text, a.Nickname = "Thanks", "K" }), kinds: []string{"nickname-updated", "text"}, state: "chatting"},
		{act: agent("leave"), kinds: []string{"left"}, state: "idle"},
		{act: agent("leave"), err: true, errKnd: api.KindWrongState},
		{act: agent("accept"), kinds: []string{"joined"}, state: "chatting"},
		{act: agent("dance"), err: true, errKnd: api.KindInvalid},
		{act: visitor("dance"), err: true, errKnd: api.KindInvalid},
		{act: agent("complete"), kinds: []string{"left", "left"}, state: "completed"},
		{act: with(visitor("send"), text("late")), err: true, errKnd: api.KindWrongState},
		{act: agent("accept"), err: true, errKnd: api.KindWrongState},
	}
	for i, s := range steps {
		before := state(t, m)
		events, after, err := actor.Act(c.Key, s.act)
		if s.err {
			var e *api.Error
			if !errors.As(err, &e) || e.Kind != s.errKnd {
				t.Fatalf("step %d %s %s: err = %v; want kind %v", i, s.act.Role, s.act.Name, err, s.errKnd)
			}
			if string(state(t, m)) != string(before) {
				t.Fatalf("step %d %s %s: failed action changed the store", i, s.act.Role, s.act.Name)
			}
			continue
		}
		if err != nil {
			t.Fatalf("step %d %s %s: %v", i, s.act.Role, s.act.Name, err)
		}
		kinds := []string{}
		for _, e := range events {
			kinds = append(kinds, e.Kind)
		}
		if !reflect.DeepEqual(kinds, s.kinds) || after.State != s.state {
			t.Fatalf("step %d %s %s: kinds %v, state %s; want %v, %s", i, s.act.Role, s.act.Name, kinds, after.State, s.kinds, s.state)
		}
	}
	final, _ := m.Store().Get(c.Key)
	if final.VendorState != "closed" {
		t.Errorf("vendor state = %q; want closed", final.VendorState)
	}
	if final.UserData["order"] != "1" {
		t.Errorf("userData = %v; want order=1", final.UserData)
	}
	v, _ := final.Visitor()
	r := messages(t, srv, "visitor_id="+v.Ref+"&last_chat_id="+c.Key.ID, nil)
	want := []string{"Is anyone there?", "Let me check", "Checking stock", "Thanks"}
	if got := texts(r); !reflect.DeepEqual(got, want) {
		t.Errorf("messages = %q; want %q (no typing, agent-only events or joins)", got, want)
	}
	if r.Data.QuerySeen != 1 {
		t.Errorf("query_seen = %d; want 1 (every message followed by the other side)", r.Data.QuerySeen)
	}
}

func TestActVisitorComplete(t *testing.T) {
	m, _ := newMock(t)
	actor := m.Actor("acquire")
	key := store.Key{Vendor: "acquire", Tenant: "10719", ID: "106241"}
	events, c, err := actor.Act(key, visitor("complete"))
	if err != nil || len(events) != 1 || events[0].Kind != "left" || c.State != "completed" || c.VendorState != "closed" {
		t.Fatalf("complete = %v, %s/%s, %v; want one left event, completed, closed", events, c.State, c.VendorState, err)
	}
	if _, _, err := actor.Act(key, visitor("join")); !isKind(err, api.KindWrongState) {
		t.Errorf("join after complete: err = %v; want wrong state", err)
	}
	if _, _, err := actor.Act(store.Key{Vendor: "acquire", Tenant: "10719", ID: "1"}, visitor("join")); !isKind(err, api.KindNotFound) {
		t.Errorf("unknown chat: err = %v; want not found", err)
	}
	if _, _, err := actor.Act(store.Key{Vendor: "acquire", Tenant: "10719", ID: "106350"}, api.Action{Role: "bot", Name: "send"}); !isKind(err, api.KindInvalid) {
		t.Errorf("unknown role: err = %v; want invalid", err)
	}
}

func TestActRejoin(t *testing.T) {
	m, _ := newMock(t)
	actor := m.Actor("acquire")
	key := store.Key{Vendor: "acquire", Tenant: "10719", ID: "106300"} // completed
	if _, _, err := actor.Act(key, visitor("join")); !isKind(err, api.KindWrongState) {
		t.Errorf("join a completed chat: err = %v; want wrong state", err)
	}
	key.ID = "106241"
	if _, _, err := actor.Act(key, visitor("join")); !isKind(err, api.KindWrongState) {
		t.Errorf("join while present: err = %v; want wrong state", err)
	}
}

func isKind(err error, k api.Kind) bool {
	var e *api.Error
	return errors.As(err, &e) && e.Kind == k
}
