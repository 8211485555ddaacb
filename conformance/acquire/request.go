package acquire

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/url"
	"regexp"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/fixtures"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// The Acquire legacy Profiles API paths [A1][A2].
const (
	acqMessagePath = "/api/profile/lead/message"
	acqThreadPath  = "/api/profile/message/thread"
)

// The sources of the Acquire checks.
const (
	acqSeed       = "https://developer.acquire.io/master/rest-apis/profiles-api/message"
	acqThreadDoc  = "https://developer.acquire.io/master/rest-apis/profiles-api/thread"
	acqMessageDoc = "https://developer.acquire.io/master/rest-apis/profiles-api/message"
	acqLegacyAuth = "https://developer.acquire.io/master/rest-apis/oauth/authorization"
	acqErrorsDoc  = "https://developer.acquire.io/rest-apis/introduction/interrelated"
)

// acqDateCreated is date_created as the seed shows it: YYYY-MM-DD HH:MM:SS, no zone.
var acqDateCreated = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$`)

// acqForm is the seed's request for the certification fixture chat: thread_id -1, the
// visitor and chat the target must hold (--acquire-visitor, --acquire-chat), an empty key.
func acqForm() url.Values {
	return url.Values{"thread_id": {"-1"}, "visitor_id": {cfg().AcquireVisitor}, "last_chat_id": {cfg().AcquireChat}, "key": {""}}
}

// acqBearer authenticates as the seed does: Authorization: Bearer <API token>.
func acqBearer() conformance.Option {
	return conformance.Header("Authorization", "Bearer "+cfg().AcquireToken)
}

// acqPost posts body to an Acquire path of the target.
func acqPost(ctx SpecContext, path string, body any, opts ...conformance.Option) *conformance.Response {
	GinkgoHelper()
	return conformance.Send(ctx, "POST", cfg().AcquireURL+path, body, opts...)
}

// acqMessages posts form to the Profile Message API with the Bearer token, requires a
// success envelope that conforms to GetProfileMessages, and returns data.messages.
func acqMessages(ctx SpecContext, form url.Values, opts ...conformance.Option) []map[string]any {
	GinkgoHelper()
	r := acqPost(ctx, acqMessagePath, form, append([]conformance.Option{acqBearer()}, opts...)...)
	Expect(r).To(match.ConformTo("GetProfileMessages"))
	return acqMessagesOf(r)
}

// acqDecode decodes a JSON object body keeping numbers exact (json.Number).
func acqDecode(r *conformance.Response) (map[string]any, error) {
	dec := json.NewDecoder(bytes.NewReader(r.Body))
	dec.UseNumber()
	var m map[string]any
	err := dec.Decode(&m)
	return m, err
}

// acqSuccess requires the legacy success envelope {success: true, error: null, data: {...}}
// with a 2xx status, and returns data.
func acqSuccess(r *conformance.Response) map[string]any {
	GinkgoHelper()
	Expect(r.Status).To(And(BeNumerically(">=", 200), BeNumerically("<", 300)), "want a 2xx answer to %s %s; got %d", r.Method, r.URL, r.Status)
	body, err := acqDecode(r)
	Expect(err).NotTo(HaveOccurred(), "want the JSON envelope {success, error, data}; got %q", conformance.Clip(r.Body))
	Expect(body).To(HaveKeyWithValue("success", true), "want success true in the envelope; got %s", conformance.Clip(r.Body))
	Expect(body).To(HaveKey("error"), "want error: null in the envelope; the member is missing from %s", conformance.Clip(r.Body))
	Expect(body["error"]).To(BeNil(), "want error: null in the success envelope; got %v", body["error"])
	data, ok := body["data"].(map[string]any)
	Expect(ok).To(BeTrue(), "want data to be an object in the success envelope; got %v", body["data"])
	return data
}

// acqMessagesOf requires a success envelope and returns its data.messages.
func acqMessagesOf(r *conformance.Response) []map[string]any {
	GinkgoHelper()
	return acqObjects(acqSuccess(r), "messages")
}

// acqObjects returns data[name], which must be an array of objects.
func acqObjects(data map[string]any, name string) []map[string]any {
	GinkgoHelper()
	items, ok := data[name].([]any)
	Expect(ok).To(BeTrue(), "want data.%s to be an array; got %v", name, data[name])
	out := make([]map[string]any, len(items))
	for i, it := range items {
		out[i], ok = it.(map[string]any)
		Expect(ok).To(BeTrue(), "want data.%s[%d] to be an object; got %v", name, i, it)
	}
	return out
}

// acqInt returns v as an integer when it is a JSON integer.
func acqInt(v any) (int64, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	return i, err == nil
}

// acqID parses a configured Acquire id, which the API carries as an integer.
func acqID(flagName, s string) int64 {
	GinkgoHelper()
	n, err := strconv.ParseInt(s, 10, 64)
	Expect(err).NotTo(HaveOccurred(), "--%s %q: Acquire ids are integers", flagName, s)
	return n
}

// acqField requires an integer member of a message and returns it.
func acqField(m map[string]any, i int, name string) int64 {
	GinkgoHelper()
	n, ok := acqInt(m[name])
	Expect(ok).To(BeTrue(), "messages[%d].%s: want an integer; got %v", i, name, m[name])
	return n
}

// expectAcqRefused requires that the target refused a request: no 5xx, and either an error
// status with a body that is not the envelope, or an envelope whose success is not true and
// which carries no messages. Status codes and error bodies are not documented for the
// legacy API, so nothing more is demanded here.
func expectAcqRefused(r *conformance.Response, why string) {
	GinkgoHelper()
	Expect(r.Status).To(BeNumerically("<", 500), "%s: want the request refused with a client error; got status %d", why, r.Status)
	body, err := acqDecode(r)
	if err != nil {
		Expect(r.Status).To(BeNumerically(">=", 400), "%s: a body that is not the JSON envelope must come with an error status; got %d %q", why, r.Status, conformance.Clip(r.Body))
		return
	}
	Expect(body["success"]).NotTo(Equal(true), "%s: want the request refused; got a success envelope: %s", why, conformance.Clip(r.Body))
	if data, ok := body["data"].(map[string]any); ok {
		Expect(data["messages"]).To(Or(BeNil(), BeEmpty()), "%s: want no messages; got %v", why, data["messages"])
	}
}

// expectAcqFailure requires the failure envelope of the spec's x-decision (ambiguity 6):
// the given status, Content-Type application/json, and {success: false, error: a non-empty
// string, data: null}.
func expectAcqFailure(r *conformance.Response, status int) {
	GinkgoHelper()
	Expect(r.Status).To(Equal(status), "want status %d; got %d %s", status, r.Status, conformance.Clip(r.Body))
	expectJSONContentType(r)
	body, err := acqDecode(r)
	Expect(err).NotTo(HaveOccurred(), "want the failure envelope {success: false, error, data: null}; got %q", conformance.Clip(r.Body))
	Expect(body).To(HaveKeyWithValue("success", false), "want success false in the failure envelope; got %s", conformance.Clip(r.Body))
	msg, _ := body["error"].(string)
	Expect(msg).NotTo(BeEmpty(), "want error to be a non-empty message in the failure envelope; got %v", body["error"])
	Expect(body).To(HaveKey("data"), "want data: null in the failure envelope; the member is missing from %s", conformance.Clip(r.Body))
	Expect(body["data"]).To(BeNil(), "want data: null in the failure envelope; got %v", body["data"])
}

// expectJSONContentType requires a Content-Type of application/json (parameters such as
// charset allowed).
func expectJSONContentType(r *conformance.Response) {
	GinkgoHelper()
	ct := r.Header.Get("Content-Type")
	media, _, err := mime.ParseMediaType(ct)
	Expect(err == nil && media == "application/json").To(BeTrue(),
		"%s %s: want Content-Type application/json; got %q", r.Method, r.URL, ct)
}

// acqFixtureChat returns the certification fixture chat that --acquire-chat and
// --acquire-visitor name, and skips the check when they name another chat, whose transcript
// the suite cannot know.
func acqFixtureChat() fixtures.Chat {
	GinkgoHelper()
	set, err := fixtures.Default()
	Expect(err).NotTo(HaveOccurred(), "certification fixtures")
	for _, c := range set.ChatsOf(fixtures.Acquire) {
		if c.ID == cfg().AcquireChat && c.Visitor.ID == cfg().AcquireVisitor {
			return c
		}
	}
	Skip("--acquire-chat " + cfg().AcquireChat + " of visitor " + cfg().AcquireVisitor + " is not a chat of the certification fixture set; its transcript is unknown")
	return fixtures.Chat{}
}
