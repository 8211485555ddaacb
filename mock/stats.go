package mock

import (
	"fmt"
	"runtime"
	"time"

	"github.com/chatconform/chatconform/mock/control"
)

// Stats reads the process's memory and what the mock holds: live CometD sessions and held
// connects, chats, events, and request log entries and bytes. With gc set, a garbage collection runs first, so the heap
// figures count live memory only. Reading the memory statistics briefly stops the world.
func (m *Mock) Stats(gc bool) control.Stats {
	if gc {
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	sessions, held := 0, 0
	for _, p := range m.push {
		sessions += p.server.Sessions()
		held += p.server.Held()
	}
	return control.Stats{
		HeapAllocBytes:  ms.HeapAlloc,
		HeapInuseBytes:  ms.HeapInuse,
		StackInuseBytes: ms.StackInuse,
		SysBytes:        ms.Sys,
		Goroutines:      runtime.NumGoroutine(),
		BayeuxSessions:  sessions,
		BayeuxHeld:      held,
		Chats:           m.store.Len(),
		Events:          m.store.Events(),
		RequestLog:      m.requests.Len(),
		RequestLogBytes: m.requests.Bytes(),
	}
}

// Sessions describes the live CometD sessions of every notifying vendor, the agent named
// by its principal's String method.
func (m *Mock) Sessions() []control.Session {
	var out []control.Session
	for _, p := range m.push {
		for _, s := range p.server.Snapshot() {
			cs := control.Session{
				Vendor: p.vendor, ClientID: s.ClientID, Transport: s.Transport, Subscriptions: s.Subscriptions,
				Queued: s.Queued, Connected: s.Holding, Connects: s.Connects, Handshake: s.Handshake.UTC(),
			}
			if st, ok := s.Principal.(fmt.Stringer); ok {
				cs.Agent = st.String()
			}
			if cs.Subscriptions == nil {
				cs.Subscriptions = []string{}
			}
			if !s.LastConnect.IsZero() {
				t := s.LastConnect.UTC().Truncate(time.Millisecond)
				cs.LastConnect = &t
			}
			cs.Handshake = cs.Handshake.Truncate(time.Millisecond)
			out = append(out, cs)
		}
	}
	return out
}
