package gws

import (
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// customerReader is the cursor name of a chat's customer (GetMessages without index).
const customerReader = "customer"

type ok struct {
	StatusCode int `json:"statusCode"`
}

// chatKey resolves the ContactCenterId and the path's chat id to a store key.
func (a *Adapter) chatKey(r *api.Request) (store.Key, error) {
	t, err := a.tenant(r.Request)
	if err != nil {
		return store.Key{}, err
	}
	k := store.Key{Vendor: Vendor, Tenant: t.ID, ID: r.Path("chatId")}
	if a.bugs.Has(api.BugGWSTenantLeak) {
		k = a.leakTenant(k)
	}
	return k, nil
}

// notFound turns the store's ErrNotFound into the GWS statusCode 6.
func notFound(err error, id string) error {
	if errors.Is(err, store.ErrNotFound) {
		return api.Errorf(api.KindNotFound, "path chatId", "chat %s not found", id)
	}
	return err
}

func (a *Adapter) requestChat(w http.ResponseWriter, r *api.Request) error {
	t, err := a.tenant(r.Request)
	if err != nil {
		return err
	}
	queue := r.String("endpoint")
	if queue != "" && len(t.Queues) > 0 && !slices.Contains(t.Queues, queue) {
		return api.Errorf(api.KindInvalid, "body endpoint", "no queue %q in contact center %s", queue, t.ID)
	}
	if queue == "" && len(t.Queues) > 0 {
		queue = t.Queues[0]
	}
	var userData map[string]string
	if m, isMap := r.Field("userData").(map[string]any); isMap {
		userData = make(map[string]string, len(m))
		for k, v := range m {
			userData[k], _ = v.(string)
		}
	}
	st := a.store()
	c, err := st.Create(store.ChatSpec{
		Vendor: Vendor, Tenant: t.ID, State: store.StateWaiting,
		Subject: r.String("subject"), Queue: queue, UserData: userData,
	})
	if err != nil {
		return api.Internal(err)
	}
	path := "/api/v2/chats/" + c.Key.ID
	_, _, err = a.update(c.Key, func(tx *store.Tx) error {
		tx.Ref(r.Ref)
		from := tx.AddParticipant(store.Participant{Role: store.RoleVisitor, Name: r.String("nickname"), Nickname: r.String("nickname")})
		tx.Append(store.EventSpec{Kind: store.KindJoined, From: from})
		a.offer(tx, "")
		if a.bugs.Has(api.BugGWSPathParticipantID) {
			path = "/api/v2/chats/" + a.participantID(&tx.C, from) // the wrong id
		}
		return nil
	})
	if err != nil {
		return api.Internal(err)
	}
	return api.JSON(w, http.StatusOK, struct {
		ID         string `json:"id"`
		StatusCode int    `json:"statusCode"`
		Path       string `json:"path"`
	}{c.Key.ID, 0, path})
}

func (a *Adapter) getChat(w http.ResponseWriter, r *api.Request) error {
	key, err := a.chatKey(r)
	if err != nil {
		return err
	}
	c, err := a.store().Get(key)
	if err != nil {
		return notFound(err, key.ID)
	}
	return api.JSON(w, http.StatusOK, struct {
		Chat       customerChat `json:"chat"`
		StatusCode int          `json:"statusCode"`
	}{a.renderCustomerChat(&c), 0})
}

func (a *Adapter) getMessages(w http.ResponseWriter, r *api.Request) error {
	key, err := a.chatKey(r)
	if err != nil {
		return err
	}
	q := store.Query{Visibility: store.VisibleAll, Reader: customerReader, Unread: true}
	if a.bugs.Has(api.BugGWSIgnoreCursor) {
		q = store.Query{Visibility: store.VisibleAll}
	}
	s := r.Query("index")
	if s != "" {
		n, err := strconv.Atoi(s)
		if err != nil || n < 0 {
			return api.Errorf(api.KindInvalid, "query index", "%q is not an index (an integer, 0 or more)", s)
		}
		if a.bugs.Has(api.BugGWSIndexOffByOne) {
			n++ // exclusive: index=N starts after N
		}
		q = store.Query{Visibility: store.VisibleAll, FromIndex: a.fromIndex(key, n)}
	}
	streams := a.streams()
	if streams {
		q.Limit = pageSize
	}
	gen := a.store().Generation()
	c, err := a.store().Read(key, q)
	if err != nil {
		return notFound(err, key.ID)
	}
	if streams {
		return a.streamMessages(w, key, q, 0, c, gen, false)
	}
	msgs := a.renderMessages(&c, c.Events, false)
	switch {
	case s != "" && q.FromIndex == 0 && a.bugs.Has(api.BugGWSIndexExclusiveZero):
		msgs = msgs[:0]
	case s == "" && a.bugs.Has(api.BugGWSCursorSkips):
		msgs = a.skipNext(key, msgs)
	}
	return api.JSON(w, http.StatusOK, struct {
		Messages   []wireMessage `json:"messages"`
		StatusCode int           `json:"statusCode"`
	}{msgs, 0})
}

func (a *Adapter) customerOperation(w http.ResponseWriter, r *api.Request) error {
	key, err := a.chatKey(r)
	if err != nil {
		return err
	}
	op := r.String("operationName")
	_, _, err = a.update(key, func(tx *store.Tx) error {
		tx.Ref(r.Ref)
		if !slices.Contains(customerCapabilities(&tx.C), op) {
			return api.Errorf(api.KindWrongState, "body operationName", "%s is not valid for the chat in state %s", op, customerState(&tx.C))
		}
		visitor, _ := tx.C.Visitor()
		if op == "Complete" && a.bugs.Has(api.BugGWSCompleteKeepsState) {
			tx.Append(store.EventSpec{Kind: store.KindLeft, From: visitor.ID})
			tx.SetPresent(visitor.ID, false)
			return nil // the state is not changed
		}
		return customerAct(tx, visitor.ID, op, r.String("text"))
	})
	if err != nil {
		return notFound(err, key.ID)
	}
	return api.JSON(w, http.StatusOK, ok{})
}

// customerAct applies one customer operation whose capability has been checked.
func customerAct(tx *store.Tx, from, op, text string) error {
	switch op {
	case "SendMessage":
		tx.Append(store.EventSpec{Kind: store.KindText, From: from, Text: text})
	case "SendStartTypingNotification":
		tx.Append(store.EventSpec{Kind: store.KindTypingStarted, From: from, Text: text})
	case "SendStopTypingNotification":
		tx.Append(store.EventSpec{Kind: store.KindTypingStopped, From: from})
	case "Complete":
		tx.Append(store.EventSpec{Kind: store.KindLeft, From: from})
		tx.SetPresent(from, false)
		if len(tx.C.PresentAgents()) == 0 {
			tx.C.OfferedTo = ""
			tx.SetState(store.StateCompleted)
		} else {
			tx.SetState(store.StateIdle)
		}
	default:
		return api.Errorf(api.KindInvalid, "body operationName", "unknown operation %q", op)
	}
	return nil
}
