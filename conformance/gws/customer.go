package gws

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"math"
	"mime"
	"slices"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// The GWS customer chat API as the checks drive it: every helper checks each response
// against its operation in the spec, so a check states only its own rule.

// GWS documentation pages the checks cite (reference/vendor-apis.md §1).
const (
	gwsSeedGetMessages = "https://enu.docs.genesys.com/Documentation/HTCC/latest/API/CustomerChatGetMessages"
	gwsDocRequestChat  = "https://docs.genesys.com/Documentation/GWS/8.5.2/API/CustomerChatRequestChat"
	gwsDocSendMessage  = "https://en.docs.genesys.com/Documentation/GWS/8.6.0/API/CustomerChatSendMessage"
	gwsDocComplete     = "https://docs.genesys.com/Documentation/GWS/8.6.0/API/CustomerChatComplete"
	gwsDocMessages     = "https://docs.genesys.com/Documentation/HTCC/latest/API/CustomerChatMessages"
	gwsDocChatResource = "https://docs.genesys.com/Documentation/HTCC/latest/API/CustomerChatResource"
	gwsDocGeneral      = "https://docs.genesys.com/Documentation/GWS/8.5.2/API/CustomerChatGeneral"
	gwsDocReturnValues = "https://enu.docs.genesys.com/Documentation:HTCC:API:ReturnValues:8.5.2"
	gwsDocInterpreting = "https://docs.genesys.com/Documentation/HTCC/latest/API/InterpretingaResponse"
	gwsDocAgentChats   = "https://docs.genesys.com/Documentation/HTCC/latest/API/ChatResources"
	gwsDocAccept       = "https://enu.docs.genesys.com/index.php?direction=prev&oldid=360731&title=Documentation%3AHTCC%3AAPI%3AChatAccept%3A8.5.2"
	gwsDocAgentSend    = "https://enu.docs.genesys.com/index.php?direction=prev&oldid=124468&title=Documentation%3AHTCC%3AAPI%3AChatSend%3A8.5.2"
	gwsDocCustomNotice = "https://en.docs.genesys.com/index.php?diff=cur&oldid=341266&title=Documentation%3AHTCC%3AAPI%3AChatSendCustomNoticeToAgents%3A8.5.2DRAFT"
)

// gwsCustomerOps are the operations of POST /api/v2/chats/{id}.
var gwsCustomerOps = []string{"SendMessage", "SendStartTypingNotification", "SendStopTypingNotification", "Complete"}

// gwsPolling is how often Eventually re-reads the target.
const gwsPolling = 25 * time.Millisecond

// gwsMessage is one entry of a GetMessages or GetAgentMessages reply.
type gwsMessage struct {
	Index int    `json:"index"`
	Type  string `json:"type"`
	From  struct {
		Nickname      string `json:"nickname"`
		ParticipantID string `json:"participantId"`
		Type          string `json:"type"`
	} `json:"from"`
	Text       string `json:"text"`
	NoticeText string `json:"noticeText"`
	Visibility string `json:"visibility"`
}

// gwsParticipant is one entry of a chat resource's participants.
type gwsParticipant struct {
	Nickname      string `json:"nickname"`
	ParticipantID string `json:"participantId"`
	Type          string `json:"type"`
}

// gwsChatResource is the chat of a GetChat reply (and of the agent's chat list).
type gwsChatResource struct {
	ID           string           `json:"id"`
	State        string           `json:"state"`
	Capabilities []string         `json:"capabilities"`
	Participants []gwsParticipant `json:"participants"`
}

// gwsChat is a chat a check started as a customer of cfg.ContactCenterID.
type gwsChat struct {
	ID       string
	Nickname string
	// AgentNickname is the nickname the agent accepted the chat with ("" until accepted).
	AgentNickname string
}

