package gws

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// The body checks walk each API through its operations and judge every response against
// the spec; the other checks do the same for the responses their rules need.
var _ = Describe("GWS chat: response bodies", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-BODY-001", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "Every successful response of the customer API (RequestChat, GetChat, GetMessages, each chat operation) MUST match its operation in the spec.",
		Source:   gwsDocChatResource,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.resource(ctx)
		c.poll(ctx)
		c.do(ctx, map[string]any{"operationName": "SendStartTypingNotification"})
		c.do(ctx, map[string]any{"operationName": "SendStopTypingNotification"})
		c.say(ctx)
		c.resource(ctx)
		c.poll(ctx)
		c.poll(ctx)
		c.all(ctx)
		c.do(ctx, map[string]any{"operationName": "Complete"})
		c.resource(ctx)
		c.all(ctx)
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BODY-002", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "Every failure response of the customer API MUST match its operation in the spec: the error envelope with the documented statusCode range.",
		Source:   gwsDocReturnValues,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		unknown := &gwsChat{ID: gwsUnique("no-such-chat")}
		type failure struct {
			op string
			r  *conformance.Response
		}
		failures := []failure{
			{"RequestChat", conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats", map[string]any{"operationName": "RequestChat", "nickname": gwsUnique("Conformance")})},
			{"RequestChat", conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats", "{", gwsCC(), conformance.Header("Content-Type", "application/json"))},
			{"GetChat", conformance.Send(ctx, "GET", c.url(""), nil)},
			{"GetChat", conformance.Send(ctx, "GET", unknown.url(""), nil, gwsCC())},
			{"GetMessages", conformance.Send(ctx, "GET", c.url("/messages"), nil)},
			{"GetMessages", conformance.Send(ctx, "GET", unknown.url("/messages?index=0"), nil, gwsCC())},
			{"CustomerChatOperation", c.operate(ctx, map[string]any{"operationName": "Complete"}, conformance.WithoutHeader("ContactCenterId"))},
			{"CustomerChatOperation", unknown.operate(ctx, map[string]any{"operationName": "Complete"})},
			{"CustomerChatOperation", c.operate(ctx, "{", conformance.Header("Content-Type", "application/json"))},
		}
		c.do(ctx, map[string]any{"operationName": "Complete"})
		failures = append(failures, failure{"CustomerChatOperation", c.operate(ctx, map[string]any{"operationName": "SendMessage", "text": gwsUnique("too late")})})
		for _, f := range failures {
			Expect(f.r.Status/100).NotTo(Equal(2), "%s %s should fail; got HTTP %d with %s", f.r.Method, f.r.URL, f.r.Status, conformance.Clip(f.r.Body))
			Expect(f.r).To(match.ConformTo(f.op))
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BODY-003", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "RequestChat's path MUST be /api/v2/chats/{id} with the id it returns, and that path MUST lead to the new chat.",
		Source:   gwsDocRequestChat,
	}, func(ctx SpecContext) {
		r := conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats",
			map[string]any{"operationName": "RequestChat", "nickname": gwsUnique("Conformance"), "subject": "path"}, gwsCC())
		Expect(r).To(match.ConformTo("RequestChat"))
		gwsExpectSuccess(r, "RequestChat")
		body := r.Object()
		id, _ := body["id"].(string)
		Expect(id).NotTo(BeEmpty(), "RequestChat returns the new chat's id; got %s", r.Body)
		DeferCleanup(func(ctx SpecContext) {
			conformance.Send(ctx, "POST", (&gwsChat{ID: id}).url(""), map[string]any{"operationName": "Complete"}, gwsCC())
		})
		Expect(body["path"]).To(Equal("/api/v2/chats/"+id), "RequestChat's path for id %q", id)
		path, _ := body["path"].(string)
		g := conformance.Send(ctx, "GET", cfg().GWSURL+path, nil, gwsCC())
		Expect(g).To(match.ConformTo("GetChat"))
		gwsExpectSuccess(g, "GetChat at RequestChat's path")
		Expect(g.Object()["chat"]).To(HaveKeyWithValue("id", id), "GetChat at %s returns the new chat", path)
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BODY-004", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "Every successful response of the agent API (the chat list, a chat offered and accepted, its messages, each chat operation) MUST match its operation in the spec.",
		Source:   gwsDocAgentChats,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.say(ctx)
		c.offered(ctx)
		r := conformance.Send(ctx, "GET", c.agentURL(""), nil, gwsAgent())
		Expect(r).To(match.ConformTo("GetAgentChat"))
		gwsExpectSuccess(r, "GET /api/v2/me/chats/{id} of an offered chat")
		c.accept(ctx)
		c.awaitChatting(ctx)
		for _, body := range []map[string]any{
			{"operationName": "SendStartTypingNotification"},
			{"operationName": "SendStopTypingNotification"},
			{"operationName": "SendMessage", "text": gwsUnique("agent says")},
			{"operationName": "SendCustomNoticeToAgents", "noticeText": gwsUnique("agents only")},
		} {
			c.agentDo(ctx, body)
		}
		r = conformance.Send(ctx, "GET", c.agentURL(""), nil, gwsAgent())
		Expect(r).To(match.ConformTo("GetAgentChat"))
		gwsExpectSuccess(r, "GET /api/v2/me/chats/{id} of an accepted chat")
		c.agentMessages(ctx, "")
		c.agentMessages(ctx, "?startIndex=1&count=2")
		gwsAgentChats(ctx)
		c.poll(ctx) // the customer's view of the agent's activity
		c.all(ctx)
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BODY-005", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceGWSAgent},
		Must:     "Every failure response of the agent API MUST match its operation in the spec: the error envelope with the documented statusCode range.",
		Source:   gwsDocReturnValues,
	}, func(ctx SpecContext) {
		unknown := &gwsChat{ID: gwsUnique("no-such-chat")}
		wrong := conformance.BasicAuth(cfg().AgentUser, cfg().AgentPassword+"-wrong")
		for _, f := range []struct {
			op string
			r  *conformance.Response
		}{
			{"ListAgentChats", conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/me/chats", nil, wrong)},
			{"GetAgentChat", conformance.Send(ctx, "GET", unknown.agentURL(""), nil)},
			{"GetAgentChat", conformance.Send(ctx, "GET", unknown.agentURL(""), nil, gwsAgent())},
			{"GetAgentMessages", conformance.Send(ctx, "GET", unknown.agentURL("/messages"), nil, wrong)},
			{"GetAgentMessages", conformance.Send(ctx, "GET", unknown.agentURL("/messages"), nil, gwsAgent())},
			{"AgentChatOperation", unknown.agentOperate(ctx, map[string]any{"operationName": "Accept"}, conformance.WithoutHeader("Authorization"))},
			{"AgentChatOperation", unknown.agentOperate(ctx, map[string]any{"operationName": "Accept"})},
		} {
			Expect(f.r.Status/100).NotTo(Equal(2), "%s %s should fail; got HTTP %d with %s", f.r.Method, f.r.URL, f.r.Status, conformance.Clip(f.r.Body))
			Expect(f.r).To(match.ConformTo(f.op))
		}
	})
})
