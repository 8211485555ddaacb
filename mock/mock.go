package mock

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/bayeux"
	"github.com/chatconform/chatconform/mock/bot"
	"github.com/chatconform/chatconform/mock/browser"
	"github.com/chatconform/chatconform/mock/console"
	"github.com/chatconform/chatconform/mock/fault"
	"github.com/chatconform/chatconform/mock/reqlog"
	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/mock/vary"
	"github.com/chatconform/chatconform/spec"
)

// DefaultMaxBody is the largest request body accepted; larger ones get 413.
const DefaultMaxBody = 256 << 10

// Mock is the mock server. Create it with New; it is an http.Handler.
type Mock struct {
	specs    *spec.Set
	store    *store.Store
	log      *slog.Logger
	requests *reqlog.Log
	faults   *fault.Registry
	strict   bool
	vary     *vary.Vary // nil unless WithVary
	bugs     api.BugSet
	bot      *bot.Bot // the simulated agent
	maxBody  int64
	refs     atomic.Int64
	vendors  map[string]*bound // by vendor name
	prefixes []prefix
	push     []pushServer // Bayeux servers, by path
	browser  *browser.Guard
	console  *console.Console // nil when the control API is not served

	eventSchemas []*openapi3.SchemaRef // AsyncAPI payloads, for the variation mode

	fixMu    sync.Mutex
	fixtures *fixtures.Set

	// state is held shared by every vendor request from validation until its response
	// starts, and exclusively by Load, so a request sees the fixtures before a load or
	// after it, never a store being emptied and seeded.
	state sync.RWMutex

	opts struct {
		clock     func() time.Time
		ids       func() string
		random    func() float64
		logSize   int
		logBytes  int64
		fixtures  *fixtures.Set
		vendors   []api.Vendor
		bayeux    bayeux.Options
		agentMode string
		bugs      []string
		browser   browser.Options
		// requestLog, when set, prints each recorded request (WithRequestLogger).
		requestLog *slog.Logger
	}
}

// pushServer is a Bayeux server mounted at a path for a notifying adapter.
type pushServer struct {
	path   string
	vendor string
	server *bayeux.Server
}

// bound is a vendor adapter with its document and handlers checked.
type bound struct {
	api.Vendor
	doc        *spec.Document
	handlers   map[string]api.HandlerFunc
	negotiates bool
	validation *openapi3filter.Options // shared by every request; read-only after bind
}

// prefix sends paths that start with path to a vendor.
type prefix struct {
	path   string
	vendor string
}

// ErrUnboundOperation is returned by New when an operation has no handler.
var ErrUnboundOperation = errors.New("operation has no handler")

// New loads the specs, binds every operation to its adapter's handler, loads the fixtures,
// and returns the mock.
func New(opts ...Option) (*Mock, error) {
	m := &Mock{log: slog.New(slog.NewTextHandler(io.Discard, nil)), maxBody: DefaultMaxBody}
	m.opts.clock = func() time.Time { return time.Now().UTC() }
	m.opts.random = rand.Float64
	m.opts.logSize = 1000
	for _, o := range opts {
		o(m)
	}
	var err error
	if m.bugs, err = api.ParseBugs(m.opts.bugs...); err != nil {
		return nil, err
	}
	if m.specs, err = spec.Load(); err != nil {
		return nil, fmt.Errorf("load specs: %w", err)
	}
	storeOpts := []store.Option{store.WithClock(m.opts.clock)}
	if m.opts.ids != nil {
		storeOpts = append(storeOpts, store.WithIDs(m.opts.ids))
	} else if m.vary != nil {
		storeOpts = append(storeOpts, store.WithIDs(m.vary.ChatID))
	}
	m.store = store.New(storeOpts...)
	m.requests = reqlog.New(m.opts.logSize, m.opts.logBytes)
	m.faults = fault.New(m.opts.random, m.opts.clock)
	vendors := m.opts.vendors
	if vendors == nil {
		vendors = m.defaultVendors()
	}
	if err := m.bind(vendors); err != nil {
		return nil, err
	}
	if m.browser, err = m.newGuard(); err != nil {
		return nil, err
	}
	if m.vendors["control"] != nil {
		if m.console, err = console.New(m.specs); err != nil {
			return nil, err
		}
	}
	m.configure()
	m.attachNotifiers()
	m.startBot()
	m.feedConsole()
	set := m.opts.fixtures
	if set == nil {
		if set, err = fixtures.Default(); err != nil {
			return nil, fmt.Errorf("default fixtures: %w", err)
		}
	}
	if err := m.Load(set); err != nil {
		return nil, err
	}
	return m, nil
}

