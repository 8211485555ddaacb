package acquire

import (
	"fmt"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/fixtures"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// The Acquire API cannot create data, so these checks read the certification fixture chat
// (--acquire-chat of --acquire-visitor, with --acquire-token) that a target must hold, and
// never change it.
var _ = Describe("Acquire profile messages: selection", Label("vendor:acquire"), func() {
	conformance.Check(conformance.Meta{
		ID: "ACQ-SEL-001", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "selection",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "For the certification fixture chat, which the target MUST hold because the Acquire API cannot create data (--acquire-chat of --acquire-visitor), " +
			"POST /api/profile/lead/message with thread_id=-1, visitor_id, last_chat_id and an empty key MUST return that chat's messages: " +
			"at least one, every one with chat_id equal to last_chat_id and vd_id equal to visitor_id.",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		chat, visitor := acqID("acquire-chat", cfg().AcquireChat), acqID("acquire-visitor", cfg().AcquireVisitor)
		msgs := acqMessages(ctx, acqForm())
		Expect(msgs).NotTo(BeEmpty(), "want the messages of chat %d of visitor %d; got none (does the target hold the certification fixture set?)", chat, visitor)
		for i, m := range msgs {
			Expect(acqField(m, i, "chat_id")).To(Equal(chat), "messages[%d].chat_id: want last_chat_id %d", i, chat)
			Expect(acqField(m, i, "vd_id")).To(Equal(visitor), "messages[%d].vd_id: want visitor_id %d", i, visitor)
		}
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-SEL-002", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "selection",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "POST /api/profile/lead/message MUST select by both visitor_id and last_chat_id: asked for the certification fixture chat with another visitor_id, or for another last_chat_id, " +
			"it MUST NOT return any message whose chat_id or vd_id differs from the request (an empty list or a refusal are both fine).",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		chat, visitor := acqID("acquire-chat", cfg().AcquireChat), acqID("acquire-visitor", cfg().AcquireVisitor)
		for _, c := range []struct {
			what          string
			chat, visitor int64
		}{
			{what: "the fixture chat with another visitor_id", chat: chat, visitor: visitor + 1},
			{what: "another last_chat_id of the fixture visitor", chat: chat + 1, visitor: visitor},
		} {
			form := acqForm()
			form.Set("visitor_id", strconv.FormatInt(c.visitor, 10))
			form.Set("last_chat_id", strconv.FormatInt(c.chat, 10))
			r := acqPost(ctx, acqMessagePath, form, acqBearer())
			Expect(r.Status).To(BeNumerically("<", 500), "%s: want an empty list or a refusal; got status %d", c.what, r.Status)
			if body, err := acqDecode(r); err != nil || body["success"] != true {
				continue // refused: ERROR_RECORD_NOT_FOUND is an allowed answer (REC 3)
			}
			Expect(r).To(match.ConformTo("GetProfileMessages"))
			for i, m := range acqMessagesOf(r) {
				Expect(acqField(m, i, "chat_id")).To(Equal(c.chat), "%s: messages[%d].chat_id: want the requested last_chat_id %d", c.what, i, c.chat)
				Expect(acqField(m, i, "vd_id")).To(Equal(c.visitor), "%s: messages[%d].vd_id: want the requested visitor_id %d", c.what, i, c.visitor)
			}
		}
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-SEL-003", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "selection",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "For the certification fixture chat (which the target MUST hold; the Acquire API cannot create data), the messages of type \"message\" MUST be exactly the chat's texts in the fixture set, " +
			"in order, each with the fixture's sender (sender_type agent with the agent's id as sender_id, or visitor with the visitor id).",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		c := acqFixtureChat()
		var want []string
		for _, e := range c.Events {
			if e.Kind != fixtures.KindText || (e.Visibility != "" && e.Visibility != fixtures.VisibleAll) {
				continue
			}
			sender := "agent " + e.From
			if e.From == fixtures.FromVisitor {
				sender = "visitor " + c.Visitor.ID
			}
			want = append(want, sender+": "+e.Text)
		}
		var got []string
		for i, m := range acqMessages(ctx, acqForm()) {
			if m["type"] != "message" {
				continue // other kinds (events, notes) are not texts of the transcript
			}
			got = append(got, fmt.Sprintf("%v %d: %v", m["sender_type"], acqField(m, i, "sender_id"), m["message"]))
		}
		Expect(got).To(Equal(want), "the messages of chat %s (sender_type sender_id: message), in the order returned, against the fixture transcript", c.ID)
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-SEL-004", Vendor: conformance.Acquire, Profile: conformance.Optional, Area: "selection",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "A non-empty key, undocumented and treated by the spec as a case-insensitive filter on the message text (x-decision), MUST return only messages of the chat whose text contains key, " +
			"and every message of the chat that contains key as a word.",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		all := acqMessages(ctx, acqForm())
		word := acqFilterWord(all)
		form := acqForm()
		form.Set("key", word)
		got := acqMessages(ctx, form)
		ids := map[string]bool{}
		for i, m := range got {
			text, _ := m["message"].(string)
			Expect(strings.ToLower(text)).To(ContainSubstring(word), "key=%q: messages[%d] (id %v) does not contain it", word, i, m["id"])
			ids[fmt.Sprint(m["id"])] = true
		}
		whole := regexp.MustCompile(`\b` + word + `\b`)
		for _, m := range all {
			if text, _ := m["message"].(string); whole.MatchString(text) {
				Expect(ids).To(HaveKey(fmt.Sprint(m["id"])), "key=%q: message %v (%q) contains it but was not returned", word, m["id"], text)
			}
		}
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-SEL-005", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "selection",
		Surfaces: []string{conformance.SurfaceAcquireThreads},
		Must: "POST /api/profile/message/thread with visitor_id (lead_id=0, limit, page) MUST return a success envelope that conforms to the spec, listing only that visitor's threads (visitor_id equal to the request's) " +
			"and, across its pages, a thread whose chat_ids hold the certification fixture chat, which the target MUST hold because the Acquire API cannot create data.",
		Source: acqThreadDoc,
	}, func(ctx SpecContext) {
		visitor := acqID("acquire-visitor", cfg().AcquireVisitor)
		found := false
		for page := 1; page <= 10 && !found; page++ {
			form := acqThreadForm()
			form.Set("page", strconv.Itoa(page))
			r := acqPost(ctx, acqThreadPath, form, acqBearer())
			Expect(r).To(match.ConformTo("GetProfileThreads"))
			threads := acqObjects(acqSuccess(r), "messages")
			if page == 1 {
				Expect(threads).NotTo(BeEmpty(), "want the threads of visitor %d; got none on page 1", visitor)
			}
			if len(threads) == 0 {
				break
			}
			for i, t := range threads {
				v, ok := acqInt(t["visitor_id"])
				Expect(ok && v == visitor).To(BeTrue(), "page %d, messages[%d].visitor_id: want %d; got %v", page, i, visitor, t["visitor_id"])
				ids, _ := t["chat_ids"].(string)
				found = found || slices.Contains(strings.Split(ids, ","), cfg().AcquireChat) || fmt.Sprint(t["chat_id"]) == cfg().AcquireChat
			}
		}
		Expect(found).To(BeTrue(), "want a thread of visitor %d whose chat_ids hold chat %s; none of the listed threads does", visitor, cfg().AcquireChat)
	})
})

// acqThreadForm is the Thread page's request [A2] for the fixture visitor.
func acqThreadForm() url.Values {
	return url.Values{"lead_id": {"0"}, "limit": {"20"}, "visitor_id": {cfg().AcquireVisitor}, "page": {"1"}}
}

// acqWord is a lower-case word of four letters or more.
var acqWord = regexp.MustCompile(`\b[a-z]{4,}\b`)

// acqFilterWord picks a word that some messages contain and some do not, so that a filter
// on it must drop messages; it skips the check when the chat has no such word.
func acqFilterWord(msgs []map[string]any) string {
	GinkgoHelper()
	texts := make([]string, len(msgs))
	for i, m := range msgs {
		texts[i], _ = m["message"].(string)
	}
	for _, t := range texts {
		for _, w := range acqWord.FindAllString(t, -1) {
			if slices.ContainsFunc(texts, func(s string) bool { return !strings.Contains(strings.ToLower(s), w) }) {
				return w
			}
		}
	}
	Skip("no word of the chat's messages is missing from another of them; the key filter cannot be told apart from no filter")
	return ""
}
