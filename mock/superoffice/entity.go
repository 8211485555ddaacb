package superoffice

import (
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/store"
)

// allRights is every caller's right on sessions: the mock does not model rights.
var allRights = tableRight{Mask: "Select, Insert, Update, Delete, Filtering"}

// entity renders a session as a ChatSessionEntity.
func (a *Adapter) entity(c *store.Chat, v view) entity {
	id, _ := strconv.ParseInt(c.Key.ID, 10, 64)
	topic, _ := strconv.ParseInt(c.Queue, 10, 64)
	visitor, _ := c.Visitor()
	requested := attrTime(c, "WhenRequested")
	if requested.IsZero() {
		requested = c.CreatedAt
	}
	tr := allRights
	e := entity{
		ChatSessionId:       id,
		TopicId:             topic,
		User:                a.associate(c.Key.Tenant, c.Attrs[attrUser]),
		CustomerAlias:       visitor.Nickname,
		CustomerHost:        c.Attrs["CustomerHost"],
		CustomerName:        visitor.Name,
		CustomerEmail:       visitor.Email,
		CustomerPhone:       c.Attrs["CustomerPhone"],
		CustomerConsented:   attrBool(c, "CustomerConsented"),
		CustomerCompanyName: c.Attrs["CustomerCompanyName"],
		Status:              statusOf(c),
		FirstMessage:        c.Attrs["FirstMessage"],
		LastMessage:         c.Attrs["LastMessage"],
		WhenRequested:       timeIn(requested, v.loc),
		WhenStarted:         timeIn(attrTime(c, "WhenStarted"), v.loc),
		WhenEnded:           timeIn(attrTime(c, "WhenEnded"), v.loc),
		WhenIdle:            timeIn(attrTime(c, "WhenIdle"), v.loc),
		WhenFetched:         timeIn(attrTime(c, "WhenFetched"), v.loc),
		SessionKey:          c.Attrs["SessionKey"],
		InitialQueuePos:     attrInt(c, "InitialQueuePos"),
		AlertLevel:          attrInt(c, "AlertLevel"),
		Rank:                attrInt(c, "Rank"),
		Flags:               flagsOf(c).String(),
		TransferTo:          a.associate(c.Key.Tenant, c.Attrs[attrTransferTo]),
		ChatbotIsActive:     attrBool(c, "ChatbotIsActive"),
		Rating:              attrInt(c, "Rating"),
		TableRight:          &tr,
	}
	if n := attrInt(c, attrPerson); n != 0 {
		e.Person = &person{PersonId: n, FullName: visitor.Name}
	}
	if n := attrInt(c, attrContact); n != 0 {
		e.Contact = &contact{ContactId: n, Name: e.CustomerCompanyName}
	}
	if n := attrInt(c, attrProject); n != 0 {
		e.Project = &project{ProjectId: n}
	}
	if n := attrInt(c, attrSale); n != 0 {
		e.Sale = &sale{SaleId: n}
	}
	if n := attrInt(c, attrTicket); n != 0 {
		e.Ticket = &ticket{TicketId: n}
	}
	return e
}

// withLinks adds the Self and Archive links.
func withLinks(e entity, v view) entity {
	archive := v.base + "/api/v1/ChatSession"
	e.Links = &links{Self: archive + "/" + strconv.FormatInt(e.ChatSessionId, 10), Archive: archive}
	return e
}

// associate renders the associate with the given id, or nil for none.
func (a *Adapter) associate(tenant, id string) *associate {
	if id == "" {
		return nil
	}
	if ag, ok := a.agent(tenant, id); ok {
		return associateOf(ag)
	}
	n, _ := strconv.ParseInt(id, 10, 64)
	return &associate{AssociateId: n, Type: "InternalAssociate"}
}

func associateOf(ag fixtures.Agent) *associate {
	id, _ := strconv.ParseInt(ag.ID, 10, 64)
	formal := ag.Name
	if i := strings.LastIndexByte(ag.Name, ' '); i > 0 {
		formal = ag.Name[i+1:] + ", " + ag.Name[:i]
	}
	return &associate{AssociateId: id, Name: ag.Username, Tooltip: ag.Name, Type: "InternalAssociate",
		FullName: ag.Name, FormalName: formal, UserName: ag.Username}
}

// messageOf renders an event of session sid as a ChatMessage; false when the event is not
// a message (joins, leaves, typing and user data are not).
func messageOf(c *store.Chat, sid int64, ev store.Event, v view) (chatMessage, bool) {
	if ev.MessageID == 0 {
		return chatMessage{}, false
	}
	from, _ := c.Participant(ev.From)
	typ := ev.Attrs[attrType]
	if typ == "" {
		switch ev.Kind {
		case store.KindText:
			typ = typeToCustomer
			if from.Role == store.RoleVisitor {
				typ = typeToUser
			}
		case store.KindNotice, store.KindCustomNotice:
			typ = typeSpecial
		default:
			return chatMessage{}, false
		}
	}
	m := chatMessage{
		ChatMessageId: v.vary.MessageID(ev.MessageID),
		ChatSessionId: sid,
		Type:          typ,
		Message:       ev.Text,
		Author:        ev.Attrs[attrAuthor],
		SpecialType:   ev.Attrs[attrSpecialType],
		SpecialParam:  ev.Attrs[attrSpecialParam],
		WhenPosted:    timeIn(ev.Time, v.loc),
	}
	if m.Author == "" {
		m.Author = from.Name
	}
	if m.SpecialType == "" {
		m.SpecialType = specialNone
	}
	if s, ok := ev.Attrs[attrReadByCustomer]; ok {
		m.ReadByCustomer, _ = strconv.ParseInt(s, 10, 64)
	} else if typ == typeToUser {
		m.ReadByCustomer = 1 // the customer wrote it
	}
	if s := ev.Attrs[attrWhenPosted]; s != "" {
		if t, err := parseTime(s); err == nil {
			m.WhenPosted = timeIn(t, v.loc)
		}
	}
	return m, true
}
