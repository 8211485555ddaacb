package mock

import (
	"time"

	"github.com/chatconform/chatconform/mock/bot"
	"github.com/chatconform/chatconform/mock/console"
	"github.com/chatconform/chatconform/mock/control"
	"github.com/chatconform/chatconform/mock/store"
)

// WithSimulatedAgent starts the simulated agent in mode "auto" (it accepts chats, greets,
// shows typing and answers) or "off" (the default), with the control API's default delays;
// the control API (/mock/agent) changes it at run time, and a reset returns to it.
func WithSimulatedAgent(mode string) Option { return func(m *Mock) { m.opts.agentMode = mode } }

// startBot creates the simulated agent and lets the control API's settings drive it.
func (m *Mock) startBot() {
	m.bot = bot.New(m.store, m.Actor, bot.WithLogger(m.log))
	b := m.vendors["control"]
	if b == nil {
		return
	}
	ctl, ok := b.Vendor.(*control.Adapter)
	if !ok {
		return
	}
	ctl.OnAgentConfig(func(c control.AgentConfig) { m.bot.Configure(botConfig(c)) })
	if m.opts.agentMode != "" {
		c := control.DefaultAgentConfig()
		c.Mode = m.opts.agentMode
		ctl.SetDefaultAgent(c)
	}
}

// botConfig converts the control API's settings (milliseconds) to the bot's.
func botConfig(c control.AgentConfig) bot.Config {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	return bot.Config{
		Mode: c.Mode, AgentID: c.AgentID, AcceptDelay: ms(c.AcceptDelayMs), TypingDelay: ms(c.TypingDelayMs),
		ReplyDelay: ms(c.ReplyDelayMs), IdleComplete: ms(c.IdleCompleteMs), Greeting: c.Greeting,
		Script: c.Script, Echo: c.Echo,
	}
}

// feedConsole tells the console's event streams of every chat change and simulated-agent
// change (request log entries are published as they are recorded).
func (m *Mock) feedConsole() {
	if m.console == nil {
		return
	}
	m.store.Observe(func(ch store.Change) {
		if !m.console.Listening() {
			return
		}
		c := ch.Chat
		m.console.Publish(console.Event{Topic: "chat", Data: map[string]any{
			"vendor": c.Key.Vendor, "tenant": c.Key.Tenant, "id": c.Key.ID, "state": c.State, "lastIndex": c.LastIndex}})
	})
	if ctl, ok := m.vendors["control"].Vendor.(*control.Adapter); ok {
		ctl.OnAgentConfig(func(control.AgentConfig) { m.console.Publish(console.Event{Topic: "agent"}) })
	}
}
