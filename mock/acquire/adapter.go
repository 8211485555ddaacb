package acquire

import (
	"encoding/json"
	"net/http"
	"sync"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/mock/vary"
)

// Vendor is this adapter's vendor name and store key.
const Vendor = fixtures.Acquire

// Adapter serves acquire-chat.yaml and acts in Acquire chats for the control API. Create it
// with New; Seed loads the credentials and chats of a fixture set.
type Adapter struct {
	mu       sync.RWMutex
	createMu sync.Mutex // serialises CreateChat (visitor id allocation)
	st       *store.Store
	tokens   map[api.Secret]string                // API token (its hash) -> account (tenant) id
	tenants  map[string]fixtures.Tenant           // by account id
	agents   map[string]map[string]fixtures.Agent // by account id, then agent id
	order    map[string][]fixtures.Agent          // by account id, in fixture order
	first    string                               // the first account, in fixture order

	vary *vary.Vary // the variation mode; nil when off
	bugs api.BugSet // planted bugs

	readMu sync.Mutex
	read   map[store.Key]int64 // acquire-read-consumes: the last message id read, per chat
}

// New returns an adapter without fixtures; Seed loads them.
func New() *Adapter { return &Adapter{} }

// Configure implements api.Configurable. The variation mode renders message ids with large
// jumps; the pipeline reorders members and adds some where the schema allows. The planted
// bugs are checked where they act (acquire-error-envelope in WriteError, the others in
// Authenticate, writeOK, and the handlers and renderers of messages and threads).
func (a *Adapter) Configure(b api.Behaviour) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.vary, a.bugs = b.Vary, b.Bugs
}

// Name implements api.Vendor.
func (a *Adapter) Name() string { return Vendor }

// Document implements api.Vendor.
func (a *Adapter) Document() string { return "acquire-chat.yaml" }

// Handlers implements api.Vendor.
func (a *Adapter) Handlers() map[string]api.HandlerFunc {
	return map[string]api.HandlerFunc{
		"GetProfileMessages": a.getProfileMessages,
		"GetProfileThreads":  a.getProfileThreads,
	}
}

// store returns the store Seed was given.
func (a *Adapter) store() (*store.Store, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.st == nil {
		return nil, api.Internal(errNotSeeded)
	}
	return a.st, nil
}

// agent returns an agent of an account from the fixtures.
func (a *Adapter) agent(tenant, id string) (fixtures.Agent, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	ag, ok := a.agents[tenant][id]
	return ag, ok
}

// firstAgent returns the account's first agent in fixture order.
func (a *Adapter) firstAgent(tenant string) (fixtures.Agent, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if list := a.order[tenant]; len(list) > 0 {
		return list[0], true
	}
	return fixtures.Agent{}, false
}

// tenant tells whether the account exists.
func (a *Adapter) tenant(id string) bool {
	a.mu.RLock()
	defer a.mu.RUnlock()
	_, ok := a.tenants[id]
	return ok
}

// writeOK writes the legacy success envelope around data.
func (a *Adapter) writeOK(w http.ResponseWriter, data any) error {
	if a.bugs.Has(api.BugAcquireHTMLContentType) {
		body, err := json.Marshal(envelope{Success: true, Data: data})
		if err != nil {
			return api.Internal(err)
		}
		return api.Raw(w, http.StatusOK, "text/html; charset=UTF-8", body)
	}
	return api.JSON(w, http.StatusOK, envelope{Success: true, Data: data})
}

// envelope is the legacy {success, error, data} wrapper of every response.
type envelope struct {
	Success bool    `json:"success"`
	Error   *string `json:"error"`
	Data    any     `json:"data"`
}
