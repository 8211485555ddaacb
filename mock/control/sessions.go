package control

import (
	"net/http"
	"time"

	"github.com/chatconform/chatconform/mock/api"
)

// Session is the CometDSession schema: one live CometD session of a vendor's notifications.
type Session struct {
	Vendor        string     `json:"vendor"`
	ClientID      string     `json:"clientId"`
	Agent         string     `json:"agent"`
	Transport     string     `json:"transport"`
	Subscriptions []string   `json:"subscriptions"`
	Queued        int        `json:"queued"`
	Connected     bool       `json:"connected"`
	Connects      int        `json:"connects"`
	LastConnect   *time.Time `json:"lastConnect"`
	Handshake     time.Time  `json:"handshake"`
}

// listSessions serves ListCometDSessions.
func (a *Adapter) listSessions(w http.ResponseWriter, r *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	if err := knownQuery(r); err != nil {
		return err
	}
	sessions := m.Sessions()
	if sessions == nil {
		sessions = []Session{}
	}
	return api.JSON(w, http.StatusOK, map[string]any{"sessions": sessions})
}
