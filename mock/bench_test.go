package mock_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock"
)

// Default fixture ids and credentials the pipeline benchmarks use.
const (
	benchCC       = "cfe5ad67-ba6d-4340-81f9-bb680ef5d498"
	benchGWSChat  = "652492d9-c2d9-44c9-b9ad-0ab7984114bb" // agent1's chat in progress
	benchAgent    = "Basic YWdlbnQxOmFnZW50MXBhc3M="       // agent1:agent1pass
	benchAnna     = "Basic YW5uYTphbm5hLXBhc3M="           // anna:anna-pass
	benchAcquire  = "Bearer acq-token-10719-0123456789abcdef"
	benchSession  = "103" // SuperOffice, in progress, Anna's
	benchJSON     = "application/json"
	benchForm     = "application/x-www-form-urlencoded"
	benchBatch    = 100 // sessions a SuperOffice benchmark may add before the mock is reset
	benchNewQueue = `{"TopicId":2,"CustomerName":"Sofie Lund","Status":"InQueue","FirstMessage":"Do you offer training?"}`
)

// pipelineCase is one vendor operation as a client calls it in steady state.
type pipelineCase struct {
	name         string // vendor/OperationId[/variant]
	method, path string
	header       map[string]string
	body         string
	want         int
	// prepare, when set, runs with the timer stopped and returns the path of each of the
	// next n iterations (operations that consume what they act on: delete, pick up).
	prepare func(b *testing.B, m *mock.Mock, n int) []string
	// batch, when above 0, resets the mock every batch iterations with the timer stopped:
	// the operation's cost grows with the tenant's sessions (SuperOffice counts the queue
	// and the associate's ranks over them), so the state it creates is kept bounded.
	batch int
}

func pipelineCases() []pipelineCase {
	cc := map[string]string{"ContactCenterId": benchCC}
	ccJSON := map[string]string{"ContactCenterId": benchCC, "Content-Type": benchJSON}
	agent := map[string]string{"Authorization": benchAgent}
	agentJSON := map[string]string{"Authorization": benchAgent, "Content-Type": benchJSON}
	anna := map[string]string{"Authorization": benchAnna}
	annaJSON := map[string]string{"Authorization": benchAnna, "Content-Type": benchJSON}
	acq := map[string]string{"Authorization": benchAcquire, "Content-Type": benchForm}
	gwsChat := "/api/v2/chats/" + benchGWSChat
	agentChat := "/api/v2/me/chats/" + benchGWSChat
	session := "/api/v1/ChatSession/" + benchSession
	return []pipelineCase{
		{name: "gws/RequestChat", method: "POST", path: "/api/v2/chats", header: ccJSON,
			body: `{"operationName":"RequestChat","nickname":"Chris","subject":"Order 1042"}`, want: 200},
		{name: "gws/GetChat", method: "GET", path: gwsChat, header: cc, want: 200},
		{name: "gws/GetMessages/cursor", method: "GET", path: gwsChat + "/messages", header: cc, want: 200},
		{name: "gws/GetMessages/index", method: "GET", path: gwsChat + "/messages?index=13", header: cc, want: 200},
		{name: "gws/CustomerChatOperation/SendMessage", method: "POST", path: gwsChat, header: ccJSON,
			body: `{"operationName":"SendMessage","text":"Where is my order?"}`, want: 200},
		{name: "gws/ListAgentChats", method: "GET", path: "/api/v2/me/chats", header: agent, want: 200},
		{name: "gws/GetAgentChat", method: "GET", path: agentChat, header: agent, want: 200},
		{name: "gws/GetAgentMessages", method: "GET", path: agentChat + "/messages", header: agent, want: 200},
		{name: "gws/AgentChatOperation/SendMessage", method: "POST", path: agentChat, header: agentJSON,
			body: `{"operationName":"SendMessage","text":"Let me check."}`, want: 200},

		{name: "superoffice/GetChatMessages/after", method: "GET", path: session + "/Messages?after=1000000", header: anna, want: 200},
		{name: "superoffice/AddChatMessage", method: "POST", path: session + "/Messages", header: annaJSON,
			body: `{"Type":"ToCustomer","Message":"Is there anything else?","Author":"Anna Berg"}`, want: 200},
		{name: "superoffice/GetChatSessionList", method: "GET", path: "/api/v1/ChatSession?$top=10", header: anna, want: 200},
		{name: "superoffice/PostChatSessionEntity", method: "POST", path: "/api/v1/ChatSession", header: annaJSON,
			body: benchNewQueue, want: 200, batch: benchBatch},
		{name: "superoffice/DefaultChatSessionEntity", method: "GET", path: "/api/v1/ChatSession/default", header: anna, want: 200},
		{name: "superoffice/ChatSessionsForUser", method: "GET", path: "/api/v1/ChatSession/ForCurrentUser", header: anna, want: 200},
		{name: "superoffice/PickUpFirstChatSession/empty-queue", method: "POST", path: "/api/v1/ChatSession/Pickup", header: anna, want: 200},
		{name: "superoffice/GetChatSessionEntity", method: "GET", path: session, header: anna, want: 200},
		{name: "superoffice/PatchChatSessionEntity", method: "PATCH", path: session,
			header: map[string]string{"Authorization": benchAnna, "Content-Type": "application/merge-patch+json"},
			body:   `{"Rating":5}`, want: 200},
		{name: "superoffice/DeleteChatSessionEntity", method: "DELETE", header: anna, want: 204, batch: benchBatch,
			prepare: func(b *testing.B, m *mock.Mock, n int) []string { return queuedSessions(b, m, n, "") }},
		{name: "superoffice/PickUpChatSession", method: "POST", header: anna, want: 200, batch: benchBatch,
			prepare: func(b *testing.B, m *mock.Mock, n int) []string { return queuedSessions(b, m, n, "/Pickup") }},
		{name: "superoffice/ResetChatSession", method: "POST", path: session + "/Reset", header: anna, want: 200},
		{name: "superoffice/GetChatTranscript", method: "POST", path: session + "/Transcript", header: anna, want: 200},

		{name: "acquire/GetProfileMessages", method: "POST", path: "/api/profile/lead/message", header: acq,
			body: "thread_id=-1&visitor_id=61793&last_chat_id=106241&key=", want: 200},
		{name: "acquire/GetProfileThreads", method: "POST", path: "/api/profile/message/thread", header: acq,
			body: "visitor_id=61793&limit=20&page=1", want: 200},
	}
}

