package gws

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance/bayeux"

	"github.com/chatconform/chatconform/conformance"
)

// The Bayeux protocol as GWS serves it at /api/v2/notifications (CometD 3, long-polling),
// checked with raw exchanges so that nothing of the client's own session handling hides a
// deviation.
var _ = Describe("GWS CometD: Bayeux protocol", Label("vendor:gws"), func() {
	const bayeuxSpec = "https://docs.cometd.org/current/reference/#_bayeux"

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-001", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must: "A handshake with the agent's credentials MUST be answered with a /meta/handshake reply that has successful true, a clientId, a version, " +
			"supportedConnectionTypes including long-polling, and the request's id.",
		Source: bayeuxSpec,
	}, func(ctx SpecContext) {
		c := bayeuxAgent(cfg().AgentPassword)
		r := bayeuxHandshake(ctx, c, "hs1")
		Expect(r.Version).NotTo(BeEmpty(), "version of the handshake reply %s", conformance.Clip(r.Raw))
		Expect(r.SupportedConnectionTypes).To(ContainElement(bayeux.LongPolling), "supportedConnectionTypes of the handshake reply %s", conformance.Clip(r.Raw))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-002", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must: "A handshake with a wrong agent password MUST NOT open a session: it is refused with an HTTP 4xx or with a /meta/handshake reply whose successful is false, " +
			"and a clientId given with a refusal cannot subscribe.",
		Source: "https://docs.genesys.com/Documentation/HTCC/latest/API/AsynchronousEvents",
	}, func(ctx SpecContext) {
		bayeuxExpectRefused(ctx, bayeuxAgent(cfg().AgentPassword+"-wrong"), "2", "a wrong password")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-003", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must:     "A handshake with a wrong agent password MUST be refused the Bayeux way: HTTP 200 and a /meta/handshake reply with successful false and the request's id.",
		Source:   bayeuxSpec,
	}, func(ctx SpecContext) {
		c := bayeuxAgent(cfg().AgentPassword + "-wrong")
		msgs, resp, err := c.Exchange(ctx, "/handshake", bayeuxHandshakeMessage("hs3"))
		Expect(err).NotTo(HaveOccurred(), "want HTTP 200 and a JSON array of replies")
		r := bayeuxReply(msgs, bayeux.MetaHandshake)
		Expect(resp.StatusCode).To(Equal(http.StatusOK))
		Expect(r.Successful).NotTo(BeNil(), "the refusal %s has no successful field", conformance.Clip(r.Raw))
		Expect(r.OK()).To(BeFalse(), "a handshake with a wrong password succeeded: %s", conformance.Clip(r.Raw))
		Expect(r.ID).To(Equal("hs3"), "id of the refusal %s", conformance.Clip(r.Raw))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-004", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must:     "A /meta/subscribe to /v2/me/chats MUST be answered with successful true, the subscription and the request's id.",
		Source:   bayeuxSpec,
	}, func(ctx SpecContext) {
		c := bayeuxAgent(cfg().AgentPassword)
		hs := bayeuxHandshake(ctx, c, "hs4")
		msgs, _, err := c.Exchange(ctx, "/", map[string]any{"id": "sb4", "channel": bayeux.MetaSubscribe, "clientId": hs.ClientID, "subscription": pushChannel})
		Expect(err).NotTo(HaveOccurred())
		r := bayeuxReply(msgs, bayeux.MetaSubscribe)
		Expect(r.OK()).To(BeTrue(), "the subscribe reply %s", conformance.Clip(r.Raw))
		Expect(r.ID).To(Equal("sb4"), "id of the subscribe reply %s", conformance.Clip(r.Raw))
		Expect(bayeuxSubscriptions(r)).To(Equal([]string{pushChannel}), "subscription of the subscribe reply %s", conformance.Clip(r.Raw))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-005", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must: `A /meta/connect with an unknown clientId MUST be answered with HTTP 200 and a reply with successful false, advice reconnect "handshake" ` +
			"and the request's id.",
		Source: bayeuxSpec,
	}, func(ctx SpecContext) {
		c := bayeuxAgent(cfg().AgentPassword)
		r := bayeuxUnknownConnect(ctx, c, "cn5")
		Expect(r.OK()).To(BeFalse(), "a connect with an unknown clientId succeeded: %s", conformance.Clip(r.Raw))
		Expect(r.Reconnect()).To(Equal("handshake"), "advice.reconnect of %s", conformance.Clip(r.Raw))
		Expect(r.ID).To(Equal("cn5"), "id of %s", conformance.Clip(r.Raw))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-006", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must:     `The reply to a /meta/connect with an unknown clientId MUST carry an error starting with "402" (CometD's "402::Unknown client" or "402::session_unknown").`,
		Source:   bayeuxSpec,
	}, func(ctx SpecContext) {
		c := bayeuxAgent(cfg().AgentPassword)
		r := bayeuxUnknownConnect(ctx, c, "cn6")
		Expect(r.Error).To(HavePrefix("402"), "error of %s", conformance.Clip(r.Raw))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-007", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must:     "The first /meta/connect of a session, sent with advice timeout 0, MUST be answered at once (within the lesser of --timeout and 2 s), not held (Bayeux: servers SHOULD honour client advice).",
		Source:   bayeuxSpec,
	}, func(ctx SpecContext) {
		c := bayeuxAgent(cfg().AgentPassword)
		hs := bayeuxHandshake(ctx, c, "hs7")
		limit := min(cfg().Timeout, 2*time.Second)
		cctx, cancel := context.WithTimeout(ctx, limit)
		defer cancel()
		start := time.Now()
		msgs, _, err := c.Exchange(cctx, "/connect", bayeuxConnectMessage("cn7", hs.ClientID, true))
		Expect(err).NotTo(HaveOccurred(), "want the first connect (advice timeout 0) answered within %s; the server advised timeout %v", limit, hs.Advice["timeout"])
		r := bayeuxReply(msgs, bayeux.MetaConnect)
		Expect(r.OK()).To(BeTrue(), "the first connect's reply %s", conformance.Clip(r.Raw))
		fmt.Fprintf(GinkgoWriter, "the first connect was answered in %s\n", time.Since(start))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-008", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must:     "A /meta/disconnect of a session MUST be answered with successful true and the request's id.",
		Source:   bayeuxSpec,
	}, func(ctx SpecContext) {
		c := bayeuxAgent(cfg().AgentPassword)
		hs := bayeuxHandshake(ctx, c, "hs8")
		r := bayeuxDisconnect(ctx, c, "dc8", hs.ClientID)
		Expect(r.OK()).To(BeTrue(), "the disconnect reply %s", conformance.Clip(r.Raw))
		Expect(r.ID).To(Equal("dc8"), "id of the disconnect reply %s", conformance.Clip(r.Raw))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-009", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must:     "After a /meta/disconnect the session MUST be gone: a /meta/connect with its clientId is answered with successful false.",
		Source:   bayeuxSpec,
	}, func(ctx SpecContext) {
		c := bayeuxAgent(cfg().AgentPassword)
		hs := bayeuxHandshake(ctx, c, "hs9")
		Expect(bayeuxDisconnect(ctx, c, "dc9", hs.ClientID).OK()).To(BeTrue(), "the disconnect succeeds")
		cctx, cancel := context.WithTimeout(ctx, cfg().Timeout)
		defer cancel()
		msgs, _, err := c.Exchange(cctx, "/connect", bayeuxConnectMessage("cn9", hs.ClientID, true))
		Expect(err).NotTo(HaveOccurred(), "want a reply to the connect of a disconnected client within %s", cfg().Timeout)
		r := bayeuxReply(msgs, bayeux.MetaConnect)
		Expect(r.OK()).To(BeFalse(), "a connect with the clientId of a disconnected session succeeded: %s", conformance.Clip(r.Raw))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-BAY-010", Vendor: conformance.GWS, Profile: conformance.Required, Area: "bayeux",
		Surfaces: []string{conformance.SurfaceGWSCometD},
		Must: "Every reply to a /meta message (handshake, subscribe, unsubscribe, connect, disconnect, also several in one batch) MUST carry the id of its request, " +
			"whatever alphanumeric id the client chose.",
		Source: bayeuxSpec,
	}, func(ctx SpecContext) {
		c := bayeuxAgent(cfg().AgentPassword)
		hs := bayeuxHandshake(ctx, c, "Hx7q")
		msgs, _, err := c.Exchange(ctx, "/",
			map[string]any{"id": "S3kz", "channel": bayeux.MetaSubscribe, "clientId": hs.ClientID, "subscription": pushChannel},
			map[string]any{"id": "U9wm", "channel": bayeux.MetaUnsubscribe, "clientId": hs.ClientID, "subscription": pushChannel})
		Expect(err).NotTo(HaveOccurred())
		Expect(bayeuxReply(msgs, bayeux.MetaSubscribe).ID).To(Equal("S3kz"), "id of the subscribe reply in %s", bayeuxRaw(msgs))
		Expect(bayeuxReply(msgs, bayeux.MetaUnsubscribe).ID).To(Equal("U9wm"), "id of the unsubscribe reply in %s", bayeuxRaw(msgs))
		hold := bayeuxHold(hs)
		cctx, cancel := context.WithTimeout(ctx, hold+cfg().Timeout)
		defer cancel()
		msgs, _, err = c.Exchange(cctx, "/connect", bayeuxConnectMessage("C2pe", hs.ClientID, true))
		Expect(err).NotTo(HaveOccurred())
		Expect(bayeuxReply(msgs, bayeux.MetaConnect).ID).To(Equal("C2pe"), "id of the connect reply in %s", bayeuxRaw(msgs))
		Expect(bayeuxDisconnect(ctx, c, "D5rt", hs.ClientID).ID).To(Equal("D5rt"), "id of the disconnect reply")
	})
})

