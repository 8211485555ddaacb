package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/fixtures"
)

func mustRender(t *testing.T, seed uint64) []byte {
	t.Helper()
	b, err := render(Generate(seed))
	if err != nil {
		t.Fatalf("render seed %d: %v", seed, err)
	}
	return b
}

func TestGenerateIsDeterministic(t *testing.T) {
	for _, seed := range []uint64{1, 7, defaultSeed, 1 << 63} {
		a, b := mustRender(t, seed), mustRender(t, seed)
		if !bytes.Equal(a, b) {
			t.Errorf("seed %d: two runs differ (%d and %d bytes); want identical output", seed, len(a), len(b))
		}
	}
}

func TestGenerateSeedMatters(t *testing.T) {
	if bytes.Equal(mustRender(t, defaultSeed), mustRender(t, defaultSeed+1)) {
		t.Errorf("seeds %d and %d give the same output; want different", defaultSeed, defaultSeed+1)
	}
}

// TestDefaultUpToDate is the drift check of the committed fixtures/default.json.
func TestDefaultUpToDate(t *testing.T) {
	want := mustRender(t, defaultSeed)
	got := fixtures.DefaultJSON()
	if !bytes.Equal(got, want) {
		t.Fatalf("fixtures/default.json (%d bytes) differs from Generate(%d) (%d bytes); run `go generate ./fixtures/`",
			len(got), defaultSeed, len(want))
	}
}

func TestGenerateIsValid(t *testing.T) {
	for _, seed := range []uint64{1, 7, defaultSeed} {
		if err := Generate(seed).Validate(); err != nil {
			t.Errorf("Generate(%d).Validate() = %v; want nil", seed, err)
		}
	}
}

func TestLongTranscripts(t *testing.T) {
	s := Generate(defaultSeed)
	for _, tc := range []struct {
		vendor string
		want   int
	}{
		{fixtures.GWS, gwsLongEvents},
		{fixtures.SuperOffice, soLongTexts},
		{fixtures.Acquire, acqLongTexts},
	} {
		t.Run(tc.vendor, func(t *testing.T) {
			most := 0
			for _, c := range s.ChatsOf(tc.vendor) {
				most = max(most, len(c.Events))
			}
			if most < 1000 || most < tc.want {
				t.Errorf("longest chat has %d events; want at least %d", most, max(1000, tc.want))
			}
		})
	}
}

func TestRun(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "set.json")
	var out, errOut bytes.Buffer
	if err := run(context.Background(), []string{"-o", file, "-seed", "7"}, &out, &errOut); err != nil {
		t.Fatalf("run -o: %v; stderr %s", err, errOut.String())
	}
	got, err := os.ReadFile(file)
	if err != nil {
		t.Fatalf("read output: %v", err)
	}
	if want := mustRender(t, 7); !bytes.Equal(got, want) {
		t.Errorf("file holds %d bytes; want the %d of render(Generate(7))", len(got), len(want))
	}
	if !bytes.HasSuffix(got, []byte("}\n")) || !bytes.HasPrefix(got, []byte("{\n  \"seed\": 7,\n")) {
		t.Errorf("file starts %q and ends %q; want two-space indentation and a trailing newline",
			got[:min(20, len(got))], got[max(0, len(got)-5):])
	}
	if out.Len() != 0 {
		t.Errorf("stdout got %d bytes with -o; want none", out.Len())
	}

	out.Reset()
	if err := run(context.Background(), nil, &out, &errOut); err != nil {
		t.Fatalf("run: %v", err)
	}
	if want := mustRender(t, defaultSeed); !bytes.Equal(out.Bytes(), want) {
		t.Errorf("stdout holds %d bytes; want the %d of render(Generate(%d))", out.Len(), len(want), defaultSeed)
	}
}

func TestRunRejects(t *testing.T) {
	for _, args := range [][]string{{"-seed", "0"}, {"extra"}, {"-nope"}, {"-seed", "x"}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, &out, &errOut); err == nil {
			t.Errorf("run(%q) succeeded; want an error", args)
		}
	}
}

