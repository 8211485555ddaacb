package gws

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("GWS customer chat: headers", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-HDR-001", Vendor: conformance.GWS, Profile: conformance.Required, Area: "headers",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "RequestChat without the ContactCenterId header MUST fail with statusCode 1 (a required parameter is missing) and an HTTP status of the 4xx class.",
		Source:   gwsDocGeneral,
	}, func(ctx SpecContext) {
		r := conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats",
			map[string]any{"operationName": "RequestChat", "nickname": gwsUnique("Conformance"), "subject": "no contact center"})
		Expect(r).To(match.ConformTo("RequestChat"))
		gwsExpectFailure(r, 1, "RequestChat without ContactCenterId")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-HDR-002", Vendor: conformance.GWS, Profile: conformance.Required, Area: "headers",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "GetChat, GetMessages and every POST operation on a chat MUST fail with statusCode 1 and an HTTP status of the 4xx class when the ContactCenterId header is missing.",
		Source:   gwsDocGeneral,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		r := conformance.Send(ctx, "GET", c.url(""), nil)
		Expect(r).To(match.ConformTo("GetChat"))
		gwsExpectFailure(r, 1, "GetChat without ContactCenterId")
		for _, q := range []string{"", "?index=0"} {
			r = conformance.Send(ctx, "GET", c.url("/messages"+q), nil)
			Expect(r).To(match.ConformTo("GetMessages"))
			gwsExpectFailure(r, 1, "GetMessages"+q+" without ContactCenterId")
		}
		for _, body := range []map[string]any{
			{"operationName": "SendMessage", "text": gwsUnique("no contact center")},
			{"operationName": "SendStartTypingNotification"},
			{"operationName": "SendStopTypingNotification"},
			{"operationName": "Complete"},
		} {
			r = c.operate(ctx, body, conformance.WithoutHeader("ContactCenterId"))
			Expect(r).To(match.ConformTo("CustomerChatOperation"))
			gwsExpectFailure(r, 1, conformance.JSONText(body["operationName"])+" without ContactCenterId")
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-HDR-003", Vendor: conformance.GWS, Profile: conformance.Required, Area: "headers",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "A chat created under one ContactCenterId MUST NOT be found under another: GetChat, GetMessages and SendMessage with the other contact center's id MUST fail with statusCode 6.",
		Source:   gwsDocGeneral,
	}, func(ctx SpecContext) {
		Expect(cfg().OtherContactCenterID).NotTo(Equal(cfg().ContactCenterID), "--other-contact-center-id must differ from --contact-center-id")
		c := gwsNewChat(ctx)
		other := conformance.Header("ContactCenterId", cfg().OtherContactCenterID)
		r := conformance.Send(ctx, "GET", c.url(""), nil, other)
		Expect(r).To(match.ConformTo("GetChat"))
		gwsExpectFailure(r, 6, "GetChat under the other contact center")
		r = conformance.Send(ctx, "GET", c.url("/messages?index=0"), nil, other)
		Expect(r).To(match.ConformTo("GetMessages"))
		gwsExpectFailure(r, 6, "GetMessages under the other contact center")
		r = c.operate(ctx, map[string]any{"operationName": "SendMessage", "text": gwsUnique("wrong tenant")}, other)
		Expect(r).To(match.ConformTo("CustomerChatOperation"))
		gwsExpectFailure(r, 6, "SendMessage under the other contact center")
		Expect(c.resource(ctx).ID).To(Equal(c.ID), "the chat is still found under its own contact center")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-HDR-004", Vendor: conformance.GWS, Profile: conformance.Required, Area: "headers",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "Every customer operation MUST succeed without an Authorization header, identified by ContactCenterId alone.",
		Source:   gwsDocGeneral,
	}, func(ctx SpecContext) {
		noAuth := conformance.WithoutHeader("Authorization")
		c := gwsNewChat(ctx, noAuth)
		var r *conformance.Response
		for _, body := range []map[string]any{
			{"operationName": "SendMessage", "text": gwsUnique("no authorization")},
			{"operationName": "SendStartTypingNotification"},
			{"operationName": "SendStopTypingNotification"},
		} {
			r = c.operate(ctx, body, noAuth)
			Expect(r).To(match.ConformTo("CustomerChatOperation"))
			gwsExpectSuccess(r, conformance.JSONText(body["operationName"])+" without Authorization")
		}
		r = conformance.Send(ctx, "GET", c.url(""), nil, gwsCC(), noAuth)
		Expect(r).To(match.ConformTo("GetChat"))
		gwsExpectSuccess(r, "GetChat without Authorization")
		for _, q := range []string{"", "?index=0"} {
			r = conformance.Send(ctx, "GET", c.url("/messages"+q), nil, gwsCC(), noAuth)
			Expect(r).To(match.ConformTo("GetMessages"))
			gwsExpectSuccess(r, "GetMessages"+q+" without Authorization")
		}
		r = c.operate(ctx, map[string]any{"operationName": "Complete"}, noAuth)
		Expect(r).To(match.ConformTo("CustomerChatOperation"))
		gwsExpectSuccess(r, "Complete without Authorization")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-HDR-005", Vendor: conformance.GWS, Profile: conformance.Required, Area: "headers",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "Every response of the customer API, success or failure, MUST carry Content-Type application/json.",
		Source:   gwsDocInterpreting,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		unknown := &gwsChat{ID: gwsUnique("unknown")}
		for _, x := range []struct {
			op string
			r  *conformance.Response
		}{
			{"GetChat", conformance.Send(ctx, "GET", c.url(""), nil, gwsCC())},
			{"GetMessages", conformance.Send(ctx, "GET", c.url("/messages"), nil, gwsCC())},
			{"CustomerChatOperation", c.operate(ctx, map[string]any{"operationName": "SendMessage", "text": gwsUnique("content type")})},
			{"GetChat", conformance.Send(ctx, "GET", c.url(""), nil)},
			{"GetMessages", conformance.Send(ctx, "GET", unknown.url("/messages"), nil, gwsCC())},
			{"CustomerChatOperation", c.operate(ctx, "{not json", conformance.Header("Content-Type", "application/json"))},
		} {
			Expect(x.r).To(match.ConformTo(x.op))
			Expect(gwsMediaType(x.r)).To(Equal("application/json"), "Content-Type of HTTP %d to %s %s; got %q", x.r.Status, x.r.Method, x.r.URL, x.r.Header.Get("Content-Type"))
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-HDR-006", Vendor: conformance.GWS, Profile: conformance.Required, Area: "headers",
		Surfaces: []string{conformance.SurfaceGWSAgent},
		Must:     "Every response of the agent API, success or failure, MUST carry Content-Type application/json.",
		Source:   gwsDocInterpreting,
	}, func(ctx SpecContext) {
		unknown := &gwsChat{ID: gwsUnique("unknown")}
		for _, x := range []struct {
			op string
			r  *conformance.Response
		}{
			{"ListAgentChats", conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/me/chats", nil, gwsAgent())},
			{"ListAgentChats", conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/me/chats", nil)},
			{"GetAgentChat", conformance.Send(ctx, "GET", unknown.agentURL(""), nil, gwsAgent())},
			{"AgentChatOperation", unknown.agentOperate(ctx, map[string]any{"operationName": "SendMessage", "text": "x"}, conformance.BasicAuth(cfg().AgentUser, cfg().AgentPassword+"-wrong"))},
		} {
			Expect(x.r).To(match.ConformTo(x.op))
			Expect(gwsMediaType(x.r)).To(Equal("application/json"), "Content-Type of HTTP %d to %s %s; got %q", x.r.Status, x.r.Method, x.r.URL, x.r.Header.Get("Content-Type"))
		}
	})
})
