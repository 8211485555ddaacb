package gws

import (
	"encoding/json"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("GWS chat: errors", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-ERR-001", Vendor: conformance.GWS, Profile: conformance.Required, Area: "errors",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "A request for a chat id that does not exist MUST fail with statusCode 6 (resource not found) and an HTTP status of the 4xx class, on the customer API.",
		Source:   gwsDocReturnValues,
	}, func(ctx SpecContext) {
		c := &gwsChat{ID: gwsUnique("no-such-chat")}
		r := conformance.Send(ctx, "GET", c.url(""), nil, gwsCC())
		Expect(r).To(match.ConformTo("GetChat"))
		gwsExpectFailure(r, 6, "GetChat of an unknown chat")
		for _, q := range []string{"", "?index=0"} {
			r = conformance.Send(ctx, "GET", c.url("/messages"+q), nil, gwsCC())
			Expect(r).To(match.ConformTo("GetMessages"))
			gwsExpectFailure(r, 6, "GetMessages"+q+" of an unknown chat")
		}
		r = c.operate(ctx, map[string]any{"operationName": "SendMessage", "text": gwsUnique("nobody")})
		Expect(r).To(match.ConformTo("CustomerChatOperation"))
		gwsExpectFailure(r, 6, "SendMessage to an unknown chat")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-ERR-002", Vendor: conformance.GWS, Profile: conformance.Required, Area: "errors",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "Every failed request of the customer API MUST answer a JSON object with an integer statusCode above 0 and a non-empty statusMessage.",
		Source:   gwsDocInterpreting,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		unknown := &gwsChat{ID: gwsUnique("no-such-chat")}
		type failure struct {
			what, op string
			r        *conformance.Response
		}
		failures := []failure{
			{"GetChat without ContactCenterId", "GetChat", conformance.Send(ctx, "GET", c.url(""), nil)},
			{"GetMessages of an unknown chat", "GetMessages", conformance.Send(ctx, "GET", unknown.url("/messages"), nil, gwsCC())},
			{"GetChat under another contact center", "GetChat", conformance.Send(ctx, "GET", c.url(""), nil, conformance.Header("ContactCenterId", cfg().OtherContactCenterID))},
			{"SendMessage with a malformed body", "CustomerChatOperation", c.operate(ctx, `{"operationName":"SendMessage","text":`, conformance.Header("Content-Type", "application/json"))},
			{"RequestChat without ContactCenterId", "RequestChat", conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats", map[string]any{"operationName": "RequestChat", "nickname": gwsUnique("Conformance")})},
		}
		c.do(ctx, map[string]any{"operationName": "Complete"})
		failures = append(failures, failure{"SendMessage after Complete", "CustomerChatOperation",
			c.operate(ctx, map[string]any{"operationName": "SendMessage", "text": gwsUnique("too late")})})
		for _, f := range failures {
			Expect(f.r).To(match.ConformTo(f.op))
			var body map[string]any
			Expect(json.Unmarshal(f.r.Body, &body)).To(Succeed(), "%s: want a JSON object; got HTTP %d with %q", f.what, f.r.Status, conformance.Clip(f.r.Body))
			code, integer := gwsStatusCode(f.r)
			Expect(integer).To(BeTrue(), "%s: want an integer statusCode; got %s", f.what, conformance.Clip(f.r.Body))
			Expect(code).To(BeNumerically(">", 0), "%s: want statusCode above 0 (a failure); got %d", f.what, code)
			msg, isString := body["statusMessage"].(string)
			Expect(isString && msg != "").To(BeTrue(), "%s: want a non-empty string statusMessage; got %s", f.what, conformance.Clip(f.r.Body))
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-ERR-003", Vendor: conformance.GWS, Profile: conformance.Required, Area: "errors",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "A request body that is not valid JSON MUST fail with a statusCode other than 0 and an HTTP status of the 4xx class, on RequestChat and on customer chat operations.",
		Source:   gwsDocInterpreting,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		asJSON := conformance.Header("Content-Type", "application/json")
		for _, bad := range []string{`{"operationName":"SendMessage","text":`, `operationName=SendMessage&text=hello`} {
			r := conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats", bad, gwsCC(), asJSON)
			Expect(r).To(match.ConformTo("RequestChat"))
			gwsExpectFailure(r, 0, "RequestChat with the body "+bad)
			r = c.operate(ctx, bad, asJSON)
			Expect(r).To(match.ConformTo("CustomerChatOperation"))
			gwsExpectFailure(r, 0, "customer operation with the body "+bad)
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-ERR-004", Vendor: conformance.GWS, Profile: conformance.Required, Area: "errors",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "A failed customer operation MUST NOT change the chat: its state and its messages stay as they were.",
		Source:   gwsDocReturnValues,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.say(ctx)
		before, state := c.all(ctx), c.resource(ctx).State
		text := gwsUnique("must not land")
		send := map[string]any{"operationName": "SendMessage", "text": text}
		attempts := map[string]*conformance.Response{
			"SendMessage without ContactCenterId":      c.operate(ctx, send, conformance.WithoutHeader("ContactCenterId")),
			"SendMessage under another contact center": c.operate(ctx, send, conformance.Header("ContactCenterId", cfg().OtherContactCenterID)),
			"Complete under another contact center":    c.operate(ctx, map[string]any{"operationName": "Complete"}, conformance.Header("ContactCenterId", cfg().OtherContactCenterID)),
			"SendMessage with a malformed body":        c.operate(ctx, `{"operationName":"SendMessage","text":"`+text+`"`, conformance.Header("Content-Type", "application/json")),
		}
		for what, r := range attempts {
			Expect(r).To(match.ConformTo("CustomerChatOperation"))
			gwsExpectFailure(r, 0, what)
		}
		Expect(c.resource(ctx).State).To(Equal(state), "the chat's state after failed operations")
		Expect(c.all(ctx)).To(Equal(before), "the chat's messages after failed operations; want them unchanged")

		c.do(ctx, map[string]any{"operationName": "Complete"})
		before, state = c.all(ctx), c.resource(ctx).State
		r := c.operate(ctx, send)
		Expect(r).To(match.ConformTo("CustomerChatOperation"))
		gwsExpectFailure(r, 2, "SendMessage after Complete")
		Expect(c.resource(ctx).State).To(Equal(state), "the chat's state after a refused SendMessage")
		Expect(c.all(ctx)).To(Equal(before), "the chat's messages after a refused SendMessage; want them unchanged")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-ERR-005", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "errors",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "A failure's HTTP status MUST follow its statusCode: 400 for 1 (missing parameter) and 2 (wrong state), 404 for 6 (not found); on the customer API.",
		Source:   gwsDocReturnValues,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		unknown := &gwsChat{ID: gwsUnique("no-such-chat")}
		type failure struct {
			what, op string
			r        *conformance.Response
			code     int
			status   int
		}
		failures := []failure{
			{"GetChat without ContactCenterId", "GetChat", conformance.Send(ctx, "GET", c.url(""), nil), 1, 400},
			{"GetMessages of an unknown chat", "GetMessages", conformance.Send(ctx, "GET", unknown.url("/messages"), nil, gwsCC()), 6, 404},
		}
		c.do(ctx, map[string]any{"operationName": "Complete"})
		failures = append(failures, failure{"SendMessage after Complete", "CustomerChatOperation",
			c.operate(ctx, map[string]any{"operationName": "SendMessage", "text": gwsUnique("too late")}), 2, 400})
		for _, f := range failures {
			Expect(f.r).To(match.ConformTo(f.op))
			code, _ := gwsStatusCode(f.r)
			Expect(code).To(Equal(f.code), "%s: statusCode", f.what)
			Expect(f.r.Status).To(Equal(f.status), "%s: HTTP status for statusCode %d", f.what, f.code)
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-ERR-006", Vendor: conformance.GWS, Profile: conformance.Required, Area: "errors",
		Surfaces: []string{conformance.SurfaceGWSAgent},
		Must: "The agent API MUST answer failures as the customer API does: statusCode 6 for a chat id that does not exist, statusCode 20 without credentials or with a wrong password, " +
			"a failure statusCode for a body that is not valid JSON, each with an HTTP status of the 4xx class and a non-empty statusMessage.",
		Source: gwsDocReturnValues,
	}, func(ctx SpecContext) {
		unknown := &gwsChat{ID: gwsUnique("no-such-chat")}
		wrong := conformance.BasicAuth(cfg().AgentUser, cfg().AgentPassword+"-wrong")
		type failure struct {
			what, op string
			r        *conformance.Response
			code     int
		}
		failures := []failure{
			{"GetAgentMessages of an unknown chat", "GetAgentMessages", conformance.Send(ctx, "GET", unknown.agentURL("/messages"), nil, gwsAgent()), 6},
			{"Accept of an unknown chat", "AgentChatOperation", unknown.agentOperate(ctx, map[string]any{"operationName": "Accept"}), 6},
			{"GET /api/v2/me/chats without credentials", "ListAgentChats", conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/me/chats", nil), 20},
			{"GET /api/v2/me/chats with a wrong password", "ListAgentChats", conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/me/chats", nil, wrong), 20},
			{"GetAgentMessages with a wrong password", "GetAgentMessages", conformance.Send(ctx, "GET", unknown.agentURL("/messages"), nil, wrong), 20},
			{"an agent operation with a malformed body", "AgentChatOperation", unknown.agentOperate(ctx, `{"operationName":"SendMessage","text":`, conformance.Header("Content-Type", "application/json")), 0},
		}
		for _, f := range failures {
			Expect(f.r).To(match.ConformTo(f.op))
			gwsExpectFailure(f.r, f.code, f.what)
			var body map[string]any
			Expect(json.Unmarshal(f.r.Body, &body)).To(Succeed(), "%s: want a JSON object; got HTTP %d with %q", f.what, f.r.Status, conformance.Clip(f.r.Body))
			msg, isString := body["statusMessage"].(string)
			Expect(isString && msg != "").To(BeTrue(), "%s: want a non-empty string statusMessage; got %s", f.what, conformance.Clip(f.r.Body))
		}
	})
})
