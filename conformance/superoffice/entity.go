package superoffice

import (
	"encoding/json"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("SuperOffice ChatSession: entity endpoints", Label("vendor:superoffice"), func() {
	conformance.Check(conformance.Meta{
		ID: "SO-ENT-001", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "entity",
		Surfaces: []string{conformance.SurfaceSOSessions},
		Must:     "POST ChatSession MUST answer 200 with the saved entity under a new ChatSessionId, which GET ChatSession/{id} then returns with the posted fields.",
		Source:   soDocCreate,
	}, func(ctx SpecContext) {
		name := soUnique("customer")
		r := soSend(ctx, "POST", "/ChatSession", map[string]any{"CustomerName": name, "Status": "InQueue"})
		Expect(r.Status).To(Equal(200), "POST ChatSession: want 200 (not 201) and the saved entity; got %d", r.Status)
		Expect(r).To(match.ConformTo("PostChatSessionEntity"))
		created := r.Object()
		sid := soInt(created, "ChatSessionId")
		DeferCleanup(func(ctx SpecContext) { soSend(ctx, "DELETE", soSessionPath(sid), nil) })
		Expect(sid).To(BeNumerically(">", 0), "POST ChatSession: want a server-assigned ChatSessionId")
		Expect(created["CustomerName"]).To(Equal(name), "POST ChatSession: CustomerName of the saved entity")

		r = soSend(ctx, "GET", soSessionPath(sid), nil)
		Expect(r.Status).To(Equal(200), "GET ChatSession/%d (just created): want 200; got %d", sid, r.Status)
		Expect(r).To(match.ConformTo("GetChatSessionEntity"))
		got := r.Object()
		Expect(soInt(got, "ChatSessionId")).To(Equal(sid), "GET ChatSession/%d: ChatSessionId", sid)
		Expect(got["CustomerName"]).To(Equal(name), "GET ChatSession/%d: CustomerName", sid)
		Expect(got["Status"]).To(Equal("InQueue"), "GET ChatSession/%d: Status as posted", sid)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-ENT-002", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "entity",
		Surfaces: []string{conformance.SurfaceSOSessions},
		Must:     "GET ChatSession/{id} of an id no session has MUST answer 404.",
		Source:   soDocGet,
	}, func(ctx SpecContext) {
		r := soSend(ctx, "GET", soSessionPath(soUnknownSession), nil)
		Expect(r.Status).To(Equal(404), "GET ChatSession/%d (no such session): want 404; got %d", soUnknownSession, r.Status)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-ENT-003", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "entity",
		Surfaces: []string{conformance.SurfaceSOSessions},
		Must:     "DELETE ChatSession/{id} MUST answer 204, after which GET ChatSession/{id} answers 404.",
		Source:   soDocDelete,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		r := soSend(ctx, "DELETE", soSessionPath(sid), nil)
		Expect(r.Status).To(Equal(204), "DELETE ChatSession/%d: want 204; got %d", sid, r.Status)
		Expect(r).To(match.ConformTo("DeleteChatSessionEntity"))
		r = soSend(ctx, "GET", soSessionPath(sid), nil)
		Expect(r.Status).To(Equal(404), "GET ChatSession/%d after DELETE: want 404; got %d", sid, r.Status)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-ENT-004", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "entity",
		Surfaces: []string{conformance.SurfaceSOSessions},
		Must:     "PATCH ChatSession/{id} with a JSON Merge Patch MUST change the fields it names, leave the others, and answer 200 with the updated entity.",
		Source:   soDocPatch,
	}, func(ctx SpecContext) {
		sid, created := soNewSession(ctx)
		before := created.Object()
		name := soUnique("renamed")
		r := soSend(ctx, "PATCH", soSessionPath(sid), map[string]any{"CustomerName": name},
			conformance.Header("Content-Type", "application/merge-patch+json"))
		Expect(r.Status).To(Equal(200), "PATCH ChatSession/%d (merge patch): want 200; got %d", sid, r.Status)
		Expect(r).To(match.ConformTo("PatchChatSessionEntity"))
		Expect(r.Object()["CustomerName"]).To(Equal(name), "PATCH response: CustomerName as patched")

		r = soSend(ctx, "GET", soSessionPath(sid), nil)
		Expect(r.Status).To(Equal(200), "GET ChatSession/%d after PATCH: want 200; got %d", sid, r.Status)
		Expect(r).To(match.ConformTo("GetChatSessionEntity"))
		after := r.Object()
		Expect(after["CustomerName"]).To(Equal(name), "GET after PATCH: CustomerName as patched")
		for _, field := range []string{"CustomerEmail", "Status", "CustomerConsented"} {
			Expect(after[field]).To(Equal(before[field]), "GET after PATCH: %s was not in the patch and must not change", field)
		}
	})

	conformance.Check(conformance.Meta{
		ID: "SO-ENT-005", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "entity",
		Surfaces: []string{conformance.SurfaceSOSessions},
		Must:     "GET ChatSession/default MUST answer 200 with a (new, unsaved) ChatSessionEntity, not treat the segment default as an id.",
		Source:   soDocDefault,
	}, func(ctx SpecContext) {
		r := soSend(ctx, "GET", "/ChatSession/default", nil)
		Expect(r.Status).To(Equal(200), "GET ChatSession/default: want 200 and an entity; got %d", r.Status)
		Expect(r).To(match.ConformTo("DefaultChatSessionEntity"))
		e := r.Object()
		Expect(e).To(HaveKey("ChatSessionId"), "GET ChatSession/default: want a ChatSessionEntity")
	})
})

var _ = Describe("SuperOffice ChatSession: queue operations", Label("vendor:superoffice"), func() {
	conformance.Check(conformance.Meta{
		ID: "SO-ENT-006", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "entity",
		Surfaces: []string{conformance.SurfaceSOSessions},
		Must: "POST ChatSession/{id}/Pickup of a session in the queue MUST take it out of the queue (GET ChatSession/{id} no longer shows Status InQueue), " +
			"and POST ChatSession/{id}/Reset MUST put it back (Status InQueue).",
		Source: "https://docs.superoffice.com/en/api/reference/restful/rest/ChatSession/v1ChatSessionEntity_PickUpChatSession.html",
	}, func(ctx SpecContext) {
		r := soSend(ctx, "POST", "/ChatSession", map[string]any{"CustomerName": soUnique("customer"), "Status": "InQueue"})
		Expect(r.Status).To(Equal(200), "POST ChatSession: want 200; got %d", r.Status)
		sid := soInt(r.Object(), "ChatSessionId")
		DeferCleanup(func(ctx SpecContext) { soSend(ctx, "DELETE", soSessionPath(sid), nil) })
		status := func() any {
			r := soSend(ctx, "GET", soSessionPath(sid), nil)
			Expect(r.Status).To(Equal(200), "GET ChatSession/%d: want 200; got %d", sid, r.Status)
			return r.Object()["Status"]
		}
		r = soSend(ctx, "POST", soSessionPath(sid)+"/Pickup", nil)
		Expect(r.Status).To(Equal(200), "POST ChatSession/%d/Pickup: want 200; got %d", sid, r.Status)
		Expect(r).To(match.ConformTo("PickUpChatSession"))
		Expect(status()).NotTo(Equal("InQueue"), "Status of session %d after Pickup", sid)
		r = soSend(ctx, "POST", soSessionPath(sid)+"/Reset", nil)
		Expect(r.Status).To(Equal(200), "POST ChatSession/%d/Reset: want 200; got %d", sid, r.Status)
		Expect(r).To(match.ConformTo("ResetChatSession"))
		Expect(status()).To(Equal("InQueue"), "Status of session %d after Reset", sid)
	})
})

var _ = Describe("SuperOffice ChatSession: transcript", Label("vendor:superoffice"), func() {
	conformance.Check(conformance.Meta{
		ID: "SO-ENT-007", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "entity",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "POST ChatSession/{id}/Transcript MUST answer the session's transcript as one string holding the text of every message posted to the session, and no other session's.",
		Source:   "https://docs.superoffice.com/en/api/reference/restful/rest/ChatSession/v1ChatSessionEntity_GetChatTranscript.html",
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		other, _ := soNewSession(ctx)
		texts := []string{soUnique("first"), soUnique("second"), soUnique("last")}
		for _, t := range texts {
			soPostText(ctx, sid, t)
		}
		elsewhere := soUnique("elsewhere")
		soPostText(ctx, other, elsewhere)
		r := soSend(ctx, "POST", soSessionPath(sid)+"/Transcript", nil)
		Expect(r.Status).To(Equal(200), "POST ChatSession/%d/Transcript: want 200; got %d", sid, r.Status)
		Expect(r).To(match.ConformTo("GetChatTranscript"))
		var transcript string
		Expect(json.Unmarshal(r.Body, &transcript)).To(Succeed(), "the transcript is a JSON string; got %s", conformance.Clip(r.Body))
		for _, t := range texts {
			Expect(transcript).To(ContainSubstring(t), "the transcript of session %d holds the message %q", sid, t)
		}
		Expect(transcript).NotTo(ContainSubstring(elsewhere), "the transcript of session %d holds a message of session %d", sid, other)
	})
})
