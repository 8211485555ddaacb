package superoffice

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"strings"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

var _ = Describe("SuperOffice ChatSession: content negotiation", Label("vendor:superoffice"), func() {
	// negotiate reads a session's messages and the session itself with one Accept value and
	// checks that both come back in that media type, as the spec documents them, holding the
	// posted message and the session.
	negotiate := func(ctx SpecContext, accept string) {
		GinkgoHelper()
		sid, _ := soNewSession(ctx)
		id := soInt(soPostText(ctx, sid, soUnique("message")), "ChatMessageId")
		isXML := strings.HasSuffix(accept, "/xml")

		r := soSend(ctx, "GET", soMessagesPath(sid), nil, conformance.Header("Accept", accept))
		Expect(r.Status).To(Equal(200), "GET Messages with Accept %s: want 200; got %d", accept, r.Status)
		Expect(soMediaType(r)).To(Equal(accept), "GET Messages with Accept %s: Content-Type %q", accept, r.Header.Get("Content-Type"))
		Expect(r).To(match.ConformTo("GetChatMessages"))
		var items []any
		if isXML {
			items, _ = soDecodeXML(r, "GetChatMessages").([]any)
		} else {
			items = r.Array()
		}
		Expect(soIDs(soObjects(items))).To(ContainElement(id), "GET Messages with Accept %s: want message %d in the body", accept, id)

		r = soSend(ctx, "GET", soSessionPath(sid), nil, conformance.Header("Accept", accept))
		Expect(r.Status).To(Equal(200), "GET ChatSession/%d with Accept %s: want 200; got %d", sid, accept, r.Status)
		Expect(soMediaType(r)).To(Equal(accept), "GET ChatSession/%d with Accept %s: Content-Type %q", sid, accept, r.Header.Get("Content-Type"))
		Expect(r).To(match.ConformTo("GetChatSessionEntity"))
		var entity map[string]any
		if isXML {
			entity, _ = soDecodeXML(r, "GetChatSessionEntity").(map[string]any)
		} else {
			entity = r.Object()
		}
		Expect(soInt(entity, "ChatSessionId")).To(Equal(sid), "GET ChatSession/%d with Accept %s: ChatSessionId", sid, accept)
	}

	conformance.Check(conformance.Meta{
		ID: "SO-NEG-001", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "negotiation",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "Accept: application/json MUST get an application/json body matching the spec.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) { negotiate(ctx, "application/json") })

	conformance.Check(conformance.Meta{
		ID: "SO-NEG-002", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "negotiation",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "Accept: text/json MUST get a text/json body matching the spec.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) { negotiate(ctx, "text/json") })

	conformance.Check(conformance.Meta{
		ID: "SO-NEG-003", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "negotiation",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "Accept: application/xml MUST get an application/xml body matching the spec.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) { negotiate(ctx, "application/xml") })

	conformance.Check(conformance.Meta{
		ID: "SO-NEG-004", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "negotiation",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "Accept: text/xml MUST get a text/xml body matching the spec.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) { negotiate(ctx, "text/xml") })

	conformance.Check(conformance.Meta{
		ID: "SO-NEG-005", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "negotiation",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "Every response with a body MUST carry a Content-Type naming JSON or XML, and the body MUST be well-formed in that type, also when the request sends no Accept.",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		sid, created := soNewSession(ctx)
		noAccept := conformance.WithoutHeader("Accept")
		cases := []struct {
			op string
			r  *conformance.Response
		}{
			{"PostChatSessionEntity", created},
			{"AddChatMessage", soPost(ctx, sid, map[string]any{"Type": "ToCustomer", "Message": soUnique("message")}, noAccept)},
			{"GetChatMessages", soSend(ctx, "GET", soMessagesPath(sid), nil, noAccept)},
			{"GetChatSessionEntity", soSend(ctx, "GET", soSessionPath(sid), nil, noAccept)},
			{"DefaultChatSessionEntity", soSend(ctx, "GET", "/ChatSession/default", nil, noAccept)},
			{"PatchChatSessionEntity", soSend(ctx, "PATCH", soSessionPath(sid), []byte(`{"CustomerAlias":"Conformance"}`), noAccept,
				conformance.Header("Content-Type", "application/merge-patch+json"))},
			{"GetChatMessages", soSend(ctx, "GET", soMessagesPath(sid), nil, conformance.Header("Accept", "application/xml"))},
		}
		for _, c := range cases {
			Expect(c.r.Status).To(Equal(200), "%s %s: want 200; got %d", c.r.Method, c.r.URL, c.r.Status)
			soWellFormed(c.r)
			Expect(c.r).To(match.ConformTo(c.op))
		}
	})

	conformance.Check(conformance.Meta{
		ID: "SO-NEG-006", Vendor: conformance.SuperOffice, Profile: conformance.Required, Area: "negotiation",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "POST Messages MUST accept a ChatMessage body in XML (Content-Type application/xml) and store what it says.",
		Source:   soSeedPost,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		text := soUnique("xml message")
		r := soPost(ctx, sid, soMessageXML("ToCustomer", text), conformance.Header("Content-Type", "application/xml"))
		Expect(r.Status).To(Equal(200), "POST Messages with an XML body: want 200; got %d", r.Status)
		Expect(r).To(match.ConformTo("AddChatMessage"))
		m := r.Object()
		Expect(m["Type"]).To(Equal("ToCustomer"), "Type of the message posted as XML")
		Expect(m["Message"]).To(Equal(text), "Message of the message posted as XML")
		id := soInt(m, "ChatMessageId")
		Expect(soIDs(soMessages(ctx, sid, ""))).To(ContainElement(id), "GET Messages: want message %d posted as XML", id)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-NEG-007", Vendor: conformance.SuperOffice, Profile: conformance.Optional, Area: "negotiation",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "Accept naming no JSON or XML type (text/html) MUST get 406 (REC: chatconform choice recorded in the spec).",
		Source:   soSeedGet,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		r := soSend(ctx, "GET", soMessagesPath(sid), nil, conformance.Header("Accept", "text/html"))
		Expect(r.Status).To(Equal(406), "GET Messages with Accept text/html: want 406; got %d", r.Status)
	})

	conformance.Check(conformance.Meta{
		ID: "SO-NEG-008", Vendor: conformance.SuperOffice, Profile: conformance.Optional, Area: "negotiation",
		Surfaces: []string{conformance.SurfaceSOSessions, conformance.SurfaceSOMessages},
		Must:     "A POST Messages body of a media type not listed (text/plain) MUST get 415 and store nothing (REC: chatconform choice recorded in the spec).",
		Source:   soSeedPost,
	}, func(ctx SpecContext) {
		sid, _ := soNewSession(ctx)
		before := soIDs(soMessages(ctx, sid, ""))
		r := soPost(ctx, sid, "Type=ToCustomer&Message=plain", conformance.Header("Content-Type", "text/plain"))
		Expect(r.Status).To(Equal(415), "POST Messages with Content-Type text/plain: want 415; got %d", r.Status)
		Expect(soIDs(soMessages(ctx, sid, ""))).To(Equal(before), "a refused POST must not store a message")
	})
})

// soWellFormed asserts that a response names its media type, JSON or XML, and that its body
// parses as that type.
func soWellFormed(r *conformance.Response) {
	GinkgoHelper()
	mt := soMediaType(r)
	Expect(mt).To(BeElementOf("application/json", "text/json", "application/xml", "text/xml"),
		"%s %s (%d): want a Content-Type of JSON or XML; got %q", r.Method, r.URL, r.Status, r.Header.Get("Content-Type"))
	if strings.HasSuffix(mt, "/json") {
		Expect(json.Valid(r.Body)).To(BeTrue(), "%s %s: the body is not the JSON its Content-Type %q says: %s", r.Method, r.URL, mt, conformance.Clip(r.Body))
		return
	}
	Expect(soXMLValid(r.Body)).To(Succeed(), "%s %s: the body is not the XML its Content-Type %q says: %s", r.Method, r.URL, mt, conformance.Clip(r.Body))
}

// soXMLValid reports whether b is one well-formed XML element.
func soXMLValid(b []byte) error {
	d := xml.NewDecoder(bytes.NewReader(b))
	roots := 0
	depth := 0
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		switch tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				roots++
			}
			depth++
		case xml.EndElement:
			depth--
		}
	}
	if roots != 1 {
		return fmt.Errorf("want one root element; got %d", roots)
	}
	return nil
}
