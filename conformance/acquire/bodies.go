package acquire

import (
	"fmt"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	"github.com/chatconform/chatconform/conformance/match"
)

// acqZone is the zone header value of the Message page's example [A1].
const acqZone = `{"timezone":"Central/Alabama","offset":"-05:00"}`

var _ = Describe("Acquire profile messages: bodies", Label("vendor:acquire"), func() {
	conformance.Check(conformance.Meta{
		ID: "ACQ-BODY-001", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "The answer for the certification fixture chat (which the target MUST hold; the Acquire API cannot create data) MUST be the envelope {success: true, error: null, data} " +
			"whose data holds messages (an array), co_browse (an array), recording (an array of strings) and query_seen (an integer of at least 0), conforming to the spec.",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		r := acqPost(ctx, acqMessagePath, acqForm(), acqBearer())
		Expect(r).To(match.ConformTo("GetProfileMessages"))
		data := acqSuccess(r)
		acqObjects(data, "messages")
		Expect(data["co_browse"]).To(BeAssignableToTypeOf([]any{}), "data.co_browse: want an array; got %v", data["co_browse"])
		Expect(data["recording"]).To(BeAssignableToTypeOf([]any{}), "data.recording: want an array; got %v", data["recording"])
		for i, rec := range data["recording"].([]any) {
			Expect(rec).To(BeAssignableToTypeOf(""), "data.recording[%d]: want a string; got %v", i, rec)
		}
		n, ok := acqInt(data["query_seen"])
		Expect(ok && n >= 0).To(BeTrue(), "data.query_seen: want an integer of at least 0; got %v", data["query_seen"])
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-BODY-002", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "Every message of the certification fixture chat (which the target MUST hold; the Acquire API cannot create data) MUST carry every field of the seed's example with its type: " +
			"integer ids, sender_type agent or visitor, date_created as YYYY-MM-DD HH:MM:SS, string-or-null e-mail, name and bot fields, integer offline_chat and missed_chat, " +
			"and a user object {id, type equal to sender_type, name, photo}.",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		msgs := acqMessages(ctx, acqForm())
		Expect(msgs).NotTo(BeEmpty(), "want the messages of chat %s; got none", cfg().AcquireChat)
		for i, m := range msgs {
			for _, f := range acqMessageFields {
				Expect(m).To(HaveKey(f.name), "messages[%d]: field %s of the seed's example is missing", i, f.name)
				Expect(f.ok(m[f.name])).To(BeTrue(), "messages[%d].%s: want %s; got %v", i, f.name, f.want, m[f.name])
			}
			Expect(m["sender_type"]).To(BeElementOf("agent", "visitor"), "messages[%d].sender_type", i)
			Expect(acqDateCreated.MatchString(m["date_created"].(string))).To(BeTrue(), "messages[%d].date_created: want YYYY-MM-DD HH:MM:SS; got %q", i, m["date_created"])
			user := m["user"].(map[string]any)
			for _, f := range acqUserFields {
				Expect(user).To(HaveKey(f.name), "messages[%d].user: field %s of the seed's example is missing", i, f.name)
				Expect(f.ok(user[f.name])).To(BeTrue(), "messages[%d].user.%s: want %s; got %v", i, f.name, f.want, user[f.name])
			}
			Expect(user["type"]).To(Equal(m["sender_type"]), "messages[%d].user.type: want sender_type", i)
		}
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-BODY-003", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must:     "The answers of Profile Message MUST carry Content-Type application/json (the seed's \"Response JSON\").",
		Source:   acqSeed,
	}, func(ctx SpecContext) {
		r := acqPost(ctx, acqMessagePath, acqForm(), acqBearer())
		expectJSONContentType(r)
		Expect(r).To(match.ConformTo("GetProfileMessages"))
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-BODY-006", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceAcquireThreads},
		Must:     "The answers of Profile Message Thread MUST carry Content-Type application/json.",
		Source:   acqThreadDoc,
	}, func(ctx SpecContext) {
		t := acqPost(ctx, acqThreadPath, acqThreadForm(), acqBearer())
		expectJSONContentType(t)
		Expect(t).To(match.ConformTo("GetProfileThreads"))
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-BODY-004", Vendor: conformance.Acquire, Profile: conformance.Required, Area: "bodies",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "A request with the zone header of the Message page's example MUST be answered like one without it: " +
			"the same messages of the certification fixture chat (which the target MUST hold), date_created still as YYYY-MM-DD HH:MM:SS.",
		Source: acqMessageDoc,
	}, func(ctx SpecContext) {
		plain := acqMessages(ctx, acqForm())
		zoned := acqMessages(ctx, acqForm(), conformance.Header("zone", acqZone))
		ids := func(msgs []map[string]any) []string {
			out := make([]string, len(msgs))
			for i, m := range msgs {
				out[i] = fmt.Sprint(m["id"])
			}
			return out
		}
		Expect(ids(zoned)).To(Equal(ids(plain)), "message ids with zone: %s against without it", acqZone)
		for i, m := range zoned {
			date, _ := m["date_created"].(string)
			Expect(acqDateCreated.MatchString(date)).To(BeTrue(), "with zone, messages[%d].date_created: want YYYY-MM-DD HH:MM:SS; got %v", i, m["date_created"])
		}
	})

	conformance.Check(conformance.Meta{
		ID: "ACQ-BODY-005", Vendor: conformance.Acquire, Profile: conformance.Optional, Area: "bodies",
		Surfaces: []string{conformance.SurfaceAcquireMessages},
		Must: "A Profile Message request with a JSON body instead of the documented application/x-www-form-urlencoded one MUST be refused with 415 and the failure envelope " +
			"{success: false, error: a non-empty message, data: null} (REC 1 of the spec's x-decision).",
		Source: acqSeed,
	}, func(ctx SpecContext) {
		body := map[string]any{"thread_id": -1, "visitor_id": acqID("acquire-visitor", cfg().AcquireVisitor),
			"last_chat_id": acqID("acquire-chat", cfg().AcquireChat), "key": ""}
		r := acqPost(ctx, acqMessagePath, body, acqBearer())
		expectAcqFailure(r, 415)
		Expect(r).To(match.ConformTo("GetProfileMessages"))
	})
})

// acqFieldType is a field of the seed's example and the type its value must have.
type acqFieldType struct {
	name, want string
	ok         func(any) bool
}

func acqIsInt(v any) bool          { _, ok := acqInt(v); return ok }
func acqIsString(v any) bool       { _, ok := v.(string); return ok }
func acqIsStringOrNull(v any) bool { return v == nil || acqIsString(v) }
func acqIsIntOrNull(v any) bool    { return v == nil || acqIsInt(v) }
func acqIsObject(v any) bool       { _, ok := v.(map[string]any); return ok }

// acqMessageFields are the message fields of the seed's example [A1] with their types.
var acqMessageFields = func() []acqFieldType {
	var out []acqFieldType
	add := func(want string, ok func(any) bool, names ...string) {
		for _, n := range names {
			out = append(out, acqFieldType{n, want, ok})
		}
	}
	add("an integer", acqIsInt, "id", "chat_id", "account_id", "sender_id", "vd_id", "offline_chat", "missed_chat")
	add("a string", acqIsString, "sender_type", "type", "message", "date_created", "seen", "vd_name")
	add("a string or null", acqIsStringOrNull, "email_from", "from", "to", "subject", "body", "cm_type", "message_date",
		"first_name", "last_name", "photo", "bot_name", "bot_icon", "parent_bot_name", "parent_bot_icon")
	add("an object", acqIsObject, "user")
	return out
}()

// acqUserFields are the fields of a message's user object in the seed's example [A1].
var acqUserFields = []acqFieldType{
	{"id", "an integer or null", acqIsIntOrNull},
	{"type", "a string", acqIsString},
	{"name", "a string or null", acqIsStringOrNull},
	{"photo", "a string or null", acqIsStringOrNull},
}
