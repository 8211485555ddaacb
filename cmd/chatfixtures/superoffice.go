package main

import (
	"strconv"

	"github.com/chatconform/chatconform/fixtures"
)

// The SuperOffice records named by the vendor's samples, and the default associate.
const (
	soOnsite      = "Onsite"
	soOnline      = "Cust12345"
	soSession103  = "103"
	soFirstID     = 100
	soAnnaID      = "12"
	soAnnaUser    = "anna"
	soAnnaPass    = "anna-pass"
	soAnnaTicket  = "7T:dGplMDpUamUwdGplMDpUamUw"
	soAnnaToken   = "so-bearer-anna-0123456789abcdef"
	soAnnaXSRF    = "xsrf-anna-0123456789"
	soLongTexts   = 1100
	soInQueue     = "InQueue"
	soCustLast    = "CustomerLast"
	soUserLast    = "UserLast"
	soClosed      = "Closed"
	soTopicFirst  = "1"
	soTopicSecond = "2"
)

// genSuperOffice makes an onsite and an online tenant with three associates each, and
// sessions numbered from 100 across both: waiting, chatting, closed, the samples' session 103
// and a long transcript. SuperOffice has no typing events.
func genSuperOffice(g *gen) {
	g.reserve("chat", soSession103)
	g.reserve("username", soAnnaUser)
	onsite := fixtures.Tenant{ID: soOnsite, Vendor: fixtures.SuperOffice, Name: "Onsite installation"}
	online := fixtures.Tenant{ID: soOnline, Vendor: fixtures.SuperOffice, Name: g.f.Company(), Online: true}
	g.set.Tenants = append(g.set.Tenants, onsite, online)

	anna := fixtures.Agent{ID: soAnnaID, Vendor: fixtures.SuperOffice, Tenant: onsite.ID, Name: "Anna Berg",
		Nickname: "Anna", Username: soAnnaUser, Password: soAnnaPass, Ticket: soAnnaTicket, Token: soAnnaToken,
		XSRFToken: soAnnaXSRF}
	a13, a14 := g.soAgent(onsite.ID, "13"), g.soAgent(onsite.ID, "14")
	a22, a23, a24 := g.soAgent(online.ID, "22"), g.soAgent(online.ID, "23"), g.soAgent(online.ID, "24")
	g.set.Agents = append(g.set.Agents, anna, a13, a14, a22, a23, a24)

	g.set.Chats = append(g.set.Chats,
		g.soSession(onsite.ID, fixtures.StateWaiting, soTopicFirst, fixtures.Agent{}, ""),
		g.soSession(onsite.ID, fixtures.StateChatting, soTopicFirst, a13, fixtures.FromVisitor),
		g.soSession(onsite.ID, fixtures.StateChatting, soTopicSecond, a14, a14.ID),
		g.soSample103(anna),
		g.soSession(onsite.ID, fixtures.StateCompleted, soTopicFirst, a13, ""),
		g.soLongSession(onsite.ID, soTopicFirst, anna),
		g.soSession(online.ID, fixtures.StateWaiting, soTopicFirst, fixtures.Agent{}, ""),
		g.soSession(online.ID, fixtures.StateChatting, soTopicFirst, a22, fixtures.FromVisitor),
		g.soSession(online.ID, fixtures.StateChatting, soTopicFirst, a23, a23.ID),
		g.soSession(online.ID, fixtures.StateCompleted, soTopicFirst, a24, ""),
	)
}

// soAgent draws an associate with every SuperOffice credential.
func (g *gen) soAgent(tenant, id string) fixtures.Agent {
	p := g.person()
	return fixtures.Agent{ID: id, Vendor: fixtures.SuperOffice, Tenant: tenant, Name: p.name(), Nickname: p.first,
		Username: g.uniqueName("username", slug(p.first)), Password: g.password(),
		Ticket:    "7T:" + g.f.Regex("[A-Za-z0-9]{24}"),
		Token:     g.f.Regex("[0-9a-f]{40}"),
		XSRFToken: g.f.Regex("[0-9a-f]{32}")}
}

// soSessionID returns the next free session id, counting from soFirstID.
func (g *gen) soSessionID() string {
	n := soFirstID
	return g.unique("chat", func() string {
		id := strconv.Itoa(n)
		n++
		return id
	})
}

