package main

import (
	"github.com/chatconform/chatconform/fixtures"
)

// The GWS records named by the vendor's GetMessages page, and the default agent login.
const (
	gwsTenant1       = "cfe5ad67-ba6d-4340-81f9-bb680ef5d498"
	gwsChat1         = "652492d9-c2d9-44c9-b9ad-0ab7984114bb"
	gwsAgentUsername = "agent1"
	gwsAgentPassword = "agent1pass"
	gwsLongEvents    = 1200
)

// genGWS makes two contact centers with three agents each, and chats in every state: the
// first tenant has the vendor page's chat and a long transcript.
func genGWS(g *gen) {
	g.reserve("tenant", gwsTenant1)
	g.reserve("chat", gwsChat1)
	g.reserve("username", gwsAgentUsername)
	t1 := fixtures.Tenant{ID: gwsTenant1, Vendor: fixtures.GWS, Name: "Northwind Support",
		Queues: []string{"default", "billing", "technical"}}
	t2 := fixtures.Tenant{ID: g.unique("tenant", g.f.UUID), Vendor: fixtures.GWS,
		Name: g.f.Company() + " Support", Queues: []string{"default"}}
	g.set.Tenants = append(g.set.Tenants, t1, t2)

	kristi := fixtures.Agent{ID: g.gwsAgentID(), Vendor: fixtures.GWS, Tenant: t1.ID,
		Name: "Kristi Sippola", Nickname: "Kristi", Username: gwsAgentUsername, Password: gwsAgentPassword}
	billing := g.gwsAgent(t1.ID)
	billing.Queues = []string{"billing"}
	away := g.gwsAgent(t1.ID)
	away.Away = true
	t2a, t2b, t2c := g.gwsAgent(t2.ID), g.gwsAgent(t2.ID), g.gwsAgent(t2.ID)
	g.set.Agents = append(g.set.Agents, kristi, billing, away, t2a, t2b, t2c)

	g.set.Chats = append(g.set.Chats,
		g.gwsVendorPageChat(kristi),
		g.gwsChat(t1.ID, fixtures.StateWaiting, "default", fixtures.Agent{}, false),
		g.gwsChat(t1.ID, fixtures.StateWaiting, "technical", fixtures.Agent{}, true),
		g.gwsChat(t1.ID, fixtures.StateChatting, "billing", billing, true),
		g.gwsLongChat(t1.ID, "technical", kristi),
		g.gwsChat(t1.ID, fixtures.StateIdle, "default", kristi, false),
		g.gwsChat(t1.ID, fixtures.StateCompleted, "billing", billing, true),
		g.gwsChat(t1.ID, fixtures.StateCompleted, "technical", away, false),
		g.gwsChat(t2.ID, fixtures.StateWaiting, "default", fixtures.Agent{}, false),
		g.gwsChat(t2.ID, fixtures.StateChatting, "default", t2a, true),
		g.gwsChat(t2.ID, fixtures.StateChatting, "default", t2b, false),
		g.gwsChat(t2.ID, fixtures.StateIdle, "default", t2c, true),
		g.gwsChat(t2.ID, fixtures.StateCompleted, "default", t2a, false),
	)
}

// gwsAgentID draws a GWS user id: 20 lower-case hex digits.
func (g *gen) gwsAgentID() string {
	return g.unique("agent", func() string { return g.f.Regex("[0-9a-f]{20}") })
}

// gwsAgent draws an agent who takes chats from every queue of the tenant.
func (g *gen) gwsAgent(tenant string) fixtures.Agent {
	p := g.person()
	return fixtures.Agent{ID: g.gwsAgentID(), Vendor: fixtures.GWS, Tenant: tenant, Name: p.name(),
		Nickname: p.first, Username: g.uniqueName("username", p.login()), Password: g.password()}
}

// gwsChatID draws a chat id in the GMS style: 16 upper-case letters and digits.
func (g *gen) gwsChatID() string {
	return g.unique("chat", func() string { return g.f.Regex("[0-9A-Z]{16}") })
}

// gwsVendorPageChat is the chat of the GetMessages page: Chris asks "Hello?", Kristi joins,
// starts typing, leaves an agents-only note (the gap at index 5) and answers.
func (g *gen) gwsVendorPageChat(agent fixtures.Agent) fixtures.Chat {
	last := g.f.LastName()
	chris := person{first: "Chris", last: last}
	c := fixtures.Chat{ID: gwsChat1, Vendor: fixtures.GWS, Tenant: agent.Tenant, State: fixtures.StateChatting,
		Subject: "Where is my order?", Queue: "default", Agent: agent.ID, CreatedAt: g.createdAt(),
		Visitor:  fixtures.Visitor{Name: chris.name(), Nickname: chris.first, Email: g.email(chris)},
		UserData: g.userData()}
	t := g.newTranscript(c.CreatedAt)
	t.add(fixtures.KindJoined, fixtures.FromVisitor, "")
	t.add(fixtures.KindText, fixtures.FromVisitor, "Hello?")
	t.add(fixtures.KindJoined, agent.ID, "")
	t.add(fixtures.KindTypingStarted, agent.ID, "")
	t.addVisible(fixtures.KindCustomNotice, agent.ID, g.agentNote(), fixtures.VisibleAgents)
	t.add(fixtures.KindText, agent.ID, "Let me check that order for you.")
	t.add(fixtures.KindTypingStopped, agent.ID, "")
	t.say(fixtures.FromVisitor, "Thanks! It is order "+g.f.Numerify("#######")+".", true)
	t.say(agent.ID, "I can see it: it left our warehouse this morning and should arrive tomorrow.", true)
	c.Events = t.events
	return c
}

