package main

import (
	"strconv"

	"github.com/chatconform/chatconform/fixtures"
)

// The Acquire records named by the vendor's example, and the default API token.
const (
	acqAccount      = "10719"
	acqAccount2     = "20450"
	acqToken        = "acq-token-10719-0123456789abcdef"
	acqAgentID      = "15416"
	acqAgentName    = "Devid Klok"
	acqAgentPhoto   = "pp15337107338831.png"
	acqChatID       = "106241"
	acqVisitorID    = "61793"
	acqVisitorName  = "John Deo"
	acqThreadID     = "445"
	acqLongTexts    = 1050
	acqFirstChatNum = 106241
)

// genAcquire makes two accounts with their agents and chats. The API cannot create data, so
// everything a conformance run reads must be here: the example's chat 106241 of visitor
// 61793, other visitors' chats, a completed one and a long transcript. Acquire has no typing
// events.
func genAcquire(g *gen) {
	g.reserve("agent", acqAgentID)
	g.reserve("chat", acqChatID)
	g.reserve("visitor", acqVisitorID)
	g.reserve("thread", acqThreadID)
	g.reserve("token", acqToken)
	g.acqChatNum = acqFirstChatNum
	account := fixtures.Tenant{ID: acqAccount, Vendor: fixtures.Acquire, Name: g.f.Company(),
		APITokens: []string{acqToken, g.acqToken()}}
	second := fixtures.Tenant{ID: acqAccount2, Vendor: fixtures.Acquire, Name: g.f.Company(),
		APITokens: []string{g.acqToken()}}
	g.set.Tenants = append(g.set.Tenants, account, second)

	devid := fixtures.Agent{ID: acqAgentID, Vendor: fixtures.Acquire, Tenant: account.ID, Name: acqAgentName,
		Nickname: "Devid", Photo: acqAgentPhoto}
	m2, m3 := g.acqAgent(account.ID), g.acqAgent(account.ID)
	s1, s2 := g.acqAgent(second.ID), g.acqAgent(second.ID)
	g.set.Agents = append(g.set.Agents, devid, m2, m3, s1, s2)

	g.set.Chats = append(g.set.Chats,
		g.acqExampleChat(devid),
		g.acqChat(account.ID, fixtures.StateWaiting, fixtures.Agent{}),
		g.acqChat(account.ID, fixtures.StateChatting, m2),
		g.acqChat(account.ID, fixtures.StateCompleted, devid),
		g.acqLongChat(account.ID, m3),
		g.acqChat(second.ID, fixtures.StateChatting, s1),
		g.acqChat(second.ID, fixtures.StateCompleted, s2),
	)
}

// acqToken draws an API token: 32 lower-case hex digits.
func (g *gen) acqToken() string {
	return g.unique("token", func() string { return g.f.Regex("[0-9a-f]{32}") })
}

// acqAgent draws an agent with a numeric id and a photo named like the example's.
func (g *gen) acqAgent(tenant string) fixtures.Agent {
	p := g.person()
	return fixtures.Agent{
		ID:     g.unique("agent", func() string { return strconv.Itoa(g.f.Number(15000, 19999)) }),
		Vendor: fixtures.Acquire, Tenant: tenant, Name: p.name(), Nickname: p.first,
		Photo: "pp" + g.f.Regex("1[5-7][0-9]{12}") + ".png",
	}
}

// acqChatID returns the next chat id: ids grow with creation time, as the account-wide
// counter of the vendor does, starting at the example's chat.
func (g *gen) acqChatID() string {
	return g.unique("chat", func() string {
		g.acqChatNum += g.f.Number(3, 60)
		return strconv.Itoa(g.acqChatNum)
	})
}

// acqVisitor draws a visitor with a numeric id.
func (g *gen) acqVisitor() fixtures.Visitor {
	v := g.visitor()
	v.ID = g.unique("visitor", func() string { return strconv.Itoa(g.f.Number(60000, 69999)) })
	return v
}

