package bayeux_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock/bayeux"
)

// benchDrain is how many events each subscriber is given before the benchmark, with its
// timer stopped, replaces every session with a fresh one (below the default MaxQueue).
const benchDrain = 900

// BenchmarkPublish publishes one event to 1, 100 and 1,000 subscribed sessions, each built
// per subscriber as the GWS adapter does: the publisher's cost of a fan-out. Full queues
// are dropped outside the timed part (the sessions disconnect and fresh ones subscribe), so
// no session overflows.
func BenchmarkPublish(b *testing.B) {
	for _, n := range []int{1, 100, 1000} {
		b.Run(fmt.Sprintf("subscribers=%d", n), func(b *testing.B) {
			s := bayeux.New(bayeux.Options{})
			b.Cleanup(s.Close)
			ids := make([]string, n)
			for i := range ids {
				ids[i] = benchSession(b, s)
			}
			payload := map[string]any{"messageType": "MessageLogUpdated", "notificationType": "NewMessages"}
			b.ReportAllocs()
			b.ResetTimer()
			for i := range b.N {
				if got := s.Publish("/v2/me/chats", func(any) (any, bool) { return payload, true }); got != n {
					b.Fatalf("published to %d sessions; want %d", got, n)
				}
				if (i+1)%benchDrain == 0 {
					b.StopTimer()
					for i, id := range ids {
						benchPost(b, s, "/disconnect", `[{"id":"d","channel":"/meta/disconnect","clientId":"`+id+`"}]`)
						ids[i] = benchSession(b, s)
					}
					b.StartTimer()
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/subscriber")
		})
	}
}

// benchSession handshakes and subscribes to /v2/me/chats; it returns the clientId.
func benchSession(b *testing.B, s *bayeux.Server) string {
	b.Helper()
	var hs []struct {
		ClientID string `json:"clientId"`
	}
	body := benchPost(b, s, "/handshake", `[{"id":"1","channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]`)
	if err := json.Unmarshal(body, &hs); err != nil || len(hs) != 1 || hs[0].ClientID == "" {
		b.Fatalf("handshake: %s", body)
	}
	id := hs[0].ClientID
	benchPost(b, s, "/", `[{"id":"2","channel":"/meta/subscribe","clientId":"`+id+`","subscription":"/v2/me/chats"}]`)
	return id
}

func benchPost(b *testing.B, s *bayeux.Server, path, body string) []byte {
	b.Helper()
	req := httptest.NewRequest(http.MethodPost, "/api/v2/notifications"+path, strings.NewReader(body))
	req.Host = "localhost" // an allowed host (browser rules)
	req.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	s.ServeHTTP(w, req)
	if w.Code != http.StatusOK || !strings.Contains(w.Body.String(), `"successful":true`) {
		b.Fatalf("POST %s: %d %s", path, w.Code, w.Body)
	}
	return w.Body.Bytes()
}
