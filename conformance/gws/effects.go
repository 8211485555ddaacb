package gws

import (
	"fmt"
	"net/http"
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// Checks of effects, not replies: that what a reply says happened did happen (an
// unsubscribe stops the events), and that what the documentation says a request causes is
// caused (a failed agent operation is notified; a session without credentials gets
// nothing).
var _ = Describe("GWS CometD: effects", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-011", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must: "A handshake without any credentials MUST NOT open a session: it is refused with an HTTP 4xx or with a /meta/handshake reply whose successful is false, " +
			"and a clientId given with a refusal cannot subscribe.",
		Source: "https://docs.genesys.com/Documentation/HTCC/latest/API/AsynchronousEvents",
	}, func(ctx SpecContext) {
		bayeuxExpectRefused(ctx, bayeuxClient(), "-anonymous", "no credentials") // no Authorization, no cookie
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-012", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSCometD},
		Must: "A successful /meta/unsubscribe from /v2/me/chats MUST be carried out: the session receives no notification of a chat offered afterwards, " +
			"which another session of the same agent, still subscribed, receives.",
		Source: "https://docs.cometd.org/current/reference/#_bayeux",
	}, func(ctx SpecContext) {
		subscribed, gone := pushListen(ctx), pushListen(ctx)
		Expect(gone.client.Unsubscribe(ctx, pushChannel)).To(Succeed(), "unsubscribe from %s", pushChannel)
		c, _ := pushOffer(ctx, subscribed)
		Consistently(ctx, func() int { return len(gone.of(c.ID)) }).WithTimeout(pushQuiet()).Should(BeZero(), func() string {
			return fmt.Sprintf("the unsubscribed session still receives notifications: %s", gone.describe(c.ID))
		})
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-015", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must: "An agent operation that fails on a chat the agent takes part in (Accept of a chat it is already chatting in) MUST fail on the REST API and " +
			"MUST reach the agent's session as a ChatStateChangeMessage with notificationType Error about that chat.",
		Source: "https://enu.docs.genesys.com/Documentation/HTCC/latest/API/ChatMessageType",
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushAccept(ctx, f)
		r := (&gwsChat{ID: c.ID}).agentOperate(ctx, map[string]any{"operationName": "Accept", "nickname": c.Agent})
		Expect(r).To(match.ConformTo("AgentChatOperation"))
		Expect(r.Status).NotTo(Equal(http.StatusOK), "a second Accept of a chat the agent is chatting in succeeded: %s", conformance.Clip(r.Body))
		f.await(ctx, c.ID, "a ChatStateChangeMessage/Error after the failed Accept", func(n pushNote) bool {
			return n.is("ChatStateChangeMessage", "Error")
		})
	})
})

var _ = Describe("GWS agent chat API: effects", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-009", Vendor: conformance.GWS, Profile: conformance.Required, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must: "The agent's Complete MUST end the chat for the customer too: the customer's GetMessages gains the agent's ParticipantLeft, " +
			"and the customer's GetChat stops showing the chat as Chatting.",
		Source: gwsDocAgentChats,
	}, func(ctx SpecContext) {
		c := gwsAcceptedChat(ctx)
		agent := c.agentParticipant(ctx)
		c.agentDo(ctx, map[string]any{"operationName": "Complete"})
		c.pollUntil(ctx, "the agent's ParticipantLeft after the agent's Complete", func(m gwsMessage) bool {
			return m.Type == "ParticipantLeft" && m.From.ParticipantID == agent.ParticipantID
		})
		Eventually(ctx, func() string { return c.resource(ctx).State }).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).
			ShouldNot(Equal("Chatting"), "the customer's GetChat state after the agent's Complete")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-010", Vendor: conformance.GWS, Profile: conformance.Required, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "The agent's SendNicknameUpdatedNotice MUST append a NicknameUpdated entry from the agent to the chat's transcript, as the agent API shows it.",
		Source:   "https://docs.genesys.com/Documentation/GWS/8.5.2/API/ChatSendNicknameUpdatedNotice",
	}, func(ctx SpecContext) {
		c := gwsAcceptedChat(ctx)
		agent := c.agentParticipant(ctx)
		before := len(c.agentMessages(ctx, ""))
		c.agentDo(ctx, map[string]any{"operationName": "SendNicknameUpdatedNotice", "noticeText": gwsUnique("now known as")})
		var got []gwsMessage
		Eventually(ctx, func() bool {
			got = c.agentMessages(ctx, "")
			return slices.ContainsFunc(got, func(m gwsMessage) bool {
				return m.Type == "NicknameUpdated" && m.From.ParticipantID == agent.ParticipantID
			})
		}).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).Should(BeTrue(), func() string {
			return fmt.Sprintf("want a NicknameUpdated entry from the agent (%s) after the %d entries before; got %s", conformance.JSONText(agent), before, conformance.JSONText(got))
		})
	})
})

// agentParticipant is the chat's Agent participant as the customer's GetChat shows it.
func (c *gwsChat) agentParticipant(ctx SpecContext) gwsParticipant {
	GinkgoHelper()
	var ps []gwsParticipant
	Eventually(ctx, func() bool {
		ps = c.resource(ctx).Participants
		return slices.ContainsFunc(ps, func(p gwsParticipant) bool { return p.Type == "Agent" })
	}).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).Should(BeTrue(), func() string {
		return "GetChat lists an Agent among the participants of an accepted chat; got " + conformance.JSONText(ps)
	})
	return ps[slices.IndexFunc(ps, func(p gwsParticipant) bool { return p.Type == "Agent" })]
}

var _ = Describe("GWS agent chat API: agents-only typing", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-011", Vendor: conformance.GWS, Profile: conformance.Required, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must: "The agent's SendStartTypingToAgentsNotification MUST reach the agents only: the agent API's transcript gains a TypingStarted from the agent, " +
			"and the customer's GetMessages, with or without index, shows none from the agent.",
		Source: "https://docs.genesys.com/Documentation/HTCC/latest/API/ChatSendStartTypingToAgentsNotification",
	}, func(ctx SpecContext) {
		c := gwsAcceptedChat(ctx)
		agent := c.agentParticipant(ctx)
		typing := func(m gwsMessage) bool {
			return m.Type == "TypingStarted" && m.From.ParticipantID == agent.ParticipantID
		}
		before := c.poll(ctx)
		c.agentDo(ctx, map[string]any{"operationName": "SendStartTypingToAgentsNotification"})
		var got []gwsMessage
		Eventually(ctx, func() bool {
			got = c.agentMessages(ctx, "")
			return slices.ContainsFunc(got, typing)
		}).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).Should(BeTrue(), func() string {
			return "want a TypingStarted from the agent in the agent API's transcript; got " + conformance.JSONText(got)
		})
		text := c.say(ctx) // a later message, so the customer's poll surely covers the typing
		replies := append([][]gwsMessage{before}, c.pollUntil(ctx, "the customer's message sent after the typing", func(m gwsMessage) bool { return m.Text == text })...)
		for _, msgs := range append(replies, c.all(ctx)) {
			Expect(slices.ContainsFunc(msgs, typing)).To(BeFalse(), "the customer sees the agents-only typing notification: %s", conformance.JSONText(msgs))
		}
	})
})
