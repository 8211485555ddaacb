package acquire

import (
	"cmp"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// thread is one entry of the GetProfileThreads list [A2].
type thread struct {
	ChatID             int64    `json:"chat_id"`
	ThreadID           int64    `json:"thread_id"`
	VisitorID          int64    `json:"visitor_id"`
	ThreadStatus       string   `json:"thread_status"`
	ChatUpdated        *string  `json:"chat_updated"`
	ChatCreated        *string  `json:"chat_created"`
	CountChat          int      `json:"count_chat"`
	ChatIDs            string   `json:"chat_ids"`
	Users              *string  `json:"users"`
	UserID             *string  `json:"user_id"`
	Agents             *string  `json:"agents"`
	AgentImgs          []string `json:"agent_imgs"`
	RecordingAvailable *int     `json:"recording_available"`
	ChatDuration       int      `json:"chat_duration"`
	ChatWaitTime       int      `json:"chat_wait_time"`
	FeedbackRating     *int     `json:"feedback_rating"`
	Rating             []string `json:"rating"`
	RatingTime         []string `json:"rating_time"`
	FeedbackMessage    string   `json:"feedback_message"`
}

type threadsData struct {
	Messages []thread `json:"messages"`
}

// defaultPageSize is the page size when neither limit nor per_page is sent.
const defaultPageSize = 20

// getProfileThreads serves GetProfileThreads: one page of the visitor's threads in the
// caller's account, newest first. Chats sharing a thread id form one thread; a chat without
// one is a thread of its own, numbered with the chat id. `limit` wins over `per_page`; a
// lead_id other than the visitor, or a chatid that is not the visitor's, gives an empty list.
func (a *Adapter) getProfileThreads(w http.ResponseWriter, r *api.Request) error {
	tenant, err := principal(r)
	if err != nil {
		return err
	}
	if err := checkOnce(r, threadFields); err != nil {
		return err
	}
	var f struct{ visitor, lead, chat, limit, perPage, page int64 }
	for _, p := range []struct {
		name string
		dst  *int64
		def  int64
	}{
		{"visitor_id", &f.visitor, 0}, {"lead_id", &f.lead, 0}, {"chatid", &f.chat, 0},
		{"limit", &f.limit, 0}, {"per_page", &f.perPage, 0}, {"page", &f.page, 1},
	} {
		if *p.dst, err = intField(r, p.name, p.def); err != nil {
			return err
		}
	}
	size := f.limit
	if size == 0 {
		size = f.perPage
	}
	if size == 0 {
		size = defaultPageSize
	}
	data := threadsData{Messages: []thread{}}
	visitor := strconv.FormatInt(f.visitor, 10)
	if f.lead > 0 && f.lead != f.visitor {
		return a.writeOK(w, data)
	}
	st, err := a.store()
	if err != nil {
		return err
	}
	chats := st.List(store.Filter{Vendor: Vendor, Tenant: tenant, Match: func(c *store.Chat) bool {
		v, ok := c.Visitor()
		return ok && (v.Ref == visitor || (f.lead == 0 && a.bugs.Has(api.BugAcquireThreadsAnyVisitor)))
	}})
	if f.chat > 0 && !slices.ContainsFunc(chats, func(c store.Chat) bool { return c.Key.ID == strconv.FormatInt(f.chat, 10) }) {
		return a.writeOK(w, data)
	}
	threads, err := a.threads(st, chats, zoneOf(r))
	if err != nil {
		return err
	}
	// Compare pages, not offsets: (page-1)*size overflows for a huge page (no maximum).
	if n := int64(len(threads)); f.page >= 1 && f.page-1 < (n+size-1)/size {
		start := (f.page - 1) * size
		data.Messages = threads[start:min(start+size, n)]
	}
	return a.writeOK(w, data)
}

// threads groups the chats (in creation order) into threads, newest first.
func (a *Adapter) threads(st *store.Store, chats []store.Chat, loc *time.Location) ([]thread, error) {
	groups := map[string][]store.Chat{}
	var order []string
	for _, c := range chats {
		id := threadID(&c)
		if groups[id] == nil {
			order = append(order, id)
		}
		groups[id] = append(groups[id], c)
	}
	// Newest first: by the creation time of each thread's latest chat, then by chat id.
	slices.SortStableFunc(order, func(x, y string) int {
		cx, cy := groups[x][len(groups[x])-1], groups[y][len(groups[y])-1]
		if c := cy.CreatedAt.Compare(cx.CreatedAt); c != 0 {
			return c
		}
		nx, _ := strconv.ParseInt(cx.Key.ID, 10, 64)
		ny, _ := strconv.ParseInt(cy.Key.ID, 10, 64)
		return cmp.Compare(ny, nx)
	})
	out := make([]thread, 0, len(order))
	for _, id := range order {
		t, err := a.thread(st, id, groups[id], loc)
		if err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, nil
}

// thread renders one thread from its chats, oldest first.
func (a *Adapter) thread(st *store.Store, id string, chats []store.Chat, loc *time.Location) (thread, error) {
	latest := chats[len(chats)-1]
	t := thread{ThreadStatus: threadOpen, CountChat: len(chats), AgentImgs: []string{}, Rating: []string{}, RatingTime: []string{}}
	var err error
	if t.ThreadID, err = number("thread id", id); err != nil {
		return t, err
	}
	if t.ChatID, err = number("chat id", latest.Key.ID); err != nil {
		return t, err
	}
	v, _ := latest.Visitor()
	if t.VisitorID, err = number("visitor id", v.Ref); err != nil {
		return t, err
	}
	t.ChatCreated = nullable(date(latest.CreatedAt, loc))
	t.ChatUpdated = nullable(date(latest.UpdatedAt, loc))
	if latest.State == store.StateCompleted {
		t.ThreadStatus = threadClosed
	}
	var ids, users, userIDs, names []string
	seen := map[string]bool{}
	for _, c := range chats {
		ids = append(ids, c.Key.ID)
		t.ChatDuration += int(c.UpdatedAt.Sub(c.CreatedAt) / time.Second)
		for _, p := range agentsOf(&c) {
			if seen[p.Ref] {
				continue
			}
			seen[p.Ref] = true
			name, photo := p.Nickname, ""
			if ag, ok := a.agent(c.Key.Tenant, p.Ref); ok {
				name, photo = cmp.Or(ag.Nickname, ag.Name), ag.Photo
			}
			users, userIDs, names = append(users, "agent-"+p.Ref), append(userIDs, p.Ref), append(names, cmp.Or(name, p.Name))
			if photo != "" {
				t.AgentImgs = append(t.AgentImgs, photo)
			}
		}
	}
	t.ChatIDs = strings.Join(ids, ",")
	t.Users, t.UserID, t.Agents = nullable(strings.Join(users, ",")), nullable(strings.Join(userIDs, ",")), nullable(strings.Join(names, ","))
	if t.ChatWaitTime, err = waitTime(st, latest); err != nil {
		return t, err
	}
	return t, nil
}

// waitTime is how long the visitor of a chat waited for the first agent to join, in
// seconds; 0 when no agent joined.
func waitTime(st *store.Store, c store.Chat) (int, error) {
	full, err := st.Read(c.Key, store.Query{})
	if err != nil {
		return 0, api.Internal(err)
	}
	start := full.CreatedAt
	for _, e := range full.Events {
		if e.Kind != store.KindJoined {
			continue
		}
		p, _ := full.Participant(e.From)
		switch p.Role {
		case store.RoleVisitor:
			start = e.Time
		case store.RoleAgent:
			return max(0, int(e.Time.Sub(start)/time.Second)), nil
		}
	}
	return 0, nil
}
