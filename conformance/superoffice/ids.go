package superoffice

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("SuperOffice ChatSession: message ids", Label("vendor:superoffice"), func() {
	conformance.Check(conformance.Meta{
		ID: "SO-IDX-001", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "ids",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "POST ChatSession/{id}/Messages MUST answer 200 with the ChatMessage as stored: the posted Type and Message under a ChatMessageId with which GET Messages then returns it.",
		Source:   soSeedPost,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		text := soUnique("message")
		posted := soPostText(ctx, sid, text)
		Expect(posted["Type"]).To(Equal("ToCustomer"), "the stored message's Type")
		Expect(posted["Message"]).To(Equal(text), "the stored message's Message")
		id := soInt(posted, "ChatMessageId")
		Expect(id).To(BeNumerically(">", 0), "ChatMessageId is a positive auto-incremented key")

		var stored map[string]any
		for _, m := range soMessages(ctx, sid, "") {
			if soInt(m, "ChatMessageId") == id {
				stored = m
			}
		}
		Expect(stored).NotTo(BeNil(), "GET Messages: want the posted message %d among the session's messages", id)
		Expect(stored["Type"]).To(Equal("ToCustomer"), "GET Messages: Type of message %d", id)
		Expect(stored["Message"]).To(Equal(text), "GET Messages: Message of message %d", id)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-IDX-002", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "ids",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "The server MUST assign ChatMessageId itself, a new and larger one for every posted message, ignoring a ChatMessageId the client sends.",
		Source:   soSeedPost,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		const clientID = 2147480000
		var ids []int64
		for i := range 2 {
			r := soPost(ctx, sid, map[string]any{"ChatMessageId": clientID, "Type": "ToCustomer", "Message": soUnique("message")})
			Expect(r.Status).To(Equal(200), "POST %d with ChatMessageId %d: want 200; got %d", i+1, clientID, r.Status)
			Expect(r).To(match.ConformTo("AddChatMessage"))
			id := soInt(r.Object(), "ChatMessageId")
			Expect(id).NotTo(BeEquivalentTo(clientID), "POST %d: the server must assign the id, not take the client's %d", i+1, clientID)
			ids = append(ids, id)
		}
		Expect(ids[1]).To(BeNumerically(">", ids[0]), "two posts: want a new, larger (auto-incremented) id for the second; got %v", ids)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-IDX-003", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "ids",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "A posted message MUST belong to the session of the path: its ChatSessionId is the path's even when the body names another session, and only that session lists it.",
		Source:   soSeedPost,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		other, _ := soNewSession(ctx)
		r := soPost(ctx, sid, map[string]any{"ChatSessionId": other, "Type": "ToCustomer", "Message": soUnique("message")})
		Expect(r.Status).To(Equal(200), "POST Messages: want 200; got %d", r.Status)
		Expect(r).To(match.ConformTo("AddChatMessage"))
		m := r.Object()
		Expect(soInt(m, "ChatSessionId")).To(Equal(sid), "ChatSessionId: want the path's session %d, not the body's %d", sid, other)
		id := soInt(m, "ChatMessageId")
		Expect(soIDs(soMessages(ctx, sid, ""))).To(ContainElement(id), "GET Messages of session %d (the path's): want message %d", sid, id)
		Expect(soIDs(soMessages(ctx, other, ""))).NotTo(ContainElement(id), "GET Messages of session %d (named in the body): message %d must not be there", other, id)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-IDX-004", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "ids",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "A message posted without WhenPosted MUST come back with WhenPosted set to when it was posted, not left at its zero value.",
		Source:   soSeedPost,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		m := soPostText(ctx, sid, soUnique("message"))
		when := soTime(m, "WhenPosted")
		Expect(when.Year()).To(BeNumerically(">", 1), "WhenPosted: want the time of posting; got %s", m["WhenPosted"])
	})
})
