package superoffice

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"math"
	"math/rand/v2"
	"mime"
	"strconv"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/spec"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// Sources of the SuperOffice checks (vendor-apis.md §2).
const (
	soSeedGet      = "https://docs.superoffice.com/en/api/reference/restful/rest/ChatSession/v1ChatSessionEntity_GetChatMessages.html"
	soSeedPost     = "https://docs.superoffice.com/en/api/reference/restful/rest/ChatSession/v1ChatSessionEntity_AddChatMessage.html"
	soDocGet       = "https://docs.superoffice.com/en/api/reference/restful/rest/ChatSession/v1ChatSessionEntity_GetChatSessionEntity.html"
	soDocCreate    = "https://docs.superoffice.com/en/api/reference/restful/rest/ChatSession/v1ChatSessionEntity_PostChatSessionEntity.html"
	soDocPatch     = "https://docs.superoffice.com/en/api/reference/restful/rest/ChatSession/v1ChatSessionEntity_PatchChatSessionEntity.html"
	soDocDelete    = "https://docs.superoffice.com/en/api/reference/restful/rest/ChatSession/v1ChatSessionEntity_DeleteChatSessionEntity.html"
	soDocDefault   = "https://docs.superoffice.com/en/api/reference/restful/rest/ChatSession/v1ChatSessionEntity_DefaultChatSessionEntity.html"
	soDocAuth      = "https://superofficedocs.github.io/superoffice-docs/en/api/netserver/web-services/webapi/index.html"
	soDocRESTBasic = "https://devnet.superoffice.com/en/api/netserver/web-services/endpoints/rest-webapi/index.html"
)

// soUnknownSession is a ChatSessionId no target holds: the largest int32 the path accepts.
const soUnknownSession = math.MaxInt32

// soDataContractNS is the .NET DataContract namespace of SuperOffice WebAPI carriers, which
// an XML request body declares.
const soDataContractNS = "http://schemas.datacontract.org/2004/07/SuperOffice.WebApi.Data"

// soURL returns the URL of an API v1 path ("/ChatSession/12/Messages"), under the Online
// tenant prefix when --so-tenant is set.
func soURL(path string) string {
	base := cfg().SuperOfficeURL
	if cfg().SOTenant != "" {
		base += "/" + cfg().SOTenant
	}
	return base + "/api/v1" + path
}

// soTicket is the credential every SuperOffice check uses unless it is about another: SOTicket
// works onsite and Online alike.
func soTicket() conformance.Option {
	return conformance.Header("Authorization", "SOTicket "+cfg().SOTicket)
}

// soSend sends a request to an API v1 path with the SOTicket credential and Accept
// application/json; later options override both (WithoutHeader("Authorization"), ...).
func soSend(ctx SpecContext, method, path string, body any, opts ...conformance.Option) *conformance.Response {
	GinkgoHelper()
	return conformance.Send(ctx, method, soURL(path), body, append([]conformance.Option{soTicket(), conformance.Header("Accept", "application/json")}, opts...)...)
}

// soUnique returns a name no other check (nor another run) uses.
func soUnique(what string) string {
	return fmt.Sprintf("Conformance %s %d-%08x", what, GinkgoParallelProcess(), rand.Uint32())
}

// soNewSession creates a queued chat session of its own for the calling check, deletes it
// when the check ends, and returns its ChatSessionId and the creating response.
func soNewSession(ctx SpecContext) (int64, *conformance.Response) {
	GinkgoHelper()
	name := soUnique("customer")
	r := soSend(ctx, "POST", "/ChatSession", map[string]any{
		"CustomerName":      name,
		"CustomerEmail":     "conformance@example.com",
		"CustomerConsented": true,
		"Status":            "InQueue",
	})
	Expect(r.Status).To(Equal(200), "POST ChatSession: want 200 and the saved entity; got %d", r.Status)
	Expect(r).To(match.ConformTo("PostChatSessionEntity"))
	id := soInt(r.Object(), "ChatSessionId")
	Expect(id).To(BeNumerically(">", 0), "POST ChatSession: want a server-assigned ChatSessionId > 0")
	DeferCleanup(func(ctx SpecContext) {
		soSend(ctx, "DELETE", soSessionPath(id), nil)
	})
	return id, r
}

func soSessionPath(id int64) string  { return "/ChatSession/" + strconv.FormatInt(id, 10) }
func soMessagesPath(id int64) string { return soSessionPath(id) + "/Messages" }

// soPost posts a message body to a session and returns the response unchecked.
func soPost(ctx SpecContext, session int64, body any, opts ...conformance.Option) *conformance.Response {
	GinkgoHelper()
	return soSend(ctx, "POST", soMessagesPath(session), body, opts...)
}

