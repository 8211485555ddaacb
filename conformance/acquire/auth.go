package acquire

import (
	"net/url"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// acqWrongToken is a token no target issues.
const acqWrongToken = "chatconform-not-an-api-token"

var _ = Describe("Acquire profile API: authentication", Label("vendor:acquire"), func() {
	conformance.Check(conformance.Meta{
		ID: "ACQ-AUTH-001", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "Profile Message MUST accept the API token of the certification fixture set (--acquire-token, which the target MUST hold) " +
			"as Authorization: Bearer <token> and answer with a success envelope.",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		r := acqPost(ctx, acqMessagePath, acqForm(), acqBearer())
		Expect(r).To(match.ConformTo("GetProfileMessages"))
		Expect(acqMessagesOf(r)).NotTo(BeEmpty(), "want the messages of chat %s with the Bearer token", cfg().AcquireChat)
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-AUTH-002", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must:     "Profile Message MUST also accept the API token of the certification fixture set (--acquire-token) in the legacy auth_token header, without Authorization, as the legacy authorization page describes.",
		Source:   acqLegacyAuth,
	}, func(ctx SpecContext) {
		r := acqPost(ctx, acqMessagePath, acqForm(), conformance.Header("auth_token", cfg().AcquireToken))
		Expect(r).To(match.ConformTo("GetProfileMessages"))
		Expect(acqMessagesOf(r)).NotTo(BeEmpty(), "want the messages of chat %s with the auth_token header", cfg().AcquireChat)
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-AUTH-003", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must:     "A Profile Message request without a token (neither Authorization nor auth_token) MUST be refused: no success envelope, no messages, no 5xx.",
		Source:   acqSeed,
	}, func(ctx SpecContext) {
		expectAcqRefused(acqPost(ctx, acqMessagePath, acqForm()), "messages without a token")
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-AUTH-004", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must:     "A Profile Message request with a token the target did not issue, in Authorization: Bearer or in auth_token, MUST be refused: no success envelope, no messages, no 5xx.",
		Source:   acqSeed,
	}, func(ctx SpecContext) {
		for _, c := range acqBadCredentials()[1:] {
			if c.path == acqMessagePath {
				expectAcqRefused(acqPost(ctx, c.path, c.form(), c.opts...), c.what)
			}
		}
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-AUTH-005", Vendor: conformance.Acquire, Profile: conformance.Optional, Area: "auth",
		Surfaces: []string{conformance.SurfaceAcquireMessages, conformance.SurfaceAcquireThreads},
		Must: "A request without a token or with a wrong one MUST get 401 (ERROR_UNAUTHORIZED of the 2.0 API) with the failure envelope " +
			"{success: false, error: a non-empty message, data: null} that the spec chose for the undocumented legacy errors (REC 2, ambiguity 6).",
		Source: acqErrorsDoc,
	}, func(ctx SpecContext) {
		for _, c := range acqBadCredentials() {
			By(c.what)
			r := acqPost(ctx, c.path, c.form(), c.opts...)
			expectAcqFailure(r, 401)
			Expect(r).To(match.ConformTo(c.op))
		}
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-AUTH-006", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceAcquireThreads},
		Must: "Profile Message Thread MUST accept the API token of the certification fixture set as Authorization: Bearer <token> and in the legacy auth_token header, " +
			"answering a success envelope, and MUST refuse a request without a token or with one the target did not issue: no success envelope, no 5xx.",
		Source: acqThreadDoc,
	}, func(ctx SpecContext) {
		for what, auth := range map[string]conformance.Option{"the Bearer token": acqBearer(), "the auth_token header": conformance.Header("auth_token", cfg().AcquireToken)} {
			t := acqPost(ctx, acqThreadPath, acqThreadForm(), auth)
			Expect(t).To(match.ConformTo("GetProfileThreads"), "threads with %s", what)
			acqSuccess(t)
		}
		expectAcqRefused(acqPost(ctx, acqThreadPath, acqThreadForm()), "threads without a token")
		for _, c := range acqBadCredentials() {
			if c.path == acqThreadPath {
				expectAcqRefused(acqPost(ctx, c.path, c.form(), c.opts...), c.what)
			}
		}
		expectAcqRefused(acqPost(ctx, acqThreadPath, acqThreadForm(), conformance.Header("auth_token", acqWrongToken)), "threads with a wrong auth_token")
	})
})

// acqBadCredential is a request whose credentials a target must refuse.
type acqBadCredential struct {
	what, path, op string
	form           func() url.Values
	opts           []conformance.Option
}

// acqBadCredentials lists the refused requests; the first sends no token at all.
func acqBadCredentials() []acqBadCredential {
	return []acqBadCredential{
		{"messages without a token", acqMessagePath, "GetProfileMessages", acqForm, nil},
		{"messages with a wrong Bearer token", acqMessagePath, "GetProfileMessages", acqForm, []conformance.Option{conformance.Header("Authorization", "Bearer "+acqWrongToken)}},
		{"messages with a wrong auth_token", acqMessagePath, "GetProfileMessages", acqForm, []conformance.Option{conformance.Header("auth_token", acqWrongToken)}},
		{"threads with a wrong Bearer token", acqThreadPath, "GetProfileThreads", acqThreadForm, []conformance.Option{conformance.Header("Authorization", "Bearer "+acqWrongToken)}},
	}
}
