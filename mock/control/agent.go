package control

import (
	"encoding/json"
	"net/http"
	"reflect"
	"slices"

	"github.com/chatconform/chatconform/mock/api"
)

// AgentConfig is the simulated agent's configuration (the SimulatedAgent schema). The
// control API only stores it; the simulated agent reads it through SimulatedAgent and
// OnAgentConfig.
type AgentConfig struct {
	// Mode is "auto" (answer chats automatically) or "off".
	Mode string `json:"mode"`
	// AgentID is the agent to act as; empty means each tenant's first agent.
	AgentID        string   `json:"agentId,omitempty"`
	AcceptDelayMs  int      `json:"acceptDelayMs"`
	TypingDelayMs  int      `json:"typingDelayMs"`
	ReplyDelayMs   int      `json:"replyDelayMs"`
	IdleCompleteMs int      `json:"idleCompleteMs"`
	Greeting       string   `json:"greeting"`
	Script         []string `json:"script"`
	Echo           bool     `json:"echo"`
}

// Simulated agent modes.
const (
	ModeAuto = "auto"
	ModeOff  = "off"
)

// DefaultAgentConfig returns the spec's defaults: off, with the documented delays and
// greeting.
func DefaultAgentConfig() AgentConfig {
	return AgentConfig{
		Mode: ModeOff, AcceptDelayMs: 1000, TypingDelayMs: 800, ReplyDelayMs: 500,
		Greeting: "Hello, how can I help you?", Script: []string{},
	}
}

// SimulatedAgent returns the configuration in effect.
func (a *Adapter) SimulatedAgent() AgentConfig {
	a.mu.RLock()
	defer a.mu.RUnlock()
	return cloneConfig(a.agent)
}

// OnAgentConfig registers fn to be called with the new configuration after every change
// (SetSimulatedAgent, ResetMock), in order; fn must not call back into the adapter's
// setters.
func (a *Adapter) OnAgentConfig(fn func(AgentConfig)) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.hooks = append(a.hooks, fn)
}

// setAgent stores c and tells the hooks when it differs from the current configuration.
func (a *Adapter) setAgent(c AgentConfig) {
	a.notifyMu.Lock() // hooks see changes in the order they were made
	defer a.notifyMu.Unlock()
	a.mu.Lock()
	if reflect.DeepEqual(a.agent, c) {
		a.mu.Unlock()
		return
	}
	a.agent = cloneConfig(c)
	hooks := slices.Clone(a.hooks)
	a.mu.Unlock()
	for _, fn := range hooks {
		fn(cloneConfig(c))
	}
}

func cloneConfig(c AgentConfig) AgentConfig {
	c.Script = slices.Clone(c.Script)
	if c.Script == nil {
		c.Script = []string{}
	}
	return c
}

// getSimulatedAgent serves GetSimulatedAgent.
func (a *Adapter) getSimulatedAgent(w http.ResponseWriter, _ *api.Request) error {
	return api.JSON(w, http.StatusOK, a.SimulatedAgent())
}

// setSimulatedAgent serves SetSimulatedAgent: the body replaces the configuration. It must
// give mode (the schema's one required field; the validator fills in its default, so the
// sent body is checked); other fields left out take their defaults.
func (a *Adapter) setSimulatedAgent(w http.ResponseWriter, r *api.Request) error {
	sent, err := sentFields(r)
	if err != nil {
		return err
	}
	if _, ok := sent["mode"]; !ok {
		return api.Errorf(api.KindMissing, "body mode", "required: PUT replaces the whole configuration (auto or off); to change some fields and keep the others, use PATCH")
	}
	c := DefaultAgentConfig()
	if err := decode(r, &c); err != nil {
		return err
	}
	return a.applyAgent(w, c)
}

// patchSimulatedAgent serves PatchSimulatedAgent: the fields given change, the others stay.
func (a *Adapter) patchSimulatedAgent(w http.ResponseWriter, r *api.Request) error {
	if _, err := sentFields(r); err != nil {
		return err
	}
	c := a.SimulatedAgent()
	if err := json.Unmarshal(r.RawBody, &c); err != nil {
		return jsonError(err)
	}
	return a.applyAgent(w, c)
}

// applyAgent checks the agent the configuration names, resolving a login to its id, and
// puts the configuration in effect.
func (a *Adapter) applyAgent(w http.ResponseWriter, c AgentConfig) error {
	if c.AgentID != "" {
		m, err := a.mock()
		if err != nil {
			return err
		}
		id, err := anyAgent(m.Fixtures(), c.AgentID)
		if err != nil {
			return err
		}
		c.AgentID = id
	}
	a.setAgent(c)
	return api.JSON(w, http.StatusOK, a.SimulatedAgent())
}

// sentFields returns the members of the JSON object body as sent.
func sentFields(r *api.Request) (map[string]json.RawMessage, error) {
	var sent map[string]json.RawMessage
	if err := json.Unmarshal(r.RawBody, &sent); err != nil || sent == nil {
		return nil, api.Errorf(api.KindInvalid, "body", "want a JSON object")
	}
	return sent, nil
}
