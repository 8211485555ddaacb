package mock_test

import (
	"bytes"
	"encoding/json"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/vary"
	"github.com/chatconform/chatconform/spec"
)

// varied is a strict mock in the variation mode: every response it sends matches its spec.
func varied(t *testing.T, seed int64) *site {
	return newSite(t, mock.WithStrict(true), mock.WithVary(seed))
}

func TestVaryGWSIndexesHaveGapsAndIndexIsInclusive(t *testing.T) {
	s := varied(t, 1)
	all := s.messages(gwsChat, "?index=0")
	if len(all) < 5 || !increasing(all, "index") {
		t.Fatalf("index=0: indexes %s; want at least 5, strictly increasing", field(all, "index"))
	}
	gaps := 0
	for i := 1; i < len(all); i++ {
		if num(all[i], "index")-num(all[i-1], "index") > 1 {
			gaps++
		}
	}
	if gaps == 0 {
		t.Errorf("indexes %s; want gaps", field(all, "index"))
	}
	for _, p := range objects(s.do("GET", "/api/v2/chats/"+gwsChat, "", "ContactCenterId", cc1).ok(t, 200).body["chat"].(map[string]any)["participants"]) {
		if id := p["participantId"]; id == "1" || id == "2" {
			t.Errorf("participantId = %v; want the variation mode's ids", id)
		}
	}
	for k, m := range all {
		n := num(m, "index")
		bounds := []int64{n}
		if k > 0 && n-1 > num(all[k-1], "index") {
			bounds = append(bounds, n-1) // between two rendered indexes
		}
		for _, b := range bounds {
			got := s.messages(gwsChat, "?index="+strconv.FormatInt(b, 10))
			if field(got, "index") != field(all[k:], "index") {
				t.Errorf("index=%d: indexes %s; want %s", b, field(got, "index"), field(all[k:], "index"))
			}
		}
	}
	// The agent's startIndex maps back the same way.
	agent := objects(s.do("GET", "/api/v2/me/chats/"+gwsChat+"/messages", "", agent1...).ok(t, 200).body["messages"])
	from := num(agent[3], "index")
	r := s.do("GET", "/api/v2/me/chats/"+gwsChat+"/messages?startIndex="+strconv.FormatInt(from, 10), "", agent1...).ok(t, 200)
	if got := field(objects(r.body["messages"]), "index"); got != field(agent[3:], "index") {
		t.Errorf("startIndex=%d: indexes %s; want %s", from, got, field(agent[3:], "index"))
	}
}

func TestVaryGWSCursorDeliversEachMessageOnce(t *testing.T) {
	s := varied(t, 1)
	id := s.requestChat()
	if regexp.MustCompile(`^[0-9A-Z]{16}$`).MatchString(id) {
		t.Errorf("chat id %q has the default format", id)
	}
	var polled []map[string]any
	poll := func() { polled = append(polled, s.messages(id, "")...) }
	poll()
	s.say(id, "a")
	poll()
	s.say(id, "b")
	s.say(id, "c")
	poll()
	poll()
	s.do("POST", "/api/v2/me/chats/"+id, `{"operationName":"Accept"}`, agent1...).ok(t, 200)
	s.say(id, "d")
	poll()
	if all := s.messages(id, "?index=0"); field(polled, "index") != field(all, "index") {
		t.Errorf("polled indexes %s; want each of %s once", field(polled, "index"), field(all, "index"))
	}
}

func TestVarySuperOfficeAfterStillWorks(t *testing.T) {
	s := varied(t, 1)
	ids := func(query string) []int64 {
		var out []int64
		for _, m := range objects(s.do("GET", soPath+query, "", anna...).ok(t, 200).list) {
			out = append(out, num(m, "ChatMessageId"))
		}
		return out
	}
	all := ids("")
	if len(all) < 3 || !slices.IsSorted(all) || all[len(all)-1] > math.MaxInt32 || all[1]-all[0] < 2 {
		t.Fatalf("ChatMessageIds %v; want increasing int32 ids with gaps", all)
	}
	for k, id := range all {
		for _, after := range []int64{id, id - 1} {
			want := all[k+1:]
			if after == id-1 {
				want = all[k:]
			}
			if got := ids("?after=" + strconv.FormatInt(after, 10)); !slices.Equal(got, want) {
				t.Errorf("after=%d: %v; want %v", after, got, want)
			}
		}
	}
	r := s.do("POST", soPath, `{"Type":"ToCustomer","Message":"new"}`, anna...).ok(t, 200)
	last := all[len(all)-1]
	if got := ids("?after=" + strconv.FormatInt(last, 10)); len(got) != 1 || got[0] != num(r.body, "ChatMessageId") || got[0] <= last {
		t.Errorf("after the last id %d: %v; want only the new message %d", last, got, num(r.body, "ChatMessageId"))
	}
	xml := s.do("GET", soPath, "", append(anna, "Accept", "application/xml")...).ok(t, 200)
	if !strings.Contains(xml.raw, "<ChatMessageId>"+strconv.FormatInt(all[0], 10)+"</ChatMessageId>") {
		t.Errorf("XML messages lack id %d: %s", all[0], xml.raw)
	}
}

func TestVaryAcquireIDsAndExtraMembers(t *testing.T) {
	s := varied(t, 2)
	r := s.do("POST", "/api/profile/lead/message", acqForm, "Authorization", "Bearer "+acqToken).ok(t, 200)
	data, _ := r.body["data"].(map[string]any)
	msgs := objects(data["messages"])
	if len(msgs) < 2 || !increasing(msgs, "id") || num(msgs[1], "id")-num(msgs[0], "id") < 2 {
		t.Errorf("message ids %s; want increasing with gaps", field(msgs, "id"))
	}
	if _, ok := data[vary.ExtraMember]; !ok {
		t.Errorf("data has no %s: %s", vary.ExtraMember, r.raw)
	}
	bad := s.do("POST", "/api/profile/lead/message", acqForm, "Authorization", "Bearer wrong").ok(t, 401)
	if strings.Contains(bad.raw, vary.ExtraMember) || bad.body["success"] != false {
		t.Errorf("error %s; want the plain envelope", bad.raw)
	}
}

