package bot_test

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/acquire"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/bot"
	"github.com/chatconform/chatconform/mock/gws"
	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/mock/superoffice"
)

// waitChat polls the store until ok holds for the chat with all its events, and returns it.
func waitChat(t *testing.T, st *store.Store, key store.Key, what string, ok func(store.Chat) bool) store.Chat {
	t.Helper()
	var c store.Chat
	for deadline := time.Now().Add(patience); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		var err error
		if c, err = st.Read(key, store.Query{}); err != nil {
			t.Fatalf("read %v: %v", key, err)
		}
		if ok(c) {
			return c
		}
	}
	t.Fatalf("chat %v: no %s within %v; state %s, events %+v", key, what, patience, c.State, c.Events)
	return c
}

// agentEvents returns the kinds and texts of the agents' visible events.
func agentEvents(c store.Chat) []string {
	var out []string
	for _, ev := range c.Events {
		if p, _ := c.Participant(ev.From); p.Role == store.RoleAgent && ev.Visibility == store.VisibleAll {
			out = append(out, ev.Kind+" "+ev.Text)
		}
	}
	return out
}

// acquireSet is one Acquire account with two agents.
func acquireSet() *fixtures.Set {
	return &fixtures.Set{
		Tenants: []fixtures.Tenant{{ID: "10719", Vendor: fixtures.Acquire, Name: "Deo Outdoor", APITokens: []string{"tok-10719"}}},
		Agents: []fixtures.Agent{
			{ID: "15416", Vendor: fixtures.Acquire, Tenant: "10719", Name: "Devid Klok", Nickname: "Devid"},
			{ID: "15417", Vendor: fixtures.Acquire, Tenant: "10719", Name: "Mia Berg", Nickname: "Mia"},
		},
	}
}

// newChat creates a chat through the vendor's Actor, as a visitor starts it.
func newChat(t *testing.T, actor api.Actor, vendor, tenant string) store.Chat {
	t.Helper()
	c, err := actor.CreateChat(api.NewChat{Vendor: vendor, Tenant: tenant,
		Visitor: struct{ Name, Nickname, Email string }{Name: "Robin Visitor"}})
	if err != nil {
		t.Fatalf("CreateChat: %v", err)
	}
	return c
}

// greeted tells whether the agent has sent the greeting.
func greeted(greeting string) func(store.Chat) bool {
	return func(c store.Chat) bool { return slices.Contains(agentEvents(c), "text "+greeting) }
}

// TestFixtureReload: after a fixture reload, Acquire's numeric chat ids start over, so a
// new chat can have the id of one the bot was in; the bot treats it as new, whether the
// reload was wrapped in Suspend and Resume (as the mock does) or not.
func TestFixtureReload(t *testing.T) {
	t.Parallel()
	for _, suspend := range []bool{true, false} {
		t.Run(fmt.Sprintf("suspend=%t", suspend), func(t *testing.T) {
			t.Parallel()
			m, err := mock.New(mock.WithVendors(acquire.New()), mock.WithFixtures(acquireSet()), mock.WithStrict(true))
			if err != nil {
				t.Fatalf("mock.New: %v", err)
			}
			b := bot.New(m.Store(), m.Actor)
			t.Cleanup(b.Close)
			cfg := fast()
			b.Configure(cfg)
			actor := m.Actor(fixtures.Acquire)
			first := newChat(t, actor, fixtures.Acquire, "10719")
			waitChat(t, m.Store(), first.Key, "greeting", greeted(cfg.Greeting))
			if suspend {
				b.Suspend()
			}
			if err := m.Reset(); err != nil {
				t.Fatalf("Reset: %v", err)
			}
			if suspend {
				b.Resume()
			}
			again := newChat(t, actor, fixtures.Acquire, "10719")
			if again.Key != first.Key {
				t.Fatalf("chat after the reload = %v; want the id %v again", again.Key, first.Key)
			}
			waitChat(t, m.Store(), again.Key, "greeting", greeted(cfg.Greeting))
		})
	}
}

func TestEveryVendor(t *testing.T) {
	t.Parallel()
	tests := []struct {
		vendor  api.Vendor
		tenant  string
		set     *fixtures.Set
		agentID string
	}{
		{gws.New(), cc, gwsSet(), ann},
		{acquire.New(), "10719", acquireSet(), "15416"},
		{superoffice.New(), "Onsite", &fixtures.Set{
			Tenants: []fixtures.Tenant{{ID: "Onsite", Vendor: fixtures.SuperOffice, Name: "Onsite installation"}},
			Agents: []fixtures.Agent{
				{ID: "12", Vendor: fixtures.SuperOffice, Tenant: "Onsite", Name: "Anna Berg", Nickname: "Anna", Username: "anna", Password: "anna-pass"},
				{ID: "13", Vendor: fixtures.SuperOffice, Tenant: "Onsite", Name: "Ola Nordmann", Nickname: "Ola", Username: "ola", Password: "ola-pass"},
			},
		}, "12"},
	}
	for _, tt := range tests {
		t.Run(tt.vendor.Name(), func(t *testing.T) {
			t.Parallel()
			m, err := mock.New(mock.WithVendors(tt.vendor), mock.WithFixtures(tt.set), mock.WithStrict(true))
			if err != nil {
				t.Fatalf("mock.New: %v", err)
			}
			b := bot.New(m.Store(), m.Actor)
			t.Cleanup(b.Close)
			cfg := fast()
			cfg.Echo, cfg.IdleComplete = true, time.Hour
			b.Configure(cfg)
			actor := m.Actor(tt.vendor.Name())
			st := m.Store()
			c := newChat(t, actor, tt.vendor.Name(), tt.tenant)
			c = waitChat(t, st, c.Key, "greeting", greeted(cfg.Greeting))
			if c.State != store.StateChatting {
				t.Errorf("state = %s; want chatting", c.State)
			}
			if p := c.PresentAgents(); len(p) != 1 || p[0].Ref != tt.agentID {
				t.Errorf("agents = %+v; want %s, the vendor's pick", p, tt.agentID)
			}
			before := len(agentEvents(c))
			if _, _, err := actor.Act(c.Key, api.Action{Role: api.AsVisitor, Name: "send", Text: "ping"}); err != nil {
				t.Fatalf("visitor send: %v", err)
			}
			c = waitChat(t, st, c.Key, "echo", func(c store.Chat) bool { return len(agentEvents(c)) >= before+3 })
			want := []string{"typing-started ", "typing-stopped ", "text ping"}
			if got := agentEvents(c)[before:]; !slices.Equal(got, want) {
				t.Errorf("agent events after the visitor's text = %q; want %q", got, want)
			}
			// A shorter idle time takes effect at once.
			cfg.IdleComplete = 5 * time.Millisecond
			b.Configure(cfg)
			waitChat(t, st, c.Key, "completion", func(c store.Chat) bool { return c.State == store.StateCompleted })
		})
	}
}
