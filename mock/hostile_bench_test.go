package mock_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/bayeux"
)

// BenchmarkSendMessageUnderCometDFlood measures a customer's SendMessage in one contact
// center (cc2) while an agent of another (cc1) floods the CometD endpoint: 20,000
// handshakes with its credentials, each session subscribed, and one session asking for
// 50,000 subscriptions (20 requests of 2,500). The quiet case has no flood. Before the
// quotas and the per-channel index, every publish walked every session and checked each
// one's subscriptions under its lock.
func BenchmarkSendMessageUnderCometDFlood(b *testing.B) {
	for _, flood := range []bool{false, true} {
		b.Run(map[bool]string{false: "quiet", true: "flooded"}[flood], func(b *testing.B) {
			m, err := mock.New(mock.WithSimulatedAgent("off"), mock.WithBayeux(bayeux.Options{MaxInterval: time.Hour}))
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(m.Close)
			agent := map[string]string{"Authorization": "Basic " + basicToken("agent1", "agent1pass"), "Content-Type": "application/json"}
			if flood {
				var last string
				for range 20000 {
					w := serve(m, "POST", "/api/v2/notifications", agent, `[{"channel":"/meta/handshake","version":"1.0","supportedConnectionTypes":["long-polling"]}]`)
					var hs []struct{ ClientID string }
					if json.Unmarshal(w.Body.Bytes(), &hs) != nil || len(hs) != 1 || hs[0].ClientID == "" {
						b.Fatalf("handshake: %s", w.Body)
					}
					last = hs[0].ClientID
					serve(m, "POST", "/api/v2/notifications", agent, `[{"channel":"/meta/subscribe","clientId":"`+last+`","subscription":"/v2/me/chats"}]`)
				}
				for req := range 20 {
					subs := make([]string, 2500)
					for i := range subs {
						subs[i] = fmt.Sprintf(`"/flood/%d/%d"`, req, i)
					}
					serve(m, "POST", "/api/v2/notifications", agent, `[{"channel":"/meta/subscribe","clientId":"`+last+`","subscription":[`+strings.Join(subs, ",")+`]}]`)
				}
			}
			customer := map[string]string{"ContactCenterId": cc2, "Content-Type": "application/json"}
			w := serve(m, "POST", "/api/v2/chats", customer, `{"operationName":"RequestChat","nickname":"Bench"}`)
			var chat struct{ ID string }
			if err := json.Unmarshal(w.Body.Bytes(), &chat); err != nil || chat.ID == "" {
				b.Fatalf("request chat: %d %s", w.Code, w.Body)
			}
			b.ResetTimer()
			for range b.N {
				if w := serve(m, "POST", "/api/v2/chats/"+chat.ID, customer, `{"operationName":"SendMessage","text":"hello"}`); w.Code != 200 {
					b.Fatalf("SendMessage: %d %s", w.Code, w.Body)
				}
			}
			b.ReportMetric(float64(m.Notifications("/api/v2/notifications").Sessions()), "sessions")
		})
	}
}
