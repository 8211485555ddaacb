package gws_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/gws"
	"github.com/chatconform/chatconform/mock/probe"
)

// FuzzGWS sends fuzzed requests to every path of gws-chat.yaml through the whole mock,
// seeded with every request example of the document and some malformed requests: no
// answer may be a 5xx, every error must be {statusCode > 0, statusMessage}, and an error
// must leave the chats as they were. `make fuzz` runs it; `go test` runs its seeds.
func FuzzGWS(f *testing.F) {
	set, err := fixtures.Default()
	if err != nil {
		f.Fatal(err)
	}
	h, err := probe.NewHarness(gws.New(), mock.WithFixtures(set))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(h.Close)
	target, err := probe.New(probe.Config{Document: "gws-chat.yaml", Credentials: gwsCredentials(set)})
	if err != nil {
		f.Fatal(err)
	}
	probe.Fuzz(f, h, target, gwsMalformed(target), func(_ *http.Request, rec *httptest.ResponseRecorder) error { return gwsErrorShape(rec) })
}

// gwsCredentials are ContactCenterId (either contact center, none, junk) crossed with
// Authorization (an agent of either contact center, a wrong password, none, junk), from
// the fixtures; the first pair is valid for every operation.
func gwsCredentials(set *fixtures.Set) []http.Header {
	tenants := set.TenantsOf(gws.Vendor)
	ccs := []string{tenants[0].ID, tenants[len(tenants)-1].ID, "", probe.Junk}
	first, other := set.AgentsOf(gws.Vendor, tenants[0].ID)[0], set.AgentsOf(gws.Vendor, tenants[len(tenants)-1].ID)[0]
	basic := func(user, pass string) string {
		r, _ := http.NewRequest("GET", "/", nil)
		r.SetBasicAuth(user, pass)
		return r.Header.Get("Authorization")
	}
	auths := []string{basic(first.Username, first.Password), basic(other.Username, other.Password),
		basic(first.Username, first.Password+"x"), "", "Basic " + probe.Junk, probe.Junk}
	var out []http.Header
	for _, a := range auths {
		for _, cc := range ccs {
			h := http.Header{}
			if cc != "" {
				h.Set("ContactCenterId", cc)
			}
			if a != "" {
				h.Set("Authorization", a)
			}
			out = append(out, h)
		}
	}
	return out
}

// gwsMalformed are hand-written bad requests: broken and mistyped JSON, unknown
// operations, bad indexes and ids.
func gwsMalformed(t *probe.Target) []probe.Input {
	js := t.Media("application/json")
	post := func(path, param, body string) probe.Input {
		in := t.Input("POST", path)
		in.Param, in.ContentType, in.Body = param, js, []byte(body)
		return in
	}
	get := func(path, param, query string) probe.Input {
		in := t.Input("GET", path)
		in.Param, in.Query = param, query
		return in
	}
	const chat = "652492d9-c2d9-44c9-b9ad-0ab7984114bb"
	return []probe.Input{
		post("/api/v2/chats", "", `{"operationName":"RequestChat","nickname":`),
		post("/api/v2/chats", "", `{"operationName":"RequestChat","nickname":7,"userData":[]}`),
		post("/api/v2/chats", "", `{"operationName":"RequestChat","nickname":"x","endpoint":"nowhere"}`),
		post("/api/v2/chats", "", `[{"operationName":"RequestChat"}]`),
		post("/api/v2/chats/{chatId}", chat, `{"operationName":"Fly"}`),
		post("/api/v2/chats/{chatId}", chat, `{"operationName":"SendMessage","text":null}`),
		post("/api/v2/chats/{chatId}", "no such chat", `{"operationName":"Complete"}`),
		post("/api/v2/me/chats/{chatId}", chat, `{"operationName":"Transfer","targetUri":"/users/"}`),
		post("/api/v2/me/chats/{chatId}", chat, "{\"operationName\":\"SendMessage\",\"text\":\"\xff\xfe\"}"),
		get("/api/v2/chats/{chatId}/messages", chat, "index=-1"),
		get("/api/v2/chats/{chatId}/messages", chat, "index=1&index=2"),
		get("/api/v2/me/chats/{chatId}/messages", chat, "startIndex=99999999999999999999&count=-5"),
		get("/api/v2/me/chats/{chatId}", "../chats", ""),
		get("/api/v2/chats/{chatId}/messages", chat, "index=9223372036854775807"),
		get("/api/v2/me/chats/{chatId}/messages", chat, "startIndex=9223372036854775807&count=2147483647"),
	}
}

// gwsErrorShape checks that an error response is the GWS envelope: JSON with a positive
// statusCode and a statusMessage.
func gwsErrorShape(rec *httptest.ResponseRecorder) error {
	if rec.Code < 400 {
		return nil
	}
	if ct := rec.Header().Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
		return fmt.Errorf("status %d: Content-Type = %q; want application/json", rec.Code, ct)
	}
	var body struct {
		StatusCode    *float64 `json:"statusCode"`
		StatusMessage *string  `json:"statusMessage"`
	}
	if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil {
		return fmt.Errorf("status %d: body %s: %v; want {statusCode, statusMessage}", rec.Code, rec.Body.Bytes(), err)
	}
	if body.StatusCode == nil || *body.StatusCode <= 0 || body.StatusMessage == nil || *body.StatusMessage == "" {
		return fmt.Errorf("status %d: body %s; want statusCode > 0 and a statusMessage", rec.Code, rec.Body.Bytes())
	}
	return nil
}
