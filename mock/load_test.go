package mock

import (
	"net/http"
	"testing"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// seeding is a fake whose Seed creates one chat, and can be held half-way (the store
// emptied, the chat not yet created) until the test lets it go on.
type seeding struct {
	*fake
	held    chan struct{} // closed when a held Seed has emptied the store
	proceed chan struct{} // closed to let it go on
}

func (f *seeding) Seed(st *store.Store, _ *fixtures.Set) error {
	if f.held != nil {
		close(f.held)
		<-f.proceed
	}
	_, err := st.Create(store.ChatSpec{Vendor: "gws", ID: "c1"})
	return err
}

// TestLoadIsAtomicForVendorRequests holds a fixture load after the store was emptied and
// sends a vendor request then: it must see the chat of the new fixtures (it waits for the
// load), not the empty store in between. The load goes on when the request has answered
// or, since a waiting request cannot be observed, after a moment.
func TestLoadIsAtomicForVendorRequests(t *testing.T) {
	f := &seeding{fake: &fake{}}
	var m *Mock
	f.answer = func(w http.ResponseWriter, r *api.Request) error {
		if _, err := m.Store().Get(store.Key{Vendor: "gws", ID: r.PathParams["chatId"]}); err != nil {
			return api.Internal(err)
		}
		return ok(w, r)
	}
	m = newFake(t, f.fake, WithVendors(f))
	f.held, f.proceed = make(chan struct{}), make(chan struct{})
	loaded := make(chan error, 1)
	go func() { loaded <- m.Load(&fixtures.Set{}) }()
	<-f.held
	answered := make(chan int, 1)
	go func() { answered <- serve(m, "GET", "/api/v2/chats/c1", "", cc...).Code }()
	var code int
	select {
	case code = <-answered:
	case <-time.After(50 * time.Millisecond):
	}
	close(f.proceed)
	if err := <-loaded; err != nil {
		t.Fatalf("Load: %v", err)
	}
	if code == 0 {
		code = <-answered
	}
	if code != 200 {
		t.Errorf("request during a load = %d; want 200 (the new fixtures' chat)", code)
	}
	if _, err := m.Store().Get(store.Key{Vendor: "gws", ID: "c1"}); err != nil {
		t.Errorf("after the load: %v; want chat c1", err)
	}
}

// TestSlowResponseDoesNotHoldUpALoad: the state lock goes when the response starts, so a
// response stuck on its way to a client that does not read does not block a reset.
func TestSlowResponseDoesNotHoldUpALoad(t *testing.T) {
	stuck, started := make(chan struct{}), make(chan struct{})
	f := &fake{answer: func(w http.ResponseWriter, _ *api.Request) error {
		w.WriteHeader(200)
		close(started)
		<-stuck // a Write blocked on a full socket
		return nil
	}}
	m := newFake(t, f)
	go serve(m, "GET", "/api/v2/chats/c1", "", cc...)
	<-started
	loaded := make(chan error, 1)
	go func() { loaded <- m.Load(&fixtures.Set{}) }()
	select {
	case err := <-loaded:
		if err != nil {
			t.Errorf("Load: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Error("Load waited for a response stuck on its way to the client")
	}
	close(stuck)
}
