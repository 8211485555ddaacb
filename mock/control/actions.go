package control

import (
	"net/http"

	"github.com/chatconform/chatconform/mock/api"
)

// actionRequest is the AgentAction and VisitorAction schemas (one flat body).
type actionRequest struct {
	Action     string            `json:"action"`
	Agent      string            `json:"agent"`
	Text       string            `json:"text"`
	Nickname   string            `json:"nickname"`
	Visibility string            `json:"visibility"`
	Target     string            `json:"target"`
	UserData   map[string]string `json:"userData"`
}

// appended is the AppendedEvents schema.
type appended struct {
	State  string      `json:"state"`
	Events []mockEvent `json:"events"`
}

// actAsAgent serves ActAsAgent.
func (a *Adapter) actAsAgent(w http.ResponseWriter, r *api.Request) error {
	return a.act(w, r, api.AsAgent)
}

// actAsVisitor serves ActAsVisitor.
func (a *Adapter) actAsVisitor(w http.ResponseWriter, r *api.Request) error {
	return a.act(w, r, api.AsVisitor)
}

// act performs one action through the vendor's actor after checking the per-action
// required fields (the schema cannot express them): the appended events and the state
// afterwards; a state that forbids the action is a 409 and changes nothing.
func (a *Adapter) act(w http.ResponseWriter, r *api.Request, role string) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	vendor := r.Path("vendor")
	key, err := findChat(m, vendor, r.Path("chatId"))
	if err != nil {
		return err
	}
	act, err := actor(m, vendor)
	if err != nil {
		return err
	}
	var req actionRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if err := requiredFields(role, req); err != nil {
		return err
	}
	// An agent may be named by its login as well as its id (the README's agent1).
	set := m.Fixtures()
	req.Agent = chatAgent(set, key.Vendor, key.Tenant, req.Agent)
	req.Target = chatAgent(set, key.Vendor, key.Tenant, req.Target)
	events, c, err := act.Act(key, api.Action{
		Role: role, Name: req.Action, Agent: req.Agent, Text: req.Text, Nickname: req.Nickname,
		Visibility: req.Visibility, Target: req.Target, UserData: req.UserData,
	})
	if err != nil {
		return bodyReference(err)
	}
	return api.JSON(w, http.StatusOK, appended{State: c.State, Events: renderEvents(&c, events, a.varied())})
}

// requiredFields checks the fields an action needs: text for send (and an agent's notice),
// target for transfer, userData for update-user-data.
func requiredFields(role string, req actionRequest) error {
	missing := func(field string) error {
		return api.Errorf(api.KindMissing, field, "required for action %q", req.Action)
	}
	switch {
	case req.Action == "send" && req.Text == "":
		return missing("text")
	case role == api.AsAgent && req.Action == "notice" && req.Text == "":
		return missing("text")
	case role == api.AsAgent && req.Action == "transfer" && req.Target == "":
		return missing("target")
	case role == api.AsAgent && req.Action == "update-user-data" && len(req.UserData) == 0:
		return missing("userData")
	}
	return nil
}
