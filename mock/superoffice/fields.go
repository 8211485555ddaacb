package superoffice

import (
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// fieldKind says how an entity field is stored and what values it takes.
type fieldKind int

const (
	fReadOnly  fieldKind = iota
	fString              // Attrs[name]
	fInt                 // Attrs[name], an int32
	fBool                // Attrs[name]
	fTime                // Attrs[name], RFC 3339
	fStatus              // VendorState and State
	fFlags               // Attrs["Flags"]
	fTopic               // Queue
	fCustomer            // the visitor participant
	fAssociate           // Attrs[attr] = associate id of the tenant
	fLink                // Attrs[attr] = id of a linked record
)

// field is one ChatSessionEntity property a client may send.
type field struct {
	name  string
	kind  fieldKind
	attr  string // Attrs key of associates and links
	idKey string // the id property of a linked object
}

// fields are the entity's properties in carrier order; changes apply in this order, so
// Status comes before the dates it may set.
var fields = []field{
	{name: "ChatSessionId"},
	{name: "TopicId", kind: fTopic},
	{name: "User", kind: fAssociate, attr: attrUser, idKey: "AssociateId"},
	{name: "Person", kind: fLink, attr: attrPerson, idKey: "PersonId"},
	{name: "CustomerAlias", kind: fCustomer},
	{name: "CustomerHost", kind: fString},
	{name: "CustomerName", kind: fCustomer},
	{name: "CustomerEmail", kind: fCustomer},
	{name: "CustomerPhone", kind: fString},
	{name: "CustomerConsented", kind: fBool},
	{name: "CustomerCompanyName", kind: fString},
	{name: "Status", kind: fStatus},
	{name: "FirstMessage", kind: fString},
	{name: "LastMessage", kind: fString},
	{name: "WhenRequested", kind: fTime},
	{name: "WhenStarted", kind: fTime},
	{name: "WhenEnded", kind: fTime},
	{name: "WhenIdle", kind: fTime},
	{name: "WhenFetched", kind: fTime},
	{name: "SessionKey", kind: fString},
	{name: "InitialQueuePos", kind: fInt},
	{name: "AlertLevel", kind: fInt},
	{name: "Rank", kind: fInt},
	{name: "Flags", kind: fFlags},
	{name: "Contact", kind: fLink, attr: attrContact, idKey: "ContactId"},
	{name: "Project", kind: fLink, attr: attrProject, idKey: "ProjectId"},
	{name: "Sale", kind: fLink, attr: attrSale, idKey: "SaleId"},
	{name: "Ticket", kind: fLink, attr: attrTicket, idKey: "TicketId"},
	{name: "TransferTo", kind: fAssociate, attr: attrTransferTo, idKey: "AssociateId"},
	{name: "ChatbotIsActive", kind: fBool},
	{name: "Rating", kind: fInt},
	{name: "TableRight"},
	{name: "FieldProperties"},
	{name: "_Links"},
}

// fieldNamed finds a field by name, ignoring case.
func fieldNamed(name string) (field, bool) {
	for _, f := range fields {
		if strings.EqualFold(f.name, name) {
			return f, true
		}
	}
	return field{}, false
}

// defaultOf is a field's value when reset (JSON Patch remove, merge patch null).
func defaultOf(f field) any {
	switch f.kind {
	case fString, fCustomer:
		return ""
	case fInt, fTopic:
		return 0.0
	case fBool:
		return false
	case fTime:
		return "0001-01-01T00:00:00Z"
	case fStatus:
		return statusInvalid
	case fFlags:
		return "None"
	}
	return nil
}

// setter applies one checked change to a session; it cannot fail.
type setter func(tx *store.Tx)

// prepare checks a new value of a field and returns the change that sets it, so that a
// request with any bad value changes nothing. where names the field for errors.
func (a *Adapter) prepare(tenant string, f field, v any, where string) (setter, error) {
	bad := func(format string, args ...any) (setter, error) {
		return nil, api.Errorf(api.KindInvalid, where, format, args...)
	}
	switch f.kind {
	case fReadOnly:
		return bad("%s is read-only", f.name)
	case fString, fCustomer:
		s, err := toString(v, where)
		if err != nil {
			return nil, err
		}
		if f.kind == fCustomer {
			return func(tx *store.Tx) { setCustomer(tx, f.name, s) }, nil
		}
		return func(tx *store.Tx) { setAttr(tx, f.name, s) }, nil
	case fInt, fTopic:
		n, ok := int64(0), true
		if v != nil {
			n, ok = toInt(v)
		}
		if !ok || n < math.MinInt32 || n > math.MaxInt32 {
			return bad("%s is not a 32-bit integer", show(v))
		}
		if f.kind == fTopic {
			return func(tx *store.Tx) { tx.C.Queue = strconv.FormatInt(n, 10); tx.Note("properties") }, nil
		}
		return func(tx *store.Tx) { setInt(tx, f.name, n) }, nil
	case fBool:
		b, ok := v.(bool)
		if v != nil && !ok {
			return bad("%s is not a boolean", show(v))
		}
		return func(tx *store.Tx) { setBool(tx, f.name, b) }, nil
	case fTime:
		s, err := toString(v, where)
		if err != nil {
			return nil, err
		}
		t, err := parseTime(s)
		if s != "" && err != nil {
			return bad("%s is not an ISO 8601 date-time with an offset", show(v))
		}
		return func(tx *store.Tx) { setTime(tx, f.name, t) }, nil
	case fStatus:
		s, err := toString(v, where)
		if err != nil {
			return nil, err
		}
		if s == "" {
			s = statusInvalid
		}
		if !validStatus(s) {
			return bad("%q is not a session status; use one of %s", s, strings.Join(statuses, ", "))
		}
		return func(tx *store.Tx) { setStatus(tx, s) }, nil
	case fFlags:
		s, err := toString(v, where)
		if err != nil {
			return nil, err
		}
		fl, ok := parseFlags(s)
		if !ok {
			return bad("%q is not a flags value; use None, CustomerIsTyping, UserIsTyping or \"CustomerIsTyping, UserIsTyping\"", s)
		}
		return func(tx *store.Tx) { setFlags(tx, fl) }, nil
	}
	return a.prepareLink(tenant, f, v, where)
}

// prepareLink checks a linked object: null unlinks it, an object links the record its id
// property names; for associates the id must be one of the tenant's.
func (a *Adapter) prepareLink(tenant string, f field, v any, where string) (setter, error) {
	if v == nil {
		return func(tx *store.Tx) { setAttr(tx, f.attr, "") }, nil
	}
	m, ok := v.(map[string]any)
	if !ok {
		return nil, api.Errorf(api.KindInvalid, where, "%s is not an object with %s; send null to unlink", show(v), f.idKey)
	}
	var raw any
	for k, x := range m {
		if strings.EqualFold(k, f.idKey) {
			raw = x
		}
	}
	if raw == nil {
		return nil, api.Errorf(api.KindMissing, where+"."+f.idKey, "required to link a %s; send null to unlink", strings.ToLower(f.name))
	}
	id, ok := toInt(raw)
	if !ok || id < 0 || id > math.MaxInt32 {
		return nil, api.Errorf(api.KindInvalid, where+"."+f.idKey, "%s is not a 32-bit id", show(raw))
	}
	if f.kind == fLink || id == 0 {
		return func(tx *store.Tx) { setInt(tx, f.attr, id) }, nil
	}
	ag, ok := a.agent(tenant, strconv.FormatInt(id, 10))
	if !ok {
		return nil, api.Errorf(api.KindInvalid, where+"."+f.idKey, "no associate %d in %s", id, tenant)
	}
	return func(tx *store.Tx) {
		setAttr(tx, f.attr, ag.ID)
		if f.attr == attrUser {
			ensureAgent(tx, ag)
		}
	}, nil
}

// setCustomer sets the visitor's name, alias or e-mail.
func setCustomer(tx *store.Tx, name, s string) {
	id := ensureVisitor(tx)
	for i := range tx.C.Participants {
		p := &tx.C.Participants[i]
		if p.ID != id {
			continue
		}
		switch name {
		case "CustomerName":
			p.Name = s
		case "CustomerAlias":
			p.Nickname = s
		case "CustomerEmail":
			p.Email = s
		}
	}
	tx.Note("participants")
}

func setFlags(tx *store.Tx, f flags) {
	s := f.String()
	if s == "None" {
		s = ""
	}
	setAttr(tx, "Flags", s)
}

// toInt reads an integer from a decoded body: float64 (JSON) without a fraction, int64 (XML)
// or the int32 and float types kin-openapi's form decoder gives.
func toInt(v any) (int64, bool) {
	switch n := v.(type) {
	case int64:
		return n, true
	case int:
		return int64(n), true
	case int32:
		return int64(n), true
	case float32:
		return toInt(float64(n))
	case float64:
		if n == math.Trunc(n) && math.Abs(n) < 1<<53 {
			return int64(n), true
		}
	case json.Number:
		i, err := n.Int64()
		return i, err == nil
	}
	return 0, false
}

// toString reads a nullable string.
func toString(v any, where string) (string, error) {
	switch s := v.(type) {
	case nil:
		return "", nil
	case string:
		return s, nil
	}
	return "", api.Errorf(api.KindInvalid, where, "%s is not a string", show(v))
}

// show renders a value for an error message, as JSON.
func show(v any) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > 60 {
		return string(b[:60]) + "..."
	}
	return string(b)
}