// BenchmarkPipeline runs one request of every vendor operation through the whole mock
// (route, validate, authenticate, store, render, request log) with m.ServeHTTP and an
// httptest recorder, on the default fixtures: what one request costs the server, without
// the network.
func BenchmarkPipeline(b *testing.B) {
	for _, tc := range pipelineCases() {
		b.Run(tc.name, func(b *testing.B) {
			m, err := mock.New()
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(m.Close)
			batch := b.N
			if tc.batch > 0 {
				batch = tc.batch
			}
			var paths []string
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if i%batch == 0 && (tc.prepare != nil || i > 0) {
					b.StopTimer()
					if i > 0 {
						if err := m.Reset(); err != nil {
							b.Fatal(err)
						}
					}
					if tc.prepare != nil {
						paths = tc.prepare(b, m, min(batch, b.N-i))
					}
					b.StartTimer()
				}
				path := tc.path
				if paths != nil {
					path = paths[i%batch]
				}
				if w := serve(m, tc.method, path, tc.header, tc.body); w.Code != tc.want {
					b.Fatalf("%s %s = %d %s; want %d", tc.method, path, w.Code, w.Body, tc.want)
				}
			}
		})
	}
}

func serve(m *mock.Mock, method, path string, header map[string]string, body string) *httptest.ResponseRecorder {
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req := httptest.NewRequest(method, path, rd)
	req.Host = "localhost" // an allowed host (browser rules)
	for k, v := range header {
		req.Header.Set(k, v)
	}
	w := httptest.NewRecorder()
	m.ServeHTTP(w, req)
	return w
}

// queuedSessions creates n queued SuperOffice sessions and returns their paths with suffix.
func queuedSessions(b *testing.B, m *mock.Mock, n int, suffix string) []string {
	b.Helper()
	paths := make([]string, n)
	for i := range paths {
		w := serve(m, "POST", "/api/v1/ChatSession", map[string]string{"Authorization": benchAnna, "Content-Type": benchJSON}, benchNewQueue)
		var s struct{ ChatSessionId int64 }
		if err := json.Unmarshal(w.Body.Bytes(), &s); w.Code != http.StatusOK || err != nil || s.ChatSessionId == 0 {
			b.Fatalf("create a queued session: %d %s", w.Code, w.Body)
		}
		paths[i] = fmt.Sprintf("/api/v1/ChatSession/%d%s", s.ChatSessionId, suffix)
	}
	return paths
}
