package gws

import (
	"net/http"
	"sync"
	"sync/atomic"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/mock/vary"
)

// Vendor is this adapter's vendor name and store key.
const Vendor = fixtures.GWS

// Adapter serves gws-chat.yaml.
type Adapter struct {
	mu       sync.RWMutex
	st       *store.Store
	tenants  map[string]fixtures.Tenant  // by ContactCenterId
	agents   map[string]fixtures.Agent   // by username
	byID     map[string]fixtures.Agent   // by agent id
	order    map[string][]fixtures.Agent // by tenant, in fixture order (routing)
	pub      api.Publisher               // CometD notifications; nil until Attach
	sessions sessions                    // agent session cookies
	first    string                      // the first contact center, in fixture order

	vary *vary.Vary // the variation mode; nil when off
	bugs api.BugSet // planted bugs

	skipMu sync.Mutex
	skips  map[store.Key]bool // gws-cursor-skips: the next message is lost
	logs   atomic.Int64       // MessageLogUpdated notifications (gws-drop-notification)
}

// New returns an adapter with no fixtures; Seed loads them.
func New() *Adapter { return &Adapter{} }

// Name implements api.Vendor.
func (a *Adapter) Name() string { return Vendor }

// Document implements api.Vendor.
func (a *Adapter) Document() string { return "gws-chat.yaml" }

// Handlers implements api.Vendor.
func (a *Adapter) Handlers() map[string]api.HandlerFunc {
	return map[string]api.HandlerFunc{
		"RequestChat":           a.requestChat,
		"GetChat":               a.getChat,
		"GetMessages":           a.getMessages,
		"CustomerChatOperation": a.customerOperation,
		"ListAgentChats":        a.withSession(a.listAgentChats),
		"GetAgentChat":          a.withSession(a.getAgentChat),
		"GetAgentMessages":      a.withSession(a.getAgentMessages),
		"AgentChatOperation":    a.withSession(a.agentOperation),
	}
}

// Seed implements api.Vendor: contact centers, agents and chats of the fixture set; chats
// still waiting are offered to an agent.
func (a *Adapter) Seed(st *store.Store, set *fixtures.Set) error {
	tenants, first := map[string]fixtures.Tenant{}, ""
	for _, t := range set.TenantsOf(Vendor) {
		tenants[t.ID] = t
		if first == "" {
			first = t.ID
		}
	}
	agents, byID, order := map[string]fixtures.Agent{}, map[string]fixtures.Agent{}, map[string][]fixtures.Agent{}
	for _, ag := range set.Agents {
		if ag.Vendor != Vendor {
			continue
		}
		agents[ag.Username] = ag
		byID[ag.ID] = ag
		order[ag.Tenant] = append(order[ag.Tenant], ag)
	}
	a.mu.Lock()
	a.st, a.tenants, a.agents, a.byID, a.order, a.first = st, tenants, agents, byID, order, first
	a.mu.Unlock()
	a.sessions.reset()
	a.skipMu.Lock()
	a.skips = nil
	a.skipMu.Unlock()
	for _, c := range set.ChatsOf(Vendor) {
		_, err := api.SeedChat(st, set, c, func(tx *store.Tx) {
			if tx.C.State == store.StateWaiting {
				a.offer(tx, "")
			}
			tx.C.VendorState = customerState(&tx.C)
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func (a *Adapter) store() *store.Store {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.st
}

// tenant returns the contact center named by the ContactCenterId header.
func (a *Adapter) tenant(r *http.Request) (fixtures.Tenant, error) {
	if r.Header.Get("Authorization") == "" && a.bugs.Has(api.BugGWSCustomerAuth) {
		return fixtures.Tenant{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "HTTP Basic credentials are required")
	}
	id := r.Header.Get("ContactCenterId")
	a.mu.RLock()
	t, ok := a.tenants[id]
	a.mu.RUnlock()
	if !ok {
		return fixtures.Tenant{}, api.Errorf(api.KindNotFound, "header ContactCenterId", "contact center %q not found", id)
	}
	return t, nil
}

// update runs fn in a store transaction and keeps the chat's vendor state (the customer's
// view: WaitingForAgent, Chatting or Idle) in step with it.
func (a *Adapter) update(key store.Key, fn func(*store.Tx) error) ([]store.Event, store.Chat, error) {
	return a.store().Update(key, func(tx *store.Tx) error {
		if err := fn(tx); err != nil {
			return err
		}
		tx.C.VendorState = customerState(&tx.C)
		return nil
	})
}
