package gws

import (
	"strconv"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("GWS customer chat: indexing", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-IDX-001", Vendor: conformance.GWS, Profile: conformance.Required, Area: "indexing",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "GetMessages with index=0 MUST return every message of the chat, starting with the customer's ParticipantJoined at index 1.",
		Source:   "https://enu.docs.genesys.com/Documentation/HTCC/latest/API/CustomerChatGetMessages",
	}, func(ctx SpecContext) {
		id := requestChat(ctx)
		r := conformance.Send(ctx, "GET", cfg().GWSURL+"/api/v2/chats/"+id+"/messages?index=0", nil, conformance.Header("ContactCenterId", cfg().ContactCenterID))
		Expect(r).To(match.ConformTo("GetMessages"))
		msgs := r.Object()["messages"].([]any)
		Expect(msgs).NotTo(BeEmpty())
		first := msgs[0].(map[string]any)
		Expect(first["index"]).To(BeNumerically("==", 1), "the first activity has index 1")
		Expect(first["type"]).To(Equal("ParticipantJoined"))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-IDX-002", Vendor: conformance.GWS, Profile: conformance.Required, Area: "indexing",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "GetMessages with index=N MUST return exactly the messages whose index is at least N (N inclusive; index=0 and index=1 alike return everything).",
		Source:   gwsSeedGetMessages,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.say(ctx)
		c.do(ctx, map[string]any{"operationName": "SendStartTypingNotification"})
		c.do(ctx, map[string]any{"operationName": "SendStopTypingNotification"})
		c.say(ctx)
		all := c.all(ctx)
		Expect(len(all)).To(BeNumerically(">=", 3), "index=0 returns the customer's join and two messages at least; got %s", conformance.JSONText(all))
		for n := 1; n <= all[len(all)-1].Index+1; n++ {
			var want []int
			for _, m := range all {
				if m.Index >= n {
					want = append(want, m.Index)
				}
			}
			Expect(gwsIndexes(c.from(ctx, n))).To(ConsistOf(want), "GetMessages index=%d; want the indexes of index=0's reply %v that are at least %d", n, gwsIndexes(all), n)
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-IDX-003", Vendor: conformance.GWS, Profile: conformance.Required, Area: "indexing",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "GetMessages with an index beyond the last message MUST succeed (statusCode 0) with an empty messages list.",
		Source:   gwsSeedGetMessages,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.say(ctx)
		all := c.all(ctx)
		Expect(all).NotTo(BeEmpty(), "index=0 returns the chat's messages")
		end := all[len(all)-1].Index
		for _, n := range []int{end + 1, end + 1000} {
			Expect(c.from(ctx, n)).To(BeEmpty(), "GetMessages index=%d, past the last index %d", n, end)
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-IDX-004", Vendor: conformance.GWS, Profile: conformance.Required, Area: "indexing",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "Every GetMessages reply MUST list its messages in strictly increasing index order, every activity (text and typing alike) with an index of its own.",
		Source:   gwsDocMessages,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		first := c.poll(ctx)
		gwsExpectIncreasing(first, "the first GetMessages poll")
		for range 2 {
			c.do(ctx, map[string]any{"operationName": "SendStartTypingNotification"})
			c.do(ctx, map[string]any{"operationName": "SendStopTypingNotification"})
			c.say(ctx)
		}
		gwsExpectIncreasing(c.poll(ctx), "GetMessages without index")
		all := c.all(ctx)
		gwsExpectIncreasing(all, "GetMessages index=0")
		Expect(len(all)).To(BeNumerically(">=", 7), "index=0 returns the join, two typing starts, two typing stops and two messages; got %s", conformance.JSONText(all))
		gwsExpectIncreasing(c.from(ctx, all[2].Index), "GetMessages index="+strconv.Itoa(all[2].Index))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-IDX-005", Vendor: conformance.GWS, Profile: conformance.Required, Area: "indexing",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "Successive GetMessages polls MUST return indexes that keep increasing across replies: every index of a reply exceeds every index of the replies before it.",
		Source:   gwsSeedGetMessages,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		var replies [][]gwsMessage
		replies = append(replies, c.poll(ctx))
		for range 3 {
			c.say(ctx)
			c.do(ctx, map[string]any{"operationName": "SendStartTypingNotification"})
			replies = append(replies, c.poll(ctx))
		}
		highest := 0
		for i, msgs := range replies {
			gwsExpectIncreasing(msgs, "poll "+strconv.Itoa(i+1))
			if len(msgs) > 0 {
				Expect(msgs[0].Index).To(BeNumerically(">", highest), "poll %d starts at index %d, but an earlier poll already returned index %d; replies: %s", i+1, msgs[0].Index, highest, conformance.JSONText(replies))
				highest = msgs[len(msgs)-1].Index
			}
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-IDX-006", Vendor: conformance.GWS, Profile: conformance.Required, Area: "indexing",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "A message the customer sends MUST appear in GetMessages as one entry of type Text, from the chat's Customer participant, with the text sent.",
		Source:   gwsDocSendMessage,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		text := c.say(ctx)
		me := c.customer(ctx)
		got := gwsWithText(c.all(ctx), text)
		Expect(got).To(HaveLen(1), "entries with the text the customer sent, %q", text)
		Expect(got[0].Type).To(Equal("Text"), "type of the customer's message; got %s", conformance.JSONText(got[0]))
		Expect(got[0].From.Type).To(Equal("Customer"), "from.type of the customer's message; got %s", conformance.JSONText(got[0]))
		Expect(got[0].From.ParticipantID).To(Equal(me.ParticipantID), "from.participantId of the customer's message is the customer's participantId in GetChat (%s); got %s", conformance.JSONText(me), conformance.JSONText(got[0]))
		Expect(got[0].From.Nickname).To(Equal(me.Nickname), "from.nickname of the customer's message is the customer's nickname in GetChat (%s); got %s", conformance.JSONText(me), conformance.JSONText(got[0]))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-IDX-007", Vendor: conformance.GWS, Profile: conformance.Required, Area: "indexing",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent},
		Must:     "Activity visible to agents only (SendCustomNoticeToAgents) MUST NOT appear in the customer's GetMessages, with or without index, while the customer's later messages still arrive in increasing index order.",
		Source:   gwsDocCustomNotice,
	}, func(ctx SpecContext) {
		c := gwsAcceptedChat(ctx)
		before := c.poll(ctx)
		notice := gwsUnique("agents only")
		c.agentDo(ctx, map[string]any{"operationName": "SendCustomNoticeToAgents", "noticeText": notice})
		text := c.say(ctx)
		replies := append([][]gwsMessage{before}, c.pollUntil(ctx, "the customer's message sent after the notice", func(m gwsMessage) bool { return m.Text == text })...)
		all := c.all(ctx)
		gwsExpectIncreasing(all, "GetMessages index=0")
		for _, msgs := range append(replies, all) {
			for _, m := range msgs {
				Expect(m.Type).NotTo(Equal("CustomNotice"), "the customer sees an agents-only CustomNotice: %s", conformance.JSONText(m))
				Expect(m.Text+" "+m.NoticeText).NotTo(ContainSubstring(notice), "the customer sees the agents-only notice: %s", conformance.JSONText(m))
			}
		}
	})
})

// requestChat starts a chat as a customer and returns its id.
func requestChat(ctx SpecContext) string {
	GinkgoHelper()
	r := conformance.Send(ctx, "POST", cfg().GWSURL+"/api/v2/chats",
		map[string]any{"operationName": "RequestChat", "nickname": "Conformance", "subject": "certification"},
		conformance.Header("ContactCenterId", cfg().ContactCenterID))
	Expect(r).To(match.ConformTo("RequestChat"))
	Expect(r.Status).To(Equal(200))
	id, _ := r.Object()["id"].(string)
	Expect(id).NotTo(BeEmpty(), "RequestChat returns the chat's id")
	return id
}
