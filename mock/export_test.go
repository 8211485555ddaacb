package mock_test

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
)

// felicity is the GWS agent of cc1 a chat is transferred to in the round-trip test.
const felicity = "0ec8280a64d9369d4f25"

// TestExportRoundTripIsExact builds state through every vendor API, exports it, loads the
// export into a fresh mock, and compares the answers of every read operation of every
// vendor between the two mocks byte for byte; a second export must equal the first, and the
// next message after the load gets the id it would have got in the first mock.
func TestExportRoundTripIsExact(t *testing.T) {
	a := newSite(t)
	gws := a.buildGWSState()
	so := a.buildSuperOfficeState()
	a.buildAcquireState()

	export := a.do("GET", "/mock/fixtures", "").ok(t, 200).raw
	set, err := fixtures.Parse([]byte(export)) // what --fixtures and --state read
	if err != nil {
		t.Fatalf("the export does not parse as a fixture set: %v", err)
	}
	if set.LastMessageID == 0 || len(set.Chats) == 0 {
		t.Fatalf("export without lastMessageId or chats: %.300s", export)
	}

	b := newSite(t)
	b.do("POST", "/mock/fixtures", export).ok(t, 200)
	if again := b.do("GET", "/mock/fixtures", "").ok(t, 200).raw; again != export {
		t.Errorf("the export of the loaded export differs:\n%s", firstDiff(export, again))
	}
	c := newSite(t, mock.WithFixtures(set)) // chatmock --fixtures / --state
	if again := c.do("GET", "/mock/fixtures", "").ok(t, 200).raw; again != export {
		t.Errorf("the export of a mock started with the export differs:\n%s", firstDiff(export, again))
	}

	reads := readsOf(gws, so)
	for _, r := range reads {
		want := a.do(r.method, r.path, r.body, r.header...)
		got := b.do(r.method, r.path, r.body, r.header...)
		if want.status != 200 {
			t.Errorf("%s %s on the first mock: %d %s", r.method, r.path, want.status, want.raw)
			continue
		}
		// The two mocks listen on different ports: links name each one's own base URL, the
		// only part of an answer that cannot be equal.
		w, g := strings.ReplaceAll(want.raw, a.url, "BASE"), strings.ReplaceAll(got.raw, b.url, "BASE")
		if got.status != want.status || g != w {
			t.Errorf("%s %s: the loaded export answers %d, the original %d:\n%s", r.method, r.path, got.status, want.status, firstDiff(w, g))
		}
	}
	// The message counter: the next message gets the same id in both.
	for _, s := range []*site{a, b} {
		s.say(gws[0], "after the export")
	}
	last := func(s *site) string {
		m := s.messages(gws[0], "?index=0")
		j, _ := json.Marshal(m[len(m)-1])
		return string(j)
	}
	if la, lb := last(a), last(b); la != lb {
		t.Errorf("the message after the load differs:\n original %s\n loaded   %s", la, lb)
	}
	if testing.Verbose() {
		t.Logf("%d reads compared; export %d bytes, %d chats, lastMessageId %d", len(reads), len(export), len(set.Chats), set.LastMessageID)
	}
}

// TestExportDuringTraffic: exports taken while customers and the simulated agent write are
// whole fixture sets: each parses and validates (message ids ascending and below
// lastMessageId), loads into a fresh mock, and no request gets a 5xx.
func TestExportDuringTraffic(t *testing.T) {
	s := newSite(t, mock.WithSimulatedAgent("auto"))
	fresh := newSite(t)
	var writers sync.WaitGroup
	stop := make(chan struct{})
	for w := range 2 {
		writers.Go(func() {
			for range 25 { // bounded: the state, and so each export, grows with the chats
				select {
				case <-stop:
					return
				default:
				}
				id := s.requestChat()
				if r := s.do("POST", "/api/v2/chats/"+id, `{"operationName":"SendMessage","text":"w`+strconv.Itoa(w)+`"}`, "ContactCenterId", cc1); r.status >= 500 {
					t.Errorf("SendMessage during exports: %d %s", r.status, r.raw)
					return
				}
			}
		})
	}
	var last *fixtures.Set
	for range 3 {
		r := s.do("GET", "/mock/fixtures", "")
		if r.status != 200 {
			t.Fatalf("export during traffic: %d %.300s", r.status, r.raw)
		}
		set, err := fixtures.Parse([]byte(r.raw))
		if err != nil {
			t.Fatalf("an export taken during traffic does not validate: %v", err)
		}
		fresh.do("POST", "/mock/fixtures", r.raw).ok(t, 200)
		last = set
	}
	close(stop)
	writers.Wait()
	if last == nil || len(last.Chats) == 0 {
		t.Fatal("no export")
	}
}

