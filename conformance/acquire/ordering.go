package acquire

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
)

var _ = Describe("Acquire profile messages: ordering", Label("vendor:acquire"), func() {
	conformance.Check(conformance.Meta{
		ID: "ACQ-ORD-001", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "ordering",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "The messages of the certification fixture chat (which the target MUST hold; the Acquire API cannot create data) MUST come ascending by id, " +
			"ids strictly increasing but not necessarily contiguous, and date_created never going back.",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		msgs := acqMessages(ctx, acqForm())
		if len(msgs) < 2 {
			Skip(fmt.Sprintf("chat %s has %d messages; ordering needs two", cfg().AcquireChat, len(msgs)))
		}
		prevID, prevDate := int64(0), ""
		for i, m := range msgs {
			id := acqField(m, i, "id")
			date, _ := m["date_created"].(string)
			if i > 0 {
				Expect(id).To(BeNumerically(">", prevID), "messages[%d].id %d: want greater than messages[%d].id %d (ascending by id)", i, id, i-1, prevID)
				Expect(date >= prevDate).To(BeTrue(), "messages[%d].date_created %q: want not before messages[%d].date_created %q", i, date, i-1, prevDate)
			}
			prevID, prevDate = id, date
		}
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-ORD-002", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "ordering",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "Reading the certification fixture chat (which the target MUST hold; the Acquire API cannot create data) MUST NOT consume anything: " +
			"a second identical request MUST return the same messages (same id, sender_type, date_created and text, in the same order), not only those after a server-side cursor.",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		first := acqMessages(ctx, acqForm())
		Expect(first).NotTo(BeEmpty(), "want the messages of chat %s; got none", cfg().AcquireChat)
		second := acqMessages(ctx, acqForm())
		Expect(len(second)).To(BeNumerically(">=", len(first)), "the second identical request returned %d messages, the first %d", len(second), len(first))
		Expect(acqSummaries(second[:len(first)])).To(Equal(acqSummaries(first)), "the second identical request's messages against the first's")
	})
})

// acqSummaries renders messages as "id sender_type date_created: text" for comparison.
func acqSummaries(msgs []map[string]any) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = fmt.Sprintf("%v %v %v: %v", m["id"], m["sender_type"], m["date_created"], m["message"])
	}
	return out
}
