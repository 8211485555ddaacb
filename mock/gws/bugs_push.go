package gws

import (
	"net/http"
	"slices"

	"github.com/chatconform/chatconform/mock/api"
)

// anonymousPush is the planted bug gws-push-anonymous: a CometD handshake without any
// credentials is accepted as the agent first by user name, and so receives that agent's
// notifications.
func (a *Adapter) anonymousPush(r *http.Request) (any, bool) {
	if !a.bugs.Has(api.BugGWSPushAnonymous) || r.Header.Get("Authorization") != "" {
		return nil, false
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	users := make([]string, 0, len(a.agents))
	for u := range a.agents {
		users = append(users, u)
	}
	if len(users) == 0 {
		return nil, false
	}
	slices.Sort(users)
	return subscriber{agent: a.agents[users[0]], base: baseURL(r)}, true
}
