package acquire_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/acquire"
	"github.com/chatconform/chatconform/mock/probe"
)

// FuzzAcquire sends fuzzed requests to both paths of acquire-chat.yaml through the whole
// mock, seeded with every request example of the document and some malformed forms: no
// answer may be a 5xx, every error must be {"success": false, "error": "...", "data": null},
// and an error must leave the chats as they were. `make fuzz` runs it; `go test` runs its
// seeds.
func FuzzAcquire(f *testing.F) {
	set, err := fixtures.Default()
	if err != nil {
		f.Fatal(err)
	}
	h, err := probe.NewHarness(acquire.New(), mock.WithFixtures(set))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(h.Close)
	target, err := probe.New(probe.Config{Document: "acquire-chat.yaml", Credentials: acquireCredentials(set)})
	if err != nil {
		f.Fatal(err)
	}
	probe.Fuzz(f, h, target, acquireMalformed(target), func(_ *http.Request, rec *httptest.ResponseRecorder) error { return acquireErrorShape(rec) })
}

// acquireCredentials are the API tokens of both accounts as Bearer and as auth_token (the
// first account's Bearer token, which the seeds use, first), wrong and junk ones, none,
// both headers at once, and zone headers.
func acquireCredentials(set *fixtures.Set) []http.Header {
	tenants := set.TenantsOf(acquire.Vendor)
	a, b := tenants[0].APITokens[0], tenants[len(tenants)-1].APITokens[0]
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Add(kv[i], kv[i+1])
		}
		return out
	}
	return []http.Header{
		h("Authorization", "Bearer "+a),
		h("auth_token", a),
		h("Authorization", "Bearer "+b),
		h("auth_token", b),
		h("Authorization", "Bearer "+a+"x"),
		h(),
		h("Authorization", "Bearer "+probe.Junk),
		h("auth_token", probe.Junk),
		h("Authorization", probe.Junk),
		h("Authorization", "Bearer "+probe.Junk, "auth_token", a),
		h("Authorization", "Bearer "+a, "auth_token", b),
		h("Authorization", "Bearer "+a, "zone", `{"timezone":"Central/Alabama","offset":"-05:00"}`),
		h("Authorization", "Bearer "+a, "zone", probe.Junk),
		h("auth_token", b, "zone", `{"offset":"`+probe.Junk+`"}`),
	}
}

// acquireMalformed are hand-written bad forms: wrong types, repeated and unknown fields,
// broken escapes, JSON where a form is expected.
func acquireMalformed(t *probe.Target) []probe.Input {
	post := func(path, mediaType, body string) probe.Input {
		in := t.Input("POST", path)
		in.ContentType, in.Body = t.Media(mediaType), []byte(body)
		return in
	}
	const (
		messages = "/api/profile/lead/message"
		threads  = "/api/profile/message/thread"
		form     = "application/x-www-form-urlencoded"
	)
	return []probe.Input{
		post(messages, form, "thread_id=-1&visitor_id=abc&last_chat_id=106241"),
		post(messages, form, "thread_id=-1&visitor_id=61793&visitor_id=61794&last_chat_id=106241"),
		post(messages, form, "thread_id=-1&visitor_id=61793&last_chat_id=99999999999999999999&key=%zz"),
		post(messages, form, "visitor_id=61793&last_chat_id=106241&key="+strings.Repeat("x", 300)),
		post(messages, "application/json;charset=UTF-8", `{"thread_id":-1,"visitor_id":61793,"last_chat_id":106241}`),
		post(threads, form, "visitor_id=61793&page=0&per_page=-1&limit=1000000"),
		post(threads, form, "visitor_id=61793&lead_id=x&chatid=&page=2&extra=1"),
		post(threads, form, "page=1"),
		post(threads, form, "visitor_id=61793&page=9223372036854775807&per_page=100"),
		post(messages, form, "thread_id=9223372036854775807&visitor_id=-9223372036854775808&last_chat_id=9223372036854775807"),
	}
}

// acquireErrorShape checks that an error response is the legacy envelope
// {"success": false, "error": "...", "data": null}.
func acquireErrorShape(rec *httptest.ResponseRecorder) error {
	if rec.Code < 400 {
		return nil
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("status %d: Content-Type = %q; want application/json", rec.Code, ct)
	}
	var body map[string]json.RawMessage
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		return fmt.Errorf("status %d: body %s: %v; want {success, error, data}", rec.Code, rec.Body.Bytes(), err)
	}
	var msg string
	data, hasData := body["data"]
	if string(body["success"]) != "false" || json.Unmarshal(body["error"], &msg) != nil || msg == "" ||
		!hasData || string(data) != "null" {
		return fmt.Errorf("status %d: body %s; want success false, an error and data null", rec.Code, rec.Body.Bytes())
	}
	return nil
}
