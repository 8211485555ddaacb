// Package bot owns the mock's simulated agent: someone on the other side of a chat who
// answers, so a customer chat widget can be developed against the mock alone. In auto mode
// it accepts every chat that waits for an agent, greets, shows typing before each answer,
// answers every visitor text (echo, a script, or a fixed polite reply), and completes chats
// that stay quiet too long. It acts only through each vendor's api.Actor, so its events are
// those the control API's ActAsAgent would make, with the vendor's own rules.
//
// The bot watches the store through one observer, which only queues changes; a single
// worker goroutine keeps every chat's timers and performs the actions in deadline order.
// Chats the bot did not accept itself (a real agent took them) are left alone.
//
// It imports mock/api and mock/store only; the mock, the control API and chatmock wire it.
//
//	b := bot.New(m.Store(), m.Actor)
//	defer b.Close()
//	b.Configure(bot.Config{Mode: bot.ModeAuto, AcceptDelay: time.Second, Greeting: "Hi!", Echo: true})
package bot
