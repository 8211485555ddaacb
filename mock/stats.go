package mock

import (
	"runtime"

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
