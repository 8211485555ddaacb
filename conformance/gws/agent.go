package gws

import (
	"encoding/json"
	"slices"
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// The agent checks act as cfg.AgentUser on chats the checks request as customers. A new
// chat is offered to whichever agent the contact center routes it to, so these checks need
// the configured agent to be the first available agent of cfg.ContactCenterID; offered
// waits for the chat to show up in the agent's list and says so when it never does.

var _ = Describe("GWS agent chat API", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-001", Vendor: conformance.GWS, Profile: conformance.Required, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "An agent API request without credentials, with a wrong password or with an unknown user name MUST fail with statusCode 20 (not authenticated) and an HTTP status of the 4xx class.",
		Source:   gwsDocInterpreting,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		for _, cred := range []struct {
			what string
			auth conformance.Option
		}{
			{"no credentials", conformance.WithoutHeader("Authorization")},
			{"a wrong password", conformance.BasicAuth(cfg().AgentUser, cfg().AgentPassword+"-wrong")},
			{"an unknown user name", conformance.BasicAuth(gwsUnique("no-such-agent"), cfg().AgentPassword)},
		} {
			r := conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/me/chats", nil, cred.auth)
			Expect(r).To(match.ConformTo("ListAgentChats"))
			gwsExpectFailure(r, 20, "GET /api/v2/me/chats with "+cred.what)
			r = conformance.Send(ctx, "GET", c.agentURL("/messages"), nil, cred.auth)
			Expect(r).To(match.ConformTo("GetAgentMessages"))
			gwsExpectFailure(r, 20, "GET /api/v2/me/chats/{id}/messages with "+cred.what)
			r = c.agentOperate(ctx, map[string]any{"operationName": "Accept"}, cred.auth)
			Expect(r).To(match.ConformTo("AgentChatOperation"))
			gwsExpectFailure(r, 20, "Accept with "+cred.what)
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-002", Vendor: conformance.GWS, Profile: conformance.Required, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "GET /api/v2/me/chats MUST list a chat a customer has just requested when the configured agent is the contact center's first available agent, to whom the chat is offered.",
		Source:   gwsDocAgentChats,
	}, func(ctx SpecContext) {
		gwsNewChat(ctx).offered(ctx)
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-003", Vendor: conformance.GWS, Profile: conformance.Required, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "After the agent accepts a chat, the customer's GetChat MUST show the chat in state Chatting.",
		Source:   gwsDocAccept,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.offered(ctx)
		c.accept(ctx)
		Eventually(ctx, func() string { return c.resource(ctx).State }).
			WithTimeout(cfg().Timeout).WithPolling(gwsPolling).
			Should(Equal("Chatting"), "the customer's GetChat state after the agent's Accept")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-004", Vendor: conformance.GWS, Profile: conformance.Required, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "After the agent accepts a chat, the customer's GetMessages MUST return the agent's ParticipantJoined, from an Agent with the nickname given to Accept.",
		Source:   gwsDocAccept,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.offered(ctx)
		c.accept(ctx)
		joined := func(m gwsMessage) bool { return m.Type == "ParticipantJoined" && m.From.Type == "Agent" }
		replies := c.pollUntil(ctx, "the agent's ParticipantJoined", joined)
		last := replies[len(replies)-1]
		m := last[slices.IndexFunc(last, joined)]
		Expect(m.From.Nickname).To(Equal(c.AgentNickname), "the agent's ParticipantJoined carries the nickname given to Accept; got %s", conformance.JSONText(m))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-005", Vendor: conformance.GWS, Profile: conformance.Required, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "A message the agent sends MUST reach the customer's GetMessages exactly once, as a Text from an Agent with the text sent.",
		Source:   gwsDocAgentSend,
	}, func(ctx SpecContext) {
		c := gwsAcceptedChat(ctx)
		text := gwsUnique("agent says")
		c.agentDo(ctx, map[string]any{"operationName": "SendMessage", "text": text})
		replies := c.pollUntil(ctx, "the agent's message", func(m gwsMessage) bool { return m.Text == text })
		replies = append(replies, c.poll(ctx))
		var got []gwsMessage
		for _, msgs := range replies {
			got = append(got, gwsWithText(msgs, text)...)
		}
		Expect(got).To(HaveLen(1), "the agent's message in every GetMessages reply, which must deliver it exactly once; got %s", conformance.JSONText(got))
		Expect(got[0].Type).To(Equal("Text"), "type of the agent's message; got %s", conformance.JSONText(got[0]))
		Expect(got[0].From.Type).To(Equal("Agent"), "from.type of the agent's message; got %s", conformance.JSONText(got[0]))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-006", Vendor: conformance.GWS, Profile: conformance.Required, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "After the agent accepts a chat, GET /api/v2/me/chats MUST show that chat in state Chatting.",
		Source:   gwsDocAccept,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.offered(ctx)
		c.accept(ctx)
		c.awaitChatting(ctx)
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-007", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "GET /api/v2/me/chats/{id}/messages MUST return every entry the customer sees at the same index, and also agents-only activity with visibility Agents.",
		Source:   gwsDocCustomNotice,
	}, func(ctx SpecContext) {
		c := gwsAcceptedChat(ctx)
		c.say(ctx)
		notice := gwsUnique("agents only")
		c.agentDo(ctx, map[string]any{"operationName": "SendCustomNoticeToAgents", "noticeText": notice})
		last := c.say(ctx)
		var agent []gwsMessage
		Eventually(ctx, func() []gwsMessage {
			agent = c.agentMessages(ctx, "")
			return gwsWithText(agent, last)
		}).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).ShouldNot(BeEmpty(), "the agent's transcript holds the customer's last message")
		gwsExpectIncreasing(agent, "GetAgentMessages")
		customer := c.all(ctx)
		for _, m := range customer {
			i := slices.IndexFunc(agent, func(a gwsMessage) bool { return a.Index == m.Index })
			Expect(i).NotTo(BeNumerically("<", 0), "the customer's entry %s is missing from the agent's transcript %s", conformance.JSONText(m), conformance.JSONText(agent))
			Expect(agent[i].Type).To(Equal(m.Type), "index %d is a %s for the customer but a %s for the agent", m.Index, m.Type, agent[i].Type)
			Expect(agent[i].Text).To(Equal(m.Text), "index %d has text %q for the customer but %q for the agent", m.Index, m.Text, agent[i].Text)
		}
		seen := gwsWithText(agent, notice)
		Expect(seen).To(HaveLen(1), "the agents-only notice appears once in the agent's transcript; got %s", conformance.JSONText(agent))
		Expect(seen[0].Visibility).To(Equal("Agents"), "visibility of the agents-only notice; got %s", conformance.JSONText(seen[0]))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-AGT-008", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "agent",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "Paging GET /api/v2/me/chats/{id}/messages with startIndex (the first index returned, inclusive) and count (the most entries returned) MUST yield the whole transcript, each entry once and in order.",
		Source:   gwsDocAgentChats,
	}, func(ctx SpecContext) {
		c := gwsAcceptedChat(ctx)
		for range 3 {
			c.say(ctx)
		}
		last := c.say(ctx)
		var whole []gwsMessage
		Eventually(ctx, func() []gwsMessage {
			whole = c.agentMessages(ctx, "")
			return gwsWithText(whole, last)
		}).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).ShouldNot(BeEmpty(), "the agent's transcript holds the customer's last message")
		const count = 2
		var paged []gwsMessage
		start := 0
		for range len(whole) + 1 {
			page := c.agentMessages(ctx, "?startIndex="+strconv.Itoa(start)+"&count="+strconv.Itoa(count))
			Expect(len(page)).To(BeNumerically("<=", count), "startIndex=%d&count=%d returned %d entries %v; want at most %d", start, count, len(page), gwsIndexes(page), count)
			if len(page) == 0 {
				break
			}
			Expect(page[0].Index).To(BeNumerically(">=", start), "startIndex=%d returned index %d first; want indexes of at least %d", start, page[0].Index, start)
			paged = append(paged, page...)
			start = page[len(page)-1].Index + 1
		}
		Expect(gwsIndexes(paged)).To(Equal(gwsIndexes(whole)), "the indexes paged with count=%d; want those of the whole transcript", count)
	})
})

