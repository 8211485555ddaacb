package superoffice

import (
	"encoding/base64"
	"errors"
	"net/http"
	"strings"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
)

// Security scheme names of the document.
const (
	schemeBasic    = "basic"
	schemeSOTicket = "soTicket"
	schemeBearer   = "bearer"
	schemeXSRF     = "xsrf"
)

// errOtherScheme is what a scheme answers when the request does not use it. It is not an
// *api.Error, so the pipeline reports the error of the scheme the request did use (kin
// calls every scheme and fails only when all do).
var errOtherScheme = errors.New("credentials of another scheme")

// Authenticate implements api.Vendor for the schemes basic, soTicket, bearer and xsrf,
// against the associates of the request's tenant. Each scheme looks only at its own header
// shape: Authorization "Basic", "SOTicket" or "Bearer", or, without Authorization,
// X-XSRF-TOKEN. The principal is a *principal.
func (a *Adapter) Authenticate(r *http.Request, scheme string) (any, error) {
	// The pipeline hands over the request with the tenant prefix stripped from its path, so
	// the tenant comes from the request line.
	t, err := a.tenant(api.TenantOf(r))
	if err != nil {
		return nil, err
	}
	for _, h := range []string{"Authorization", "X-XSRF-TOKEN"} {
		if n := len(r.Header.Values(h)); n > 1 {
			return nil, api.Errorf(api.KindInvalid, "header "+h, "given %d times; send it once", n)
		}
	}
	auth := strings.TrimSpace(r.Header.Get("Authorization"))
	if auth == "" && r.Header.Get("X-XSRF-TOKEN") == "" && a.bugs.Has(api.BugSONoAuth) {
		if ag, ok := a.firstAgent(t.ID); ok {
			return &principal{Agent: ag, Tenant: t, Scheme: scheme}, nil // no credentials needed
		}
	}
	word, cred, _ := strings.Cut(auth, " ")
	cred = strings.TrimSpace(cred)
	a.mu.RLock()
	creds := a.creds[t.ID]
	a.mu.RUnlock()
	if creds == nil {
		creds = &credentials{}
	}
	var ag fixtures.Agent
	switch scheme {
	case schemeBasic:
		if !strings.EqualFold(word, "Basic") {
			return nil, errOtherScheme
		}
		as := t
		switch {
		case a.bugs.Has(api.BugSOOnsiteRefusesBasic):
			as.Online = true // refused as on Online
		case a.bugs.Has(api.BugSOOnlineAcceptsBasic):
			as.Online = false // accepted as onsite
		}
		ag, err = basic(as, creds, cred)
	case schemeSOTicket:
		if !strings.EqualFold(word, "SOTicket") {
			return nil, errOtherScheme
		}
		if a.bugs.Has(api.BugSOTicketPrefixStripped) {
			cred = strings.TrimPrefix(cred, "7T:")
		}
		ag, err = lookup(creds.tickets, cred, "header Authorization", "SOTicket ticket")
	case schemeBearer:
		if !strings.EqualFold(word, "Bearer") {
			return nil, errOtherScheme
		}
		if a.bugs.Has(api.BugSONoBearer) {
			return nil, api.Errorf(api.KindUnauthenticated, "header Authorization", "scheme %q is not supported; use Basic or SOTicket", word)
		}
		ag, err = lookup(creds.tokens, cred, "header Authorization", "Bearer token")
		if err != nil && a.bugs.Has(api.BugSOAnyBearer) {
			ag, _ = a.firstAgent(t.ID)
			err = nil // the token is not verified
		}
	case schemeXSRF:
		if auth == "" && a.bugs.Has(api.BugSOIgnoreXSRF) {
			return nil, api.Errorf(api.KindUnauthenticated, "header Authorization", "authorization has been denied for this request")
		}
		ag, err = xsrf(t, creds, r, auth, word)
	default:
		return nil, api.Errorf(api.KindUnauthenticated, "", "unknown security scheme %q", scheme)
	}
	if err != nil {
		return nil, err
	}
	return &principal{Agent: ag, Tenant: t, Scheme: scheme}, nil
}

// basic checks Basic credentials; SuperOffice Online refuses them.
func basic(t fixtures.Tenant, creds *credentials, cred string) (fixtures.Agent, error) {
	if t.Online {
		return fixtures.Agent{}, api.Errorf(api.KindForbidden, "header Authorization",
			"Basic authentication is not supported on SuperOffice Online (%s); use SOTicket or Bearer", t.ID)
	}
	raw, err := base64.StdEncoding.DecodeString(cred)
	user, pass, ok := strings.Cut(string(raw), ":")
	if err != nil || !ok {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "Basic credentials are not base64(user:password)")
	}
	ag, found := creds.basic[user]
	if !api.PasswordOK(pass, ag.Password, found) {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "user name or password not accepted")
	}
	return ag, nil
}

// xsrf checks X-XSRF-TOKEN, used when there is no Authorization header. It also reports an
// Authorization header of a scheme nobody here understands.
func xsrf(t fixtures.Tenant, creds *credentials, r *http.Request, auth, word string) (fixtures.Agent, error) {
	accepted := "Basic, SOTicket or Bearer"
	if t.Online {
		accepted = "SOTicket or Bearer"
	}
	if auth != "" {
		for _, known := range []string{"Basic", "SOTicket", "Bearer"} {
			if strings.EqualFold(word, known) {
				return fixtures.Agent{}, errOtherScheme
			}
		}
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "scheme %q is not supported; use %s", word, accepted)
	}
	token := strings.TrimSpace(r.Header.Get("X-XSRF-TOKEN"))
	if token == "" {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization",
			"authorization has been denied for this request: send Authorization (%s) or X-XSRF-TOKEN", accepted)
	}
	return lookup(creds.xsrf, token, "header X-XSRF-TOKEN", "XSRF token")
}

// lookup finds the associate holding a secret, by its hash (api.Secret).
func lookup(by map[api.Secret]fixtures.Agent, secret, where, what string) (fixtures.Agent, error) {
	if secret == "" {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, where, "%s is empty", what)
	}
	ag, ok := by[api.SecretOf(secret)]
	if !ok {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, where, "%s not accepted", what)
	}
	return ag, nil
}
