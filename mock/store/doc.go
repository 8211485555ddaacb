// Package store owns the mock's vendor-neutral chat state: tenants' chats, each with its
// participants and one ordered event log (every activity takes the next index), a global
// message id counter shared by the vendors that number messages (SuperOffice ChatMessageId,
// Acquire id), per-reader cursors, and visibility (agent-only events are hidden from
// visitors). Vendor adapters map their operations onto it and render its state in their
// own wire format.
//
// A Store is safe for concurrent use. Time and ids come from injected sources, so indexes,
// ids and timestamps are deterministic in tests. Observers see every change in order,
// under the chat's lock, and must not block.
//
// This package imports nothing from this module.
//
//	st := store.New(store.WithClock(clock))
//	c, _ := st.Create(store.ChatSpec{Vendor: "gws", Tenant: cc, Visitor: store.Participant{Name: "Chris"}})
//	err := st.Update(c.Key(), func(tx *store.Tx) error { tx.Append(store.EventSpec{Kind: store.KindText, From: "visitor", Text: "Hello?"}); return nil })
//	page := st.Read(c.Key(), store.Query{Reader: "visitor", Unread: true, Visibility: store.VisibleAll})
package store
