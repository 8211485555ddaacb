package superoffice_test

import (
	"encoding/json"
	"encoding/xml"
	"fmt"
	"mime"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/probe"
	"github.com/chatconform/chatconform/mock/superoffice"
)

// FuzzSuperOffice sends fuzzed requests to every path of superoffice-chat.yaml, with and
// without a tenant prefix, through the whole mock, seeded with every request example of the
// document and some malformed requests (XML, patches, OData queries): no answer may be a
// 5xx, every error must be {"Message"} in JSON or <Error><Message> in XML, and an error must
// leave the sessions as they were. `make fuzz` runs it; `go test` runs its seeds.
func FuzzSuperOffice(f *testing.F) {
	set, err := fixtures.Default()
	if err != nil {
		f.Fatal(err)
	}
	h, err := probe.NewHarness(superoffice.New(), mock.WithFixtures(set))
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(h.Close)
	creds, prefixes := soCredentials(set)
	target, err := probe.New(probe.Config{Document: "superoffice-chat.yaml", Credentials: creds, Prefixes: prefixes})
	if err != nil {
		f.Fatal(err)
	}
	probe.Fuzz(f, h, target, soMalformed(target), soErrorShape)
}

// soCredentials are the credentials of an onsite and an Online associate in every scheme
// (Basic for the onsite tenant, which the seeds use, first), wrong and junk ones, none, and
// SO-TimeZone values; and the tenant prefixes: none (onsite), the tenants, junk.
func soCredentials(set *fixtures.Set) ([]http.Header, []string) {
	var onsite, online fixtures.Tenant
	for _, t := range set.TenantsOf(superoffice.Vendor) {
		if t.Online && online.ID == "" {
			online = t
		}
		if !t.Online && onsite.ID == "" {
			onsite = t
		}
	}
	a, b := set.AgentsOf(superoffice.Vendor, onsite.ID)[0], set.AgentsOf(superoffice.Vendor, online.ID)[0]
	basic := func(user, pass string) string {
		r, _ := http.NewRequest("GET", "/", nil)
		r.SetBasicAuth(user, pass)
		return r.Header.Get("Authorization")
	}
	h := func(kv ...string) http.Header {
		out := http.Header{}
		for i := 0; i+1 < len(kv); i += 2 {
			out.Add(kv[i], kv[i+1])
		}
		return out
	}
	creds := []http.Header{
		h("Authorization", basic(a.Username, a.Password)),
		h("Authorization", "SOTicket "+a.Ticket),
		h("Authorization", "Bearer "+a.Token),
		h("X-XSRF-TOKEN", a.XSRFToken),
		h("Authorization", "Bearer "+b.Token),
		h("Authorization", "SOTicket "+b.Ticket),
		h("Authorization", basic(b.Username, b.Password)),
		h("Authorization", basic(a.Username, a.Password+"x")),
		h(),
		h("Authorization", "Basic "+probe.Junk),
		h("Authorization", "Bearer "+probe.Junk),
		h("Authorization", probe.Junk),
		h("X-XSRF-TOKEN", probe.Junk),
		h("Authorization", "Bearer "+a.Token, "X-XSRF-TOKEN", a.XSRFToken),
		h("Authorization", basic(a.Username, a.Password), "SO-TimeZone", "Europe/Oslo"),
		h("Authorization", basic(a.Username, a.Password), "SO-TimeZone", probe.Junk),
		h("Authorization", "Bearer "+b.Token, "SO-TimeZone", probe.Junk),
		h("Authorization", "SOTicket "+a.Ticket, "If-Unmodified-Since", "Mon, 05 Jan 2026 09:00:00 GMT"),
		h("Authorization", "SOTicket "+a.Ticket, "If-Unmodified-Since", probe.Junk),
	}
	return creds, []string{"", "/" + online.ID, "/" + onsite.ID, "/" + probe.Junk}
}