// gwsUnique returns prefix with a random suffix, so parallel checks never share data.
func gwsUnique(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// gwsCC is the ContactCenterId header of the configured contact center.
func gwsCC() conformance.Option { return conformance.Header("ContactCenterId", cfg().ContactCenterID) }

// gwsNewChat starts a chat as a customer with a unique nickname (opts shape the
// RequestChat) and completes it when the check ends.
func gwsNewChat(ctx SpecContext, opts ...conformance.Option) *gwsChat {
	GinkgoHelper()
	nick := gwsUnique("Conformance")
	r := conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats",
		map[string]any{"operationName": "RequestChat", "nickname": nick, "subject": gwsUnique("certification")},
		append([]conformance.Option{gwsCC()}, opts...)...)
	Expect(r).To(match.ConformTo("RequestChat"))
	gwsExpectSuccess(r, "RequestChat")
	id, _ := r.Object()["id"].(string)
	Expect(id).NotTo(BeEmpty(), "RequestChat returns the new chat's id; got %s", r.Body)
	c := &gwsChat{ID: id, Nickname: nick}
	DeferCleanup(func(ctx SpecContext) {
		conformance.Send(ctx, "POST", c.url(""), map[string]any{"operationName": "Complete"}, gwsCC())
	})
	return c
}

// url is the chat's customer URL with suffix ("", "/messages?index=0", ...).
func (c *gwsChat) url(suffix string) string { return cfg().GWSURL + "/api/v2/chats/" + c.ID + suffix }

// resource reads the chat with GetChat.
func (c *gwsChat) resource(ctx SpecContext) gwsChatResource {
	GinkgoHelper()
	r := conformance.Send(ctx, "GET", c.url(""), nil, gwsCC())
	Expect(r).To(match.ConformTo("GetChat"))
	gwsExpectSuccess(r, "GetChat")
	var body struct {
		Chat gwsChatResource `json:"chat"`
	}
	Expect(json.Unmarshal(r.Body, &body)).To(Succeed())
	return body.Chat
}

// customer is the chat's Customer participant as GetChat shows it.
func (c *gwsChat) customer(ctx SpecContext) gwsParticipant {
	GinkgoHelper()
	chat := c.resource(ctx)
	i := slices.IndexFunc(chat.Participants, func(p gwsParticipant) bool { return p.Type == "Customer" })
	Expect(i).NotTo(BeNumerically("<", 0), "GetChat lists the customer among the participants (type Customer); got %s", conformance.JSONText(chat.Participants))
	return chat.Participants[i]
}

// read sends GetMessages with query ("" polls for what the customer has not received;
// "?index=N" reads from index N) and returns the messages.
func (c *gwsChat) read(ctx SpecContext, query string) []gwsMessage {
	GinkgoHelper()
	return gwsMessages(conformance.Send(ctx, "GET", c.url("/messages"+query), nil, gwsCC()), "GetMessages")
}

// poll is GetMessages without index.
func (c *gwsChat) poll(ctx SpecContext) []gwsMessage {
	GinkgoHelper()
	return c.read(ctx, "")
}

// all is GetMessages with index=0.
func (c *gwsChat) all(ctx SpecContext) []gwsMessage {
	GinkgoHelper()
	return c.read(ctx, "?index=0")
}

// from is GetMessages with index=n.
func (c *gwsChat) from(ctx SpecContext, n int) []gwsMessage {
	GinkgoHelper()
	return c.read(ctx, "?index="+strconv.Itoa(n))
}

// gwsMessages checks a GetMessages or GetAgentMessages reply and returns its messages.
func gwsMessages(r *conformance.Response, op string) []gwsMessage {
	GinkgoHelper()
	Expect(r).To(match.ConformTo(op))
	gwsExpectSuccess(r, op)
	var body struct {
		Messages []gwsMessage `json:"messages"`
	}
	Expect(json.Unmarshal(r.Body, &body)).To(Succeed())
	return body.Messages
}

// operate posts a customer operation, without judging the outcome.
func (c *gwsChat) operate(ctx SpecContext, body any, opts ...conformance.Option) *conformance.Response {
	GinkgoHelper()
	return conformance.Send(ctx, "POST", c.url(""), body, append([]conformance.Option{gwsCC()}, opts...)...)
}

// do posts a customer operation that must succeed.
func (c *gwsChat) do(ctx SpecContext, body map[string]any) {
	GinkgoHelper()
	r := c.operate(ctx, body)
	Expect(r).To(match.ConformTo("CustomerChatOperation"))
	gwsExpectSuccess(r, "operation "+conformance.JSONText(body["operationName"]))
}