// TestFixedRecords checks the ids and credentials that the vendor samples, the README and the
// conformance suite rely on.
func TestFixedRecords(t *testing.T) {
	s := Generate(defaultSeed)
	t.Run("gws", func(t *testing.T) {
		gws := s.TenantsOf(fixtures.GWS)
		check(t, "first gws tenant", gws[0].ID, gwsTenant1)
		check(t, "its queues", strings.Join(gws[0].Queues, ","), "default,billing,technical")
		agents := s.AgentsOf(fixtures.GWS, gwsTenant1)
		a := agents[0]
		check(t, "first agent username", a.Username, "agent1")
		check(t, "first agent password", a.Password, "agent1pass")
		check(t, "first agent nickname", a.Nickname, "Kristi")
		check(t, "first agent name", a.Name, "Kristi Sippola")
		check(t, "second agent queues", strings.Join(agents[1].Queues, ","), "billing")
		if !agents[2].Away {
			t.Error("third agent away = false; want true")
		}
		c := s.ChatsOf(fixtures.GWS)[0]
		check(t, "first chat id", c.ID, gwsChat1)
		check(t, "first chat state", c.State, fixtures.StateChatting)
		check(t, "first chat visitor nickname", c.Visitor.Nickname, "Chris")
		check(t, "first chat agent", c.Agent, a.ID)
	})
	t.Run("superoffice", func(t *testing.T) {
		if findTenant(t, s, fixtures.SuperOffice, soOnsite).Online {
			t.Error("Onsite online = true; want false")
		}
		if !findTenant(t, s, fixtures.SuperOffice, soOnline).Online {
			t.Error("Cust12345 online = false; want true")
		}
		anna := findAgent(t, s, fixtures.SuperOffice, "12")
		check(t, "12 tenant", anna.Tenant, soOnsite)
		check(t, "12 username", anna.Username, "anna")
		check(t, "12 password", anna.Password, "anna-pass")
		check(t, "12 name", anna.Name, "Anna Berg")
		check(t, "12 ticket", anna.Ticket, "7T:dGplMDpUamUwdGplMDpUamUw")
		check(t, "12 token", anna.Token, "so-bearer-anna-0123456789abcdef")
		check(t, "12 xsrfToken", anna.XSRFToken, "xsrf-anna-0123456789")
		var ids []string
		for _, a := range s.Agents {
			if a.Vendor == fixtures.SuperOffice {
				ids = append(ids, a.Tenant+"/"+a.ID)
			}
		}
		check(t, "associates", strings.Join(ids, ","), "Onsite/12,Onsite/13,Onsite/14,Cust12345/22,Cust12345/23,Cust12345/24")
		c := findChat(t, s, fixtures.SuperOffice, "103")
		check(t, "103 tenant", c.Tenant, soOnsite)
		check(t, "103 state", c.State, fixtures.StateChatting)
		check(t, "103 agent", c.Agent, "12")
	})
	t.Run("acquire", func(t *testing.T) {
		tokens := findTenant(t, s, fixtures.Acquire, "10719").APITokens
		if !slices.Contains(tokens, "acq-token-10719-0123456789abcdef") {
			t.Errorf("10719 tokens = %q; want acq-token-10719-0123456789abcdef among them", tokens)
		}
		findTenant(t, s, fixtures.Acquire, "20450")
		devid := findAgent(t, s, fixtures.Acquire, "15416")
		check(t, "15416 name", devid.Name, "Devid Klok")
		check(t, "15416 photo", devid.Photo, "pp15337107338831.png")
		c := findChat(t, s, fixtures.Acquire, "106241")
		check(t, "106241 visitor id", c.Visitor.ID, "61793")
		check(t, "106241 visitor name", c.Visitor.Name, "John Deo")
		check(t, "106241 agent", c.Agent, "15416")
		check(t, "106241 thread", c.Thread, "445")
		check(t, "106241 state", c.State, fixtures.StateChatting)
		var texts []fixtures.Event
		for _, e := range c.Events {
			if e.Kind == fixtures.KindText {
				texts = append(texts, e)
			}
		}
		if len(texts) < 4 {
			t.Fatalf("106241 has %d texts; want at least 4", len(texts))
		}
		check(t, "first text", texts[0].From+": "+texts[0].Text, "15416: Hello")
		check(t, "second text", texts[1].From+": "+texts[1].Text, "visitor: Hello")
		for i := 1; i < len(texts); i++ {
			if texts[i].From == texts[i-1].From {
				t.Errorf("texts %d and %d are both from %s; want them alternating", i-1, i, texts[i].From)
			}
		}
	})
}

