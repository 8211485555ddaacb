package superoffice

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("SuperOffice ChatSession: errors", Label("vendor:superoffice"), func() {
	conformance.Check(conformance.Meta{
		ID: "SO-ERR-001", Vendor: conformance.SuperOffice, Profile: conformance.Optional, Area: "errors",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "GET and POST Messages of a session that does not exist MUST answer 404 and store nothing (REC: vendor-apis.md §2.4, as GET ChatSession/{id} documents).",
		Source:   soDocRESTBasic,
	}, func(ctx SpecContext) {
		r := soSend(ctx, "GET", soMessagesPath(soUnknownSession), nil)
		Expect(r.Status).To(Equal(404), "GET ChatSession/%d/Messages (no such session): want 404; got %d", soUnknownSession, r.Status)
		r = soPost(ctx, soUnknownSession, map[string]any{"Type": "ToCustomer", "Message": soUnique("lost")})
		Expect(r.Status).To(Equal(404), "POST ChatSession/%d/Messages (no such session): want 404; got %d", soUnknownSession, r.Status)
		r = soSend(ctx, "GET", soMessagesPath(soUnknownSession), nil)
		Expect(r.Status).To(Equal(404), "GET ChatSession/%d/Messages after the POST: the session must still not exist; got %d", soUnknownSession, r.Status)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-ERR-002", Vendor: conformance.SuperOffice, Profile: conformance.Optional, Area: "errors",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "POST Messages with Type Invalid MUST be rejected with 400 and store nothing (REC: vendor-apis.md §2.4).",
		Source:   soSeedPost,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		before := soIDs(soMessages(ctx, sid, ""))
		r := soPost(ctx, sid, map[string]any{"Type": "Invalid", "Message": soUnique("invalid")})
		Expect(r.Status).To(Equal(400), "POST Messages with Type Invalid: want 400; got %d", r.Status)
		Expect(soIDs(soMessages(ctx, sid, ""))).To(Equal(before), "a rejected POST must not store a message")
	})

	conformance.Check(conformance.Meta{
		ID: "SO-ERR-003", Vendor: conformance.SuperOffice, Profile: conformance.Optional, Area: "errors",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     `Error responses (no credentials, unknown session, malformed body) MUST carry a JSON or XML Content-Type and the error envelope {"Message": "..."} the spec documents (REC: vendor-apis.md §2.4).`,
		Source:   soDocRESTBasic,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		cases := []struct {
			op string
			r  *conformance.Response
		}{
			{"GetChatMessages", soSend(ctx, "GET", soMessagesPath(sid), nil, conformance.WithoutHeader("Authorization"))},
			{"GetChatSessionEntity", soSend(ctx, "GET", soSessionPath(soUnknownSession), nil)},
			{"GetChatSessionEntity", soSend(ctx, "GET", soSessionPath(soUnknownSession), nil, conformance.Header("Accept", "application/xml"))},
			{"AddChatMessage", soPost(ctx, sid, []byte(`{"Type": "ToCustomer", "Message": `), conformance.Header("Content-Type", "application/json"))},
		}
		for _, c := range cases {
			Expect(c.r.Status).To(BeNumerically(">=", 400), "%s %s: want a 4xx error; got %d", c.r.Method, c.r.URL, c.r.Status)
			Expect(c.r.Status).To(BeNumerically("<", 500), "%s %s: want a 4xx error, never a 5xx; got %d", c.r.Method, c.r.URL, c.r.Status)
			soWellFormed(c.r)
			Expect(c.r).To(match.ConformTo(c.op))
		}
	})
})
