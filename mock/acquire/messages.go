package acquire

import (
	"errors"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// message is one entry of data.messages, every field of the [A1] example.
type message struct {
	ID            int64       `json:"id"`
	ChatID        int64       `json:"chat_id"`
	AccountID     int64       `json:"account_id"`
	SenderType    string      `json:"sender_type"`
	SenderID      int64       `json:"sender_id"`
	Type          string      `json:"type"`
	Message       string      `json:"message"`
	DateCreated   string      `json:"date_created"`
	Seen          string      `json:"seen"`
	EmailFrom     *string     `json:"email_from"`
	From          *string     `json:"from"`
	To            *string     `json:"to"`
	Subject       *string     `json:"subject"`
	Body          *string     `json:"body"`
	CmType        *string     `json:"cm_type"`
	MessageDate   *string     `json:"message_date"`
	FirstName     *string     `json:"first_name"`
	LastName      *string     `json:"last_name"`
	Photo         *string     `json:"photo"`
	VdName        string      `json:"vd_name"`
	VdID          int64       `json:"vd_id"`
	BotName       *string     `json:"bot_name"`
	BotIcon       *string     `json:"bot_icon"`
	ParentBotName *string     `json:"parent_bot_name"`
	ParentBotIcon *string     `json:"parent_bot_icon"`
	OfflineChat   int         `json:"offline_chat"`
	User          messageUser `json:"user"`
	MissedChat    int         `json:"missed_chat"`
}

type messageUser struct {
	ID    *int64  `json:"id"`
	Type  string  `json:"type"`
	Name  *string `json:"name"`
	Photo *string `json:"photo"`
}

type messagesData struct {
	Messages  []message `json:"messages"`
	CoBrowse  []any     `json:"co_browse"`
	Recording []string  `json:"recording"`
	QuerySeen int       `json:"query_seen"`
}

// Values of `seen`: the documented read value, and the unread one of the 2.0 API [A8].
const (
	seenYes = "seen"
	seenNo  = "no"
)

// getProfileMessages serves GetProfileMessages: the messages of chat last_chat_id of
// visitor visitor_id in the caller's account, ascending by id, filtered by key and thread.
// An unknown chat or visitor, or a chat of another account, is an empty list (REC 3).
func (a *Adapter) getProfileMessages(w http.ResponseWriter, r *api.Request) error {
	tenant, err := principal(r)
	if err != nil {
		return err
	}
	if err := checkOnce(r, messageFields); err != nil {
		return err
	}
	visitorID, err := intField(r, "visitor_id", 0)
	if err != nil {
		return err
	}
	chatID, err := intField(r, "last_chat_id", 0)
	if err != nil {
		return err
	}
	thread, err := intField(r, "thread_id", -1)
	if err != nil {
		return err
	}
	key := strings.ToLower(r.String("key"))
	if a.bugs.Has(api.BugAcquireIgnoreKey) {
		key = ""
	}
	data := messagesData{Messages: []message{}, CoBrowse: []any{}, Recording: []string{}}
	if a.bugs.Has(api.BugAcquireNullArrays) {
		data.CoBrowse, data.Recording = nil, nil
	}
	st, err := a.store()
	if err != nil {
		return err
	}
	streams := len(a.bugs) == 0 // planted bugs change the list, its arrays or its media type
	q := store.Query{}
	if streams {
		q.Limit = pageSize
	}
	c, err := st.Read(store.Key{Vendor: Vendor, Tenant: tenant, ID: strconv.FormatInt(chatID, 10)}, q)
	if errors.Is(err, store.ErrNotFound) {
		return a.writeOK(w, data)
	} else if err != nil {
		return api.Internal(err)
	}
	v, ok := c.Visitor()
	if !ok || (v.Ref != strconv.FormatInt(visitorID, 10) && !a.bugs.Has(api.BugAcquireIgnoreVisitor)) {
		return a.writeOK(w, data)
	}
	if thread > 0 && threadID(&c) != strconv.FormatInt(thread, 10) {
		return a.writeOK(w, data)
	}
	if streams {
		return a.streamMessages(w, st, c, key, zoneOf(r))
	}
	all, err := a.messages(&c, zoneOf(r))
	if err != nil {
		return err
	}
	if len(all) > 0 {
		data.QuerySeen = 1
	}
	for _, m := range all {
		if m.Seen != seenYes {
			data.QuerySeen = 0
		}
		if key == "" || strings.Contains(strings.ToLower(m.Message), key) {
			data.Messages = append(data.Messages, m)
		}
	}
	if a.bugs.Has(api.BugAcquireDescending) {
		slices.Reverse(data.Messages)
	}
	if a.bugs.Has(api.BugAcquireReadConsumes) {
		data.Messages = a.unread(c.Key, data.Messages)
	}
	return a.writeOK(w, data)
}

// isMessage tells whether Acquire shows an event as a message: texts and notices everyone
// sees. Joins, leaves, typing, agent-only events and user data are log entries only.
func isMessage(e store.Event) bool {
	return (e.Kind == store.KindText || e.Kind == store.KindNotice) && e.Visibility == store.VisibleAll && e.MessageID > 0
}

// messages renders the chat's messages, given all its events, ascending by id. A message is
// `seen` once the other side (visitor or agents) has done anything after it.
func (a *Adapter) messages(c *store.Chat, loc *time.Location) ([]message, error) {
	f, err := a.factsOf(c)
	if err != nil {
		return nil, err
	}
	f.scan(c.Events)
	out := []message{}
	for _, e := range c.Events {
		m, ok, err := a.render(c, &f, e, loc)
		if err != nil {
			return nil, err
		}
		if ok {
			out = append(out, m)
		}
	}
	return out, nil
}

// facts are what rendering a chat's messages needs to know of its whole log: the ids, and
// the last events of each side (a message is seen once the other side acted after it).
type facts struct {
	account, chatID, vdID  int64
	visitor                store.Participant
	lastVisitor, lastAgent int // indexes of the last event of the visitor and of the other side
	completed              bool
}

// factsOf reads a chat's ids; scan then reads its log, in one go or page by page.
func (a *Adapter) factsOf(c *store.Chat) (facts, error) {
	account, err := number("account id", c.Key.Tenant)
	if err != nil {
		return facts{}, err
	}
	chatID, err := number("chat id", c.Key.ID)
	if err != nil {
		return facts{}, err
	}
	v, _ := c.Visitor()
	vdID, err := number("visitor id", v.Ref)
	if err != nil {
		return facts{}, err
	}
	return facts{account: account, chatID: chatID, vdID: vdID, visitor: v, completed: c.State == store.StateCompleted}, nil
}

func (f *facts) scan(events []store.Event) {
	for _, e := range events {
		if e.From == f.visitor.ID {
			f.lastVisitor = e.Index
		} else {
			f.lastAgent = e.Index
		}
	}
}

// render renders one event as a message; false for events Acquire does not show.
func (a *Adapter) render(c *store.Chat, f *facts, e store.Event, loc *time.Location) (message, bool, error) {
	if !isMessage(e) {
		return message{}, false, nil
	}
	missed := 0 // a completed chat no agent ever acted in
	if f.completed && f.lastAgent == 0 {
		missed = 1
	}
	m := message{
		ID: a.vary.MessageID(e.MessageID), ChatID: f.chatID, AccountID: f.account, Type: "message", Message: e.Text,
		DateCreated: date(e.Time, loc), Seen: seenNo, VdName: f.visitor.Name, VdID: f.vdID, MissedChat: missed,
	}
	fromVisitor := e.From == f.visitor.ID
	if (fromVisitor && f.lastAgent > e.Index) || (!fromVisitor && f.lastVisitor > e.Index) {
		m.Seen = seenYes
	}
	if err := a.sender(c, e.From, &m); err != nil {
		return message{}, false, err
	}
	if a.bugs.Has(api.BugAcquireVdIDSender) {
		m.VdID = m.SenderID
	}
	if loc != time.UTC && a.bugs.Has(api.BugAcquireZoneISODate) {
		m.DateCreated = e.Time.In(loc).Format(time.RFC3339)
	}
	return m, true, nil
}

// sender fills the sender fields of a message from the participant and, for agents, the
// fixtures (full name in first_name, empty last_name and the photo, as in [A1]).
func (a *Adapter) sender(c *store.Chat, from string, m *message) error {
	p, ok := c.Participant(from)
	if !ok {
		return api.Internal(errors.New("acquire chat " + c.Key.ID + ": event from unknown participant " + from))
	}
	id, err := number(p.Role+" id", p.Ref)
	if err != nil {
		return err
	}
	m.SenderID = id
	switch p.Role {
	case store.RoleVisitor:
		m.SenderType = "visitor"
		m.User = messageUser{Type: "visitor", Name: nullable(m.VdName)}
	case store.RoleBot:
		m.SenderType = "bot"
		m.BotName = nullable(p.Name)
		m.User = messageUser{Type: "bot", Name: nullable(p.Name)}
	default:
		name, photo := p.Name, ""
		if ag, ok := a.agent(c.Key.Tenant, p.Ref); ok {
			name, photo = ag.Name, ag.Photo
		}
		empty := ""
		m.SenderType = "agent"
		m.FirstName, m.LastName, m.Photo = &name, &empty, nullable(photo)
		m.User = messageUser{Type: "agent", Name: &name, Photo: nullable(photo)}
		if a.bugs.Has(api.BugAcquireAgentUserType) {
			m.User.Type = "user"
		}
	}
	return nil
}

// agentsOf returns the agents who took part in a chat, in join order.
func agentsOf(c *store.Chat) []store.Participant {
	var out []store.Participant
	for _, p := range c.Participants {
		if p.Role == store.RoleAgent {
			out = append(out, p)
		}
	}
	return out
}

// threadID is the chat's thread: its own thread id, or the chat id for a chat that has
// none (each such chat is a thread of its own).
func threadID(c *store.Chat) string {
	if c.Thread != "" {
		return c.Thread
	}
	return c.Key.ID
}
