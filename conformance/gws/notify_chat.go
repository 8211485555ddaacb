package gws

import (
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// The chats the notification checks drive over the customer and agent REST APIs, so that
// the agent's CometD session has something to report.

// pushUnique returns a name no other check uses: prefix and random hex.
func pushUnique(prefix string) string {
	b := make([]byte, 6)
	_, _ = rand.Read(b)
	return prefix + "-" + hex.EncodeToString(b)
}

// pushDriven is a chat a check drives through the customer and agent REST APIs while
// the agent's session records the notifications.
type pushDriven struct {
	ID       string
	Customer string // the customer's nickname
	Agent    string // the agent's nickname given with Accept
}

// pushOffer starts a chat as a customer with a unique nickname and waits until it
// is offered to the agent: a StatusChange about it on the agent's session. The target must
// route the chat to cfg.AgentUser (the certification set-up makes that agent the first
// available one of the contact center).
func pushOffer(ctx SpecContext, f *pushFeed) (*pushDriven, pushNote) {
	GinkgoHelper()
	c := &pushDriven{Customer: pushUnique("ntf-customer"), Agent: pushUnique("ntf-agent")}
	r := conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats",
		map[string]any{"operationName": "RequestChat", "nickname": c.Customer, "subject": "notification conformance"},
		conformance.Header("ContactCenterId", cfg().ContactCenterID))
	Expect(r).To(match.ConformTo("RequestChat"))
	Expect(r.Status).To(Equal(200), "RequestChat succeeds")
	c.ID, _ = r.Object()["id"].(string)
	Expect(c.ID).NotTo(BeEmpty(), "RequestChat returns the chat's id")
	DeferCleanup(func(ctx SpecContext) { // best effort: end the chat for the customer
		conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats/"+c.ID, map[string]any{"operationName": "Complete"},
			conformance.Header("ContactCenterId", cfg().ContactCenterID))
	})
	offer := f.await(ctx, c.ID, "a ChatStateChangeMessage/StatusChange offering the chat to agent "+cfg().AgentUser,
		func(n pushNote) bool { return n.is("ChatStateChangeMessage", "StatusChange") })
	return c, offer
}

// pushAccept offers a chat to the agent, accepts it (completing it as the agent when the
// check ends) and waits for the StatusChange to Chatting.
func pushAccept(ctx SpecContext, f *pushFeed) (*pushDriven, pushNote) {
	GinkgoHelper()
	c, _ := pushOffer(ctx, f)
	c.agentDo(ctx, map[string]any{"operationName": "Accept", "nickname": c.Agent})
	DeferCleanup(func(ctx SpecContext) { // best effort: end the chat for the agent
		conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/me/chats/"+c.ID, map[string]any{"operationName": "Complete"},
			conformance.BasicAuth(cfg().AgentUser, cfg().AgentPassword))
	})
	chatting := f.await(ctx, c.ID, `a ChatStateChangeMessage/StatusChange with chat.state "Chatting" after Accept`,
		func(n pushNote) bool {
			return n.is("ChatStateChangeMessage", "StatusChange") && n.Data.Chat.State == "Chatting"
		})
	return c, chatting
}

// agentDo sends an agent operation on the chat and expects it to succeed.
func (c *pushDriven) agentDo(ctx SpecContext, body map[string]any) {
	GinkgoHelper()
	r := conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/me/chats/"+c.ID, body, conformance.BasicAuth(cfg().AgentUser, cfg().AgentPassword))
	Expect(r).To(match.ConformTo("AgentChatOperation"))
	Expect(r.Status).To(Equal(200), "agent operation %v succeeds", body["operationName"])
	Expect(r.Object()["statusCode"]).To(BeNumerically("==", 0), "agent operation %v: statusCode", body["operationName"])
}

// customerDo sends a customer operation on the chat and expects it to succeed.
func (c *pushDriven) customerDo(ctx SpecContext, body map[string]any) {
	GinkgoHelper()
	r := conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats/"+c.ID, body, conformance.Header("ContactCenterId", cfg().ContactCenterID))
	Expect(r).To(match.ConformTo("CustomerChatOperation"))
	Expect(r.Status).To(Equal(200), "customer operation %v succeeds", body["operationName"])
	Expect(r.Object()["statusCode"]).To(BeNumerically("==", 0), "customer operation %v: statusCode", body["operationName"])
}

// agentTranscript reads the chat's transcript as the agent.
func (c *pushDriven) agentTranscript(ctx SpecContext) []pushEntry {
	GinkgoHelper()
	r := conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/me/chats/"+c.ID+"/messages", nil, conformance.BasicAuth(cfg().AgentUser, cfg().AgentPassword))
	Expect(r).To(match.ConformTo("GetAgentMessages"))
	Expect(r.Status).To(Equal(200))
	return pushTranscript(r)
}

// customerTranscript reads the chat's whole transcript as the customer (index=0).
func (c *pushDriven) customerTranscript(ctx SpecContext) []pushEntry {
	GinkgoHelper()
	r := conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/chats/"+c.ID+"/messages?index=0", nil, conformance.Header("ContactCenterId", cfg().ContactCenterID))
	Expect(r).To(match.ConformTo("GetMessages"))
	Expect(r.Status).To(Equal(200))
	return pushTranscript(r)
}

// pushTranscript decodes the messages of a GetMessages or GetAgentMessages response.
func pushTranscript(r *conformance.Response) []pushEntry {
	GinkgoHelper()
	var body struct {
		Messages []pushEntry `json:"messages"`
	}
	Expect(json.Unmarshal(r.Body, &body)).To(Succeed(), "decode the transcript of %s %s", r.Method, r.URL)
	return body.Messages
}

// pushConverse runs a whole conversation on an accepted chat: a customer message, an agent
// message, typing, new user data, and a last agent message, and waits until that last
// message has been notified. It returns the chat and the last message's text.
func pushConverse(ctx SpecContext, f *pushFeed) (*pushDriven, string) {
	GinkgoHelper()
	c, _ := pushAccept(ctx, f)
	c.customerDo(ctx, map[string]any{"operationName": "SendMessage", "text": pushUnique("customer says")})
	c.agentDo(ctx, map[string]any{"operationName": "SendMessage", "text": pushUnique("agent says")})
	c.customerDo(ctx, map[string]any{"operationName": "SendStartTypingNotification"})
	c.customerDo(ctx, map[string]any{"operationName": "SendStopTypingNotification"})
	c.agentDo(ctx, map[string]any{"operationName": "UpdateUserData", "userData": map[string]any{"conformance": pushUnique("v")}})
	last := pushUnique("agent ends")
	c.agentDo(ctx, map[string]any{"operationName": "SendMessage", "text": last})
	f.awaitEntry(ctx, c.ID, fmt.Sprintf("the agent's last Text %q", last), func(e pushEntry) bool { return e.Text == last })
	f.await(ctx, c.ID, "a ChatStateChangeMessage/PropertiesUpdated after UpdateUserData",
		func(n pushNote) bool { return n.is("ChatStateChangeMessage", "PropertiesUpdated") })
	return c, last
}
