package mock_test

import (
	"encoding/json"
	"encoding/xml"
	"flag"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
)

// longChat is the id of the chat longFixtures adds to the default set, in cc1.
const longChat = "11111111-2222-4333-8444-555555555555"

// longFixtures returns the default fixtures plus a GWS chat in cc1 with n customer messages.
func longFixtures(t testing.TB, n int) *fixtures.Set {
	t.Helper()
	set, err := fixtures.Default()
	if err != nil {
		t.Fatal(err)
	}
	start := time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC)
	chat := fixtures.Chat{ID: longChat, Vendor: fixtures.GWS, Tenant: cc1, State: fixtures.StateChatting,
		Visitor: fixtures.Visitor{Name: "Long"}, CreatedAt: start,
		Agent:  set.AgentsOf(fixtures.GWS, cc1)[0].ID,
		Events: []fixtures.Event{{Kind: fixtures.KindJoined, From: fixtures.FromVisitor, Time: start}}}
	chat.Events = append(chat.Events, fixtures.Event{Kind: fixtures.KindJoined, From: chat.Agent, Time: start})
	for i := range n {
		chat.Events = append(chat.Events, fixtures.Event{Kind: fixtures.KindText, From: fixtures.FromVisitor,
			Text: fmt.Sprintf("message %d of a long chat, long enough to weigh something on the wire", i), Time: start})
	}
	set.Chats = append(set.Chats, chat)
	if err := set.Validate(); err != nil {
		t.Fatal(err)
	}
	return set
}

// longSession returns the default fixtures with n more customer messages in SuperOffice
// session 103 (Anna's).
func longSession(t testing.TB, n int) *fixtures.Set { return longer(t, fixtures.SuperOffice, "103", n) }

// longer returns the default fixtures with n more visitor messages in a chat.
func longer(t testing.TB, vendor, id string, n int) *fixtures.Set {
	t.Helper()
	set, err := fixtures.Default()
	if err != nil {
		t.Fatal(err)
	}
	for i := range set.Chats {
		c := &set.Chats[i]
		if c.Vendor != vendor || c.ID != id {
			continue
		}
		at := c.Events[len(c.Events)-1].Time
		for j := range n {
			c.Events = append(c.Events, fixtures.Event{Kind: fixtures.KindText, From: fixtures.FromVisitor,
				Text: fmt.Sprintf("message %d of a long session", j), Time: at})
		}
	}
	return set
}

// TestSuperOfficeMessagesInPages: a session longer than a page reads whole and in order, as
// JSON and as XML, and from an after id.
func TestSuperOfficeMessagesInPages(t *testing.T) {
	const n = 1000
	s := newSite(t, mock.WithFixtures(longSession(t, n)))
	const path = "/api/v1/ChatSession/103/Messages"
	ids := soIDsOf(s.do("GET", path+"?after=0", "", anna...).ok(t, 200))
	if len(ids) < n || !slices.IsSorted(ids) {
		t.Fatalf("JSON: %d messages (sorted %v); want at least %d, ascending", len(ids), slices.IsSorted(ids), n)
	}
	r := s.do("GET", path, "", append([]string{"Accept", "application/xml"}, anna...)...).ok(t, 200)
	var list struct {
		XMLName  xml.Name
		Messages []struct{ ChatMessageId int64 } `xml:"ChatMessage"`
	}
	if err := xml.Unmarshal([]byte(r.raw), &list); err != nil || list.XMLName.Local != "ArrayOfChatMessage" || len(list.Messages) != len(ids) {
		t.Fatalf("XML: %v, <%s> with %d messages; want ArrayOfChatMessage with %d", err, list.XMLName.Local, len(list.Messages), len(ids))
	}
	mid := ids[len(ids)/2]
	if rest := soIDsOf(s.do("GET", fmt.Sprintf("%s?after=%d", path, mid), "", anna...).ok(t, 200)); len(rest) != len(ids)-len(ids)/2-1 || rest[0] <= mid {
		t.Errorf("after=%d: %d messages; want %d, all after it", mid, len(rest), len(ids)-len(ids)/2-1)
	}
}

