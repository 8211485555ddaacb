package gws

import (
	"net/http"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
)

// Authenticate implements api.Vendor: the agent API's basicAuth scheme, checked against
// the fixtures' GWS agents, or its sessionCookie scheme (session.go).
func (a *Adapter) Authenticate(r *http.Request, scheme string) (any, error) {
	switch scheme {
	case "basicAuth":
		return a.agentFor(r)
	case "sessionCookie":
		return a.agentBySession(r)
	}
	return nil, api.Errorf(api.KindUnauthenticated, "", "unknown security scheme %s", scheme)
}

func (a *Adapter) agentFor(r *http.Request) (fixtures.Agent, error) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "HTTP Basic credentials are required (or the %s cookie that a Basic login sets)", SessionCookie)
	}
	a.mu.RLock()
	ag, found := a.agents[user]
	a.mu.RUnlock()
	if !api.PasswordOK(pass, ag.Password, found) {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "user name or password not accepted")
	}
	return ag, nil
}
