package gws

import (
	"crypto/rand"
	"encoding/hex"
	"net/http"
	"sync"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
)

// SessionCookie is the agent session cookie: a successful HTTP Basic authentication (agent
// REST API or CometD handshake) sets it, and later agent REST calls and handshakes may send
// it instead of an Authorization header, as Workspace Web Edition keeps its session.
const SessionCookie = "chatmock_gws_session"

// sessionPath scopes the cookie to the GWS API (REST and notifications).
const sessionPath = "/api/v2"

// sessions holds one session token per agent, made at its first successful Basic
// authentication and kept until the fixtures are loaded again (a reset included), so the
// table never holds more entries than the fixtures have agents. Tokens are looked up by
// their hash (api.Secret), so the lookup's timing tells nothing of a guess.
type sessions struct {
	mu      sync.Mutex
	byAgent map[string]string     // username → token
	byToken map[api.Secret]string // token's hash → username
}

// reset forgets every session: the agents may have changed.
func (s *sessions) reset() {
	s.mu.Lock()
	s.byAgent, s.byToken = nil, nil
	s.mu.Unlock()
}

// token returns the agent's session token, made on first use.
func (s *sessions) token(username string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if t, ok := s.byAgent[username]; ok {
		return t
	}
	if s.byAgent == nil {
		s.byAgent, s.byToken = map[string]string{}, map[api.Secret]string{}
	}
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	t := hex.EncodeToString(b)
	s.byAgent[username], s.byToken[api.SecretOf(t)] = t, username
	return t
}

// agent returns the user name whose session token is t.
func (s *sessions) agent(t string) (string, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	user, ok := s.byToken[api.SecretOf(t)]
	return user, ok
}

// cookie is the agent's session cookie: HttpOnly (pages cannot read it), SameSite=Lax
// (sent by pages of the same site, such as a dev server on another port of localhost, and
// never by other sites), not Secure (the mock serves plain HTTP on loopback).
func (a *Adapter) cookie(ag fixtures.Agent) *http.Cookie {
	return &http.Cookie{Name: SessionCookie, Value: a.sessions.token(ag.Username), Path: sessionPath,
		HttpOnly: true, SameSite: http.SameSiteLaxMode}
}

// agentBySession authenticates a request by its session cookie. A request with an
// Authorization header is judged by that header alone: credentials that were given and
// refused are never overruled by a cookie.
func (a *Adapter) agentBySession(r *http.Request) (fixtures.Agent, error) {
	if r.Header.Get("Authorization") != "" {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "given, so the session cookie is not used")
	}
	c, err := r.Cookie(SessionCookie)
	if err != nil {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "header Authorization", "HTTP Basic credentials (or the %s cookie a Basic login sets) are required", SessionCookie)
	}
	user, ok := a.sessions.agent(c.Value)
	a.mu.RLock()
	ag, found := a.agents[user]
	a.mu.RUnlock()
	if !ok || !found {
		return fixtures.Agent{}, api.Errorf(api.KindUnauthenticated, "cookie "+SessionCookie, "no such session (sessions end when the mock is reset or loads fixtures); authenticate with HTTP Basic again")
	}
	return ag, nil
}

// withSession sets the agent's session cookie on every response to an authenticated agent
// request, so that a browser that logged in with Basic may drop the header.
func (a *Adapter) withSession(h api.HandlerFunc) api.HandlerFunc {
	return func(w http.ResponseWriter, r *api.Request) error {
		if ag, ok := r.Principal.(fixtures.Agent); ok {
			http.SetCookie(w, a.cookie(ag))
		}
		return h(w, r)
	}
}

// HandshakeHeaders implements api.Notifier: a successful CometD handshake sets the session
// cookie too.
func (a *Adapter) HandshakeHeaders(h http.Header, principal any) {
	if s, ok := principal.(subscriber); ok {
		if c := a.cookie(s.agent); c.Valid() == nil {
			h.Add("Set-Cookie", c.String())
		}
	}
}
