package superoffice

import (
	"errors"
	"net/http"
	"strconv"
	"sync"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
	"github.com/chatconform/chatconform/mock/vary"
)

// Vendor is the adapter's vendor name and store key.
const Vendor = fixtures.SuperOffice

// document is the spec document the adapter serves.
const document = "superoffice-chat.yaml"

// Adapter serves superoffice-chat.yaml. Create it with New; Seed loads tenants, associates
// and sessions.
type Adapter struct {
	mu      sync.RWMutex
	st      *store.Store
	onsite  string                     // the tenant of requests without a prefix
	tenants map[string]fixtures.Tenant // by id
	creds   map[string]*credentials    // by tenant

	zones sync.Map // SO-TimeZone name -> *time.Location

	vary *vary.Vary // the variation mode; nil when off
	bugs api.BugSet // planted bugs
}

// credentials are one tenant's associates, by each credential they can present.
type credentials struct {
	agents  []fixtures.Agent              // fixture order
	byID    map[string]fixtures.Agent     // associate id
	basic   map[string]fixtures.Agent     // user name
	tickets map[api.Secret]fixtures.Agent // by the hash of each secret
	tokens  map[api.Secret]fixtures.Agent
	xsrf    map[api.Secret]fixtures.Agent
}

// New returns an adapter without fixtures; the mock calls Seed before serving.
func New() *Adapter {
	return &Adapter{tenants: map[string]fixtures.Tenant{}, creds: map[string]*credentials{}}
}

// Configure implements api.Configurable. The variation mode renders ChatMessageId with large
// jumps (and maps `after` back); the pipeline reorders JSON members and XML elements and adds
// members where the schemas allow. The planted bugs are checked where they act: in
// Authenticate, the handlers, reply and replyAs, and WriteError.
func (a *Adapter) Configure(b api.Behaviour) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.vary, a.bugs = b.Vary, b.Bugs
}

// Name implements api.Vendor.
func (a *Adapter) Name() string { return Vendor }

// Document implements api.Vendor.
func (a *Adapter) Document() string { return document }

// NegotiatesContent implements api.Negotiator: responses are JSON or XML by Accept.
func (a *Adapter) NegotiatesContent() bool { return true }

// Handlers implements api.Vendor.
func (a *Adapter) Handlers() map[string]api.HandlerFunc {
	return map[string]api.HandlerFunc{
		"GetChatMessages":          a.getMessages,
		"AddChatMessage":           a.addMessage,
		"GetChatSessionList":       a.listSessions,
		"PostChatSessionEntity":    a.createSession,
		"DefaultChatSessionEntity": a.defaultSession,
		"ChatSessionsForUser":      a.sessionsForUser,
		"PickUpFirstChatSession":   a.pickUpFirst,
		"GetChatSessionEntity":     a.getSession,
		"PatchChatSessionEntity":   a.patchSession,
		"DeleteChatSessionEntity":  a.deleteSession,
		"PickUpChatSession":        a.pickUp,
		"ResetChatSession":         a.resetSession,
		"GetChatTranscript":        a.transcript,
	}
}

func (a *Adapter) store() *store.Store {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return a.st
}

// tenant resolves a tenant prefix ("" for none: the first tenant that is not Online).
func (a *Adapter) tenant(name string) (fixtures.Tenant, error) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if name == "" {
		name = a.onsite
		if name == "" {
			return fixtures.Tenant{}, api.Errorf(api.KindNotFound, "path", "no onsite SuperOffice installation is served without a tenant prefix; use /{tenant}/api/v1/...")
		}
	}
	t, ok := a.tenants[name]
	if !ok {
		return fixtures.Tenant{}, api.Errorf(api.KindNotFound, "path tenant", "SuperOffice customer %q not found", name)
	}
	return t, nil
}

// agent returns an associate of a tenant by id.
func (a *Adapter) agent(tenant, id string) (fixtures.Agent, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	c := a.creds[tenant]
	if c == nil {
		return fixtures.Agent{}, false
	}
	ag, ok := c.byID[id]
	return ag, ok
}

// firstAgent returns a tenant's first associate in fixture order.
func (a *Adapter) firstAgent(tenant string) (fixtures.Agent, bool) {
	a.mu.RLock()
	defer a.mu.RUnlock()
	if c := a.creds[tenant]; c != nil && len(c.agents) > 0 {
		return c.agents[0], true
	}
	return fixtures.Agent{}, false
}

// principal is who a request authenticated as.
type principal struct {
	Agent  fixtures.Agent
	Tenant fixtures.Tenant
	Scheme string
}

// caller returns the request's tenant and authenticated associate.
func (a *Adapter) caller(r *api.Request) (fixtures.Tenant, fixtures.Agent, error) {
	t, err := a.tenant(r.Tenant)
	if err != nil {
		return t, fixtures.Agent{}, err
	}
	p, ok := r.Principal.(*principal)
	if !ok || p.Tenant.ID != t.ID {
		return t, fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "no associate of %s is authenticated", t.ID)
	}
	return t, p.Agent, nil
}

func key(tenant, id string) store.Key { return store.Key{Vendor: Vendor, Tenant: tenant, ID: id} }

// sessionKey returns the store key of the request's {chatSessionId} in its tenant.
func (a *Adapter) sessionKey(r *api.Request) (store.Key, error) {
	t, err := a.tenant(r.Tenant)
	if err != nil {
		return store.Key{}, err
	}
	n, err := strconv.ParseInt(r.Path("chatSessionId"), 10, 32)
	if err != nil {
		return store.Key{}, api.Errorf(api.KindInvalid, "path chatSessionId", "%q is not an integer", r.Path("chatSessionId"))
	}
	return key(t.ID, strconv.FormatInt(n, 10)), nil
}

// notFound maps the store's ErrNotFound to the vendor's 404 for a session.
func notFound(err error, k store.Key) error {
	if errors.Is(err, store.ErrNotFound) {
		return api.Errorf(api.KindNotFound, "path chatSessionId", "chat session %s not found", k.ID)
	}
	return err
}

// view is how a response renders times, links and message ids.
type view struct {
	loc  *time.Location
	base string     // scheme://host[/tenant]
	vary *vary.Vary // renders ChatMessageId
}

// view returns the rendering of a request: the SO-TimeZone (UTC when absent or unknown) and
// the base of its links.
func (a *Adapter) view(r *http.Request, tenant string) view {
	v := view{loc: time.UTC, vary: a.vary}
	if tz := r.Header.Get("SO-TimeZone"); tz != "" {
		v.loc = a.zone(tz)
	}
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	v.base = scheme + "://" + r.Host
	if tenant != "" {
		v.base += "/" + tenant
	}
	return v
}

// zone loads an IANA time zone once (only real zones are cached, so the cache stays
// small); unknown names are UTC.
func (a *Adapter) zone(name string) *time.Location {
	if l, ok := a.zones.Load(name); ok {
		return l.(*time.Location)
	}
	loc, err := time.LoadLocation(name)
	if err != nil || name == "Local" {
		return time.UTC
	}
	a.zones.Store(name, loc)
	return loc
}