// gwsAgent authenticates as the configured agent.
func gwsAgent() conformance.Option {
	return conformance.BasicAuth(cfg().AgentUser, cfg().AgentPassword)
}

// gwsAgentChats lists the configured agent's chats.
func gwsAgentChats(ctx SpecContext) []gwsChatResource {
	GinkgoHelper()
	r := conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/me/chats", nil, gwsAgent())
	Expect(r).To(match.ConformTo("ListAgentChats"))
	gwsExpectSuccess(r, "GET /api/v2/me/chats")
	var body struct {
		Chats []gwsChatResource `json:"chats"`
	}
	Expect(json.Unmarshal(r.Body, &body)).To(Succeed())
	return body.Chats
}

// agentURL is the chat's agent URL with suffix.
func (c *gwsChat) agentURL(suffix string) string {
	return cfg().GWSURL + "/api/v2/me/chats/" + c.ID + suffix
}

// agentView is the chat as the agent's list shows it, and whether it is listed.
func (c *gwsChat) agentView(ctx SpecContext) (gwsChatResource, bool) {
	GinkgoHelper()
	chats := gwsAgentChats(ctx)
	i := slices.IndexFunc(chats, func(ch gwsChatResource) bool { return ch.ID == c.ID })
	if i < 0 {
		return gwsChatResource{}, false
	}
	return chats[i], true
}

