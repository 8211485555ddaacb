package conformance

import (
	"fmt"

	"github.com/chatconform/chatconform/fixtures"
)

// Defaults are the credentials and ids of the certification fixture set: what a target
// must hold (Acquire data cannot be created through its API) and what the in-repo mock
// serves. Flags override each.
type Defaults struct {
	ContactCenterID, OtherContactCenterID         string
	AgentUser, AgentPassword                      string
	SOUser, SOPassword, SOTicket, SOToken, SOXSRF string
	AcquireToken, AcquireChat, AcquireVisitor     string
}

// FixtureDefaults reads the defaults from the embedded certification fixture set.
func FixtureDefaults() (Defaults, error) {
	set, err := fixtures.Default()
	if err != nil {
		return Defaults{}, fmt.Errorf("certification fixtures: %w", err)
	}
	var d Defaults
	if t := set.TenantsOf(fixtures.GWS); len(t) > 1 {
		d.ContactCenterID, d.OtherContactCenterID = t[0].ID, t[1].ID
		if a := set.AgentsOf(fixtures.GWS, t[0].ID); len(a) > 0 {
			d.AgentUser, d.AgentPassword = a[0].Username, a[0].Password
		}
	}
	for _, t := range set.TenantsOf(fixtures.SuperOffice) {
		if a := set.AgentsOf(fixtures.SuperOffice, t.ID); !t.Online && len(a) > 0 {
			d.SOUser, d.SOPassword, d.SOTicket, d.SOToken, d.SOXSRF = a[0].Username, a[0].Password, a[0].Ticket, a[0].Token, a[0].XSRFToken
			break
		}
	}
	if t := set.TenantsOf(fixtures.Acquire); len(t) > 0 && len(t[0].APITokens) > 0 {
		d.AcquireToken = t[0].APITokens[0]
		for _, c := range set.ChatsOf(fixtures.Acquire) {
			if c.Tenant == t[0].ID && len(c.Events) > 0 {
				d.AcquireChat, d.AcquireVisitor = c.ID, c.Visitor.ID
				break
			}
		}
	}
	return d, nil
}