// say sends a unique message as the customer and returns its text.
func (c *gwsChat) say(ctx SpecContext) string {
	GinkgoHelper()
	text := gwsUnique("customer says")
	c.do(ctx, map[string]any{"operationName": "SendMessage", "text": text})
	return text
}

// gwsStatusCode returns the envelope's statusCode, and whether there is an integer one.
func gwsStatusCode(r *conformance.Response) (int, bool) {
	var body map[string]any
	if json.Unmarshal(r.Body, &body) != nil {
		return 0, false
	}
	n, isNumber := body["statusCode"].(float64)
	if !isNumber || n != math.Trunc(n) {
		return 0, false
	}
	return int(n), true
}

// gwsExpectSuccess fails unless r is a 2xx with statusCode 0.
func gwsExpectSuccess(r *conformance.Response, what string) {
	GinkgoHelper()
	code, found := gwsStatusCode(r)
	Expect(found && code == 0 && r.Status/100 == 2).To(BeTrue(),
		"%s: want HTTP 2xx with statusCode 0; got HTTP %d with %s", what, r.Status, conformance.Clip(r.Body))
}

// gwsExpectFailure fails unless r is a 4xx whose envelope carries statusCode want (or any
// failure code when want is 0).
func gwsExpectFailure(r *conformance.Response, want int, what string) {
	GinkgoHelper()
	code, found := gwsStatusCode(r)
	Expect(found).To(BeTrue(), "%s: want a {statusCode, statusMessage} envelope; got HTTP %d with %s", what, r.Status, conformance.Clip(r.Body))
	if want == 0 {
		Expect(code).To(BeNumerically(">", 0), "%s: want a failure (statusCode > 0); got statusCode %d (HTTP %d)", what, code, r.Status)
	} else {
		Expect(code).To(Equal(want), "%s: want statusCode %d; got statusCode %d (HTTP %d, %s)", what, want, code, r.Status, conformance.Clip(r.Body))
	}
	Expect(r.Status/100).To(Equal(4), "%s: want an HTTP status of the 4xx class; got %d", what, r.Status)
}

// gwsMediaType is the media type of a response's Content-Type, without parameters.
func gwsMediaType(r *conformance.Response) string {
	mt, _, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		return ""
	}
	return mt
}

// gwsIndexes lists the messages' indexes.
func gwsIndexes(msgs []gwsMessage) []int {
	out := make([]int, 0, len(msgs))
	for _, m := range msgs {
		out = append(out, m.Index)
	}
	return out
}

// gwsExpectIncreasing fails unless the indexes strictly increase (gaps are allowed).
func gwsExpectIncreasing(msgs []gwsMessage, what string) {
	GinkgoHelper()
	for i := 1; i < len(msgs); i++ {
		Expect(msgs[i].Index).To(BeNumerically(">", msgs[i-1].Index),
			"%s: index %d follows index %d; want strictly increasing indexes (gaps allowed), got %v",
			what, msgs[i].Index, msgs[i-1].Index, gwsIndexes(msgs))
	}
}

// gwsWithText returns the messages whose text is text.
func gwsWithText(msgs []gwsMessage, text string) []gwsMessage {
	var out []gwsMessage
	for _, m := range msgs {
		if m.Text == text || m.NoticeText == text {
			out = append(out, m)
		}
	}
	return out
}

// pollUntil polls GetMessages without index until a message satisfies found, and
// returns every reply it got on the way (the last one holds the message).
func (c *gwsChat) pollUntil(ctx SpecContext, what string, found func(gwsMessage) bool) [][]gwsMessage {
	GinkgoHelper()
	var replies [][]gwsMessage
	Eventually(ctx, func() bool {
		msgs := c.poll(ctx)
		replies = append(replies, msgs)
		return slices.ContainsFunc(msgs, found)
	}).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).Should(BeTrue(), func() string {
		return "GetMessages without index never returned " + what + " within " + cfg().Timeout.String() + "; replies: " + conformance.JSONText(replies)
	})
	return replies
}
