package acquire

import (
	"net/http"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
)

// Authenticate implements api.Vendor for both security schemes of the document, `bearer`
// (Authorization: Bearer <token>) and `authToken` (auth_token: <token>). Either header may
// carry the account's API token (both only with the same token), so both schemes judge the request the same way and the
// error names what is missing or wrong whichever scheme the validator reports. The
// principal is the account (tenant) id.
func (a *Adapter) Authenticate(r *http.Request, scheme string) (any, error) {
	switch scheme {
	case "bearer", "authToken":
	default:
		return nil, api.Errorf(api.KindUnauthenticated, "", "unknown security scheme %q", scheme)
	}
	auth, legacy := r.Header.Values("Authorization"), r.Header.Values("auth_token")
	if a.bugs.Has(api.BugAcquireNoLegacyToken) {
		legacy = nil
	}
	if a.bugs.Has(api.BugAcquireThreadsNoBearer) && strings.HasSuffix(r.URL.Path, "/message/thread") {
		auth = nil // the thread endpoint reads auth_token only
	}
	if n := len(auth); n > 1 {
		return nil, api.Errorf(api.KindInvalid, "header Authorization", "given %d times; send it once", n)
	}
	if n := len(legacy); n > 1 {
		return nil, api.Errorf(api.KindInvalid, "header auth_token", "given %d times; send it once", n)
	}
	if len(auth) == 0 && len(legacy) == 0 {
		if a.bugs.Has(api.BugAcquireNoAuth) {
			a.mu.RLock()
			defer a.mu.RUnlock()
			return a.first, nil // served without a token
		}
		return nil, api.Errorf(api.KindUnauthenticated, "", "missing Authorization Bearer token or auth_token header")
	}
	if len(auth) == 1 && len(legacy) == 1 {
		// Both headers: they must carry the same token, or which account is meant (and
		// whether the request is authenticated at all) would depend on which one is read.
		_, bearer, _ := strings.Cut(strings.TrimSpace(auth[0]), " ")
		if !api.PasswordOK(strings.TrimSpace(bearer), strings.TrimSpace(legacy[0]), true) {
			return nil, api.Errorf(api.KindUnauthenticated, "header auth_token", "carries another token than Authorization; send one token, in one of them")
		}
	}
	var problem *api.Error
	if len(auth) == 1 {
		scheme, token, _ := strings.Cut(strings.TrimSpace(auth[0]), " ")
		token = strings.TrimSpace(token)
		switch {
		case !strings.EqualFold(scheme, "Bearer") || token == "":
			problem = api.Errorf(api.KindUnauthenticated, "header Authorization", "must be \"Bearer <API token>\"")
		default:
			if tenant, ok := a.account(token); ok {
				return tenant, nil
			}
			problem = api.Errorf(api.KindUnauthenticated, "", "invalid API token")
		}
	}
	if len(legacy) == 1 {
		if tenant, ok := a.account(strings.TrimSpace(legacy[0])); ok {
			return tenant, nil
		}
		if problem == nil {
			problem = api.Errorf(api.KindUnauthenticated, "", "invalid API token")
		}
	}
	if a.bugs.Has(api.BugAcquireAnyToken) {
		a.mu.RLock()
		defer a.mu.RUnlock()
		return a.first, nil // the token is not checked
	}
	return nil, problem
}

// account returns the account a token belongs to.
func (a *Adapter) account(token string) (string, bool) {
	if token == "" {
		return "", false
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	t, ok := a.tokens[api.SecretOf(token)]
	return t, ok
}

// principal returns the authenticated account id.
func principal(r *api.Request) (string, error) {
	tenant, ok := r.Principal.(string)
	if !ok || tenant == "" {
		return "", api.Errorf(api.KindUnauthenticated, "", "missing Authorization Bearer token or auth_token header")
	}
	return tenant, nil
}