// buildGWSState starts three GWS chats in cc1 and returns their ids: one with customer,
// agent and agent-only messages, typing, user data and a customer cursor; one rejected by
// agent1 (declined, offered to the next agent); one transferred from agent1 to Felicity.
func (s *site) buildGWSState() []string {
	s.t.Helper()
	agentOp := func(id, body string) {
		s.t.Helper()
		s.do("POST", "/api/v2/me/chats/"+id, body, agent1...).ok(s.t, 200)
	}
	talk := s.acceptedChat()
	s.say(talk, "Hello, my order is late")
	agentOp(talk, `{"operationName":"SendMessage","text":"Let me check"}`)
	agentOp(talk, `{"operationName":"SendCustomNoticeToAgents","noticeText":"VIP customer"}`)
	agentOp(talk, `{"operationName":"SendStartTypingToAgentsNotification"}`)
	agentOp(talk, `{"operationName":"UpdateUserData","userData":{"OrderId":"88231"}}`)
	agentOp(talk, `{"operationName":"SendStartTypingNotification","text":"It ships"}`)
	s.do("POST", "/api/v2/chats/"+talk, `{"operationName":"SendStartTypingNotification","text":"Any"}`, "ContactCenterId", cc1).ok(s.t, 200)
	s.messages(talk, "") // the customer's cursor moves
	s.say(talk, "Any news?")

	rejected := s.requestChat()
	agentOp(rejected, `{"operationName":"Reject"}`)

	transferred := s.acceptedChat()
	s.say(transferred, "Billing question")
	agentOp(transferred, `{"operationName":"Transfer","targetUri":"/api/v2/users/`+felicity+`","text":"Passing you to billing"}`)
	return []string{talk, rejected, transferred}
}

// buildSuperOfficeState starts a SuperOffice session with posts both ways and posts to the
// fixture session 101; it returns the session paths.
func (s *site) buildSuperOfficeState() []string {
	s.t.Helper()
	session := s.soSession()
	s.do("POST", session+"/Messages", `{"Type":"ToUser","Message":"Is anyone there?"}`, anna...).ok(s.t, 200)
	s.do("POST", session+"/Messages", `{"Type":"ToCustomer","Message":"Yes, Anna here"}`, anna...).ok(s.t, 200)
	s.do("POST", soPath, soPost, anna...).ok(s.t, 200)
	return []string{session, strings.TrimSuffix(soPath, "/Messages")}
}

// buildAcquireState adds visitor and agent messages to the fixture Acquire chat through the
// control API.
func (s *site) buildAcquireState() {
	s.t.Helper()
	s.do("POST", "/mock/chats/acquire/106241/visitor", `{"action":"send","text":"Hi again"}`).ok(s.t, 200)
	s.do("POST", "/mock/chats/acquire/106241/agent", `{"action":"send","text":"Welcome back"}`).ok(s.t, 200)
}

type read struct {
	method, path, body string
	header             []string
}

// readsOf lists every read operation of every vendor over the chats the test built and the
// fixture chats.
func readsOf(gws, so []string) []read {
	customer := []string{"ContactCenterId", cc1}
	var out []read
	for _, id := range append(gws, gwsChat) {
		out = append(out,
			read{"GET", "/api/v2/chats/" + id, "", customer},
			read{"GET", "/api/v2/chats/" + id + "/messages?index=0", "", customer},
			read{"GET", "/api/v2/chats/" + id + "/messages", "", customer}, // from the cursor
			read{"GET", "/api/v2/me/chats/" + id, "", agent1},
			read{"GET", "/api/v2/me/chats/" + id + "/messages", "", agent1},
			read{"GET", "/mock/chats/gws/" + id, "", nil},
		)
	}
	out = append(out, read{"GET", "/api/v2/me/chats", "", agent1})
	for _, p := range so {
		id := p[strings.LastIndex(p, "/")+1:]
		out = append(out,
			read{"GET", p + "/Messages?after=0", "", anna},
			read{"GET", p, "", anna},
			read{"GET", "/mock/chats/superoffice/" + id, "", nil},
		)
	}
	out = append(out,
		read{"GET", soSessions, "", anna},
		read{"POST", acqMessages, acqForm, acqBearer},
		read{"POST", acqThreads, acqThreadForm, acqBearer},
		read{"GET", "/mock/chats/acquire/106241", "", nil},
		read{"GET", "/mock/chats", "", nil},
	)
	for _, v := range []string{"gws", "superoffice", "acquire"} {
		out = append(out, read{"GET", "/mock/chats?vendor=" + v, "", nil})
	}
	return out
}

// firstDiff shows where two texts part.
func firstDiff(a, b string) string {
	i := 0
	for i < len(a) && i < len(b) && a[i] == b[i] {
		i++
	}
	from := max(i-120, 0)
	clip := func(s string) string { return s[from:min(len(s), i+200)] }
	return fmt.Sprintf("at byte %d of %s and %s:\n want ...%s\n got  ...%s", i, strconv.Itoa(len(a)), strconv.Itoa(len(b)), clip(a), clip(b))
}

// BenchmarkExportAndLoad measures an export of the default fixtures and a load of it: what
// GET /mock/fixtures, a --state write and a --state start cost for a state of that size.
func BenchmarkExportAndLoad(b *testing.B) {
	m, err := mock.New()
	if err != nil {
		b.Fatal(err)
	}
	defer m.Close()
	var size int
	b.Run("export", func(b *testing.B) {
		for b.Loop() {
			raw, err := json.Marshal(m.Export())
			if err != nil {
				b.Fatal(err)
			}
			size = len(raw)
		}
		b.ReportMetric(float64(size), "bytes/export")
	})
	set := m.Export()
	b.Run("load", func(b *testing.B) {
		for b.Loop() {
			if err := m.Load(set); err != nil {
				b.Fatal(err)
			}
		}
	})
}
