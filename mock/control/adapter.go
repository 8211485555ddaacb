package control

import (
	"errors"
	"net/http"
	"sync"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/fault"
	"github.com/chatconform/chatconform/mock/reqlog"
	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/mock/vary"
)

// Mock is what the control API needs of the mock (*mock.Mock implements it).
type Mock interface {
	Store() *store.Store
	Requests() *reqlog.Log
	Faults() *fault.Registry
	// Load replaces all state with a fixture set.
	Load(*fixtures.Set) error
	// Reset goes back to the fixtures last loaded.
	Reset() error
	Fixtures() *fixtures.Set
	// Export returns the current state as a fixture set Load reproduces exactly.
	Export() *fixtures.Set
	// Actor returns the vendor's actor, or nil if the vendor has none.
	Actor(vendor string) api.Actor
	// Stats reads the process's memory and what the mock holds; gc collects garbage first.
	Stats(gc bool) Stats
	// Sessions describes the live CometD sessions of every vendor.
	Sessions() []Session
}

// ErrUnbound is the internal error of a request served before Bind.
var ErrUnbound = errors.New("control API is not bound to a mock")

// Adapter serves mock-control.yaml. Create it with New; when the Mock does not exist yet
// (it is built from the adapters), pass nil and call Bind once it does.
type Adapter struct {
	mu    sync.RWMutex
	m     Mock
	agent AgentConfig
	// baseline is what a reset restores the simulated agent to (DefaultAgentConfig unless
	// the mock was started with another, as chatmock --agent auto does).
	baseline AgentConfig
	hooks    []func(AgentConfig)
	// keepAgent is set while LoadFixtures loads a set: its Seed must not reset the
	// simulated agent (the spec keeps the configuration across LoadFixtures).
	keepAgent bool

	notifyMu sync.Mutex // serialises simulated-agent changes and their hooks
	loadMu   sync.Mutex // serialises ResetMock and LoadFixtures
	createMu sync.Mutex // serialises CreateMockChat (id uniqueness across tenants)

	vary *vary.Vary // the variation mode, for message ids; nil when off
}

// New returns the control adapter for m, which may be nil until Bind.
func New(m Mock) *Adapter {
	return &Adapter{m: m, agent: DefaultAgentConfig(), baseline: DefaultAgentConfig()}
}

// SetDefaultAgent makes c the simulated agent's configuration now and after every reset.
func (a *Adapter) SetDefaultAgent(c AgentConfig) {
	a.mu.Lock()
	a.baseline = cloneConfig(c)
	a.mu.Unlock()
	a.setAgent(c)
}

func (a *Adapter) defaultAgent() AgentConfig {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return cloneConfig(a.baseline)
}

// Configure implements api.Configurable: in the variation mode, events show message ids as
// the vendors render them.
func (a *Adapter) Configure(b api.Behaviour) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.vary = b.Vary
}

func (a *Adapter) varied() *vary.Vary {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.vary
}

// Bind sets the mock the adapter controls.
func (a *Adapter) Bind(m Mock) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.m = m
}

// mock returns the bound mock.
func (a *Adapter) mock() (Mock, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.m == nil {
		return nil, api.Internal(ErrUnbound)
	}
	return a.m, nil
}

// Name implements api.Vendor.
func (a *Adapter) Name() string { return "control" }

// Document implements api.Vendor.
func (a *Adapter) Document() string { return "mock-control.yaml" }

// Handlers implements api.Vendor.
func (a *Adapter) Handlers() map[string]api.HandlerFunc {
	return map[string]api.HandlerFunc{
		"ResetMock":           a.resetMock,
		"LoadFixtures":        a.loadFixtures,
		"ExportFixtures":      a.exportFixtures,
		"ListMockChats":       a.listChats,
		"CreateMockChat":      a.createChat,
		"GetMockChat":         a.getChat,
		"ActAsAgent":          a.actAsAgent,
		"ActAsVisitor":        a.actAsVisitor,
		"ListFaults":          a.listFaults,
		"AddFault":            a.addFault,
		"ClearFaults":         a.clearFaults,
		"DeleteFault":         a.deleteFault,
		"ListRequests":        a.listRequests,
		"ClearRequests":       a.clearRequests,
		"GetSimulatedAgent":   a.getSimulatedAgent,
		"SetSimulatedAgent":   a.setSimulatedAgent,
		"PatchSimulatedAgent": a.patchSimulatedAgent,
		"GetMockStats":        a.getStats,
		"ListCometDSessions":  a.listSessions,
		"Healthz":             a.healthz,
	}
}

// Authenticate implements api.Vendor: the control API has no security schemes.
func (a *Adapter) Authenticate(*http.Request, string) (any, error) { return nil, nil }

// Seed implements api.Vendor. The control API holds no fixture data; a reset of the mock
// (not a LoadFixtures) restores the simulated agent's default configuration.
func (a *Adapter) Seed(*store.Store, *fixtures.Set) error {
	a.mu.RLock()
	keep := a.keepAgent
	a.mu.RUnlock()
	if !keep {
		a.setAgent(a.defaultAgent())
	}
	return nil
}

// healthz serves Healthz.
func (a *Adapter) healthz(w http.ResponseWriter, _ *api.Request) error {
	return api.JSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// noContent answers 204.
func noContent(w http.ResponseWriter) error {
	w.WriteHeader(http.StatusNoContent)
	return nil
}
