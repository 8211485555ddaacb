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
	api.BugGWSPushIgnoresPassword: func(s *site) bool {
		c := cbayeux.New(s.url+"/api/v2/notifications", cbayeux.WithBasicAuth("agent1", "wrong"))
		return c.Handshake(context.Background()) == nil
	},
}
