package browser

import (
	"fmt"
	"net"
	"net/http"
	"net/url"
	"slices"
	"strings"

	"github.com/rs/cors"
)

// Area is the part of the mock a request is for.
type Area int

const (
	// Vendor is a vendor API, its Bayeux endpoint, or the health probe: CORS for the
	// allowed origins.
	Vendor Area = iota
	// Control is the control API (/mock/...): same-origin pages and ControlOrigins.
	Control
	// Other is any other path: only the Host rule applies.
	Other
)

// Options configure a Guard.
type Options struct {
	// DisableCORS turns CORS off on the vendor APIs: OPTIONS goes to the vendor pipeline
	// (which answers 405) and no CORS header is added. By default CORS is on.
	DisableCORS bool
	// Origins may call the vendor APIs; nil or "*" means any origin. An entry may hold one
	// "*" wildcard ("http://localhost:*").
	Origins []string
	// ControlOrigins may call the control API from another origin (exact origins; "*" is
	// refused by New, as any page could then reset the mock).
	ControlOrigins []string
	// AllowedHosts may appear in the Host header besides loopback names and IP literals: a
	// name, ".example.com" for the domain and every subdomain, or "*" for any host.
	AllowedHosts []string
	// AllowedHeaders are the request headers preflights may ask for, besides Accept,
	// Accept-Language, Content-Language, Content-Type, Authorization and X-Requested-With.
	AllowedHeaders []string
	// ExposedHeaders are the response headers pages may read besides the CORS-safelisted ones.
	ExposedHeaders []string
}

// Methods are the methods the vendor APIs and the control API take.
var Methods = []string{http.MethodGet, http.MethodHead, http.MethodPost, http.MethodPut, http.MethodPatch, http.MethodDelete}

// baseHeaders are allowed in every preflight: the headers the specs' security schemes and
// bodies need, and what Genesys' own CORS filter allows by default (X-Requested-With).
var baseHeaders = []string{"Accept", "Accept-Language", "Content-Language", "Content-Type", "Authorization", "X-Requested-With"}

// MaxAge is how long browsers may cache a preflight, in seconds (Chromium caps it at 7200).
const MaxAge = 600

// Guard applies the rules; create it with New. It is safe for concurrent use.
type Guard struct {
	o       Options
	vendor  *cors.Cors // nil when CORS is off
	control *cors.Cors // nil without ControlOrigins
	headers map[string]bool
	hosts   hostRule
}

// New returns a guard, or an error naming an option that cannot be used.
func New(o Options) (*Guard, error) {
	g := &Guard{o: o, headers: map[string]bool{}}
	for _, h := range append(slices.Clone(baseHeaders), o.AllowedHeaders...) {
		g.headers[strings.ToLower(h)] = true
	}
	allowed := make([]string, 0, len(g.headers))
	for h := range g.headers {
		allowed = append(allowed, h)
	}
	slices.Sort(allowed)
	for _, origin := range o.Origins {
		if err := checkOrigin(origin, true); err != nil {
			return nil, fmt.Errorf("cors origin %q: %w", origin, err)
		}
	}
	for _, origin := range o.ControlOrigins {
		if err := checkOrigin(origin, false); err != nil {
			return nil, fmt.Errorf("control origin %q: %w", origin, err)
		}
	}
	var err error
	if g.hosts, err = newHostRule(o.AllowedHosts); err != nil {
		return nil, err
	}
	if !o.DisableCORS {
		vo := cors.Options{
			AllowedMethods: Methods, AllowedHeaders: allowed, ExposedHeaders: o.ExposedHeaders,
			AllowCredentials: true, AllowPrivateNetwork: true, MaxAge: MaxAge, OptionsPassthrough: true,
		}
		if anyOrigin(o.Origins) {
			// rs/cors answers "*" for AllowedOrigins ["*"], which browsers refuse together with
			// credentials: a function that allows every origin makes it reflect the origin.
			vo.AllowOriginFunc = func(string) bool { return true }
		} else {
			vo.AllowedOrigins = o.Origins
		}
		g.vendor = cors.New(vo)
	}
	if len(o.ControlOrigins) > 0 {
		g.control = cors.New(cors.Options{
			AllowedOrigins: o.ControlOrigins, AllowedMethods: Methods, AllowedHeaders: allowed,
			AllowCredentials: true, MaxAge: MaxAge, OptionsPassthrough: true,
		})
	}
	return g, nil
}

func anyOrigin(origins []string) bool { return len(origins) == 0 || slices.Contains(origins, "*") }

// checkOrigin accepts "scheme://host[:port]", with one "*" where wildcard is set.
func checkOrigin(origin string, wildcard bool) error {
	if origin == "*" {
		if wildcard {
			return nil
		}
		return fmt.Errorf(`"*" would let any web page call it; name the origins`)
	}
	if n := strings.Count(origin, "*"); n > 1 || (n == 1 && !wildcard) {
		return fmt.Errorf("at most one * wildcard, and none for the control API")
	}
	for _, stand := range []string{"x", "1"} { // the wildcard may stand for a name or a port
		u, err := url.Parse(strings.Replace(origin, "*", stand, 1))
		if err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.Path == "" && u.RawQuery == "" && u.User == nil {
			return nil
		}
	}
	return fmt.Errorf("want an origin such as http://localhost:5173 (scheme, host and port only)")
}

// Verdict is what Check decided.
type Verdict struct {
	// Answered: Check wrote the whole response (a preflight); the caller only logs it.
	Answered bool
	// Preflight: the request was a CORS preflight.
	Preflight bool
	// Refused, when not nil, is why the request must be refused; the caller answers it in
	// the area's error shape with Refused.Status.
	Refused *Refusal
}

