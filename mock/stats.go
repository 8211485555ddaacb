package mock

import (
	"runtime"

	"github.com/chatconform/chatconform/mock/control"
)

// Stats reads the process's memory and what the mock holds: live CometD sessions, chats,
// events and request log entries. With gc set, a garbage collection runs first, so the heap
// figures count live memory only. Reading the memory statistics briefly stops the world.
func (m *Mock) Stats(gc bool) control.Stats {
	if gc {
		runtime.GC()
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	sessions := 0
	for _, p := range m.push {
		sessions += p.server.Sessions()
	}
	return control.Stats{
		HeapAllocBytes:  ms.HeapAlloc,
		HeapInuseBytes:  ms.HeapInuse,
		StackInuseBytes: ms.StackInuse,
		SysBytes:        ms.Sys,
		Goroutines:      runtime.NumGoroutine(),
		BayeuxSessions:  sessions,
		Chats:           m.store.Len(),
		Events:          m.store.Events(),
		RequestLog:      m.requests.Len(),
	}
}
