package superoffice

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("SuperOffice ChatSession: authentication", Label("vendor:superoffice"), func() {
	// accepted asserts that GET Messages of a fresh session with the given credential (and no
	// other) succeeds.
	accepted := func(ctx SpecContext, why string, cred ...conformance.Option) {
		GinkgoHelper()
		sid, _ := soNewSession(ctx)
		soPostText(ctx, sid, soUnique("message"))
		r := soSend(ctx, "GET", soMessagesPath(sid), nil, append([]conformance.Option{conformance.WithoutHeader("Authorization")}, cred...)...)
		Expect(r.Status).To(Equal(200), "GET Messages with %s: want 200 (accepted); got %d", why, r.Status)
		Expect(r).To(match.ConformTo("GetChatMessages"))
		Expect(r.Array()).NotTo(BeEmpty(), "GET Messages with %s: want the session's message", why)
	}

	conformance.Check(conformance.Meta{
		ID: "SO-AUTH-001", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages, conformance.SurfaceSOOnsite},
		Must:     "An onsite installation MUST accept Authorization: Basic with an associate's user name and password.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		if cfg().SOTenant != "" {
			Skip("Basic is for onsite installations; --so-tenant names an Online tenant")
		}
		accepted(ctx, "Basic credentials", conformance.BasicAuth(cfg().SOUser, cfg().SOPassword))
	})

	conformance.Check(conformance.Meta{
		ID: "SO-AUTH-002", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "The API MUST accept Authorization: SOTicket with a valid credential ticket.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		accepted(ctx, "an SOTicket", conformance.Header("Authorization", "SOTicket "+cfg().SOTicket))
	})

	conformance.Check(conformance.Meta{
		ID: "SO-AUTH-003", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "The API MUST accept Authorization: Bearer with a valid access token.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		accepted(ctx, "a Bearer token", conformance.Header("Authorization", "Bearer "+cfg().SOToken))
	})

	conformance.Check(conformance.Meta{
		ID: "SO-AUTH-004", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "Without an Authorization header the API MUST accept a valid X-XSRF-TOKEN.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		accepted(ctx, "X-XSRF-TOKEN and no Authorization", conformance.Header("X-XSRF-TOKEN", cfg().SOXSRF))
	})

	conformance.Check(conformance.Meta{
		ID: "SO-AUTH-005", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "A request without Authorization and without X-XSRF-TOKEN MUST be refused (401 or 403) and change nothing.",
		Source:   soDocAuth,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		before := soIDs(soMessages(ctx, sid, ""))
		anonymous := conformance.WithoutHeader("Authorization")
		soRefused(soSend(ctx, "GET", soMessagesPath(sid), nil, anonymous), "no credentials")
		soRefused(soSend(ctx, "GET", soSessionPath(sid), nil, anonymous), "no credentials")
		soRefused(soPost(ctx, sid, map[string]any{"Type": "ToCustomer", "Message": soUnique("anonymous")}, anonymous), "no credentials")
		Expect(soIDs(soMessages(ctx, sid, ""))).To(Equal(before), "a refused POST Messages must not store a message")
	})

	conformance.Check(conformance.Meta{
		ID: "SO-AUTH-006", Vendor: conformance.SuperOffice, Profile: conformance.Optional, Area: "auth",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "A request without any credentials MUST get 401 (REC: vendor-apis.md §2.4).",
		Source:   soDocAuth,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		r := soSend(ctx, "GET", soMessagesPath(sid), nil, conformance.WithoutHeader("Authorization"))
		Expect(r.Status).To(Equal(401), "GET Messages without credentials: want 401; got %d", r.Status)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-AUTH-007", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "Wrong credentials of every scheme (Basic password, SOTicket, Bearer token, X-XSRF-TOKEN) MUST be refused (401 or 403).",
		Source:   soDocAuth,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		bogus := soUnique("not-a-credential")
		wrong := map[string]conformance.Option{
			"a wrong SOTicket":       conformance.Header("Authorization", "SOTicket 7T:"+bogus),
			"a wrong Bearer token":   conformance.Header("Authorization", "Bearer "+bogus),
			"a wrong X-XSRF-TOKEN":   conformance.Header("X-XSRF-TOKEN", bogus),
			"a wrong Basic password": conformance.BasicAuth(cfg().SOUser, cfg().SOPassword+"-wrong"),
		}
		for why, cred := range wrong {
			r := soSend(ctx, "GET", soMessagesPath(sid), nil, conformance.WithoutHeader("Authorization"), cred)
			soRefused(r, why)
		}
	})

	conformance.Check(conformance.Meta{
		ID: "SO-AUTH-008", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "auth",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages, conformance.SurfaceSOOnline},
		Must:     "SuperOffice Online MUST refuse Authorization: Basic (401 or 403), even with an associate's valid user name and password.",
		Source:   soDocAuth,
	}, func(ctx SpecContext) {
		if cfg().SOTenant == "" {
			Skip("Online only: set --so-tenant (and the tenant's credentials) to check it")
		}
		sid, _ := soNewSession(ctx)
		r := soSend(ctx, "GET", soMessagesPath(sid), nil, conformance.WithoutHeader("Authorization"), conformance.BasicAuth(cfg().SOUser, cfg().SOPassword))
		soRefused(r, fmt.Sprintf("Basic credentials on Online tenant %s", cfg().SOTenant))
	})
})
