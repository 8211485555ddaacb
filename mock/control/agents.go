package control

import (
	"slices"
	"strings"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
)

// anyAgent resolves the simulated agent's agentId: an agent's id, or its login (username)
// when exactly one agent has it, among the agents of the loaded fixtures. An unknown name is
// KindInvalid naming some known ones: the simulated agent would never answer as it.
func anyAgent(set *fixtures.Set, name string) (string, error) {
	if set == nil {
		return name, nil
	}
	var byLogin []string
	for _, ag := range set.Agents {
		if ag.ID == name {
			return name, nil
		}
		if ag.Username != "" && ag.Username == name {
			byLogin = append(byLogin, ag.ID)
		}
	}
	switch len(byLogin) {
	case 1:
		return byLogin[0], nil
	case 0:
		return "", api.Errorf(api.KindInvalid, "body agentId", "no agent has the id or login %q (agents: %s)", name, agentNames(set.Agents))
	}
	return "", api.Errorf(api.KindInvalid, "body agentId", "login %q belongs to %d agents (%s); give the agent's id", name, len(byLogin), strings.Join(byLogin, ", "))
}

// chatAgent resolves an agent named in an action on a chat of vendor and tenant: its id, or
// its login (username) there. Anything else is returned as given, for the vendor's actor
// to refuse with its own message.
func chatAgent(set *fixtures.Set, vendor, tenant, name string) string {
	if set == nil || name == "" {
		return name
	}
	login := ""
	for _, ag := range set.Agents {
		if ag.Vendor != vendor || ag.Tenant != tenant {
			continue
		}
		if ag.ID == name {
			return name
		}
		if ag.Username == name {
			login = ag.ID
		}
	}
	if login != "" {
		return login
	}
	return name
}

// agentNames lists up to 8 agents as "id (login)", for error messages.
func agentNames(agents []fixtures.Agent) string {
	var out []string
	for _, ag := range agents {
		n := ag.ID
		if ag.Username != "" {
			n += " (" + ag.Username + ")"
		}
		out = append(out, n)
	}
	if len(out) > 8 {
		out = append(slices.Clip(out[:8]), "…")
	}
	return strings.Join(out, ", ")
}