// gwsChat makes a chat in a state: waiting chats hold only the visitor's join; the others
// have the agent join, an agents-only note and a short conversation, and idle and completed
// ones end with the visitor, then the agent, leaving.
func (g *gen) gwsChat(tenant, state, queue string, agent fixtures.Agent, withUserData bool) fixtures.Chat {
	c := fixtures.Chat{ID: g.gwsChatID(), Vendor: fixtures.GWS, Tenant: tenant, State: state,
		Subject: g.subject(queue), Queue: queue, Visitor: g.visitor(), CreatedAt: g.createdAt()}
	if withUserData {
		c.UserData = g.userData()
	}
	t := g.newTranscript(c.CreatedAt)
	t.add(fixtures.KindJoined, fixtures.FromVisitor, "")
	if state == fixtures.StateWaiting {
		c.Events = t.events
		return c
	}
	c.Agent = agent.ID
	t.say(fixtures.FromVisitor, question(g.f), true)
	t.add(fixtures.KindJoined, agent.ID, "")
	t.addVisible(fixtures.KindCustomNotice, agent.ID, g.agentNote(), fixtures.VisibleAgents)
	t.say(agent.ID, greeting(c.Visitor.Nickname, agent.Nickname), true)
	t.talk(fixtures.FromVisitor, agent.ID, g.f.Number(3, 6), true)
	switch state {
	case fixtures.StateIdle:
		t.add(fixtures.KindLeft, fixtures.FromVisitor, "")
	case fixtures.StateCompleted:
		t.say(agent.ID, "Is there anything else I can help you with?", true)
		t.say(fixtures.FromVisitor, "No, that's all. Thank you!", false)
		t.add(fixtures.KindLeft, fixtures.FromVisitor, "")
		t.add(fixtures.KindLeft, agent.ID, "")
	}
	c.Events = t.events
	return c
}

// gwsLongChat is a chatting chat of exactly gwsLongEvents events, mostly alternating texts
// with a typing pair now and then.
func (g *gen) gwsLongChat(tenant, queue string, agent fixtures.Agent) fixtures.Chat {
	c := fixtures.Chat{ID: g.gwsChatID(), Vendor: fixtures.GWS, Tenant: tenant, State: fixtures.StateChatting,
		Subject: g.subject(queue), Queue: queue, Visitor: g.visitor(), Agent: agent.ID, CreatedAt: g.createdAt(),
		UserData: g.userData()}
	t := g.newTranscript(c.CreatedAt)
	t.add(fixtures.KindJoined, fixtures.FromVisitor, "")
	t.say(fixtures.FromVisitor, question(g.f), false)
	t.add(fixtures.KindJoined, agent.ID, "")
	t.addVisible(fixtures.KindCustomNotice, agent.ID, g.agentNote(), fixtures.VisibleAgents)
	t.say(agent.ID, greeting(c.Visitor.Nickname, agent.Nickname), false)
	t.fill(gwsLongEvents, fixtures.FromVisitor, agent.ID, 20)
	c.Events = t.events
	return c
}

// agentNote draws the text of an agents-only custom notice.
func (g *gen) agentNote() string {
	switch g.f.Number(0, 2) {
	case 0:
		return "Customer verified: account " + g.f.Numerify("CU-######") + "."
	case 1:
		return "Returning customer, last contact about " + g.f.ProductName() + "."
	default:
		return "Note: " + sentence(g.f)
	}
}

// userData draws the attached data of a chat request.
func (g *gen) userData() map[string]string {
	return map[string]string{
		"customerId": g.f.Numerify("CU-######"),
		"source":     g.f.RandomString([]string{"web", "mobile-app", "help-center"}),
	}
}

// subject draws a chat subject that fits the queue.
func (g *gen) subject(queue string) string {
	switch queue {
	case "billing":
		return g.f.RandomString([]string{
			"Invoice " + g.f.Numerify("INV-#####") + " looks wrong",
			"Refund for order " + g.f.Numerify("#######"),
			"Charged twice for " + g.f.ProductName(),
		})
	case "technical":
		return g.f.RandomString([]string{
			g.f.ProductName() + " stopped working",
			"Cannot log in to my account",
			"Error " + g.f.Numerify("E-###") + " when I sync",
		})
	default:
		return g.f.RandomString([]string{
			"Question about " + g.f.ProductName(),
			"Status of order " + g.f.Numerify("#######"),
			"Changing my delivery address",
		})
	}
}

// greeting is an agent's first message.
func greeting(visitor, agent string) string {
	return "Hi " + visitor + ", my name is " + agent + ". How can I help you today?"
}