// bayeuxAgent returns a raw Bayeux client of the GWS endpoint with the agent's user name
// and the password given.
func bayeuxAgent(password string) *bayeux.Client {
	return bayeuxClient(bayeux.WithBasicAuth(cfg().AgentUser, password))
}

// bayeuxClient returns a client of the GWS endpoint (with a cookie jar of its own, as every
// CometD client) whose every HTTP exchange goes to the check's timeline as REST requests do:
// status, headers (credentials masked) and bodies.
func bayeuxClient(opts ...bayeux.Option) *bayeux.Client {
	trace := bayeux.WithTrace(func(t bayeux.Trace) {
		if t.Err != nil && t.Status == 0 {
			fmt.Fprintf(GinkgoWriter, "→ %s %s\n", t.Method, t.URL)
			conformance.WriteHeaders(GinkgoWriter, t.RequestHeader)
			fmt.Fprintf(GinkgoWriter, "  %s\n← %v\n", conformance.Clip(t.RequestBody), t.Err)
			return
		}
		r := conformance.Response{Method: t.Method, URL: t.URL, RequestHeader: t.RequestHeader, RequestBody: t.RequestBody,
			Status: t.Status, Header: t.Header, Body: t.Body}
		fmt.Fprint(GinkgoWriter, r.Transcript())
	})
	return bayeux.New(pushURL(), append([]bayeux.Option{trace}, opts...)...)
}