// TestShape checks the rules every generated chat follows, for several seeds.
func TestShape(t *testing.T) {
	for _, seed := range []uint64{1, 7, defaultSeed} {
		s := Generate(seed)
		agents := map[string]fixtures.Agent{}
		for _, a := range s.Agents {
			agents[a.Vendor+"/"+a.ID] = a
		}
		for _, c := range s.Chats {
			where := c.Vendor + " chat " + c.ID
			if len(c.Events) == 0 || c.Events[0].Kind != fixtures.KindJoined || c.Events[0].From != fixtures.FromVisitor {
				t.Errorf("seed %d: %s: first event %+v; want the visitor joining", seed, where, c.Events[:min(1, len(c.Events))])
				continue
			}
			if got := c.Events[0].Time; !got.Equal(c.CreatedAt) {
				t.Errorf("seed %d: %s: first event at %v; want createdAt %v", seed, where, got, c.CreatedAt)
			}
			if (c.State == fixtures.StateWaiting) != (c.Agent == "") {
				t.Errorf("seed %d: %s: state %s with agent %q; want an agent exactly when not waiting", seed, where, c.State, c.Agent)
			}
			if a := agents[c.Vendor+"/"+c.Agent]; c.Agent != "" && len(a.Queues) > 0 && !slices.Contains(a.Queues, c.Queue) {
				t.Errorf("seed %d: %s: queue %q, agent %s takes only %q", seed, where, c.Queue, a.ID, a.Queues)
			}
			for i, e := range c.Events {
				want := fixtures.VisibleAll
				if e.Kind == fixtures.KindCustomNotice {
					want = fixtures.VisibleAgents
				}
				if e.Visibility != want {
					t.Errorf("seed %d: %s: events[%d] %s visibility %q; want %q", seed, where, i, e.Kind, e.Visibility, want)
				}
				if c.Vendor != fixtures.GWS && (e.Kind == fixtures.KindTypingStarted || e.Kind == fixtures.KindTypingStopped) {
					t.Errorf("seed %d: %s: events[%d] is %s; want no typing events outside GWS", seed, where, i, e.Kind)
				}
			}
			if c.Vendor == fixtures.SuperOffice {
				want := map[string]string{fixtures.StateWaiting: soInQueue, fixtures.StateCompleted: soClosed}[c.State]
				if c.State == fixtures.StateChatting {
					want = soUserLast
					if lastText(c).From == fixtures.FromVisitor {
						want = soCustLast
					}
				}
				if c.VendorState != want {
					t.Errorf("seed %d: %s: vendorState %q; want %q", seed, where, c.VendorState, want)
				}
			}
		}
	}
}

func findTenant(t *testing.T, s *fixtures.Set, vendor, id string) fixtures.Tenant {
	t.Helper()
	for _, x := range s.Tenants {
		if x.Vendor == vendor && x.ID == id {
			return x
		}
	}
	t.Fatalf("no %s tenant %s", vendor, id)
	return fixtures.Tenant{}
}

func findAgent(t *testing.T, s *fixtures.Set, vendor, id string) fixtures.Agent {
	t.Helper()
	for _, x := range s.Agents {
		if x.Vendor == vendor && x.ID == id {
			return x
		}
	}
	t.Fatalf("no %s agent %s", vendor, id)
	return fixtures.Agent{}
}

func findChat(t *testing.T, s *fixtures.Set, vendor, id string) fixtures.Chat {
	t.Helper()
	for _, x := range s.Chats {
		if x.Vendor == vendor && x.ID == id {
			return x
		}
	}
	t.Fatalf("no %s chat %s", vendor, id)
	return fixtures.Chat{}
}

func check(t *testing.T, what, got, want string) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %q; want %q", what, got, want)
	}
}

func lastText(c fixtures.Chat) fixtures.Event {
	for i := len(c.Events) - 1; i >= 0; i-- {
		if c.Events[i].Kind == fixtures.KindText {
			return c.Events[i]
		}
	}
	return fixtures.Event{}
}