// TestAcquireMessagesInPages: a chat longer than a page reads whole, ascending, with the
// key filter, and query_seen over all its messages.
func TestAcquireMessagesInPages(t *testing.T) {
	const n = 1000
	s := newSite(t, mock.WithFixtures(longer(t, fixtures.Acquire, "106241", n)))
	msgs := s.acqMessages(acqForm, "Authorization", "Bearer "+acqToken)
	if len(msgs) < n || !increasing(msgs, "id") {
		t.Fatalf("%d messages (increasing %v); want at least %d, ascending", len(msgs), increasing(msgs, "id"), n)
	}
	if last := msgs[len(msgs)-1]; last["seen"] != "no" || msgs[0]["seen"] != "seen" {
		t.Errorf("seen: first %v, last %v; want seen, no", msgs[0]["seen"], last["seen"])
	}
	if some := s.acqMessages(acqForm+"&key=message+99", "Authorization", "Bearer "+acqToken); len(some) != 11 { // 99, 990-999
		t.Errorf("key filter: %d messages; want 11", len(some))
	}
}

// TestGetMessagesInPages: a chat longer than a page reads whole and in order, by index,
// by cursor (each message once) and for the agent with a count.
func TestGetMessagesInPages(t *testing.T) {
	const n = 1000
	s := newSite(t, mock.WithFixtures(longFixtures(t, n)))
	all := s.messages(longChat, "?index=0")
	if len(all) != n+2 || !increasing(all, "index") {
		t.Fatalf("index=0: %d messages (increasing %v); want %d, increasing", len(all), increasing(all, "index"), n+2)
	}
	if from := s.messages(longChat, "?index=700"); len(from) != n+2-699 || num(from[0], "index") != 700 {
		t.Errorf("index=700: %d messages from %v; want %d from 700", len(from), from[0]["index"], n+2-699)
	}
	if unread := s.messages(longChat, ""); len(unread) != n+2 {
		t.Errorf("first cursor read: %d; want %d", len(unread), n+2)
	}
	if unread := s.messages(longChat, ""); len(unread) != 0 {
		t.Errorf("second cursor read: %d; want 0", len(unread))
	}
	mc := s.do("GET", "/mock/chats/gws/"+longChat, "", "").ok(t, 200)
	if events := objects(mc.body["events"]); len(events) != n+2 || !increasing(events, "index") || num(mc.body, "eventCount") != n+2 {
		t.Errorf("GetMockChat: %d events (increasing %v), eventCount %v; want %d", len(events), increasing(events, "index"), mc.body["eventCount"], n+2)
	}
	r := s.do("GET", "/api/v2/me/chats/"+longChat+"/messages?count=300", "", agent1...).ok(t, 200)
	if got := objects(r.body["messages"]); len(got) != 300 || !increasing(got, "index") {
		t.Errorf("agent count=300: %d messages; want 300, increasing", len(got))
	}
	r = s.do("GET", "/api/v2/me/chats/"+longChat+"/messages", "", agent1...).ok(t, 200)
	if got := objects(r.body["messages"]); len(got) != n+2 {
		t.Errorf("agent, every message: %d; want %d", len(got), n+2)
	}
}

var (
	stalledReaders  = flag.Int("stalled-readers", 20, "clients of TestStalledReadersHoldBoundedMemory")
	stalledMessages = flag.Int("stalled-messages", 20000, "messages of the chat they ask for")
)

