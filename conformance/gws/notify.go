package gws

import (
	"fmt"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
)

// The checks of what each chat event notifies the agent of on /v2/me/chats. Each check
// subscribes as --agent-user, then starts a chat as a customer: the target must offer new
// chats of --contact-center-id to that agent, as it does when the agent is the contact
// center's first available agent (the certification fixture set is made that way).
// Notifications are collected however the target splits them into connect replies.
var _ = Describe("GWS CometD notifications: chat events", Label("vendor:gws"), func() {
	const (
		seed   = "https://enu.docs.genesys.com/Documentation/HTCC/latest/API/ChatMessageType"
		accept = "https://enu.docs.genesys.com/index.php?direction=prev&oldid=360731&title=Documentation%3AHTCC%3AAPI%3AChatAccept%3A8.5.2"
	)

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-001", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must: "When a customer's RequestChat is offered to an agent subscribed to /v2/me/chats, that agent MUST receive a ChatStateChangeMessage StatusChange whose chat.id is the new chat's id " +
			"(the target must route the chat to --agent-user, e.g. as the contact center's first available agent).",
		Source: seed,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, offer := pushOffer(ctx, f)
		Expect(offer.Data.Chat.ID).To(Equal(c.ID), "the offer's chat.id")
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-002", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must:     "After the agent Accepts an offered chat, the agent MUST receive a ChatStateChangeMessage StatusChange whose chat.state is Chatting.",
		Source:   accept,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, chatting := pushAccept(ctx, f)
		Expect(chatting.Data.Chat.ID).To(Equal(c.ID))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-003", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must:     "The StatusChange that the agent's Accept causes MUST carry referenceId, a non-negative integer identifying the request (documented in the newest revision only).",
		Source:   "https://enu.docs.genesys.com/Documentation/HTCC/latest/API/ChatMessageType",
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		_, chatting := pushAccept(ctx, f)
		raw := strings.TrimSpace(string(chatting.Data.ReferenceID))
		Expect(raw).NotTo(BeEmpty(), "want data.referenceId on the StatusChange to Chatting; got none in %s", conformance.Clip(chatting.Raw))
		ref, err := strconv.ParseInt(raw, 10, 64)
		Expect(err).NotTo(HaveOccurred(), "data.referenceId is an integer; got %s", raw)
		Expect(ref).To(BeNumerically(">=", 0), "data.referenceId is not negative; got %s", raw)
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-004", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must:     "After the agent Accepts a chat, the agent MUST receive a ChatStateChangeMessage ParticipantsUpdated whose chat.participants holds the customer and an Agent.",
		Source:   accept,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushAccept(ctx, f)
		n := f.await(ctx, c.ID, "a ChatStateChangeMessage/ParticipantsUpdated listing an Agent", func(n pushNote) bool {
			return n.is("ChatStateChangeMessage", "ParticipantsUpdated") && pushHasParticipant(n.Data.Chat.Participants, "Agent", "")
		})
		Expect(pushHasParticipant(n.Data.Chat.Participants, "Customer", c.Customer)).To(BeTrue(),
			"want the customer %q among chat.participants; got %s", c.Customer, conformance.JSONText(n.Data.Chat.Participants))
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-005", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must:     "After the agent Accepts a chat, the agent MUST receive a MessageLogUpdated NewMessages that includes the agent's ParticipantJoined entry (from.type Agent).",
		Source:   accept,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushAccept(ctx, f)
		f.awaitEntry(ctx, c.ID, "type ParticipantJoined from an Agent", func(e pushEntry) bool {
			return e.Type == "ParticipantJoined" && e.From.Type == "Agent"
		})
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-006", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must: "A customer's SendMessage MUST reach the agent as exactly one MessageLogUpdated NewMessages entry with that text, type Text, visibility All, " +
			"and the customer (type Customer, the chat's customer participantId and nickname) as from.",
		Source: seed,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, chatting := pushAccept(ctx, f)
		var customer pushParticipant
		for _, p := range chatting.Data.Chat.Participants {
			if p.Type == "Customer" {
				customer = p
			}
		}
		Expect(customer.ParticipantID).NotTo(BeEmpty(), "want a Customer among chat.participants of the StatusChange to Chatting; got %s", conformance.JSONText(chatting.Data.Chat.Participants))
		text := pushUnique("customer asks")
		c.customerDo(ctx, map[string]any{"operationName": "SendMessage", "text": text})
		e := f.awaitEntry(ctx, c.ID, fmt.Sprintf("text %q", text), func(e pushEntry) bool { return e.Text == text })
		Expect(e.Type).To(Equal("Text"), "type of the entry %s", e)
		Expect(e.Visibility).To(Equal("All"), "visibility of the entry %s", e)
		Expect(e.From).To(Equal(customer), "from of the entry %s; want the chat's customer", e)
		count := func() int {
			n := 0
			for _, e := range f.entries(c.ID) {
				if e.Text == text {
					n++
				}
			}
			return n
		}
		Consistently(ctx, count).WithTimeout(pushQuiet()).Should(Equal(1), func() string {
			return fmt.Sprintf("want the message %q notified once; %s", text, f.describe(c.ID))
		})
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-007", Vendor: conformance.GWS, Profile: conformance.Required, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must:     "After the agent's UpdateUserData the agent MUST receive a ChatStateChangeMessage PropertiesUpdated whose chat.userData holds the new keys and values.",
		Source:   seed,
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushAccept(ctx, f)
		key, value := pushUnique("conformance"), pushUnique("value")
		c.agentDo(ctx, map[string]any{"operationName": "UpdateUserData", "userData": map[string]any{key: value}})
		f.await(ctx, c.ID, fmt.Sprintf("a ChatStateChangeMessage/PropertiesUpdated with chat.userData[%q] = %q", key, value), func(n pushNote) bool {
			return n.is("ChatStateChangeMessage", "PropertiesUpdated") && n.Data.Chat.UserData[key] == value
		})
	})

	conformance.Check(conformance.Meta{
		ID: "GWS-NTF-008", Vendor: conformance.GWS, Profile: conformance.Optional, Area: "notifications",
		Surfaces: []string{conformance.SurfaceGWSCustomer, conformance.SurfaceGWSAgent, conformance.SurfaceGWSCometD},
		Must:     "A customer's Complete MUST reach the agent as a MessageLogUpdated NewMessages entry of type ParticipantLeft from the customer.",
		Source:   "https://docs.genesys.com/Documentation/GWS/8.6.0/API/CustomerChatComplete",
	}, func(ctx SpecContext) {
		f := pushListen(ctx)
		c, _ := pushAccept(ctx, f)
		c.customerDo(ctx, map[string]any{"operationName": "Complete"})
		f.awaitEntry(ctx, c.ID, "type ParticipantLeft from the Customer", func(e pushEntry) bool {
			return e.Type == "ParticipantLeft" && e.From.Type == "Customer"
		})
	})
})

// pushHasParticipant reports whether a participant of the type (and nickname, unless empty)
// is among ps.
func pushHasParticipant(ps []pushParticipant, typ, nickname string) bool {
	for _, p := range ps {
		if p.Type == typ && (nickname == "" || p.Nickname == nickname) {
			return true
		}
	}
	return false
}
