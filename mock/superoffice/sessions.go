package superoffice

import (
	"errors"
	"mime"
	"net/http"
	"reflect"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// getSession serves GetChatSessionEntity: the entity with links; 404 for an unknown id.
func (a *Adapter) getSession(w http.ResponseWriter, r *api.Request) error {
	keep, err := parseSelect(r.Query("$select"))
	if err != nil {
		return err
	}
	k, err := a.sessionKey(r)
	if err != nil {
		return err
	}
	c, err := a.store().Get(k)
	if errors.Is(err, store.ErrNotFound) && a.bugs.Has(api.BugSOUnknownSessionNull) {
		return a.reply(w, r.Request, http.StatusOK, nullEntity{})
	}
	if err != nil {
		return notFound(err, k)
	}
	v := a.view(r.Request, r.Tenant)
	return a.reply(w, r.Request, http.StatusOK, selectFields(withLinks(a.entity(&c, v), v), keep).root())
}

// defaultSession serves DefaultChatSessionEntity: an unsaved entity with the server's
// defaults (id 0, Status RequestPosted, WhenRequested now).
func (a *Adapter) defaultSession(w http.ResponseWriter, r *api.Request) error {
	t, err := a.tenant(r.Tenant)
	if err != nil {
		return err
	}
	if a.bugs.Has(api.BugSODefaultAsID) {
		return api.Errorf(api.KindInvalid, "path chatSessionId", "%q is not an integer", "default")
	}
	c := store.Chat{Key: key(t.ID, "0"), VendorState: statusRequestPosted, CreatedAt: a.store().Now(), Attrs: map[string]string{}}
	return a.reply(w, r.Request, http.StatusOK, a.entity(&c, a.view(r.Request, r.Tenant)).root())
}

// createSession serves PostChatSessionEntity: a new session with a numeric ChatSessionId
// from the store's counter (a client-sent id is ignored), Status RequestPosted unless given,
// WhenRequested now unless given, a generated SessionKey, and the customer as its visitor.
// Every field is checked before anything is stored. Answers 200 with links.
func (a *Adapter) createSession(w http.ResponseWriter, r *api.Request) error {
	t, _, err := a.caller(r)
	if err != nil {
		return err
	}
	keep, err := parseSelect(r.Query("$select"))
	if err != nil {
		return err
	}
	body := entityBody(r)
	var sets []setter
	for _, f := range fields {
		v, ok := body[f.name]
		if !ok || f.name == "ChatSessionId" {
			continue
		}
		s, err := a.prepare(t.ID, f, v, "body "+f.name)
		if err != nil {
			return err
		}
		sets = append(sets, s)
	}
	st := a.store()
	queued := len(st.List(store.Filter{Vendor: Vendor, Tenant: t.ID, Match: func(c *store.Chat) bool { return statusOf(c) == statusInQueue }}))
	c, err := st.Create(store.ChatSpec{Vendor: Vendor, Tenant: t.ID, NumericID: true,
		State: stateOf(statusRequestPosted), VendorState: statusRequestPosted})
	if err != nil {
		return api.Internal(err)
	}
	_, c, err = st.Update(c.Key, func(tx *store.Tx) error {
		ensureVisitor(tx)
		for _, s := range sets {
			s(tx)
		}
		if tx.C.Attrs["WhenRequested"] == "" {
			setTime(tx, "WhenRequested", tx.Now())
		}
		if tx.C.Attrs["SessionKey"] == "" {
			setAttr(tx, "SessionKey", sessionKeyFor(t.ID, tx.C.Key.ID, tx.Now()))
		}
		if statusOf(&tx.C) == statusInQueue && tx.C.Attrs["InitialQueuePos"] == "" {
			setInt(tx, "InitialQueuePos", int64(queued+1))
		}
		return nil
	})
	if err != nil {
		return api.Internal(err)
	}
	status := http.StatusOK
	if a.bugs.Has(api.BugSOCreate201) {
		status = http.StatusCreated
	}
	v := a.view(r.Request, r.Tenant)
	return a.reply(w, r.Request, status, selectFields(withLinks(a.entity(&c, v), v), keep).root())
}

// entityBody returns a create body as entity properties: a form's dotted link keys
// (User.AssociateId=12) become objects ({"User": {"AssociateId": 12}}).
func entityBody(r *api.Request) map[string]any {
	body, _ := r.Body.(map[string]any)
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/x-www-form-urlencoded" {
		return body
	}
	out := map[string]any{}
	for k, v := range body {
		if obj, prop, ok := strings.Cut(k, "."); ok {
			m, _ := out[obj].(map[string]any)
			if m == nil {
				m = map[string]any{}
				out[obj] = m
			}
			m[prop] = v
			continue
		}
		out[k] = v
	}
	return out
}

// deleteSession serves DeleteChatSessionEntity: 204, or 404 for an unknown id.
func (a *Adapter) deleteSession(w http.ResponseWriter, r *api.Request) error {
	k, err := a.sessionKey(r)
	if err != nil {
		return err
	}
	if a.bugs.Has(api.BugSODeleteNoop) {
		if _, err := a.store().Get(k); err != nil {
			return notFound(err, k)
		}
	} else if err := a.store().Delete(k); err != nil {
		return notFound(err, k)
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

// sessionsForUser serves ChatSessionsForUser: the sessions assigned to the authenticated
// associate, in creation order.
func (a *Adapter) sessionsForUser(w http.ResponseWriter, r *api.Request) error {
	t, ag, err := a.caller(r)
	if err != nil {
		return err
	}
	chats := a.store().List(store.Filter{Vendor: Vendor, Tenant: t.ID, Match: func(c *store.Chat) bool {
		return c.Attrs[attrUser] == ag.ID
	}})
	v := a.view(r.Request, r.Tenant)
	items := make([]entity, 0, len(chats))
	for i := range chats {
		items = append(items, a.entity(&chats[i], v))
	}
	return a.reply(w, r.Request, http.StatusOK, newEntityList(items))
}

// parseSelect reads an entity $select: the fields to keep, nil for all.
func parseSelect(sel string) (map[string]bool, error) {
	if strings.TrimSpace(sel) == "" {
		return nil, nil
	}
	keep := map[string]bool{"ChatSessionId": true}
	for _, name := range strings.Split(sel, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		f, ok := fieldNamed(name)
		if !ok {
			return nil, api.Errorf(api.KindInvalid, "query $select", "%q is not a ChatSessionEntity field", name)
		}
		keep[strings.TrimPrefix(f.name, "_")] = true
	}
	return keep, nil
}

// selectFields resets the fields not kept to their defaults, as the vendor does.
func selectFields(e entity, keep map[string]bool) entity {
	if keep == nil {
		return e
	}
	rv := reflect.ValueOf(&e).Elem()
	rt := rv.Type()
	for i := range rt.NumField() {
		name := rt.Field(i).Name
		if name == "XMLName" || name == "Links" || keep[name] {
			continue
		}
		rv.Field(i).SetZero()
	}
	if e.Status == "" {
		e.Status = statusInvalid
	}
	if e.Flags == "" {
		e.Flags = "None"
	}
	return e
}

// sessionID returns the ChatSessionId of a chat.
func sessionID(c *store.Chat) int64 {
	n, _ := strconv.ParseInt(c.Key.ID, 10, 64)
	return n
}
