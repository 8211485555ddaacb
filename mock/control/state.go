package control

import (
	"fmt"
	"net/http"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
)

// vendors are the vendor APIs a fixture set may hold chats for.
var vendors = []string{fixtures.GWS, fixtures.SuperOffice, fixtures.Acquire}

// resetMock serves ResetMock: the fixtures last loaded, no faults, the default simulated
// agent. The request log is kept.
func (a *Adapter) resetMock(w http.ResponseWriter, _ *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	a.loadMu.Lock()
	defer a.loadMu.Unlock()
	m.Faults().Clear()
	if err := m.Reset(); err != nil {
		return api.Internal(fmt.Errorf("reset: %w", err))
	}
	a.setAgent(a.defaultAgent())
	return noContent(w)
}

// counts is the FixtureCounts schema.
type counts struct {
	Tenants int `json:"tenants"`
	Agents  int `json:"agents"`
	Chats   int `json:"chats"`
	Events  int `json:"events"`
}

// loadFixtures serves LoadFixtures: the set replaces the store and becomes what ResetMock
// restores. It is validated as a whole first (fixtures.Validate and each vendor's
// api.FixtureChecker, in mock.Load), so a bad set is a 400 that changes nothing. Faults, the request log and
// the simulated agent are kept.
func (a *Adapter) loadFixtures(w http.ResponseWriter, r *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	var set fixtures.Set
	if err := decode(r, &set); err != nil {
		return err
	}
	normalize(&set)
	if err := set.Validate(); err != nil {
		return api.Errorf(api.KindInvalid, "body", "%s", err.Error())
	}
	a.loadMu.Lock()
	defer a.loadMu.Unlock()
	a.mu.Lock()
	a.keepAgent = true
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.keepAgent = false
		a.mu.Unlock()
	}()
	// Load checks the set with every adapter before it changes anything, and restores the
	// previous set if seeding fails, so a refused set changes nothing.
	if err := m.Load(&set); err != nil {
		return api.Errorf(api.KindInvalid, "body", "%s", err.Error())
	}
	n := counts{Tenants: len(set.Tenants), Agents: len(set.Agents), Chats: len(set.Chats)}
	for _, c := range set.Chats {
		n.Events += len(c.Events)
	}
	return api.JSON(w, http.StatusOK, n)
}

// exportFixtures serves ExportFixtures: the current state as a fixture set that
// LoadFixtures, chatmock --fixtures and --state load back exactly.
func (a *Adapter) exportFixtures(w http.ResponseWriter, _ *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	return api.JSON(w, http.StatusOK, m.Export())
}

// normalize fills in what the control API's FixtureSet lets a client leave out: an agent's
// vendor (the vendor of its tenant, when the tenant id is unique across vendors), and an
// event's sender given as the visitor's id rather than "visitor".
func normalize(set *fixtures.Set) {
	vendorOf := map[string][]string{}
	for _, t := range set.Tenants {
		vendorOf[t.ID] = append(vendorOf[t.ID], t.Vendor)
	}
	agents := map[string]bool{}
	for i := range set.Agents {
		ag := &set.Agents[i]
		if ag.Vendor == "" && len(vendorOf[ag.Tenant]) == 1 {
			ag.Vendor = vendorOf[ag.Tenant][0]
		}
		agents[ag.Vendor+"/"+ag.ID] = true
	}
	for i := range set.Chats {
		c := &set.Chats[i]
		for j := range c.Events {
			e := &c.Events[j]
			if c.Visitor.ID != "" && e.From == c.Visitor.ID && !agents[c.Vendor+"/"+e.From] {
				e.From = fixtures.FromVisitor
			}
		}
	}
}
