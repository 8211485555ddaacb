package conformance

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

var _ = Describe("GWS customer chat: headers", Label("vendor:gws"), func() {
	Check(Meta{
		ID: "GWS-HDR-001", Vendor: GWS, Profile: Required, Area: "headers",
		Surfaces: []string{SurfaceGWSCustomer},
		Must:     "RequestChat without the ContactCenterId header MUST fail with statusCode 1 (a required parameter is missing) and an HTTP status of the 4xx class.",
		Source:   gwsDocGeneral,
	}, func(ctx SpecContext) {
		r := Send(ctx, "POST", cfg.GWSURL+"/api/v2/chats",
			map[string]any{"operationName": "RequestChat", "nickname": gwsUnique("Conformance"), "subject": "no contact center"})
		Expect(r).To(ConformTo("RequestChat"))
		gwsExpectFailure(r, 1, "RequestChat without ContactCenterId")
	})

	Check(Meta{
		ID: "GWS-HDR-002", Vendor: GWS, Profile: Required, Area: "headers",
		Surfaces: []string{SurfaceGWSCustomer},
		Must:     "GetChat, GetMessages and every POST operation on a chat MUST fail with statusCode 1 and an HTTP status of the 4xx class when the ContactCenterId header is missing.",
		Source:   gwsDocGeneral,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		r := Send(ctx, "GET", c.url(""), nil)
		Expect(r).To(ConformTo("GetChat"))
		gwsExpectFailure(r, 1, "GetChat without ContactCenterId")
		for _, q := range []string{"", "?index=0"} {
			r = Send(ctx, "GET", c.url("/messages"+q), nil)
			Expect(r).To(ConformTo("GetMessages"))
			gwsExpectFailure(r, 1, "GetMessages"+q+" without ContactCenterId")
		}
		for _, body := range []map[string]any{
			{"operationName": "SendMessage", "text": gwsUnique("no contact center")},
			{"operationName": "SendStartTypingNotification"},
			{"operationName": "SendStopTypingNotification"},
			{"operationName": "Complete"},
		} {
			r = c.operate(ctx, body, WithoutHeader("ContactCenterId"))
			Expect(r).To(ConformTo("CustomerChatOperation"))
			gwsExpectFailure(r, 1, jsonText(body["operationName"])+" without ContactCenterId")
		}
	})

	Check(Meta{
		ID: "GWS-HDR-003", Vendor: GWS, Profile: Required, Area: "headers",
		Surfaces: []string{SurfaceGWSCustomer},
		Must:     "A chat created under one ContactCenterId MUST NOT be found under another: GetChat, GetMessages and SendMessage with the other contact center's id MUST fail with statusCode 6.",
		Source:   gwsDocGeneral,
	}, func(ctx SpecContext) {
		Expect(cfg.OtherContactCenterID).NotTo(Equal(cfg.ContactCenterID), "--other-contact-center-id must differ from --contact-center-id")
		c := gwsNewChat(ctx)
		other := Header("ContactCenterId", cfg.OtherContactCenterID)
		r := Send(ctx, "GET", c.url(""), nil, other)
		Expect(r).To(ConformTo("GetChat"))
		gwsExpectFailure(r, 6, "GetChat under the other contact center")
		r = Send(ctx, "GET", c.url("/messages?index=0"), nil, other)
		Expect(r).To(ConformTo("GetMessages"))
		gwsExpectFailure(r, 6, "GetMessages under the other contact center")
		r = c.operate(ctx, map[string]any{"operationName": "SendMessage", "text": gwsUnique("wrong tenant")}, other)
		Expect(r).To(ConformTo("CustomerChatOperation"))
		gwsExpectFailure(r, 6, "SendMessage under the other contact center")
		Expect(c.resource(ctx).ID).To(Equal(c.ID), "the chat is still found under its own contact center")
	})

	Check(Meta{
		ID: "GWS-HDR-004", Vendor: GWS, Profile: Required, Area: "headers",
		Surfaces: []string{SurfaceGWSCustomer},
		Must:     "Every customer operation MUST succeed without an Authorization header, identified by ContactCenterId alone.",
		Source:   gwsDocGeneral,
	}, func(ctx SpecContext) {
		noAuth := WithoutHeader("Authorization")
		c := gwsNewChat(ctx, noAuth)
		var r *Response
		for _, body := range []map[string]any{
			{"operationName": "SendMessage", "text": gwsUnique("no authorization")},
			{"operationName": "SendStartTypingNotification"},
			{"operationName": "SendStopTypingNotification"},
		} {
			r = c.operate(ctx, body, noAuth)
			Expect(r).To(ConformTo("CustomerChatOperation"))
			gwsExpectSuccess(r, jsonText(body["operationName"])+" without Authorization")
		}
		r = Send(ctx, "GET", c.url(""), nil, gwsCC(), noAuth)
		Expect(r).To(ConformTo("GetChat"))
		gwsExpectSuccess(r, "GetChat without Authorization")
		for _, q := range []string{"", "?index=0"} {
			r = Send(ctx, "GET", c.url("/messages"+q), nil, gwsCC(), noAuth)
			Expect(r).To(ConformTo("GetMessages"))
			gwsExpectSuccess(r, "GetMessages"+q+" without Authorization")
		}
		r = c.operate(ctx, map[string]any{"operationName": "Complete"}, noAuth)
		Expect(r).To(ConformTo("CustomerChatOperation"))
		gwsExpectSuccess(r, "Complete without Authorization")
	})

	Check(Meta{
		ID: "GWS-HDR-005", Vendor: GWS, Profile: Required, Area: "headers",
		Surfaces: []string{SurfaceGWSCustomer},
		Must:     "Every response of the customer API, success or failure, MUST carry Content-Type application/json.",
		Source:   gwsDocInterpreting,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		unknown := &gwsChat{ID: gwsUnique("unknown")}
		for _, x := range []struct {
			op string
			r  *Response
		}{
			{"GetChat", Send(ctx, "GET", c.url(""), nil, gwsCC())},
			{"GetMessages", Send(ctx, "GET", c.url("/messages"), nil, gwsCC())},
			{"CustomerChatOperation", c.operate(ctx, map[string]any{"operationName": "SendMessage", "text": gwsUnique("content type")})},
			{"GetChat", Send(ctx, "GET", c.url(""), nil)},
			{"GetMessages", Send(ctx, "GET", unknown.url("/messages"), nil, gwsCC())},
			{"CustomerChatOperation", c.operate(ctx, "{not json", Header("Content-Type", "application/json"))},
		} {
			Expect(x.r).To(ConformTo(x.op))
			Expect(gwsMediaType(x.r)).To(Equal("application/json"), "Content-Type of HTTP %d to %s %s; got %q", x.r.Status, x.r.Method, x.r.URL, x.r.Header.Get("Content-Type"))
		}
	})

	Check(Meta{
		ID: "GWS-HDR-006", Vendor: GWS, Profile: Required, Area: "headers",
		Surfaces: []string{SurfaceGWSAgent},
		Must:     "Every response of the agent API, success or failure, MUST carry Content-Type application/json.",
		Source:   gwsDocInterpreting,
	}, func(ctx SpecContext) {
		unknown := &gwsChat{ID: gwsUnique("unknown")}
		for _, x := range []struct {
			op string
			r  *Response
		}{
			{"ListAgentChats", Send(ctx, "GET", cfg.GWSURL+"/api/v2/me/chats", nil, gwsAgent())},
			{"ListAgentChats", Send(ctx, "GET", cfg.GWSURL+"/api/v2/me/chats", nil)},
			{"GetAgentChat", Send(ctx, "GET", unknown.agentURL(""), nil, gwsAgent())},
			{"AgentChatOperation", unknown.agentOperate(ctx, map[string]any{"operationName": "SendMessage", "text": "x"}, BasicAuth(cfg.AgentUser, cfg.AgentPassword+"-wrong"))},
		} {
			Expect(x.r).To(ConformTo(x.op))
			Expect(gwsMediaType(x.r)).To(Equal("application/json"), "Content-Type of HTTP %d to %s %s; got %q", x.r.Status, x.r.Method, x.r.URL, x.r.Header.Get("Content-Type"))
		}
	})
})
