package control

import (
	"net/http"
	"slices"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// listChats serves ListMockChats: chats matching every filter given, by vendor, then
// creation order, without their logs.
func (a *Adapter) listChats(w http.ResponseWriter, r *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	if err := knownQuery(r); err != nil {
		return err
	}
	chats := m.Store().List(store.Filter{Vendor: r.Query("vendor"), Tenant: r.Query("tenant"), State: r.Query("state")})
	slices.SortStableFunc(chats, func(x, y store.Chat) int { return strings.Compare(x.Key.Vendor, y.Key.Vendor) })
	out := make([]mockChat, 0, len(chats))
	for i := range chats {
		out = append(out, renderChat(&chats[i], false, a.varied()))
	}
	return api.JSON(w, http.StatusOK, map[string]any{"chats": out})
}

// getChat serves GetMockChat: the chat with its full log (agent-only events included);
// reading it moves no cursor.
func (a *Adapter) getChat(w http.ResponseWriter, r *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	key, err := findChat(m, r.Path("vendor"), r.Path("chatId"))
	if err != nil {
		return err
	}
	q := store.Query{Limit: pageSize}
	gen := m.Store().Generation()
	c, err := m.Store().Read(key, q)
	if err != nil {
		return notFound(key.Vendor, key.ID)
	}
	return a.streamChat(w, m.Store(), key, q, c, gen)
}

// findChat finds a chat by vendor and id. Chat ids are unique per vendor in practice
// (CreateMockChat refuses a taken id); should fixtures reuse an id in two tenants, the chat
// created first is the one the control API addresses.
func findChat(m Mock, vendor, id string) (store.Key, error) {
	chats := m.Store().List(store.Filter{Vendor: vendor, Match: func(c *store.Chat) bool { return c.Key.ID == id }})
	if len(chats) == 0 {
		return store.Key{}, notFound(vendor, id)
	}
	return chats[0].Key, nil
}

func notFound(vendor, id string) error {
	return api.Errorf(api.KindNotFound, "", "chat %s/%s not found", vendor, id)
}

// actor returns the vendor's actor, or a 404 when the mock does not serve the vendor.
func actor(m Mock, vendor string) (api.Actor, error) {
	if act := m.Actor(vendor); act != nil {
		return act, nil
	}
	return nil, api.Errorf(api.KindNotFound, "path vendor", "vendor %s is not served by this mock", vendor)
}

// createChatRequest is the CreateChatRequest schema.
type createChatRequest struct {
	ID      string `json:"id"`
	Tenant  string `json:"tenant"`
	Visitor struct {
		Name     string `json:"name"`
		Nickname string `json:"nickname"`
		Email    string `json:"email"`
	} `json:"visitor"`
	Agent    string            `json:"agent"`
	Subject  string            `json:"subject"`
	UserData map[string]string `json:"userData"`
	Messages []api.NewMessage  `json:"messages"`
}

// createChat serves CreateMockChat through the vendor's actor: 201 with the chat and its
// log; an id already used by the vendor (in any tenant) is a 409, an unknown tenant or
// agent a 400.
func (a *Adapter) createChat(w http.ResponseWriter, r *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	vendor := r.Path("vendor")
	act, err := actor(m, vendor)
	if err != nil {
		return err
	}
	var req createChatRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	n := api.NewChat{Vendor: vendor, ID: req.ID, Tenant: req.Tenant, Agent: req.Agent, Subject: req.Subject,
		UserData: req.UserData, Messages: req.Messages}
	n.Visitor.Name, n.Visitor.Nickname, n.Visitor.Email = req.Visitor.Name, req.Visitor.Nickname, req.Visitor.Email
	a.createMu.Lock()
	defer a.createMu.Unlock()
	if req.ID != "" {
		if _, err := findChat(m, vendor, req.ID); err == nil {
			return api.Errorf(api.KindConflict, "", "chat %s/%s already exists", vendor, req.ID)
		}
	}
	c, err := act.CreateChat(n)
	if err != nil {
		return bodyReference(err)
	}
	full, err := m.Store().Read(c.Key, store.Query{})
	if err != nil {
		return api.Internal(err)
	}
	return api.JSON(w, http.StatusCreated, renderChat(&full, true, a.varied()))
}
