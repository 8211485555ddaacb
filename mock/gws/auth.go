package gws

import (
	"net/http"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
)

// Authenticate implements api.Vendor: the agent API's basicAuth scheme, checked against
// the fixtures' GWS agents.
func (a *Adapter) Authenticate(r *http.Request, scheme string) (any, error) {
	if scheme != "basicAuth" {
		return nil, api.Errorf(api.KindUnauthenticated, "", "unknown security scheme %s", scheme)
	}
	return a.agentFor(r)
}

func (a *Adapter) agentFor(r *http.Request) (fixtures.Agent, error) {
	user, pass, ok := r.BasicAuth()
	if !ok {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "HTTP Basic credentials are required")
	}
	a.mu.RLock()
	ag, found := a.agents[user]
	a.mu.RUnlock()
	if !api.PasswordOK(pass, ag.Password, found) {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "user name or password not accepted")
	}
	return ag, nil
}
