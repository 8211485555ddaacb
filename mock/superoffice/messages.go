package superoffice

import (
	"encoding/xml"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// getMessages serves GetChatMessages: the session's messages with ChatMessageId > after
// (all without after or with 0), ascending. The store finds the first one by binary search,
// so a poll costs what is new, not the session's length.
func (a *Adapter) getMessages(w http.ResponseWriter, r *api.Request) error {
	k, err := a.sessionKey(r)
	if err != nil {
		return err
	}
	var after int64
	s := r.Query("after")
	if s != "" {
		if after, err = strconv.ParseInt(s, 10, 64); err != nil || after < 0 {
			return api.Errorf(api.KindInvalid, "query after", "%q is not a message id (an integer >= 0)", s)
		}
	}
	if after > 0 && a.bugs.Has(api.BugSOAfterInclusive) {
		after-- // after=N includes N
	}
	q := store.Query{AfterMessageID: a.vary.AfterMessageID(after), MessagesOnly: true}
	if a.bugs.Has(api.BugSOAfterByPosition) {
		q.AfterMessageID = 0 // after is looked up below
	}
	streams := len(a.bugs) == 0 // every planted bug of this list changes it or its media type
	if streams {
		q.Limit = pageSize
	}
	gen := a.store().Generation()
	c, err := a.store().Read(k, q)
	if errors.Is(err, store.ErrNotFound) && a.bugs.Has(api.BugSOUnknownSessionNoMsgs) {
		return a.reply(w, r.Request, http.StatusOK, newMessageList([]chatMessage{}))
	}
	if err != nil {
		return notFound(err, k)
	}
	if streams {
		return a.streamMessages(w, r, k, q, c, gen)
	}
	v := a.view(r.Request, r.Tenant)
	sid, _ := strconv.ParseInt(k.ID, 10, 64)
	items := make([]chatMessage, 0, len(c.Events))
	for _, ev := range c.Events {
		if m, ok := messageOf(&c, sid, ev, v); ok {
			items = append(items, m)
		}
	}
	switch {
	case after > 0 && a.bugs.Has(api.BugSOAfterByPosition):
		items = afterPosition(items, after)
	case s == "" && len(items) > 0 && a.bugs.Has(api.BugSOSkipFirst):
		items = items[1:]
	}
	if a.bugs.Has(api.BugSODescending) {
		slices.Reverse(items)
	}
	return a.reply(w, r.Request, http.StatusOK, newMessageList(items))
}

// addMessage serves AddChatMessage: the server assigns ChatMessageId (the store's global
// counter), the path decides ChatSessionId, WhenPosted defaults to now, SpecialType to None.
// ToCustomer and Special messages come from the authenticated associate, ToUser from the
// session's visitor. Answers 200 and the stored message.
func (a *Adapter) addMessage(w http.ResponseWriter, r *api.Request) error {
	_, ag, err := a.caller(r)
	if err != nil {
		return err
	}
	k, err := a.sessionKey(r)
	if err != nil {
		return err
	}
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); isXML(mt) && a.bugs.Has(api.BugSOXMLBodyUnsupported) {
		return api.Errorf(api.KindUnsupportedMedia, "header Content-Type", "%s is not supported; use application/json", mt)
	}
	m, err := parseNewMessage(r.Body)
	if err != nil && m.Type == typeInvalid && a.bugs.Has(api.BugSOInvalidTypeStored) {
		err = nil // stored as it came
	}
	if err != nil {
		return err
	}
	events, c, err := a.store().Update(k, func(tx *store.Tx) error {
		post(tx, ag, m)
		return nil
	})
	if err != nil {
		return notFound(err, k)
	}
	sid, _ := strconv.ParseInt(k.ID, 10, 64)
	msg, ok := messageOf(&c, sid, events[len(events)-1], a.view(r.Request, r.Tenant))
	if !ok {
		return api.Internal(fmt.Errorf("posted message %v does not render", events))
	}
	msg.XMLName = xml.Name{Space: dataContractNS, Local: "ChatMessage"}
	if n, ok := toInt(r.Field("ChatSessionId")); ok && n != 0 && a.bugs.Has(api.BugSOSessionIDNotForced) {
		msg.ChatSessionId = n // the body's, not the path's
	}
	if n, ok := toInt(r.Field("ChatMessageId")); ok && n != 0 && a.bugs.Has(api.BugSOClientMessageID) {
		msg.ChatMessageId = n // the body's, not the server's
	}
	if a.bugs.Has(api.BugSOPostNextID) {
		msg.ChatMessageId++ // the counter after the increment
	}
	if m.WhenPosted.IsZero() && a.bugs.Has(api.BugSONoWhenPosted) {
		msg.WhenPosted = dateTime{} // not defaulted to now
	}
	return a.reply(w, r.Request, http.StatusOK, msg)
}

// newMessage is a checked AddChatMessage body.
type newMessage struct {
	Type, Text, Author, SpecialType, SpecialParam string
	ReadByCustomer                                string // "" when not given
	WhenPosted                                    time.Time
}