// bind checks that every operation of every OpenAPI document has a handler in the adapter
// serving that document, and that every document has an adapter.
func (m *Mock) bind(vendors []api.Vendor) error {
	m.vendors = make(map[string]*bound)
	byDoc := map[string]api.Vendor{}
	for _, v := range vendors {
		doc := m.specs.Document(v.Document())
		if doc == nil || doc.OpenAPI == nil {
			return fmt.Errorf("vendor %s: no OpenAPI document %q", v.Name(), v.Document())
		}
		b := &bound{Vendor: v, doc: doc, handlers: v.Handlers()}
		b.validation = validationOptions(b)
		if n, ok := v.(api.Negotiator); ok {
			b.negotiates = n.NegotiatesContent()
		}
		m.vendors[v.Name()] = b
		byDoc[doc.Name] = v
	}
	for _, op := range m.specs.Operations() {
		v := byDoc[op.Document.Name]
		if v == nil && m.opts.vendors != nil {
			continue // WithVendors: only the given documents are served
		}
		if v == nil {
			return fmt.Errorf("%w: %s (%s %s in %s): no adapter serves %s", ErrUnboundOperation, op.ID, op.Method, op.Path, op.Document.Name, op.Document.Name)
		}
		if m.vendors[v.Name()].handlers[op.ID] == nil {
			return fmt.Errorf("%w: %s (%s %s in %s)", ErrUnboundOperation, op.ID, op.Method, op.Path, op.Document.Name)
		}
	}
	m.prefixes = nil
	for _, p := range []prefix{
		{"/api/v2/", "gws"}, {"/api/v1/", "superoffice"}, {"/api/profile/", "acquire"},
		{"/mock/", "control"}, {"/healthz", "control"},
	} {
		if m.vendors[p.vendor] != nil {
			m.prefixes = append(m.prefixes, p)
		}
	}
	return nil
}

// Load replaces all state with a fixture set: the set is validated and every adapter that
// can checks it first, so a set refused there changes nothing; then the store is emptied
// and every adapter seeds its part. If seeding still fails, the previous set is restored.
// Faults and the request log are kept. Vendor requests in flight finish first and those
// that arrive wait, so each sees the old state or the new.
func (m *Mock) Load(set *fixtures.Set) error {
	if err := set.Validate(); err != nil {
		return err
	}
	for _, name := range vendorOrder {
		if c, ok := m.vendors[name].checker(); ok {
			if err := c.CheckFixtures(set); err != nil {
				return fmt.Errorf("%s fixtures: %w", name, err)
			}
		}
	}
	m.state.Lock()
	defer m.state.Unlock()
	m.fixMu.Lock()
	defer m.fixMu.Unlock()
	if m.bot != nil {
		defer m.bot.Adopt() // runs last: the chats the set leaves waiting are taken as new ones
		m.bot.Suspend()     // pending actions belong to the chats being replaced
		defer m.bot.Resume()
	}
	// Loading is not activity: observers (notifications, the simulated agent) do not see it,
	// and every CometD session ends, so agent desktops handshake again and reload.
	m.store.Mute(true)
	defer m.store.Mute(false)
	for _, p := range m.push {
		p.server.Expire(nil)
	}
	if err := m.seed(set); err != nil {
		if prev := m.fixtures; prev != nil {
			if rerr := m.seed(prev); rerr != nil {
				return errors.Join(err, fmt.Errorf("restore the previous fixtures: %w", rerr))
			}
		}
		return err
	}
	m.fixtures = set
	if m.console != nil {
		m.console.Publish(console.Event{Topic: "resync"}) // everything changed, silently
	}
	return nil
}

