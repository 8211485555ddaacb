package superoffice_test

import (
	"errors"
	"testing"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

func soKey(tenant, id string) store.Key {
	return store.Key{Vendor: fixtures.SuperOffice, Tenant: tenant, ID: id}
}

func wantKind(t *testing.T, err error, kind api.Kind) {
	t.Helper()
	var e *api.Error
	if !errors.As(err, &e) || e.Kind != kind {
		t.Fatalf("error = %v; want kind %v", err, kind)
	}
}

func TestCreateChat(t *testing.T) {
	e := newEnv(t)
	if e.m.Actor(fixtures.SuperOffice) == nil {
		t.Fatal("the mock does not see the adapter as an api.Actor")
	}
	c, err := e.so.CreateChat(api.NewChat{Vendor: fixtures.SuperOffice, Tenant: "Onsite",
		Visitor:  struct{ Name, Nickname, Email string }{Name: "Mia Holm", Email: "mia@example.com"},
		Messages: []api.NewMessage{{From: "visitor", Text: "Hello?"}}})
	if err != nil {
		t.Fatalf("CreateChat: %v", err)
	}
	if c.Key.ID != "203" || c.State != store.StateWaiting || c.VendorState != "InQueue" {
		t.Errorf("chat = %+v; want 203, waiting, InQueue", c)
	}
	s := e.session("203")
	if s.CustomerName != "Mia Holm" || s.CustomerAlias != "Mia" || s.Status != "InQueue" || s.FirstMessage != "Hello?" {
		t.Errorf("session = %+v", s)
	}
	if ms := e.messages("203", ""); len(ms) != 1 || ms[0].Type != "ToUser" || ms[0].Author != "Mia Holm" {
		t.Errorf("messages = %+v; want one ToUser", ms)
	}

	c, err = e.so.CreateChat(api.NewChat{Vendor: fixtures.SuperOffice, Tenant: online, ID: "777", Agent: "22",
		Visitor:  struct{ Name, Nickname, Email string }{Name: "Nils"},
		Messages: []api.NewMessage{{From: "visitor", Text: "Q"}, {From: "agent", Text: "A"}, {From: "visitor", Text: "Q2"}}})
	if err != nil {
		t.Fatalf("CreateChat with agent: %v", err)
	}
	if c.Key != soKey(online, "777") || c.State != store.StateChatting || c.VendorState != "CustomerLast" {
		t.Errorf("chat = %+v; want 777 chatting CustomerLast", c)
	}

	for _, tc := range []struct {
		name string
		n    api.NewChat
		kind api.Kind
	}{
		{"unknown tenant", api.NewChat{Tenant: "Nope", Visitor: struct{ Name, Nickname, Email string }{Name: "x"}}, api.KindNotFound},
		{"unknown agent", api.NewChat{Tenant: "Onsite", Agent: "22", Visitor: struct{ Name, Nickname, Email string }{Name: "x"}}, api.KindNotFound},
		{"agent message without agent", api.NewChat{Tenant: "Onsite", Visitor: struct{ Name, Nickname, Email string }{Name: "x"},
			Messages: []api.NewMessage{{From: "agent", Text: "hi"}}}, api.KindMissing},
		{"id not numeric", api.NewChat{Tenant: "Onsite", ID: "abc", Visitor: struct{ Name, Nickname, Email string }{Name: "x"}}, api.KindInvalid},
		{"id taken", api.NewChat{Tenant: "Onsite", ID: "103", Visitor: struct{ Name, Nickname, Email string }{Name: "x"}}, api.KindConflict},
		{"no visitor name", api.NewChat{Tenant: "Onsite"}, api.KindMissing},
	} {
		t.Run(tc.name, func(t *testing.T) {
			n := len(e.m.Store().List(storeFilter()))
			_, err := e.so.CreateChat(tc.n)
			wantKind(t, err, tc.kind)
			if got := len(e.m.Store().List(storeFilter())); got != n {
				t.Errorf("sessions = %d; want %d", got, n)
			}
		})
	}
}

func TestActAsAgent(t *testing.T) {
	e := newEnv(t)
	k := soKey("Onsite", "104")
	act := func(a api.Action) ([]store.Event, store.Chat, error) {
		a.Role = api.AsAgent
		return e.so.Act(k, a)
	}
	_, _, err := act(api.Action{Name: "send", Text: "too early"})
	wantKind(t, err, api.KindWrongState)

	evs, c, err := act(api.Action{Name: "accept", Nickname: "Annie"})
	if err != nil {
		t.Fatalf("accept: %v", err)
	}
	if len(evs) != 2 || evs[0].Kind != store.KindJoined || evs[1].Attrs["SpecialType"] != "Welcome" || c.VendorState != "UserLast" || c.State != store.StateChatting {
		t.Errorf("accept: events %+v, chat %s/%s", evs, c.State, c.VendorState)
	}
	if s := e.session("104"); s.User == nil || s.User.AssociateId != 12 {
		t.Errorf("accepted by %+v; want the tenant's first associate, Anna", s.User)
	}
	_, _, err = act(api.Action{Name: "accept"})
	wantKind(t, err, api.KindWrongState)

	evs, _, err = act(api.Action{Name: "typing-start", Text: "I am wri"})
	if err != nil || len(evs) != 1 || evs[0].Kind != store.KindTypingStarted || evs[0].MessageID != 0 {
		t.Fatalf("typing-start: %+v, %v", evs, err)
	}
	if s := e.session("104"); s.Flags != "UserIsTyping" {
		t.Errorf("Flags = %s; want UserIsTyping", s.Flags)
	}
	n := len(e.messages("104", ""))
	if _, _, err := act(api.Action{Name: "typing-stop"}); err != nil {
		t.Fatalf("typing-stop: %v", err)
	}
	if s := e.session("104"); s.Flags != "None" || len(e.messages("104", "")) != n {
		t.Errorf("after typing: Flags %s, %d messages; want None, %d (typing is no message)", s.Flags, len(e.messages("104", "")), n)
	}

	if _, _, err := act(api.Action{Name: "send", Text: "How can I help?"}); err != nil {
		t.Fatalf("send: %v", err)
	}
	if _, _, err := act(api.Action{Name: "notice", Text: "Customer is a premium member."}); err != nil {
		t.Fatalf("notice: %v", err)
	}
	ms := e.messages("104", "")
	if last := ms[len(ms)-2:]; last[0].Type != "ToCustomer" || last[0].Author != "Anna Berg" || last[1].Type != "Special" {
		t.Errorf("last messages = %+v; want ToCustomer then Special", last)
	}
	_, _, err = act(api.Action{Name: "send"})
	wantKind(t, err, api.KindMissing)
	_, _, err = act(api.Action{Name: "transfer"})
	wantKind(t, err, api.KindMissing)
	_, _, err = act(api.Action{Name: "transfer", Target: "22"})
	wantKind(t, err, api.KindNotFound)
	_, _, err = act(api.Action{Name: "reject"})
	wantKind(t, err, api.KindInvalid)
	_, _, err = act(api.Action{Name: "send", Text: "x", Agent: "99"})
	wantKind(t, err, api.KindNotFound)

	evs, _, err = act(api.Action{Name: "transfer", Target: "13"})
	if err != nil || len(evs) != 3 || evs[0].Kind != store.KindLeft || evs[1].Kind != store.KindJoined || evs[2].Attrs["SpecialType"] != "TransferedSession" {
		t.Fatalf("transfer: %+v, %v", evs, err)
	}
	if s := e.session("104"); s.User == nil || s.User.AssociateId != 13 {
		t.Errorf("after transfer User = %+v; want Ola", s.User)
	}
	_, c, err = act(api.Action{Name: "complete"})
	if err != nil || c.State != store.StateCompleted || c.VendorState != "Closed" {
		t.Fatalf("complete: %s/%s, %v", c.State, c.VendorState, err)
	}
	ms = e.messages("104", "")
	if last := ms[len(ms)-1]; last.SpecialType != "ClosedByUser" || last.Author != "Ola Nordmann" {
		t.Errorf("last message = %+v; want Ola's ClosedByUser", last)
	}
	if s := e.session("104"); s.WhenEnded != e.clock.Now().Format("2006-01-02T15:04:05Z") {
		t.Errorf("WhenEnded = %s; want now", s.WhenEnded)
	}
	for _, name := range []string{"send", "leave", "typing-start", "notice", "transfer"} {
		_, _, err = act(api.Action{Name: name, Text: "x", Target: "12"})
		wantKind(t, err, api.KindWrongState)
	}
	_, _, err = e.so.Act(soKey("Onsite", "999"), api.Action{Role: api.AsAgent, Name: "send", Text: "x"})
	wantKind(t, err, api.KindNotFound)
	_, _, err = e.so.Act(store.Key{Vendor: "gws", Tenant: "Onsite", ID: "103"}, api.Action{Role: api.AsAgent, Name: "send", Text: "x"})
	wantKind(t, err, api.KindNotFound)
}

func TestActAsVisitor(t *testing.T) {
	e := newEnv(t)
	act := func(id string, a api.Action) ([]store.Event, store.Chat, error) {
		a.Role = api.AsVisitor
		return e.so.Act(soKey("Onsite", id), a)
	}
	_, c, err := act("103", api.Action{Name: "send", Text: "Are you there?"})
	if err != nil || c.VendorState != "CustomerLast" {
		t.Fatalf("send: %s, %v", c.VendorState, err)
	}
	if ms := e.messages("103", ""); ms[len(ms)-1].Type != "ToUser" || ms[len(ms)-1].Message != "Are you there?" {
		t.Errorf("last message = %+v", ms[len(ms)-1])
	}
	if _, _, err := act("103", api.Action{Name: "typing-start"}); err != nil {
		t.Fatal(err)
	}
	if _, _, err := e.so.Act(soKey("Onsite", "103"), api.Action{Role: api.AsAgent, Name: "typing-start"}); err != nil {
		t.Fatal(err)
	}
	if s := e.session("103"); s.Flags != "CustomerIsTyping, UserIsTyping" {
		t.Errorf("Flags = %q; want both", s.Flags)
	}
	_, _, err = act("103", api.Action{Name: "join"})
	wantKind(t, err, api.KindWrongState)
	_, c, err = act("103", api.Action{Name: "complete"})
	if err != nil || c.VendorState != "Closed" {
		t.Fatalf("complete: %s, %v", c.VendorState, err)
	}
	if ms := e.messages("103", ""); ms[len(ms)-1].SpecialType != "ClosedByCustomer" {
		t.Errorf("last message = %+v; want ClosedByCustomer", ms[len(ms)-1])
	}
	if s := e.session("103"); s.Flags != "None" {
		t.Errorf("Flags = %q; want None after closing", s.Flags)
	}
	_, _, err = act("103", api.Action{Name: "send", Text: "hello again"})
	wantKind(t, err, api.KindWrongState)

	_, c, err = act("104", api.Action{Name: "complete"})
	if err != nil || c.VendorState != "ClosedFromQueue" || c.State != store.StateCompleted {
		t.Fatalf("complete from the queue: %s, %v", c.VendorState, err)
	}
	_, _, err = act("106", api.Action{Name: "accept"})
	wantKind(t, err, api.KindInvalid)
	_, _, err = act("106", api.Action{Name: "send"})
	wantKind(t, err, api.KindMissing)
}
