package superoffice

import (
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chatconform/chatconform/mock/store"
)

// SuperOffice session Status values (ChatSessionStatus).
const (
	statusInvalid         = "Invalid"
	statusInQueue         = "InQueue"
	statusCustomerLast    = "CustomerLast"
	statusUserLast        = "UserLast"
	statusFinished        = "Finished"
	statusDeleted         = "Deleted"
	statusClosed          = "Closed"
	statusRequestPosted   = "RequestPosted"
	statusClosedFromQueue = "ClosedFromQueue"
)

// statuses is the ChatSessionStatus enum in declaration order.
var statuses = []string{statusInvalid, "PreChatForm", "Faq", "OfflineForm", statusInQueue, statusCustomerLast,
	statusUserLast, statusFinished, statusDeleted, statusClosed, statusRequestPosted, statusClosedFromQueue}

// Message types (ChatMessageType) and the special types the mock itself sends.
const (
	typeInvalid    = "Invalid"
	typeToCustomer = "ToCustomer"
	typeToUser     = "ToUser"
	typeSpecial    = "Special"

	specialNone             = "None"
	specialWelcome          = "Welcome"
	specialTransfered       = "TransferedSession" // sic, as the vendor spells it
	specialClosedByUser     = "ClosedByUser"
	specialClosedByCustomer = "ClosedByCustomer"
)

// Keys of a message event's Attrs.
const (
	attrType           = "Type"
	attrSpecialType    = "SpecialType"
	attrSpecialParam   = "SpecialParam"
	attrAuthor         = "Author"
	attrReadByCustomer = "ReadByCustomer"
	attrWhenPosted     = "WhenPosted"
)

// Keys of a session's Attrs that are not entity field names.
const (
	attrUser       = "User.AssociateId"
	attrTransferTo = "TransferTo.AssociateId"
	attrPerson     = "Person.PersonId"
	attrContact    = "Contact.ContactId"
	attrProject    = "Project.ProjectId"
	attrSale       = "Sale.SaleId"
	attrTicket     = "Ticket.TicketId"
)

func validStatus(s string) bool { return slices.Contains(statuses, s) }

// stateOf maps a Status to the store's vendor-neutral state.
func stateOf(status string) string {
	switch status {
	case statusCustomerLast, statusUserLast:
		return store.StateChatting
	case statusFinished, statusDeleted, statusClosed, statusClosedFromQueue:
		return store.StateCompleted
	}
	return store.StateWaiting
}

// statusOf returns a session's Status: its VendorState, or one derived from its state.
func statusOf(c *store.Chat) string {
	if validStatus(c.VendorState) {
		return c.VendorState
	}
	switch c.State {
	case store.StateChatting:
		return statusUserLast
	case store.StateIdle:
		return statusCustomerLast
	case store.StateCompleted:
		return statusClosed
	}
	return statusInQueue
}

func active(status string) bool { return stateOf(status) == store.StateChatting }

func ended(status string) bool { return stateOf(status) == store.StateCompleted }

// setStatus sets the Status and the state it maps to; a session that ends gets WhenEnded.
func setStatus(tx *store.Tx, status string) {
	was := statusOf(&tx.C)
	tx.C.VendorState = status
	tx.SetState(stateOf(status))
	if status != was {
		tx.Note("properties")
	}
	if ended(status) && !ended(was) && attrTime(&tx.C, "WhenEnded").IsZero() {
		setTime(tx, "WhenEnded", tx.Now())
	}
}

// flags is the ChatSessionFlags .NET flags enum.
type flags struct{ customer, user bool }

func parseFlags(s string) (flags, bool) {
	switch s {
	case "", "None":
		return flags{}, true
	case "CustomerIsTyping":
		return flags{customer: true}, true
	case "UserIsTyping":
		return flags{user: true}, true
	case "CustomerIsTyping, UserIsTyping":
		return flags{customer: true, user: true}, true
	}
	return flags{}, false
}

// String formats the flags as .NET does: names comma-joined in declaration order.
func (f flags) String() string {
	var names []string
	if f.customer {
		names = append(names, "CustomerIsTyping")
	}
	if f.user {
		names = append(names, "UserIsTyping")
	}
	if len(names) == 0 {
		return "None"
	}
	return strings.Join(names, ", ")
}

func flagsOf(c *store.Chat) flags {
	f, _ := parseFlags(c.Attrs["Flags"])
	return f
}

// Typed access to string Attrs. Setters drop the attribute for the field's default value.

func attrInt(c *store.Chat, k string) int64 {
	n, _ := strconv.ParseInt(c.Attrs[k], 10, 64)
	return n
}

func attrBool(c *store.Chat, k string) bool { return c.Attrs[k] == "true" }

func attrTime(c *store.Chat, k string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, c.Attrs[k])
	return t
}

func setAttr(tx *store.Tx, k, v string) {
	if tx.C.Attrs == nil {
		tx.C.Attrs = map[string]string{}
	}
	if tx.C.Attrs[k] == v {
		return
	}
	if v == "" {
		delete(tx.C.Attrs, k)
	} else {
		tx.C.Attrs[k] = v
	}
	tx.Note("properties")
}

func setInt(tx *store.Tx, k string, n int64) {
	if n == 0 {
		setAttr(tx, k, "")
		return
	}
	setAttr(tx, k, strconv.FormatInt(n, 10))
}

func setBool(tx *store.Tx, k string, b bool) {
	if b {
		setAttr(tx, k, "true")
	} else {
		setAttr(tx, k, "")
	}
}

func setTime(tx *store.Tx, k string, t time.Time) {
	if t.IsZero() || t.Year() <= 1 {
		setAttr(tx, k, "")
		return
	}
	setAttr(tx, k, t.UTC().Format(time.RFC3339Nano))
}

// touch records that the session changed now (If-Unmodified-Since).
func touch(tx *store.Tx) {
	if now := tx.Now(); now.After(tx.C.UpdatedAt) {
		tx.C.UpdatedAt = now
	}
}

// zeroTime resets a date field.
var zeroTime time.Time