// soPostText posts a ToCustomer message and returns the stored ChatMessage the server
// answers with.
func soPostText(ctx SpecContext, session int64, text string) map[string]any {
	GinkgoHelper()
	r := soPost(ctx, session, map[string]any{"Type": "ToCustomer", "Message": text})
	Expect(r.Status).To(Equal(200), "POST Messages: want 200 and the stored ChatMessage; got %d", r.Status)
	Expect(r).To(match.ConformTo("AddChatMessage"))
	return r.Object()
}

// soMessages reads a session's messages (query "" or "after=N"), checks the response and
// returns them.
func soMessages(ctx SpecContext, session int64, query string) []map[string]any {
	GinkgoHelper()
	path := soMessagesPath(session)
	if query != "" {
		path += "?" + query
	}
	r := soSend(ctx, "GET", path, nil)
	Expect(r.Status).To(Equal(200), "GET %s: want 200 and the messages; got %d", path, r.Status)
	Expect(r).To(match.ConformTo("GetChatMessages"))
	return soObjects(r.Array())
}

// soObjects turns a decoded array into its objects, failing on anything else.
func soObjects(items []any) []map[string]any {
	GinkgoHelper()
	out := make([]map[string]any, 0, len(items))
	for i, it := range items {
		m, ok := it.(map[string]any)
		Expect(ok).To(BeTrue(), "item %d: want a ChatMessage object; got %v", i, it)
		out = append(out, m)
	}
	return out
}

// soInt reads an integer field of a decoded JSON (float64) or XML (int64) object.
func soInt(m map[string]any, field string) int64 {
	GinkgoHelper()
	n, ok := soAsInt(m[field])
	Expect(ok).To(BeTrue(), "%s: want an integer; got %#v in %s", field, m[field], conformance.JSONText(m))
	return n
}

func soAsInt(v any) (int64, bool) {
	switch n := v.(type) {
	case float64:
		return int64(n), n == math.Trunc(n)
	case int64:
		return n, true
	case int:
		return int64(n), true
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

// soIDs returns the ChatMessageIds of messages, in their order.
func soIDs(msgs []map[string]any) []int64 {
	GinkgoHelper()
	ids := make([]int64, 0, len(msgs))
	for _, m := range msgs {
		ids = append(ids, soInt(m, "ChatMessageId"))
	}
	return ids
}

// soAbove returns the ids greater than n, in their order.
func soAbove(ids []int64, n int64) []int64 {
	out := []int64{}
	for _, id := range ids {
		if id > n {
			out = append(out, id)
		}
	}
	return out
}

// soMediaType returns the media type of a response's Content-Type, lower case, without
// parameters ("" when absent or malformed).
func soMediaType(r *conformance.Response) string {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return strings.ToLower(mt)
}

// soDecodeXML decodes an XML response body as the spec's schema for it (operation, status
// and media type), into the values a JSON body would give.
func soDecodeXML(r *conformance.Response, operationID string) any {
	GinkgoHelper()
	set, err := spec.Load()
	Expect(err).NotTo(HaveOccurred())
	op, ok := set.Operation(operationID)
	Expect(ok).To(BeTrue(), "no operation %s in the specs", operationID)
	resp := op.Operation.Responses.Status(r.Status)
	Expect(resp).NotTo(BeNil(), "%s documents no %d response", operationID, r.Status)
	content := resp.Value.Content.Get(soMediaType(r))
	Expect(content).NotTo(BeNil(), "%s documents no %s body for %d", operationID, soMediaType(r), r.Status)
	v, err := spec.DecodeXML(bytes.NewReader(r.Body), content.Schema)
	Expect(err).NotTo(HaveOccurred(), "the XML body of %s %s does not decode: %s", r.Method, r.URL, conformance.Clip(r.Body))
	return v
}

// soMessageXML renders a new ChatMessage as a DataContract XML body, its elements in
// alphabetical order as the DataContractSerializer reads them.
func soMessageXML(typ, text string) string {
	var esc bytes.Buffer
	_ = xml.EscapeText(&esc, []byte(text))
	return `<ChatMessage xmlns="` + soDataContractNS + `"><Message>` + esc.String() + `</Message><Type>` + typ + `</Type></ChatMessage>`
}

// soRefused asserts that a request was refused for its credentials: a 401 or 403.
func soRefused(r *conformance.Response, why string) {
	GinkgoHelper()
	Expect(r.Status).To(BeElementOf(401, 403), "%s %s with %s: want 401 or 403 (refused); got %d", r.Method, r.URL, why, r.Status)
}

// soTime parses a date-time of a response (RFC 3339 with an offset).
func soTime(m map[string]any, field string) time.Time {
	GinkgoHelper()
	s, _ := m[field].(string)
	t, err := time.Parse(time.RFC3339Nano, s)
	Expect(err).NotTo(HaveOccurred(), "%s: want an RFC 3339 date-time with an offset; got %#v", field, m[field])
	return t
}
