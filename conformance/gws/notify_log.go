package gws

import (
	"fmt"
	"math"
	"net/url"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// pushTimestampLayout is GWS's `yyyy-MM-dd HH:mm:ss.SSS±hhmm`.
const pushTimestampLayout = "2006-01-02 15:04:05.000-0700"

// The checks of the shape and order of what a whole conversation notifies: each runs one
// (see pushConverse: customer and agent messages, typing, user data) and judges every
// notification about its chat. Like the chat-event checks, they need the target to offer
// new chats to --agent-user.
var _ = Describe("GWS CometD notifications: shape and order", Label("vendor:gws"), func() {
	const seed = "https://enu.docs.genesys.com/Documentation/HTCC/latest/API/ChatMessageType"

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-009", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must: `Every notification on /v2/me/chats MUST be a Bayeux event {"channel":"/v2/me/chats","data":{...}} whose data matches the schema of its messageType ` +
			"(ChatStateChangeMessage or MessageLogUpdated).",
		Source: seed,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushConverse(ctx, f)
		Expect(f.of(c.ID)).NotTo(BeEmpty())
		for _, n := range f.all() { // every event of the session, whichever chat it is about
			Expect(n.Channel).To(Equal(pushChannel), "the channel of the event %s", conformance.Clip(n.Raw))
			Expect(n.Raw).To(match.MatchNotification())
			Expect(n.Err).NotTo(HaveOccurred(), "the event %s", conformance.Clip(n.Raw))
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-010", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must: "Every notified entry's timestampSeconds MUST be its timestamp in epoch milliseconds (equal to timestamp to the millisecond) " +
			"and lie within a day of now.",
		Source: seed,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushConverse(ctx, f)
		entries := f.entries(c.ID)
		Expect(entries).NotTo(BeEmpty())
		now := time.Now()
		for _, e := range entries {
			at, err := time.Parse(pushTimestampLayout, e.Timestamp)
			Expect(err).NotTo(HaveOccurred(), "timestamp %q of the entry %s: want yyyy-MM-dd HH:mm:ss.SSS±hhmm", e.Timestamp, e)
			Expect(e.TimestampSeconds).To(Equal(at.UnixMilli()),
				"timestampSeconds of the entry %s: want %d, the milliseconds of timestamp %q", e, at.UnixMilli(), e.Timestamp)
			off := time.Duration(math.Abs(float64(now.Sub(time.UnixMilli(e.TimestampSeconds)))))
			Expect(off).To(BeNumerically("<", 24*time.Hour),
				"timestampSeconds %d of the entry %s is %s away from now (%d); want epoch milliseconds", e.TimestampSeconds, e, off, now.UnixMilli())
		}
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-011", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must:     "The entries of a chat MUST reach the agent in strictly increasing index order, each index exactly once.",
		Source:   seed,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushConverse(ctx, f)
		Consistently(ctx, func() error { return pushIncreasing(f.entries(c.ID)) }).WithTimeout(pushQuiet()).Should(Succeed(),
			func() string { return f.describe(c.ID) })
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-012", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must: "The notified entries MUST agree with the agent's GET /api/v2/me/chats/{id}/messages (same index, type and text), " +
			"and every entry from the agent's ParticipantJoined on MUST be notified.",
		Source: "https://docs.genesys.com/Documentation/HTCC/latest/API/ChatResources",
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushConverse(ctx, f)
		rest := c.agentTranscript(ctx)
		Eventually(ctx, func() error {
			return pushAgree(f.entries(c.ID), rest, "", "the agent's GET /api/v2/me/chats/{id}/messages")
		}).WithTimeout(cfg().Timeout).Should(Succeed(),
			func() string { return f.describe(c.ID) })
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-013", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must: "The notified entries with visibility All MUST agree with the customer's GetMessages?index=0 (same index, type and text), " +
			"and every customer-visible entry from the agent's ParticipantJoined on MUST be notified.",
		Source: "https://enu.docs.genesys.com/Documentation/HTCC/latest/API/CustomerChatGetMessages",
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushConverse(ctx, f)
		customer := c.customerTranscript(ctx)
		Eventually(ctx, func() error { return pushAgree(f.entries(c.ID), customer, "All", "the customer's GetMessages?index=0") }).WithTimeout(cfg().Timeout).Should(Succeed(),
			func() string { return f.describe(c.ID) })
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-014", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must:     "A MessageLogUpdated's chatUri (and a chat's uri, when given) MUST be the chat's absolute URI, ending in /api/v2/chats/{id}.",
		Source:   seed,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushConverse(ctx, f)
		for _, n := range f.of(c.ID) {
			switch {
			case n.Data.MessageType == "MessageLogUpdated":
				Expect(pushChatURIError(n.Data.ChatURI, c.ID)).NotTo(HaveOccurred(), "chatUri of %s", conformance.Clip(n.Raw))
			case n.Data.Chat.URI != "":
				Expect(pushChatURIError(n.Data.Chat.URI, c.ID)).NotTo(HaveOccurred(), "chat.uri of %s", conformance.Clip(n.Raw))
			}
		}
	})
})

// pushIncreasing fails unless the entries' indexes strictly increase.
func pushIncreasing(entries []pushEntry) error {
	for i := 1; i < len(entries); i++ {
		if entries[i].Index <= entries[i-1].Index {
			return fmt.Errorf("entry %d of the notified log has index %d after index %d; want strictly increasing indexes, each once",
				i+1, entries[i].Index, entries[i-1].Index)
		}
	}
	return nil
}

// pushAgree compares the notified entries (only those of the visibility, unless empty)
// with a transcript read over REST (named by read): every notified entry is in the
// transcript with the same type and text, and every transcript entry from the agent's
// ParticipantJoined on was notified.
func pushAgree(notified, transcript []pushEntry, visibility, read string) error {
	byIndex := make(map[int64]pushEntry, len(transcript))
	var joined int64 = -1
	for _, e := range transcript {
		byIndex[e.Index] = e
		if joined < 0 && e.Type == "ParticipantJoined" && e.From.Type == "Agent" {
			joined = e.Index
		}
	}
	if joined < 0 {
		return fmt.Errorf("%s has no ParticipantJoined from an Agent: %v", read, transcript)
	}
	seen := map[int64]bool{}
	for _, n := range notified {
		if visibility != "" && n.Visibility != visibility {
			continue
		}
		seen[n.Index] = true
		t, found := byIndex[n.Index]
		switch {
		case !found:
			return fmt.Errorf("notified entry %s is not in %s: %v", n, read, transcript)
		case t.Type != n.Type || t.Text != n.Text:
			return fmt.Errorf("notified entry %s; %s has %s", n, read, t)
		}
	}
	for _, t := range transcript {
		if t.Index >= joined && !seen[t.Index] {
			return fmt.Errorf("%s has %s, which was not notified", read, t)
		}
	}
	return nil
}

// pushChatURIError fails unless u is an absolute http(s) URI whose path ends in
// /api/v2/chats/{id}.
func pushChatURIError(u, id string) error {
	p, err := url.Parse(u)
	if err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
		return fmt.Errorf("%q is not an absolute http(s) URI", u)
	}
	if !strings.HasSuffix(p.Path, "/api/v2/chats/"+id) {
		return fmt.Errorf("%q does not end in /api/v2/chats/%s", u, id)
	}
	return nil
}