// offered waits until the chat is listed for the configured agent and returns it.
func (c *gwsChat) offered(ctx SpecContext) gwsChatResource {
	GinkgoHelper()
	var chat gwsChatResource
	Eventually(ctx, func() bool {
		var listed bool
		chat, listed = c.agentView(ctx)
		return listed
	}).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).Should(BeTrue(),
		"chat %s never appeared in GET /api/v2/me/chats of agent %q within %s; the agent checks need --agent-user to be the first available agent of --contact-center-id, so that a new chat is offered to it",
		c.ID, cfg().AgentUser, cfg().Timeout)
	return chat
}

// accept accepts the chat as the configured agent, with a unique nickname, and completes
// it as the agent when the check ends.
func (c *gwsChat) accept(ctx SpecContext) {
	GinkgoHelper()
	c.AgentNickname = gwsUnique("Agent")
	c.agentDo(ctx, map[string]any{"operationName": "Accept", "nickname": c.AgentNickname})
	DeferCleanup(func(ctx SpecContext) {
		conformance.Send(ctx, "POST", c.agentURL(""), map[string]any{"operationName": "Complete"}, gwsAgent())
	})
}

// gwsAcceptedChat starts a chat, has the configured agent accept it, and waits until the
// agent is chatting in it.
func gwsAcceptedChat(ctx SpecContext) *gwsChat {
	GinkgoHelper()
	c := gwsNewChat(ctx)
	c.offered(ctx)
	c.accept(ctx)
	c.awaitChatting(ctx)
	return c
}

// awaitChatting waits until the agent's list shows the agent chatting in the chat.
func (c *gwsChat) awaitChatting(ctx SpecContext) {
	GinkgoHelper()
	Eventually(ctx, func() string {
		chat, _ := c.agentView(ctx)
		return chat.State
	}).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).Should(Equal("Chatting"), "the agent's state of chat %s after Accept", c.ID)
}

// agentOperate posts an agent operation as the configured agent (opts may replace or drop
// the credentials), without judging the outcome.
func (c *gwsChat) agentOperate(ctx SpecContext, body any, opts ...conformance.Option) *conformance.Response {
	GinkgoHelper()
	return conformance.Send(ctx, "POST", c.agentURL(""), body, append([]conformance.Option{gwsAgent()}, opts...)...)
}

// agentDo posts an agent operation that must succeed.
func (c *gwsChat) agentDo(ctx SpecContext, body map[string]any) {
	GinkgoHelper()
	r := c.agentOperate(ctx, body)
	Expect(r).To(match.ConformTo("AgentChatOperation"))
	gwsExpectSuccess(r, "agent operation "+conformance.JSONText(body["operationName"]))
}

// agentMessages reads the chat's transcript as the agent, with query ("" or
// "?startIndex=...").
func (c *gwsChat) agentMessages(ctx SpecContext, query string) []gwsMessage {
	GinkgoHelper()
	return gwsMessages(conformance.Send(ctx, "GET", c.agentURL("/messages"+query), nil, gwsAgent()), "GetAgentMessages")
}