// vendorOrder is the order adapters seed in.
var vendorOrder = []string{"gws", "superoffice", "acquire", "control"}

func (m *Mock) seed(set *fixtures.Set) error {
	m.store.Reset()
	for _, name := range vendorOrder {
		if v := m.vendors[name]; v != nil {
			if err := v.Seed(m.store, set); err != nil {
				return fmt.Errorf("seed %s: %w", name, err)
			}
		}
	}
	// Each adapter seeds its own chats; List order (creation order) follows the set's.
	keys := make([]store.Key, len(set.Chats))
	for i, c := range set.Chats {
		keys[i] = store.Key{Vendor: c.Vendor, Tenant: c.Tenant, ID: c.ID}
	}
	m.store.Order(keys)
	m.store.RaiseMessageID(set.LastMessageID)
	return nil
}

// Export returns the current state as a fixture set that Load reproduces exactly: the
// tenants and agents of the fixtures last loaded, and every chat of the store in creation
// order with its participants, attributes, offer, cursors and every event with its message
// id, time and attributes, and the last message id handed out. It waits for vendor requests
// in flight and holds off new ones while it reads, so no request is half in it; the
// simulated agent may act between two chats, each of which is read whole under its lock.
func (m *Mock) Export() *fixtures.Set {
	m.state.Lock()
	defer m.state.Unlock()
	m.fixMu.Lock()
	base := m.fixtures
	m.fixMu.Unlock()
	set := &fixtures.Set{Tenants: []fixtures.Tenant{}, Agents: []fixtures.Agent{}, Chats: []fixtures.Chat{}}
	if base != nil { // no Seed: the export was not generated
		set.Tenants = append(set.Tenants, base.Tenants...)
		set.Agents = append(set.Agents, base.Agents...)
	}
	for _, listed := range m.store.List(store.Filter{}) {
		c, cursors, err := m.store.Dump(listed.Key)
		if err != nil {
			continue // deleted since List
		}
		set.Chats = append(set.Chats, exportChat(c, cursors))
	}
	set.LastMessageID = m.store.LastMessageID()
	return set
}

// exportChat is one chat of an export.
func exportChat(c store.Chat, cursors map[string]int) fixtures.Chat {
	out := fixtures.Chat{
		ID: c.Key.ID, Vendor: c.Key.Vendor, Tenant: c.Key.Tenant, State: c.State, VendorState: c.VendorState,
		Subject: c.Subject, Queue: c.Queue, Thread: c.Thread, UserData: c.UserData, CreatedAt: c.CreatedAt,
		Attrs: c.Attrs, OfferedTo: c.OfferedTo, Declined: c.Declined, UpdatedAt: c.UpdatedAt,
		Events: make([]fixtures.Event, 0, len(c.Events)), Participants: make([]fixtures.Participant, 0, len(c.Participants)),
	}
	if len(cursors) > 0 {
		out.Cursors = cursors
	}
	from := map[string]string{}
	for _, p := range c.Participants {
		out.Participants = append(out.Participants, fixtures.Participant{ID: p.ID, Role: p.Role, Ref: p.Ref,
			Name: p.Name, Nickname: p.Nickname, Email: p.Email, Present: p.Present})
		switch p.Role {
		case store.RoleVisitor:
			from[p.ID] = fixtures.FromVisitor
			if out.Visitor.Name == "" && out.Visitor.ID == "" {
				out.Visitor = fixtures.Visitor{ID: p.Ref, Name: p.Name, Nickname: p.Nickname, Email: p.Email}
			}
		case store.RoleAgent:
			from[p.ID] = p.Ref
		}
	}
	for _, e := range c.Events {
		out.Events = append(out.Events, fixtures.Event{Kind: e.Kind, From: from[e.From], Text: e.Text,
			Visibility: e.Visibility, Time: e.Time, ID: e.MessageID, Participant: e.From, Attrs: e.Attrs})
	}
	return out
}