func TestVaryGWSErrorsAndExtras(t *testing.T) {
	plain, s := newSite(t), varied(t, 1)
	got := s.do("GET", "/api/v2/chats/nope", "", "ContactCenterId", cc1).ok(t, 404)
	want := plain.do("GET", "/api/v2/chats/nope", "", "ContactCenterId", cc1).ok(t, 404)
	if got.body["statusMessage"] == want.body["statusMessage"] || got.body["statusCode"] != want.body["statusCode"] {
		t.Errorf("error %s; want statusCode of %s, in other words", got.raw, want.raw)
	}
	if strings.Contains(got.raw, vary.ExtraMember) {
		t.Errorf("error %s carries %s; the GWS error envelope has no other attributes", got.raw, vary.ExtraMember)
	}
	ok := s.do("GET", "/api/v2/me/chats/"+gwsChat, "", agent1...).ok(t, 200)
	if _, has := ok.body[vary.ExtraMember]; !has {
		t.Errorf("GetAgentChat %s; want %s", ok.raw, vary.ExtraMember)
	}
}

// keyOrder lists the member names of a JSON document in the order they appear.
func keyOrder(body string) string {
	dec := json.NewDecoder(bytes.NewReader([]byte(body)))
	var names []string
	for {
		tok, err := dec.Token()
		if err != nil {
			return strings.Join(names, ",")
		}
		if s, ok := tok.(string); ok && dec.More() {
			names = append(names, s)
		}
	}
}

func TestVaryKeyOrderDependsOnTheSeed(t *testing.T) {
	orders := map[string]bool{}
	for _, seed := range []int64{1, 2} {
		r := varied(t, seed).do("GET", "/api/v2/me/chats/"+gwsChat, "", agent1...).ok(t, 200)
		orders[keyOrder(r.raw)] = true
	}
	if len(orders) != 2 {
		t.Errorf("seeds 1 and 2 give one key order %v; want two", orders)
	}
}

func TestVaryNotificationsArriveOnePerConnectReply(t *testing.T) {
	s := varied(t, 1)
	set, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	l := s.listen()
	id := s.acceptedChat()
	s.say(id, "hello")
	s.say(id, "again")
	data, perReply := l.until(func(d []map[string]any) bool { return slices.Contains(logTexts(d), "again") })
	if got := logTexts(data); !slices.Equal(got[len(got)-2:], []string{"hello", "again"}) {
		t.Fatalf("MessageLogUpdated texts %v; want hello, again last", got)
	}
	if len(data) < 4 || slices.Max(perReply) != 1 {
		t.Errorf("events per connect reply %v for %d events; want one at most", perReply, len(data))
	}
	doc := set.Document("gws-notifications.asyncapi.yaml").AsyncAPI
	for _, d := range data {
		if _, ok := d[vary.ExtraMember]; !ok {
			t.Errorf("notification %v has no %s", d, vary.ExtraMember)
		}
		event := map[string]any{"channel": "/v2/me/chats", "data": d}
		matched := false
		for _, m := range doc.Messages {
			matched = matched || m.Payload.Value.VisitJSON(event) == nil
		}
		if !matched {
			t.Errorf("notification %v matches no message of the AsyncAPI document", d)
		}
	}
}

// TestVaryStaysWithinTheSpecs reads every kind of resource in JSON and XML from the strict
// mock in the variation mode, for several seeds: a response that broke its spec would be a 500.
func TestVaryStaysWithinTheSpecs(t *testing.T) {
	requests := []struct {
		method, path, body string
		header             []string
	}{
		{"GET", "/api/v2/me/chats", "", agent1},
		{"GET", "/api/v2/chats/" + gwsChat, "", []string{"ContactCenterId", cc1}},
		{"GET", "/api/v2/chats/" + gwsChat + "/messages", "", []string{"ContactCenterId", cc1}},
		{"POST", "/api/v2/chats/" + gwsChat, `{"operationName":"SendMessage","text":"hi"}`, []string{"ContactCenterId", cc1}},
		{"GET", "/api/v2/chats/nope", "", []string{"ContactCenterId", cc1}},
		{"GET", "/api/v1/ChatSession/101", "", anna},
		{"GET", "/api/v1/ChatSession/101", "", append(anna, "Accept", "application/xml")},
		{"GET", "/api/v1/ChatSession?$select=ChatSessionId,Status,CustomerName&$top=3", "", anna},
		{"GET", "/api/v1/ChatSession?$top=2", "", append(anna, "Accept", "application/xml")},
		{"GET", "/api/v1/ChatSession/default", "", anna},
		{"GET", "/api/v1/ChatSession/ForCurrentUser", "", anna},
		{"POST", "/api/v1/ChatSession/101/Transcript", "", anna},
		{"GET", "/api/v1/ChatSession/999", "", append(anna, "Accept", "application/xml")},
		{"POST", "/api/profile/message/thread", "visitor_id=61793", []string{"Authorization", "Bearer " + acqToken}},
	}
	for _, seed := range []int64{1, 2, 3, 4} {
		s := varied(t, seed)
		for _, rq := range requests {
			if r := s.do(rq.method, rq.path, rq.body, rq.header...); r.status >= 500 {
				t.Errorf("seed %d: %s %s: %d %s", seed, rq.method, rq.path, r.status, r.raw)
			}
		}
	}
}