// acqThread draws a thread id.
func (g *gen) acqThread() string {
	return g.unique("thread", func() string { return strconv.Itoa(g.f.Number(446, 999)) })
}

// acqExampleChat is the example's chat 106241: Devid Klok and John Deo greet each other with
// "Hello" and talk about a refund (the example's filter key), in thread 445.
func (g *gen) acqExampleChat(agent fixtures.Agent) fixtures.Chat {
	john := person{first: "John", last: "Deo"}
	c := fixtures.Chat{ID: acqChatID, Vendor: fixtures.Acquire, Tenant: agent.Tenant, State: fixtures.StateChatting,
		Subject: "Refund for a damaged parcel", Agent: agent.ID, Thread: acqThreadID, CreatedAt: g.createdAt(),
		Visitor: fixtures.Visitor{ID: acqVisitorID, Name: acqVisitorName, Nickname: john.first, Email: g.email(john)}}
	order := g.f.Numerify("#####")
	t := g.newTranscript(c.CreatedAt)
	t.add(fixtures.KindJoined, fixtures.FromVisitor, "")
	t.add(fixtures.KindJoined, agent.ID, "")
	t.add(fixtures.KindText, agent.ID, "Hello")
	t.add(fixtures.KindText, fixtures.FromVisitor, "Hello")
	t.add(fixtures.KindText, agent.ID, "Hi John, how can I help you today?")
	t.add(fixtures.KindText, fixtures.FromVisitor, "I would like a refund for order "+order+", the parcel arrived damaged.")
	t.add(fixtures.KindText, agent.ID, "I'm sorry to hear that. I have started the refund; you will see it within 5 business days.")
	t.add(fixtures.KindText, fixtures.FromVisitor, "Great, thank you!")
	c.Events = t.events
	return c
}

// acqChat makes a chat in a state: a waiting chat holds only the visitor's join; the others
// have a thread, the agent's join and a short conversation.
func (g *gen) acqChat(tenant, state string, agent fixtures.Agent) fixtures.Chat {
	c := fixtures.Chat{ID: g.acqChatID(), Vendor: fixtures.Acquire, Tenant: tenant, State: state,
		Subject: g.subject("default"), Visitor: g.acqVisitor(), CreatedAt: g.createdAt()}
	t := g.newTranscript(c.CreatedAt)
	t.add(fixtures.KindJoined, fixtures.FromVisitor, "")
	if state == fixtures.StateWaiting {
		c.Events = t.events
		return c
	}
	c.Agent, c.Thread = agent.ID, g.acqThread()
	t.add(fixtures.KindJoined, agent.ID, "")
	t.add(fixtures.KindText, agent.ID, greeting(c.Visitor.Nickname, agent.Nickname))
	t.talk(fixtures.FromVisitor, agent.ID, g.f.Number(3, 6), false)
	if state == fixtures.StateCompleted {
		t.add(fixtures.KindText, agent.ID, "Is there anything else I can help you with?")
		t.add(fixtures.KindText, fixtures.FromVisitor, "No, that's all. Thank you!")
	}
	c.Events = t.events
	return c
}

// acqLongChat is a chatting chat with acqLongTexts texts.
func (g *gen) acqLongChat(tenant string, agent fixtures.Agent) fixtures.Chat {
	c := fixtures.Chat{ID: g.acqChatID(), Vendor: fixtures.Acquire, Tenant: tenant, State: fixtures.StateChatting,
		Subject: g.subject("default"), Visitor: g.acqVisitor(), Agent: agent.ID, Thread: g.acqThread(),
		CreatedAt: g.createdAt()}
	t := g.newTranscript(c.CreatedAt)
	t.add(fixtures.KindJoined, fixtures.FromVisitor, "")
	t.add(fixtures.KindJoined, agent.ID, "")
	t.fill(acqLongTexts+2, agent.ID, agent.ID, 0) // the two joins plus acqLongTexts texts
	c.Events = t.events
	return c
}