// parseNewMessage reads a validated NewChatMessage body (JSON, XML or form) and applies the
// rules beyond its shape: Type Invalid is refused, ReadByCustomer is 0 or 1.
func parseNewMessage(body any) (newMessage, error) {
	b, _ := body.(map[string]any)
	str := map[string]string{}
	for _, name := range []string{"Type", "Message", "Author", "SpecialType", "SpecialParam", "WhenPosted"} {
		v, err := toString(b[name], "body "+name)
		if err != nil {
			return newMessage{}, err
		}
		str[name] = v
	}
	m := newMessage{Type: str["Type"], Text: str["Message"], Author: str["Author"],
		SpecialType: str["SpecialType"], SpecialParam: str["SpecialParam"]}
	when := str["WhenPosted"]
	switch m.Type {
	case typeToCustomer, typeToUser, typeSpecial:
	case "", typeInvalid:
		return m, api.Errorf(api.KindInvalid, "body Type", "Type %q is not allowed for a new chat message; use ToCustomer, ToUser or Special", orInvalid(m.Type))
	default:
		return m, api.Errorf(api.KindInvalid, "body Type", "%q is not a message type; use ToCustomer, ToUser or Special", m.Type)
	}
	if m.SpecialType == "" {
		m.SpecialType = specialNone
	}
	if v, ok := b["ReadByCustomer"]; ok && v != nil {
		n, ok := toInt(v)
		if !ok || (n != 0 && n != 1) {
			return m, api.Errorf(api.KindInvalid, "body ReadByCustomer", "%v is not a read flag: use 0 or 1", v)
		}
		m.ReadByCustomer = strconv.FormatInt(n, 10)
	}
	if when != "" {
		t, err := parseTime(when)
		if err != nil {
			return m, api.Errorf(api.KindInvalid, "body WhenPosted", "%q is not an ISO 8601 date-time with an offset", when)
		}
		if t.Year() > 1 {
			m.WhenPosted = t
		}
	}
	return m, nil
}

func orInvalid(t string) string {
	if t == "" {
		return typeInvalid
	}
	return t
}

// post appends a message as the API posts it.
func post(tx *store.Tx, ag fixtures.Agent, m newMessage) {
	var from, kind string
	switch m.Type {
	case typeToUser:
		from, kind = ensureVisitor(tx), store.KindText
	case typeSpecial:
		from, kind = ensureAgent(tx, ag), store.KindNotice
	default:
		from, kind = ensureAgent(tx, ag), store.KindText
	}
	attrs := map[string]string{attrSpecialType: m.SpecialType}
	for k, v := range map[string]string{attrAuthor: m.Author, attrSpecialParam: m.SpecialParam, attrReadByCustomer: m.ReadByCustomer} {
		if v != "" {
			attrs[k] = v
		}
	}
	if !m.WhenPosted.IsZero() {
		attrs[attrWhenPosted] = m.WhenPosted.Format(time.RFC3339Nano)
	}
	say(tx, from, kind, m.Type, m.Text, "", attrs)
}

// say appends a message event (visibility "" is All) and applies its effects on the session: LastMessage,
// FirstMessage when empty, WhenIdle, and, while the session is active, Status UserLast
// after a ToCustomer message and CustomerLast after a ToUser one (a queued or ended session
// keeps its Status, so it stays pickable or closed).
func say(tx *store.Tx, from, kind, typ, text, visibility string, attrs map[string]string) {
	if attrs == nil {
		attrs = map[string]string{}
	}
	attrs[attrType] = typ
	tx.Append(store.EventSpec{Kind: kind, From: from, Text: text, Visibility: visibility, Attrs: attrs})
	if text != "" {
		setAttr(tx, "LastMessage", text)
		if tx.C.Attrs["FirstMessage"] == "" {
			setAttr(tx, "FirstMessage", text)
		}
	}
	setTime(tx, "WhenIdle", tx.Now())
	if active(statusOf(&tx.C)) {
		switch typ {
		case typeToCustomer:
			setStatus(tx, statusUserLast)
		case typeToUser:
			setStatus(tx, statusCustomerLast)
		}
	}
	touch(tx)
}

// ensureAgent returns the participant id of an associate, adding them when new.
func ensureAgent(tx *store.Tx, ag fixtures.Agent) string {
	for _, p := range tx.C.Participants {
		if p.Role == store.RoleAgent && p.Ref == ag.ID {
			return p.ID
		}
	}
	return tx.AddParticipant(store.Participant{Role: store.RoleAgent, Ref: ag.ID, Name: ag.Name, Nickname: ag.Nickname})
}

// ensureVisitor returns the participant id of the session's customer.
func ensureVisitor(tx *store.Tx) string {
	if v, ok := tx.C.Visitor(); ok {
		return v.ID
	}
	return tx.AddParticipant(store.Participant{Role: store.RoleVisitor})
}

// parseTime parses an ISO 8601 date-time with an offset.
func parseTime(s string) (time.Time, error) {
	return time.Parse(time.RFC3339Nano, strings.ToUpper(strings.TrimSpace(s)))
}