// TestStalledReadersHoldBoundedMemory is the attack of clients that never read: 20
// connections (-stalled-readers) ask GWS GetMessages?index=0 of a 20,000-message chat
// (-stalled-messages), the control API's GetMockChat of it, or SuperOffice GET Messages of
// such a session, and read nothing. Each
// response now holds a page while it waits for its client; before, each held the whole
// rendered log (about 5 MB here; 24 MB for 100,000 messages).
func TestStalledReadersHoldBoundedMemory(t *testing.T) {
	n := *stalledMessages
	t.Run("gws", func(t *testing.T) {
		stalledReadersHold(t, longFixtures(t, n), fmt.Sprintf("GET /api/v2/chats/%s/messages?index=0 HTTP/1.1\r\nContactCenterId: %s", longChat, cc1))
	})
	t.Run("control", func(t *testing.T) {
		stalledReadersHold(t, longFixtures(t, n), "GET /mock/chats/gws/"+longChat+" HTTP/1.1")
	})
	t.Run("acquire", func(t *testing.T) {
		stalledReadersHold(t, longer(t, fixtures.Acquire, "106241", n), "POST /api/profile/lead/message HTTP/1.1\r\n"+
			"Authorization: Bearer "+acqToken+"\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: "+strconv.Itoa(len(acqForm))+"\r\n\r\n"+acqForm)
	})
	t.Run("superoffice", func(t *testing.T) {
		stalledReadersHold(t, longSession(t, n), "GET /api/v1/ChatSession/103/Messages HTTP/1.1\r\nAuthorization: Basic "+basicToken("anna", "anna-pass"))
	})
}

// stalledReadersHold sends -stalled-readers requests (a request line and headers) that are
// never read and checks what the heap keeps for them.
func stalledReadersHold(t *testing.T, set *fixtures.Set, request string) {
	const perConn = 1 << 20
	conns := int64(*stalledReaders)
	m, err := mock.New(mock.WithFixtures(set), mock.WithSimulatedAgent("off"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	var inside atomic.Int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		inside.Add(1)
		m.ServeHTTP(w, r)
	}))
	srv.Listener = smallBuffers{srv.Listener} // so the kernel cannot take a whole response off the mock's hands
	srv.Start()
	t.Cleanup(srv.Close)
	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	for range conns {
		c, err := net.Dial("tcp", srv.Listener.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { c.Close() })
		_ = c.(*net.TCPConn).SetReadBuffer(4096)
		head, body, _ := strings.Cut(request, "\r\n\r\n")
		fmt.Fprintf(c, "%s\r\nHost: localhost\r\n\r\n%s", head, body)
	}
	for try := 0; inside.Load() < conns; try++ {
		if try == 500 {
			t.Fatalf("%d of %d requests reached the mock", inside.Load(), conns)
		}
		time.Sleep(10 * time.Millisecond)
	}
	// Let every handler get as far as its client lets it, until the heap stops growing.
	var after runtime.MemStats
	last := int64(-1)
	for range 20 {
		time.Sleep(50 * time.Millisecond)
		runtime.GC()
		runtime.ReadMemStats(&after)
		if int64(after.HeapInuse) == last {
			break
		}
		last = int64(after.HeapInuse)
	}
	grew := int64(after.HeapInuse) - int64(before.HeapInuse)
	if grew > conns*perConn {
		t.Errorf("heap grew by %d bytes for %d stalled readers (%d each); want at most %d each", grew, conns, grew/conns, perConn)
	}
	t.Logf("heap grew by %d bytes for %d stalled readers of %d messages", grew, conns, *stalledMessages)
	var ok struct{ StatusCode int }
	if r := serveJSON(m, "/api/v2/chats/"+gwsChat+"/messages", &ok); r != 200 {
		t.Errorf("another client while readers stall: %d", r)
	}
}

func serveJSON(m *mock.Mock, path string, v any) int {
	req := httptest.NewRequest("GET", path, nil)
	req.Host = "localhost" // an allowed host (browser rules)
	req.Header.Set("ContactCenterId", cc1)
	w := httptest.NewRecorder()
	m.ServeHTTP(w, req)
	_ = json.Unmarshal(w.Body.Bytes(), v)
	return w.Code
}

// smallBuffers gives every accepted connection a 4 KiB send buffer.
type smallBuffers struct{ net.Listener }

func (l smallBuffers) Accept() (net.Conn, error) {
	c, err := l.Listener.Accept()
	if tc, ok := c.(*net.TCPConn); ok {
		_ = tc.SetWriteBuffer(4096)
	}
	return c, err
}