func bayeuxHandshakeMessage(id string) map[string]any {
	return map[string]any{"id": id, "channel": bayeux.MetaHandshake, "version": "1.0", "minimumVersion": "1.0",
		"supportedConnectionTypes": []string{bayeux.LongPolling}}
}

func bayeuxConnectMessage(id, clientID string, first bool) map[string]any {
	m := map[string]any{"id": id, "channel": bayeux.MetaConnect, "clientId": clientID, "connectionType": bayeux.LongPolling}
	if first {
		m["advice"] = map[string]any{"timeout": 0}
	}
	return m
}

// bayeuxReply returns the first reply on the meta channel, failing the check when there
// is none.
func bayeuxReply(msgs []bayeux.Message, channel string) bayeux.Message {
	GinkgoHelper()
	i := slices.IndexFunc(msgs, func(m bayeux.Message) bool { return m.Channel == channel })
	Expect(i).To(BeNumerically(">=", 0), "want a %s reply; got %s", channel, bayeuxRaw(msgs))
	return msgs[i]
}

// bayeuxRaw renders the messages of a reply as sent.
func bayeuxRaw(msgs []bayeux.Message) string {
	raw := make([]json.RawMessage, len(msgs))
	for i, m := range msgs {
		raw[i] = m.Raw
	}
	b, _ := json.Marshal(raw)
	return conformance.Clip(b)
}

// bayeuxHandshake handshakes raw as the agent with the id, expects it to succeed with a
// clientId and the id echoed, and disconnects at the end of the check.
func bayeuxHandshake(ctx SpecContext, c *bayeux.Client, id string) bayeux.Message {
	GinkgoHelper()
	msgs, _, err := c.Exchange(ctx, "/handshake", bayeuxHandshakeMessage(id))
	Expect(err).NotTo(HaveOccurred(), "handshake as agent %s", cfg().AgentUser)
	r := bayeuxReply(msgs, bayeux.MetaHandshake)
	Expect(r.OK()).To(BeTrue(), "want successful true in the handshake reply %s", conformance.Clip(r.Raw))
	Expect(r.ClientID).NotTo(BeEmpty(), "want a clientId in the handshake reply %s", conformance.Clip(r.Raw))
	Expect(r.ID).To(Equal(id), "id of the handshake reply %s", conformance.Clip(r.Raw))
	DeferCleanup(func(ctx SpecContext) { // best effort; a session already gone is fine
		_, _, _ = c.Exchange(ctx, "/disconnect", map[string]any{"channel": bayeux.MetaDisconnect, "clientId": r.ClientID})
	})
	return r
}

