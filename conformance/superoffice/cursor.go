package superoffice

import (
	"fmt"
	"strconv"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("SuperOffice ChatSession: the after cursor", Label("vendor:superoffice"), func() {
	conformance.Check(conformance.Meta{
		ID: "SO-CUR-001", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "cursor",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "GET Messages without after MUST return every message of the session, and none of another session.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		other, _ := soNewSession(ctx)
		var mine []int64
		texts := map[int64]string{}
		for i := range 3 {
			text := soUnique(fmt.Sprintf("message %d", i+1))
			id := soInt(soPostText(ctx, sid, text), "ChatMessageId")
			mine, texts[id] = append(mine, id), text
		}
		foreign := soInt(soPostText(ctx, other, soUnique("other session")), "ChatMessageId")

		got := soMessages(ctx, sid, "")
		ids := soIDs(got)
		Expect(ids).To(ContainElements(mine), "GET Messages without after: want every posted message %v; got ids %v", mine, ids)
		Expect(ids).NotTo(ContainElement(foreign), "GET Messages of session %d: message %d of session %d must not be there", sid, foreign, other)
		for _, m := range got {
			Expect(soInt(m, "ChatSessionId")).To(Equal(sid), "every message listed belongs to session %d; got %s", sid, conformance.JSONText(m))
			if text, ok := texts[soInt(m, "ChatMessageId")]; ok {
				Expect(m["Message"]).To(Equal(text), "Message of message %d", soInt(m, "ChatMessageId"))
			}
		}
	})

	conformance.Check(conformance.Meta{
		ID: "SO-CUR-002", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "cursor",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "GET Messages?after=N MUST return exactly the session's messages whose ChatMessageId is greater than N (after is exclusive).",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		var posted []int64
		for i := range 4 {
			posted = append(posted, soInt(soPostText(ctx, sid, soUnique(fmt.Sprintf("message %d", i+1))), "ChatMessageId"))
		}
		all := soIDs(soMessages(ctx, sid, ""))
		n := posted[1]
		got := soIDs(soMessages(ctx, sid, "after="+strconv.FormatInt(n, 10)))
		want := soAbove(all, n)
		Expect(got).To(ConsistOf(want), "after=%d: want exactly the ids > %d of %v; got %v", n, n, all, got)
		Expect(got).NotTo(ContainElement(n), "after=%d is exclusive: message %d itself must not be returned", n, n)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-CUR-003", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "cursor",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "GET Messages MUST list messages in ascending ChatMessageId order, with and without after.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		other, _ := soNewSession(ctx)
		// Client timestamps run backwards, so an order by WhenPosted differs from one by id.
		start := time.Date(2020, 1, 1, 12, 0, 0, 0, time.UTC)
		var first int64
		for i := range 4 {
			r := soPost(ctx, sid, map[string]any{"Type": "ToCustomer", "Message": soUnique(fmt.Sprintf("message %d", i+1)),
				"WhenPosted": start.Add(-time.Duration(i) * time.Minute).Format(time.RFC3339)})
			Expect(r.Status).To(Equal(200), "POST Messages: want 200; got %d", r.Status)
			Expect(r).To(match.ConformTo("AddChatMessage"))
			if i == 0 {
				first = soInt(r.Object(), "ChatMessageId")
			}
			soPostText(ctx, other, soUnique("interleaved"))
		}
		for _, query := range []string{"", "after=" + strconv.FormatInt(first, 10)} {
			ids := soIDs(soMessages(ctx, sid, query))
			Expect(len(ids)).To(BeNumerically(">=", 3), "GET Messages?%s: want the posted messages; got %v", query, ids)
			for i := 1; i < len(ids); i++ {
				Expect(ids[i]).To(BeNumerically(">", ids[i-1]), "GET Messages?%s: want strictly ascending ChatMessageId; got %v", query, ids)
			}
		}
	})

	conformance.Check(conformance.Meta{
		ID: "SO-CUR-004", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "cursor",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "GET Messages?after=N with N the session's largest ChatMessageId MUST return an empty array.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		soPostText(ctx, sid, soUnique("message 1"))
		all := soIDs(soMessages(ctx, sid, ""))
		Expect(all).NotTo(BeEmpty(), "GET Messages: want the posted message")
		last := all[0]
		for _, id := range all {
			last = max(last, id)
		}
		got := soMessages(ctx, sid, "after="+strconv.FormatInt(last, 10))
		Expect(got).To(BeEmpty(), "after=%d (the last id): want []; got ids %v", last, soIDs(got))
	})

	conformance.Check(conformance.Meta{
		ID: "SO-CUR-005", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "cursor",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "after MUST bound ChatMessageId by value, also when no message of the session has that id (ids are global, so a session's ids have gaps).",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		other, _ := soNewSession(ctx)
		a1 := soInt(soPostText(ctx, sid, soUnique("a1")), "ChatMessageId")
		soPostText(ctx, other, soUnique("b1"))
		soPostText(ctx, other, soUnique("b2"))
		soPostText(ctx, sid, soUnique("a2"))
		soPostText(ctx, sid, soUnique("a3"))
		all := soIDs(soMessages(ctx, sid, ""))
		// a1+1 is a message of the other session when ids are global, or a2 when they are not;
		// either way the answer is the session's ids above it.
		n := a1 + 1
		got := soIDs(soMessages(ctx, sid, "after="+strconv.FormatInt(n, 10)))
		Expect(got).To(ConsistOf(soAbove(all, n)), "after=%d: want exactly the ids > %d of %v; got %v", n, n, all, got)
	})
})
