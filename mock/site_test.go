package mock_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	cbayeux "github.com/chatconform/chatconform/conformance/bayeux"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/bayeux"
)

// The default fixtures, as the tests of planted bugs and of the variation mode use them.
const (
	cc1      = "cfe5ad67-ba6d-4340-81f9-bb680ef5d498" // GWS contact center of agent1
	cc2      = "12a0915e-6b03-4982-b9e4-af66dd40af9b" // another contact center
	gwsChat  = "652492d9-c2d9-44c9-b9ad-0ab7984114bb" // cc1, chatting with agent1
	soPath   = "/api/v1/ChatSession/101/Messages"     // Onsite session 101
	acqToken = "acq-token-10719-0123456789abcdef"
	acqForm  = "visitor_id=61793&last_chat_id=106241"
)

var (
	agent1 = []string{"Authorization", "Basic " + basicToken("agent1", "agent1pass")}
	anna   = []string{"Authorization", "Basic " + basicToken("anna", "anna-pass")}
)

func basicToken(user, pass string) string {
	r, _ := http.NewRequest("GET", "/", nil)
	r.SetBasicAuth(user, pass)
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
}

// site is a mock with the default fixtures behind httptest; held CometD connects are short.
type site struct {
	t   testing.TB
	url string
}

func newSite(t testing.TB, opts ...mock.Option) *site {
	t.Helper()
	opts = append([]mock.Option{mock.WithBayeux(bayeux.Options{Timeout: 150 * time.Millisecond})}, opts...)
	m, err := mock.New(opts...)
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	t.Cleanup(m.Close)
	return &site{t: t, url: srv.URL}
}

// reply is a response with its body decoded when it is JSON.
type reply struct {
	status int
	header http.Header
	raw    string
	body   map[string]any // a JSON object body
	list   []any          // a JSON array body
}

// do sends a request; a body starting with { or [ is JSON, any other a form. Header pairs
// follow ("Host" sets the request's host).
func (s *site) do(method, path, body string, header ...string) reply {
	s.t.Helper()
	req, err := http.NewRequest(method, s.url+path, strings.NewReader(body))
	if err != nil {
		s.t.Fatal(err)
	}
	switch {
	case strings.HasPrefix(body, "{") || strings.HasPrefix(body, "["):
		req.Header.Set("Content-Type", "application/json")
	case body != "":
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
			continue
		}
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		s.t.Fatal(err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	out := reply{status: resp.StatusCode, header: resp.Header, raw: string(raw)}
	_ = json.Unmarshal(raw, &out.body)
	_ = json.Unmarshal(raw, &out.list)
	return out
}

// ok fails the test unless the reply has the status.
func (r reply) ok(t testing.TB, status int) reply {
	t.Helper()
	if r.status != status {
		t.Fatalf("status = %d; want %d: %s", r.status, status, r.raw)
	}
	return r
}

// requestChat starts a GWS chat in cc1; it is offered to agent1.
func (s *site) requestChat() string {
	s.t.Helper()
	r := s.do("POST", "/api/v2/chats", `{"operationName":"RequestChat","nickname":"Probe"}`, "ContactCenterId", cc1).ok(s.t, 200)
	return r.body["id"].(string)
}

// acceptedChat starts a GWS chat and has agent1 accept it.
func (s *site) acceptedChat() string {
	s.t.Helper()
	id := s.requestChat()
	s.do("POST", "/api/v2/me/chats/"+id, `{"operationName":"Accept"}`, agent1...).ok(s.t, 200)
	return id
}

// say sends a customer message.
func (s *site) say(id, text string) {
	s.t.Helper()
	body, _ := json.Marshal(map[string]string{"operationName": "SendMessage", "text": text})
	s.do("POST", "/api/v2/chats/"+id, string(body), "ContactCenterId", cc1).ok(s.t, 200)
}

// messages returns GWS GetMessages of a chat in cc1 (query "" polls the cursor).
func (s *site) messages(id, query string) []map[string]any {
	s.t.Helper()
	r := s.do("GET", "/api/v2/chats/"+id+"/messages"+query, "", "ContactCenterId", cc1).ok(s.t, 200)
	return objects(r.body["messages"])
}

func objects(v any) []map[string]any {
	items, _ := v.([]any)
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i], _ = it.(map[string]any)
	}
	return out
}

// num reads a JSON number field as an int64.
func num(m map[string]any, field string) int64 {
	f, _ := m[field].(float64)
	return int64(f)
}

// field returns the values of a field of each object, as text.
func field(items []map[string]any, name string) string {
	parts := make([]string, len(items))
	for i, it := range items {
		switch v := it[name].(type) {
		case float64:
			parts[i] = strconv.FormatInt(int64(v), 10)
		case string:
			parts[i] = v
		}
	}
	return strings.Join(parts, " ")
}

// increasing reports whether the field's numbers strictly increase.
func increasing(items []map[string]any, name string) bool {
	for i := 1; i < len(items); i++ {
		if num(items[i], name) <= num(items[i-1], name) {
			return false
		}
	}
	return true
}

// listener is agent1's CometD session on /v2/me/chats, through the suite's Go client.
type listener struct {
	s *site
	c *cbayeux.Client
}

func (s *site) listen() *listener {
	s.t.Helper()
	c := cbayeux.New(s.url+"/api/v2/notifications", cbayeux.WithBasicAuth("agent1", "agent1pass"))
	ctx := context.Background()
	if err := c.Handshake(ctx); err != nil {
		s.t.Fatalf("handshake: %v", err)
	}
	if err := c.Subscribe(ctx, "/v2/me/chats"); err != nil {
		s.t.Fatalf("subscribe: %v", err)
	}
	s.t.Cleanup(func() { _ = c.Disconnect(context.Background()) })
	return &listener{s: s, c: c}
}

// until connects until done says the events so far are enough, or for 3 s; it returns
// the notification data in order, and the events each connect reply carried.
func (l *listener) until(done func(data []map[string]any) bool) (data []map[string]any, perReply []int) {
	l.s.t.Helper()
	deadline := time.Now().Add(3 * time.Second)
	for time.Now().Before(deadline) && (data == nil || !done(data)) {
		msgs, err := l.c.Connect(context.Background())
		if err != nil {
			l.s.t.Fatalf("connect: %v", err)
		}
		perReply = append(perReply, len(msgs))
		for _, m := range msgs {
			var d map[string]any
			_ = json.Unmarshal(m.Data, &d)
			data = append(data, d)
		}
	}
	return data, perReply
}

// logTexts returns the texts of the MessageLogUpdated messages among notification data.
func logTexts(data []map[string]any) []string {
	var out []string
	for _, d := range data {
		if d["messageType"] == "MessageLogUpdated" {
			for _, m := range objects(d["messages"]) {
				if t, ok := m["text"].(string); ok {
					out = append(out, t)
				}
			}
		}
	}
	return out
}
