package acquire

import (
	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("Acquire profile messages: errors", Label("vendor:acquire"), func() {
	conformance.Check(conformance.Meta{
		ID: "ACQ-ERR-001", Vendor: conformance.Acquire, Profile: conformance.Optional, Area: "errors",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "A Profile Message request without visitor_id or last_chat_id, or with one that is not an integer, MUST get 400 (ERROR_INVALID_INPUT of the 2.0 API) " +
			"with the failure envelope {success: false, error: a message naming the field, data: null} (REC 3, ambiguity 6).",
		Source: acqErrorsDoc,
	}, func(ctx SpecContext) {
		for _, c := range []struct{ what, field, value string }{
			{"visitor_id missing", "visitor_id", ""},
			{"last_chat_id missing", "last_chat_id", ""},
			{"visitor_id not an integer", "visitor_id", "abc"},
			{"last_chat_id not an integer", "last_chat_id", "abc"},
		} {
			By(c.what)
			form := acqForm()
			if c.value == "" {
				form.Del(c.field)
			} else {
				form.Set(c.field, c.value)
			}
			r := acqPost(ctx, acqMessagePath, form, acqBearer())
			expectAcqFailure(r, 400)
			body, _ := acqDecode(r)
			Expect(body["error"]).To(ContainSubstring(c.field), "%s: want the error to name the field", c.what)
			Expect(r).To(match.ConformTo("GetProfileMessages"))
		}
	})
})