// soMalformed are hand-written requests the examples do not cover: XML bodies, good and
// bad, broken patches, OData queries and session ids out of range.
func soMalformed(t *probe.Target) []probe.Input {
	with := func(method, path, param, query, mediaType, body string) probe.Input {
		in := t.Input(method, path)
		in.Param, in.Query, in.Body = param, query, []byte(body)
		if mediaType != "" {
			in.ContentType = t.Media(mediaType)
		}
		return in
	}
	const (
		sessions = "/api/v1/ChatSession"
		session  = "/api/v1/ChatSession/{chatSessionId}"
		messages = "/api/v1/ChatSession/{chatSessionId}/Messages"
	)
	xmlAccept := with("GET", messages, "103", "after=0", "", "")
	xmlAccept.Accept = 3 // application/xml
	return []probe.Input{
		with("POST", messages, "103", "", "application/xml", `<ChatMessage><Type>ToUser</Type><Message>via xml</Message></ChatMessage>`),
		with("POST", messages, "103", "", "text/xml", `<ChatMessage xmlns:i="http://www.w3.org/2001/XMLSchema-instance"><Message i:nil="true"/><ReadByCustomer>one</ReadByCustomer></ChatMessage>`),
		with("POST", messages, "103", "", "application/xml", `<ChatMessage><Type>ToUser</Type>`),
		with("POST", messages, "103", "", "application/xml", `<!DOCTYPE x [<!ENTITY a "aaaa">]><ChatMessage><Message>&a;</Message></ChatMessage>`),
		with("POST", sessions, "", "", "application/xml", `<ChatSessionEntity><CustomerName>X</CustomerName><Person><PersonId>5</PersonId></Person><Status>InQueue</Status></ChatSessionEntity>`),
		with("POST", sessions, "", "", "application/x-www-form-urlencoded", `CustomerName=X&CustomerName=Y&TopicId=abc&%zz=1`),
		with("POST", messages, "103", "", "application/json", `{"Type":"ToUser","Message":"x","Unknown":true}`),
		with("POST", messages, "2147483648", "", "application/json", `{"Message":"x"}`),
		with("PATCH", session, "103", "", "application/json-patch+json", `[{"op":"move","from":"/Status","path":"/Status/x"}]`),
		with("PATCH", session, "103", "", "application/json-patch+json", `[{"op":"remove","path":"/ChatSessionId"},{"op":"add","path":"/UserData/-","value":1}]`),
		with("PATCH", session, "103", "$select=Nope", "application/merge-patch+json", `{"Status":7,"Person":{"PersonId":"x"}}`),
		with("GET", sessions, "", "$filter=((status eq 'InQueue') and (chatSessionId gt 99999999999999999999))&$top=-1", "", ""),
		with("GET", sessions, "", "$filter=status eq&$orderBy=nope desc asc&$select=,,&$skip=x", "", ""),
		with("GET", sessions, "", "$filter=customerName contains '%27%27'&$orderBy=whenRequested", "", ""),
		with("GET", sessions, "", "$filter=chatSessionId gt 101 and status ne 'Closed' or topicId le 2&$orderBy=chatSessionId desc,customerName&$skip=1&$top=2&$select=chatSessionId,customerName,whenRequested", "", ""),
		with("GET", sessions, "", "$filter=customerConsented eq true&$orderBy=whenRequested asc&$format=xml&$SKIP=1", "", ""),
		with("PATCH", session, "103", "", "application/merge-patch+json", `{"Person":{"PersonId":1},"User":{"AssociateId":13},"CustomerName":null}`),
		with("GET", messages, "-1", "after=-5", "", ""),
		with("GET", session, "abc", "", "", ""),
		with("GET", messages, "2147483647", "after=9223372036854775807", "", ""),
		with("GET", sessions, "", "$skip=9223372036854775807&$top=9223372036854775807", "", ""),
		with("DELETE", session, "999999", "", "", ""),
		xmlAccept,
	}
}

// soErrorShape checks that an error response is the ASP.NET envelope: {"Message": "..."}
// in JSON, <Error><Message>...</Message></Error> in XML. A path no SuperOffice route
// matches (a junk tenant prefix with a slash) gets the mock's own not-found answer.
func soErrorShape(req *http.Request, rec *httptest.ResponseRecorder) error {
	if rec.Code < 400 {
		return nil
	}
	if rec.Code == http.StatusNotFound && !soPath(req.URL.Path) {
		return nil
	}
	mt, _, _ := mime.ParseMediaType(rec.Header().Get("Content-Type"))
	var msg string
	switch mt {
	case "application/json", "text/json":
		var body struct {
			Message *string
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.Message == nil {
			return fmt.Errorf("status %d: body %s (%v); want {\"Message\": ...}", rec.Code, rec.Body.Bytes(), err)
		}
		msg = *body.Message
	case "application/xml", "text/xml":
		var body struct {
			XMLName xml.Name
			Message *string
		}
		if err := xml.Unmarshal(rec.Body.Bytes(), &body); err != nil || body.XMLName.Local != "Error" || body.Message == nil {
			return fmt.Errorf("status %d: body %s (%v); want <Error><Message>...", rec.Code, rec.Body.Bytes(), err)
		}
		msg = *body.Message
	default:
		return fmt.Errorf("status %d: Content-Type %q; want JSON or XML", rec.Code, rec.Header().Get("Content-Type"))
	}
	if msg == "" {
		return fmt.Errorf("status %d: empty Message", rec.Code)
	}
	return nil
}

// soPath tells whether the mock routes a path to SuperOffice: /api/v1/... or
// /{tenant}/api/v1/....
func soPath(p string) bool {
	if strings.HasPrefix(p, "/api/v1/") || p == "/api/v1" {
		return true
	}
	tenant, tail, ok := strings.Cut(strings.TrimPrefix(p, "/"), "/")
	return ok && tenant != "" && strings.HasPrefix("/"+tail, "/api/v1/")
}
