package gws

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
)

// GetMessages without index returns what "the client has not received yet": a server-side
// cursor per chat. These checks never read with index in between, because whether an
// index read moves that cursor is undocumented.
var _ = Describe("GWS customer chat: read cursor", Label("vendor:gws"), func() {
	conformance.Check(conformance.Meta{
		ID: "GWS-CUR-001", Vendor: conformance.GWS, Profile: conformance.Required, Area: "cursor",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "The first GetMessages without index on a chat MUST return every message so far, from the customer's ParticipantJoined on, since the customer has received none yet.",
		Source:   gwsSeedGetMessages,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		a, b := c.say(ctx), c.say(ctx)
		got := c.poll(ctx)
		Expect(got).NotTo(BeEmpty(), "the first poll of a chat with a join and two messages")
		Expect(got[0].Type).To(Equal("ParticipantJoined"), "the first poll starts with the customer's join; got %s", conformance.JSONText(got))
		Expect(got[0].From.Type).To(Equal("Customer"), "the first poll starts with the customer's join; got %s", conformance.JSONText(got))
		for _, text := range []string{a, b} {
			Expect(gwsWithText(got, text)).To(HaveLen(1), "the first poll holds the message %q once; got %s", text, conformance.JSONText(got))
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-CUR-002", Vendor: conformance.GWS, Profile: conformance.Required, Area: "cursor",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "Once the customer has received every message, GetMessages without index MUST succeed with an empty messages list.",
		Source:   gwsSeedGetMessages,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.say(ctx)
		first := c.poll(ctx)
		Expect(first).NotTo(BeEmpty(), "the first poll returns the chat's messages")
		Expect(c.poll(ctx)).To(BeEmpty(), "a second poll, after the first returned %v, has nothing new to return", gwsIndexes(first))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-CUR-003", Vendor: conformance.GWS, Profile: conformance.Required, Area: "cursor",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "A message added after the customer has received everything MUST be returned by GetMessages without index exactly once, and nothing received before MUST come again.",
		Source:   gwsSeedGetMessages,
	}, func(ctx SpecContext) {
		c := gwsNewChat(ctx)
		c.say(ctx)
		replies := [][]gwsMessage{c.poll(ctx)}
		text := c.say(ctx)
		replies = append(replies, c.pollUntil(ctx, "the new message", func(m gwsMessage) bool { return m.Text == text })...)
		replies = append(replies, c.poll(ctx), c.poll(ctx))
		seen := map[int]int{}
		count := 0
		for _, msgs := range replies {
			for _, m := range msgs {
				seen[m.Index]++
				Expect(seen[m.Index]).To(Equal(1), "index %d was returned by more than one poll; replies: %s", m.Index, conformance.JSONText(replies))
				if m.Text == text {
					count++
				}
			}
		}
		Expect(count).To(Equal(1), "polls returning the new message %q; replies: %s", text, conformance.JSONText(replies))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-CUR-004", Vendor: conformance.GWS, Profile: conformance.Required, Area: "cursor",
		Surfaces: []string{conformance.SurfaceGWSCustomer},
		Must:     "The GetMessages cursor MUST be kept per chat: reading one chat's messages MUST NOT mark another chat's messages as received.",
		Source:   gwsSeedGetMessages,
	}, func(ctx SpecContext) {
		one, two := gwsNewChat(ctx), gwsNewChat(ctx)
		a, b := one.say(ctx), two.say(ctx)
		gotOne := one.poll(ctx)
		Expect(gwsWithText(gotOne, a)).To(HaveLen(1), "chat one's poll holds its own message; got %s", conformance.JSONText(gotOne))
		Expect(gwsWithText(gotOne, b)).To(BeEmpty(), "chat one's poll holds chat two's message: %s", conformance.JSONText(gotOne))
		gotTwo := two.poll(ctx)
		Expect(gotTwo).NotTo(BeEmpty(), "chat two's first poll, after chat one was read")
		Expect(gotTwo[0].Type).To(Equal("ParticipantJoined"), "chat two's first poll starts with its customer's join; got %s", conformance.JSONText(gotTwo))
		Expect(gwsWithText(gotTwo, b)).To(HaveLen(1), "chat two's first poll holds its message %q; got %s", b, conformance.JSONText(gotTwo))
	})
})
