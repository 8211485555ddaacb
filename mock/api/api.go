package api

import (
	"context"
	"net/http"
	"net/url"

	"github.com/getkin/kin-openapi/routers"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/store"
)

// Request is a request the pipeline has routed and validated against its operation.
type Request struct {
	*http.Request
	// OperationID is the operation the request was routed to.
	OperationID string
	Route       *routers.Route
	PathParams  map[string]string
	// Body is the decoded, validated body (JSON, XML or form alike): map[string]any, []any,
	// or nil when the operation takes none.
	Body any
	// Tenant is the tenant prefix of the path (SuperOffice Online, /{tenant}/api/v1/...), or "".
	Tenant string
	// Principal is who the security schemes authenticated, or nil.
	Principal any
	// Ref is a per-request sequence number (GWS referenceId, request log seq).
	Ref int64
	// RawBody is the body as sent (Body may carry defaults the spec fills in).
	RawBody []byte
}

// Path returns a path parameter.
func (r *Request) Path(name string) string { return r.PathParams[name] }

// Query returns a query parameter's first value.
func (r *Request) Query(name string) string { return r.URL.Query().Get(name) }

// QueryValues returns the parsed query.
func (r *Request) QueryValues() url.Values { return r.URL.Query() }

// Field returns a top-level field of an object body, or nil.
func (r *Request) Field(name string) any {
	if m, ok := r.Body.(map[string]any); ok {
		return m[name]
	}
	return nil
}

// String returns a top-level string field of an object body, or "".
func (r *Request) String(name string) string {
	s, _ := r.Field(name).(string)
	return s
}

// HandlerFunc serves one operation. It writes a success response itself and returns nil, or
// returns an error, which the adapter's WriteError renders.
type HandlerFunc func(w http.ResponseWriter, r *Request) error

// Vendor is one adapter: the handlers of one spec document and its error rendering.
type Vendor interface {
	// Name is the vendor's short name: gws, superoffice, acquire, control.
	Name() string
	// Document is the spec document whose operations the adapter serves.
	Document() string
	// Handlers maps every operationId of the document to its handler.
	Handlers() map[string]HandlerFunc
	// Authenticate checks the credentials of one security scheme of the document and
	// returns the principal; errors are KindUnauthenticated or KindForbidden.
	Authenticate(r *http.Request, scheme string) (any, error)
	// WriteError is the one place where the vendor turns an error into status and envelope.
	WriteError(w http.ResponseWriter, r *http.Request, err error)
	// Seed loads the vendor's part of a fixture set into the store and refreshes whatever
	// the adapter derives from it (credentials). The store has been reset before.
	Seed(st *store.Store, set *fixtures.Set) error
}

// FixtureChecker is implemented by adapters that can tell, before anything is loaded,
// whether a fixture set fits their API (id formats, references); the mock asks every one
// before it replaces any state, so a bad set changes nothing.
type FixtureChecker interface {
	CheckFixtures(*fixtures.Set) error
}

// Publisher pushes an event on a channel to every subscriber, with data built per
// subscriber's principal (false skips that subscriber); it never blocks. The mock's Bayeux
// server implements it.
type Publisher interface {
	Publish(channel string, build func(principal any) (data any, ok bool)) int
	// PublishTo is Publish to the subscribers of one scope (PushKeyer) only, at a cost in
	// that scope's subscribers.
	PublishTo(scope, channel string, build func(principal any) (data any, ok bool)) int
}

// PushKeyer is implemented by Notifiers whose principals fall into scopes (GWS: a contact
// center) and are told apart within them (an agent): the Bayeux server indexes
// subscriptions by scope for PublishTo and limits the sessions of each principal.
type PushKeyer interface {
	PushKey(principal any) (scope, id string)
}

// Notifier is implemented by adapters that push notifications over Bayeux (GWS CometD): the
// mock serves a Bayeux server at NotificationsPath and every path under it, authenticates
// handshakes with AuthenticatePush (the principal becomes the subscriber's), and calls
// Attach once, before loading fixtures, with the store and the server.
type Notifier interface {
	NotificationsPath() string
	AuthenticatePush(r *http.Request) (any, error)
	// HandshakeHeaders adds headers (a session cookie) to a successful handshake's response.
	HandshakeHeaders(h http.Header, principal any)
	Attach(st *store.Store, pub Publisher)
}

// Negotiator is implemented by vendors whose responses depend on Accept: the pipeline
// answers KindNotAcceptable when none of the operation's success media types is acceptable.
type Negotiator interface {
	NegotiatesContent() bool
}

type tenantKey struct{}

// WithTenant returns a request whose context carries the path's tenant prefix; the pipeline
// sets it before authentication, so Authenticate and WriteError can read it with TenantOf.
func WithTenant(r *http.Request, tenant string) *http.Request {
	return r.WithContext(ContextWithTenant(r.Context(), tenant))
}

// ContextWithTenant returns a context that carries the path's tenant prefix (see WithTenant).
func ContextWithTenant(ctx context.Context, tenant string) context.Context {
	return context.WithValue(ctx, tenantKey{}, tenant)
}

// TenantOf returns the tenant prefix the pipeline found in the request's path, or "".
func TenantOf(r *http.Request) string {
	t, _ := r.Context().Value(tenantKey{}).(string)
	return t
}
