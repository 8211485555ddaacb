package control_test

import (
	"net/http"
	"testing"
)

// stats is the MockStats body.
type stats struct {
	HeapAllocBytes  uint64 `json:"heapAllocBytes"`
	HeapInuseBytes  uint64 `json:"heapInuseBytes"`
	StackInuseBytes uint64 `json:"stackInuseBytes"`
	SysBytes        uint64 `json:"sysBytes"`
	Goroutines      int    `json:"goroutines"`
	BayeuxSessions  int    `json:"bayeuxSessions"`
	Chats           int    `json:"chats"`
	Events          int    `json:"events"`
	RequestLog      int    `json:"requestLog"`
}

func TestGetMockStats(t *testing.T) {
	_, _, srv := newMock(t) // strict: the reply is checked against MockStats
	var before stats
	ok(t, srv, http.MethodGet, "/mock/stats?gc=true", "", 200, &before)
	if before.Chats != 2 || before.Events != 6 || before.RequestLog != 0 || before.BayeuxSessions != 0 {
		t.Errorf("chats, events, requestLog, bayeuxSessions = %d, %d, %d, %d; want 2, 6, 0, 0",
			before.Chats, before.Events, before.RequestLog, before.BayeuxSessions)
	}
	if before.HeapAllocBytes == 0 || before.HeapInuseBytes == 0 || before.StackInuseBytes == 0 ||
		before.SysBytes < before.HeapInuseBytes || before.Goroutines < 1 {
		t.Errorf("memory figures = %+v; want heap, stacks and goroutines above 0 and sys >= heap in use", before)
	}

	acquireMessages(t, srv, acquireOK, nil)
	acquireMessages(t, srv, "visitor_id=x", nil) // refused requests are logged too
	var after stats
	ok(t, srv, http.MethodGet, "/mock/stats", "", 200, &after)
	if after.RequestLog != 2 {
		t.Errorf("requestLog = %d after two vendor requests; want 2", after.RequestLog)
	}

	for _, tc := range []struct {
		query string
		want  int
	}{
		{"?gc=false", 200},
		{"?gc=1", 200},
		{"?gc=maybe", 400},
	} {
		t.Run(tc.query, func(t *testing.T) {
			status, body := send(t, srv, http.MethodGet, "/mock/stats"+tc.query, "", nil)
			if tc.want == 400 {
				checkError(t, status, body, 400, "bad_request", "gc")
				return
			}
			if status != tc.want {
				t.Errorf("status = %d; want %d (body %s)", status, tc.want, body)
			}
		})
	}
}
