package mock_test

import (
	"context"
	"slices"

	cbayeux "github.com/chatconform/chatconform/conformance/bayeux"
	"github.com/chatconform/chatconform/mock/api"
)

// chat is a GWS chat of cc1 as the customer's GetChat shows it.
func (s *site) chat(id string) map[string]any {
	s.t.Helper()
	c, _ := s.do("GET", "/api/v2/chats/"+id, "", "ContactCenterId", cc1).ok(s.t, 200).body["chat"].(map[string]any)
	return c
}

// complete sends the customer's Complete.
func (s *site) complete(id string) {
	s.t.Helper()
	s.do("POST", "/api/v2/chats/"+id, `{"operationName":"Complete"}`, "ContactCenterId", cc1).ok(s.t, 200)
}

// gwsProbes are the probes of the GWS bugs that are not in probes.
var gwsProbes = map[api.Bug]probe{
	api.BugGWSListHidesOffered: func(s *site) bool {
		id := s.requestChat()
		chats := objects(s.do("GET", "/api/v2/me/chats", "", agent1...).ok(s.t, 200).body["chats"])
		return !slices.ContainsFunc(chats, func(c map[string]any) bool { return c["id"] == id })
	},
	api.BugGWSAcceptKeepsWaiting: func(s *site) bool { return s.chat(s.acceptedChat())["state"] != "Chatting" },
	api.BugGWSAcceptIgnoresNickname: func(s *site) bool {
		id := s.requestChat()
		s.do("POST", "/api/v2/me/chats/"+id, `{"operationName":"Accept","nickname":"ProbeNick"}`, agent1...).ok(s.t, 200)
		for _, m := range s.messages(id, "?index=0") {
			if from, _ := m["from"].(map[string]any); m["type"] == "ParticipantJoined" && from["type"] == "Agent" {
				return from["nickname"] != "ProbeNick"
			}
		}
		s.t.Fatal("no ParticipantJoined of the agent")
		return false
	},
	api.BugGWSAgentStaysInvited: func(s *site) bool {
		r := s.do("GET", "/api/v2/me/chats/"+s.acceptedChat(), "", agent1...).ok(s.t, 200)
		c, _ := r.body["chat"].(map[string]any)
		return c["state"] != "Chatting"
	},
	api.BugGWSOmitEmptyCapabilities: func(s *site) bool {
		id := s.requestChat()
		s.complete(id)
		_, ok := s.chat(id)["capabilities"]
		return !ok
	},
	api.BugGWSPathParticipantID: func(s *site) bool {
		r := s.do("POST", "/api/v2/chats", `{"operationName":"RequestChat","nickname":"P"}`, "ContactCenterId", cc1).ok(s.t, 200)
		return r.body["path"] != "/api/v2/chats/"+r.body["id"].(string)
	},
	api.BugGWSCustomerAuth: func(s *site) bool {
		return s.do("POST", "/api/v2/chats", `{"operationName":"RequestChat","nickname":"P"}`, "ContactCenterId", cc1).status != 200
	},
	api.BugGWSNewChatChatting: func(s *site) bool { return s.chat(s.requestChat())["state"] != "WaitingForAgent" },
	api.BugGWSCompleteKeepsState: func(s *site) bool {
		id := s.requestChat()
		s.complete(id)
		return s.chat(id)["state"] != "Idle"
	},
	api.BugGWSAgentTypingVisible: func(s *site) bool {
		id := s.acceptedChat()
		s.do("POST", "/api/v2/me/chats/"+id, `{"operationName":"SendStartTypingToAgentsNotification"}`, agent1...).ok(s.t, 200)
		return slices.ContainsFunc(s.messages(id, "?index=0"), func(m map[string]any) bool {
			from, _ := m["from"].(map[string]any)
			return m["type"] == "TypingStarted" && from["type"] == "Agent"
		})
	},
	api.BugGWSAgentCompleteNoop: func(s *site) bool {
		id := s.acceptedChat()
		s.do("POST", "/api/v2/me/chats/"+id, `{"operationName":"Complete"}`, agent1...).ok(s.t, 200)
		return !slices.ContainsFunc(s.messages(id, "?index=0"), func(m map[string]any) bool {
			from, _ := m["from"].(map[string]any)
			return m["type"] == "ParticipantLeft" && from["type"] == "Agent"
		})
	},
	api.BugGWSNicknameNoticeDropped: func(s *site) bool {
		id := s.acceptedChat()
		s.do("POST", "/api/v2/me/chats/"+id, `{"operationName":"SendNicknameUpdatedNotice","noticeText":"now Probe"}`, agent1...).ok(s.t, 200)
		msgs := objects(s.do("GET", "/api/v2/me/chats/"+id+"/messages", "", agent1...).ok(s.t, 200).body["messages"])
		return !slices.ContainsFunc(msgs, func(m map[string]any) bool { return m["type"] == "NicknameUpdated" })
	},
	api.BugGWSPushAnonymous: func(s *site) bool {
		return cbayeux.New(s.url+"/api/v2/notifications").Handshake(context.Background()) == nil
	},
	api.BugGWSNoErrorNotification: func(s *site) bool {
		l := s.listen()
		id := s.acceptedChat()
		if st := s.do("POST", "/api/v2/me/chats/"+id, `{"operationName":"Accept"}`, agent1...).status; st == 200 {
			s.t.Fatalf("a second Accept succeeded")
		}
		failed := func(d map[string]any) bool {
			c, _ := d["chat"].(map[string]any)
			return d["notificationType"] == "Error" && c["id"] == id
		}
		data, _ := l.until(func(d []map[string]any) bool { return slices.ContainsFunc(d, failed) })
		return !slices.ContainsFunc(data, failed)
	},
	api.BugBayeuxUnsubscribeNoop: func(s *site) bool {
		control, gone := s.listen(), s.listen()
		if err := gone.c.Unsubscribe(context.Background(), "/v2/me/chats"); err != nil {
			s.t.Fatalf("unsubscribe: %v", err)
		}
		id := s.requestChat()
		about := func(d map[string]any) bool {
			c, _ := d["chat"].(map[string]any)
			return c["id"] == id
		}
		if data, _ := control.until(func(d []map[string]any) bool { return slices.ContainsFunc(d, about) }); !slices.ContainsFunc(data, about) {
			s.t.Fatalf("the subscribed session got no notification of chat %s", id)
		}
		// The unsubscribed session's first connect is answered at once with what it holds.
		msgs, err := gone.c.Connect(context.Background())
		if err != nil {
			s.t.Fatalf("connect: %v", err)
		}
		return len(msgs) > 0
	},
	api.BugGWSPushIgnoresPassword: func(s *site) bool {
		c := cbayeux.New(s.url+"/api/v2/notifications", cbayeux.WithBasicAuth("agent1", "wrong"))
		return c.Handshake(context.Background()) == nil
	},
}