// Refusal is a request the guard refuses.
type Refusal struct {
	Status int
	Where  string // "header Host", "header Origin", ...
	Msg    string
}

func (r *Refusal) Error() string { return r.Where + ": " + r.Msg }

// Check applies the rules to a request for area: it may answer a preflight itself, refuse
// the request, or add CORS headers to w and let the request go on.
func (g *Guard) Check(w http.ResponseWriter, r *http.Request, area Area) Verdict {
	preflight := isPreflight(r)
	if ref := g.hosts.check(r.Host); ref != nil {
		return Verdict{Refused: ref, Preflight: preflight}
	}
	switch area {
	case Control:
		origin := r.Header.Get("Origin")
		if origin == "" || sameOrigin(origin, r.Host) {
			return Verdict{}
		}
		if g.control == nil || !g.control.OriginAllowed(r) {
			return Verdict{Preflight: preflight, Refused: &Refusal{Status: http.StatusForbidden, Where: "header Origin",
				Msg: fmt.Sprintf("a page of %s may not call the control API; only pages of this origin may, or an origin given to --control-origins", origin)}}
		}
		return g.apply(g.control, w, r, preflight)
	case Vendor:
		if g.vendor == nil {
			return Verdict{}
		}
		return g.apply(g.vendor, w, r, preflight)
	}
	return Verdict{}
}

// apply runs c on the request: a preflight is answered 204 when c allowed it (it set
// Access-Control-Allow-Origin), refused with the reason otherwise; any other request only
// gets its CORS headers.
func (g *Guard) apply(c *cors.Cors, w http.ResponseWriter, r *http.Request, preflight bool) Verdict {
	if !preflight {
		c.HandlerFunc(w, r) // headers only: an actual request is never written here
		return Verdict{}
	}
	v := Verdict{Preflight: true}
	c.Handler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if w.Header().Get("Access-Control-Allow-Origin") == "" {
			v.Refused = g.whyRefused(c, r)
			return
		}
		v.Answered = true
		w.WriteHeader(http.StatusNoContent)
	})).ServeHTTP(w, r)
	return v
}

// whyRefused names what made c refuse a preflight.
func (g *Guard) whyRefused(c *cors.Cors, r *http.Request) *Refusal {
	ref := &Refusal{Status: http.StatusForbidden}
	origin := r.Header.Get("Origin")
	method := r.Header.Get("Access-Control-Request-Method")
	switch {
	case origin == "":
		ref.Where, ref.Msg = "header Origin", "a preflight must name its origin"
	case !c.OriginAllowed(r):
		ref.Where, ref.Msg = "header Origin", fmt.Sprintf("%s is not an allowed origin (--cors-origins %s)", origin, strings.Join(g.o.Origins, ","))
	case !slices.Contains(Methods, strings.ToUpper(method)):
		ref.Where, ref.Msg = "header Access-Control-Request-Method", fmt.Sprintf("%s is not a method these APIs take (%s)", method, strings.Join(Methods, ", "))
	default:
		var refused []string
		for _, list := range r.Header.Values("Access-Control-Request-Headers") {
			for _, h := range strings.Split(list, ",") {
				if h = strings.TrimSpace(h); h != "" && !g.headers[strings.ToLower(h)] {
					refused = append(refused, h)
				}
			}
		}
		ref.Where = "header Access-Control-Request-Headers"
		ref.Msg = fmt.Sprintf("%s: no API served here defines such a request header; the real servers' CORS filters refuse it too", strings.Join(refused, ", "))
		if len(refused) == 0 {
			ref.Msg = "must be lower case, sorted and comma-separated, as browsers send it"
		}
	}
	return ref
}

func isPreflight(r *http.Request) bool {
	return r.Method == http.MethodOptions && r.Header.Get("Access-Control-Request-Method") != ""
}

// sameOrigin reports whether origin names the host (and port) the request was sent to.
func sameOrigin(origin, host string) bool {
	u, err := url.Parse(origin)
	return err == nil && u.Host != "" && strings.EqualFold(u.Host, host)
}

// hostRule is the Host allow-list.
type hostRule struct {
	any     bool
	names   map[string]bool
	domains []string // ".example.com"
}

func newHostRule(hosts []string) (hostRule, error) {
	h := hostRule{names: map[string]bool{}}
	for _, name := range hosts {
		name = strings.ToLower(strings.TrimSpace(name))
		switch {
		case name == "*":
			h.any = true
		case name == "" || strings.ContainsAny(name, "/:@ *"):
			return h, fmt.Errorf("allowed host %q: want a host name such as chatmock, .example.com for a domain, or * for any", name)
		case strings.HasPrefix(name, "."):
			h.domains = append(h.domains, name)
		default:
			h.names[name] = true
		}
	}
	return h, nil
}

// check refuses a Host that a DNS-rebinding page could send: a name that is not loopback
// and not allowed. IP literals are always allowed: a page can only send one when it was
// itself loaded from that address, and then the origin check applies.
func (h hostRule) check(hostport string) *Refusal {
	if h.any || hostport == "" {
		return nil
	}
	host := hostport
	if hh, _, err := net.SplitHostPort(hostport); err == nil {
		host = hh
	}
	host = strings.ToLower(strings.TrimSuffix(strings.Trim(host, "[]"), "."))
	if host == "localhost" || strings.HasSuffix(host, ".localhost") || net.ParseIP(host) != nil || h.names[host] {
		return nil
	}
	for _, d := range h.domains {
		if host == d[1:] || strings.HasSuffix(host, d) {
			return nil
		}
	}
	return &Refusal{Status: http.StatusForbidden, Where: "header Host",
		Msg: fmt.Sprintf("%s is not an allowed host (a DNS-rebinding page could send it); start chatmock with --allowed-hosts %s to allow it", hostport, host)}
}