// bayeuxDisconnect disconnects the session raw and returns the reply.
func bayeuxDisconnect(ctx SpecContext, c *bayeux.Client, id, clientID string) bayeux.Message {
	GinkgoHelper()
	msgs, _, err := c.Exchange(ctx, "/disconnect", map[string]any{"id": id, "channel": bayeux.MetaDisconnect, "clientId": clientID})
	Expect(err).NotTo(HaveOccurred())
	return bayeuxReply(msgs, bayeux.MetaDisconnect)
}

// bayeuxUnknownConnect sends a connect with a clientId no server issued and returns the
// reply, which must come with HTTP 200.
func bayeuxUnknownConnect(ctx SpecContext, c *bayeux.Client, id string) bayeux.Message {
	GinkgoHelper()
	cctx, cancel := context.WithTimeout(ctx, cfg().Timeout)
	defer cancel()
	msgs, resp, err := c.Exchange(cctx, "/connect", bayeuxConnectMessage(id, pushUnique("conformance-unknown-client"), false))
	Expect(resp).NotTo(BeNil(), "want a reply within %s: %v", cfg().Timeout, err)
	Expect(resp.StatusCode).To(Equal(http.StatusOK), "the HTTP status of the reply to a connect with an unknown clientId (CometD clients read no advice from other statuses)")
	Expect(err).NotTo(HaveOccurred())
	return bayeuxReply(msgs, bayeux.MetaConnect)
}

// bayeuxSubscriptions reads a reply's subscription: a channel name or an array of them.
func bayeuxSubscriptions(r bayeux.Message) []string {
	var one string
	if json.Unmarshal(r.Subscription, &one) == nil {
		return []string{one}
	}
	var many []string
	_ = json.Unmarshal(r.Subscription, &many)
	return many
}

// bayeuxHold is how long the server said it may hold a connect (advice.timeout of the
// handshake reply), 30 s when it did not say.
func bayeuxHold(hs bayeux.Message) time.Duration {
	if v, ok := hs.Advice["timeout"].(float64); ok && v >= 0 {
		return time.Duration(v) * time.Millisecond
	}
	return 30 * time.Second
}

// bayeuxExpectRefused asserts that c's handshake opens no session: an HTTP 4xx, or a
// /meta/handshake reply that is not successful, and then its clientId (if any) cannot
// subscribe. A session opened all the same is disconnected when the check ends.
func bayeuxExpectRefused(ctx SpecContext, c *bayeux.Client, id, credentials string) {
	GinkgoHelper()
	msgs, resp, err := c.Exchange(ctx, "/handshake", bayeuxHandshakeMessage("hs"+id))
	Expect(resp).NotTo(BeNil(), "the handshake got no HTTP response: %v", err)
	if resp.StatusCode >= 400 && resp.StatusCode < 500 {
		return // refused before Bayeux
	}
	Expect(err).NotTo(HaveOccurred(), "want an HTTP 4xx or a Bayeux reply refusing the handshake")
	r := bayeuxReply(msgs, bayeux.MetaHandshake)
	if r.OK() {
		DeferCleanup(func(ctx SpecContext) {
			_, _, _ = c.Exchange(ctx, "/disconnect", map[string]any{"channel": bayeux.MetaDisconnect, "clientId": r.ClientID})
		})
	}
	Expect(r.OK()).To(BeFalse(), "a handshake with %s opened session %q: %s", credentials, r.ClientID, conformance.Clip(r.Raw))
	if r.ClientID != "" {
		msgs, _, err := c.Exchange(ctx, "/", map[string]any{"id": "sb" + id, "channel": bayeux.MetaSubscribe, "clientId": r.ClientID, "subscription": pushChannel})
		if err == nil {
			Expect(bayeuxReply(msgs, bayeux.MetaSubscribe).OK()).To(BeFalse(), "the clientId %q of a refused handshake could subscribe", r.ClientID)
		}
	}
}
