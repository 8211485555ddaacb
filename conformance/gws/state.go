package gws

import (
	"slices"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("GWS customer chat: state and capabilities", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-STATE-001", Vendor: conformance.GWS, Profile: conformance.Required, Area: "state",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "A chat no agent has accepted yet MUST be in state WaitingForAgent in the customer's GetChat right after RequestChat.",
		Source:   gwsDocChatResource,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		chat := c.resource(ctx)
		Expect(chat.ID).To(Equal(c.ID), "GetChat's chat.id is the id RequestChat returned")
		Expect(chat.State).To(Equal("WaitingForAgent"), "GetChat's state of a chat just requested; got %s", conformance.JSONText(chat))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-STATE-002", Vendor: conformance.GWS, Profile: conformance.Required, Area: "state",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "A customer operation that is not among the chat's capabilities (as after Complete) MUST fail with statusCode 2 (not valid for the current state) and an HTTP status of the 4xx class.",
		Source:   gwsDocReturnValues,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.say(ctx)
		c.do(ctx, map[string]any{"operationName": "Complete"})
		caps := c.resource(ctx).Capabilities
		var absent []string
		for _, op := range gwsCustomerOps {
			if !slices.Contains(caps, op) {
				absent = append(absent, op)
			}
		}
		Expect(absent).NotTo(BeEmpty(), "after Complete the chat still lists every customer operation among its capabilities %v; the Complete page says the client sends no more requests afterwards", caps)
		for _, op := range absent {
			body := map[string]any{"operationName": op}
			if op == "SendMessage" {
				body["text"] = gwsUnique("after complete")
			}
			r := c.operate(ctx, body)
			Expect(r).To(match.ConformTo("CustomerChatOperation"))
			gwsExpectFailure(r, 2, op+" after Complete, not among the capabilities "+conformance.JSONText(caps))
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-STATE-003", Vendor: conformance.GWS, Profile: conformance.Required, Area: "state",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "After the customer's Complete, GetChat MUST show the chat in state Idle.",
		Source:   gwsDocComplete,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.say(ctx)
		c.do(ctx, map[string]any{"operationName": "Complete"})
		Eventually(ctx, func() string { return c.resource(ctx).State }).
			WithTimeout(cfg().Timeout).WithPolling(gwsPolling).
			Should(Equal("Idle"), "the customer's GetChat state after Complete")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-STATE-004", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "state",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "The customer's Complete MUST add the customer's ParticipantLeft to the chat, after every earlier message.",
		Source:   gwsDocComplete,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.say(ctx)
		// The customer's participantId is read before Complete: afterwards a chat may list
		// only its current participants, which the customer no longer is.
		me := c.customer(ctx)
		before := c.all(ctx)
		c.do(ctx, map[string]any{"operationName": "Complete"})
		left := func(m gwsMessage) bool {
			return m.Type == "ParticipantLeft" && m.From.ParticipantID == me.ParticipantID
		}
		var all []gwsMessage
		Eventually(ctx, func() bool {
			all = c.all(ctx)
			return slices.ContainsFunc(all, left)
		}).WithTimeout(cfg().Timeout).WithPolling(gwsPolling).Should(BeTrue(), func() string {
			return "GetMessages index=0 after Complete holds the customer's ParticipantLeft; got " + conformance.JSONText(all)
		})
		m := all[slices.IndexFunc(all, left)]
		Expect(m.Index).To(BeNumerically(">", before[len(before)-1].Index), "the customer's ParticipantLeft comes after the messages before Complete %v", gwsIndexes(before))
	})
})