func (b *bound) checker() (api.FixtureChecker, bool) {
	if b == nil {
		return nil, false
	}
	c, ok := b.Vendor.(api.FixtureChecker)
	return c, ok
}

// Reset restores the fixtures last loaded.
func (m *Mock) Reset() error {
	m.fixMu.Lock()
	set := m.fixtures
	m.fixMu.Unlock()
	return m.Load(set)
}

// attachNotifiers gives every notifying adapter a Bayeux server at its path.
func (m *Mock) attachNotifiers() {
	for _, name := range vendorOrder {
		b := m.vendors[name]
		if b == nil {
			continue
		}
		n, ok := b.Vendor.(api.Notifier)
		if !ok {
			continue
		}
		o := m.bayeuxOptions()
		o.Authenticate = n.AuthenticatePush
		o.OnHandshake = n.HandshakeHeaders
		if k, ok := b.Vendor.(api.PushKeyer); ok && o.Key == nil {
			o.Key = k.PushKey
		}
		srv := bayeux.New(o)
		n.Attach(m.store, srv)
		m.push = append(m.push, pushServer{path: n.NotificationsPath(), vendor: name, server: srv})
	}
}

// Notifications returns the Bayeux server at path (GWS: /api/v2/notifications), or nil.
func (m *Mock) Notifications(path string) *bayeux.Server {
	for _, p := range m.push {
		if p.path == path {
			return p.server
		}
	}
	return nil
}

// Close releases held CometD connects, ends the console's event streams and stops
// background work. The mock answers no
// further long polls afterwards.
func (m *Mock) Close() {
	for _, p := range m.push {
		p.server.Close()
	}
	if m.bot != nil {
		m.bot.Close()
	}
	if m.console != nil {
		m.console.Close()
	}
}

// Requests returns the request log.
func (m *Mock) Requests() *reqlog.Log { return m.requests }

// Faults returns the fault registry.
func (m *Mock) Faults() *fault.Registry { return m.faults }

// Actor returns the adapter of a vendor as an api.Actor, or nil.
func (m *Mock) Actor(vendor string) api.Actor {
	if b := m.vendors[vendor]; b != nil {
		if a, ok := b.Vendor.(api.Actor); ok {
			return a
		}
	}
	return nil
}

// Store returns the mock's store (tests and the control API).
func (m *Mock) Store() *store.Store { return m.store }

// Fixtures returns the fixture set last loaded.
func (m *Mock) Fixtures() *fixtures.Set {
	m.fixMu.Lock()
	defer m.fixMu.Unlock()
	return m.fixtures
}

// route finds the adapter for a path and the path its document knows (without a tenant
// prefix), and the tenant.
func (m *Mock) route(path string) (b *bound, docPath, tenant string) {
	for _, p := range m.prefixes {
		if strings.HasPrefix(path, p.path) || path == strings.TrimSuffix(p.path, "/") {
			return m.vendors[p.vendor], path, ""
		}
	}
	// SuperOffice Online: /{tenant}/api/v1/...
	if rest, ok := strings.CutPrefix(path, "/"); ok {
		if t, tail, ok := strings.Cut(rest, "/"); ok && t != "" && strings.HasPrefix("/"+tail, "/api/v1/") {
			if v := m.vendors["superoffice"]; v != nil {
				return v, "/" + tail, t
			}
		}
	}
	return nil, path, ""
}