// soSession makes a session in a state. A chatting session's last text is from lastFrom,
// and its VendorState says so.
func (g *gen) soSession(tenant, state, topic string, agent fixtures.Agent, lastFrom string) fixtures.Chat {
	c := fixtures.Chat{ID: g.soSessionID(), Vendor: fixtures.SuperOffice, Tenant: tenant, State: state,
		Subject: g.subject("default"), Queue: topic, Visitor: g.visitor(), CreatedAt: g.createdAt()}
	t := g.newTranscript(c.CreatedAt)
	t.add(fixtures.KindJoined, fixtures.FromVisitor, "")
	if state == fixtures.StateWaiting {
		c.VendorState = soInQueue
		c.Events = t.events
		return c
	}
	c.Agent = agent.ID
	t.add(fixtures.KindText, fixtures.FromVisitor, question(g.f))
	t.add(fixtures.KindJoined, agent.ID, "")
	t.add(fixtures.KindText, agent.ID, greeting(c.Visitor.Nickname, agent.Nickname))
	n := 2 * g.f.Number(1, 3) // visitor first, so an even count ends with the agent
	if lastFrom == fixtures.FromVisitor {
		n++
	}
	t.talk(fixtures.FromVisitor, agent.ID, n, false)
	if state == fixtures.StateCompleted {
		t.add(fixtures.KindText, agent.ID, "Is there anything else I can help you with?")
		t.add(fixtures.KindText, fixtures.FromVisitor, "No, that's all. Thank you!")
	}
	c.Events = t.events
	c.VendorState = soVendorState(state, t)
	return c
}

// soSample103 is session 103 of the vendor samples: Lars Nilsen's invoice address, answered
// by Anna Berg on topic 2, the agent writing last.
func (g *gen) soSample103(anna fixtures.Agent) fixtures.Chat {
	c := fixtures.Chat{ID: soSession103, Vendor: fixtures.SuperOffice, Tenant: anna.Tenant,
		State: fixtures.StateChatting, Subject: "Wrong delivery address on invoice 10233", Queue: soTopicSecond,
		Visitor: fixtures.Visitor{Name: "Lars Nilsen", Nickname: "Lars", Email: "lars.nilsen@nordlys-elektro.no"},
		Agent:   anna.ID, CreatedAt: g.createdAt()}
	t := g.newTranscript(c.CreatedAt)
	t.add(fixtures.KindJoined, fixtures.FromVisitor, "")
	t.add(fixtures.KindText, fixtures.FromVisitor, "Hi, my invoice 10233 shows the wrong delivery address.")
	t.add(fixtures.KindJoined, anna.ID, "")
	t.add(fixtures.KindText, anna.ID, "Hello Lars, I'm Anna. Let me look at invoice 10233 for you.")
	t.add(fixtures.KindText, fixtures.FromVisitor, "Thanks! It should be Storgata 12, 0155 Oslo.")
	t.add(fixtures.KindText, anna.ID, "Done - the address is corrected and a new invoice is on its way.")
	c.Events = t.events
	c.VendorState = soVendorState(c.State, t)
	return c
}

// soLongSession is a chatting session with soLongTexts texts.
func (g *gen) soLongSession(tenant, topic string, agent fixtures.Agent) fixtures.Chat {
	c := fixtures.Chat{ID: g.soSessionID(), Vendor: fixtures.SuperOffice, Tenant: tenant, State: fixtures.StateChatting,
		Subject: g.subject("default"), Queue: topic, Visitor: g.visitor(), Agent: agent.ID, CreatedAt: g.createdAt()}
	t := g.newTranscript(c.CreatedAt)
	t.add(fixtures.KindJoined, fixtures.FromVisitor, "")
	t.add(fixtures.KindText, fixtures.FromVisitor, question(g.f))
	t.add(fixtures.KindJoined, agent.ID, "")
	t.fill(soLongTexts+2, agent.ID, agent.ID, 0) // the two joins plus soLongTexts texts
	c.Events = t.events
	c.VendorState = soVendorState(c.State, t)
	return c
}

// soVendorState is the session Status for a state: who wrote last, while chatting.
func soVendorState(state string, t *transcript) string {
	switch state {
	case fixtures.StateWaiting:
		return soInQueue
	case fixtures.StateCompleted:
		return soClosed
	}
	if t.lastTextFrom() == fixtures.FromVisitor {
		return soCustLast
	}
	return soUserLast
}
