package match

import (
	"encoding/json"
	"fmt"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/onsi/gomega/types"

	"github.com/chatconform/chatconform/spec"

	"github.com/chatconform/chatconform/conformance"
)

// MatchNotification succeeds when a notification (raw JSON of the whole Bayeux message,
// {"channel", "data"}) matches the AsyncAPI message of its data.messageType. The failure
// names the message and the field at fault.
func MatchNotification() types.GomegaMatcher { return &matchNotification{} }

type matchNotification struct {
	kind string
	err  error
}

func (m *matchNotification) Match(actual any) (bool, error) {
	raw, ok := actual.(json.RawMessage)
	if !ok {
		return false, fmt.Errorf("MatchNotification wants a json.RawMessage; got %T", actual)
	}
	var v map[string]any
	if err := json.Unmarshal(raw, &v); err != nil {
		m.err = fmt.Errorf("not a JSON object: %w", err)
		return false, nil
	}
	data, _ := v["data"].(map[string]any)
	m.kind, _ = data["messageType"].(string)
	set, err := spec.Load()
	if err != nil {
		return false, err
	}
	msg := set.Document("gws-notifications.asyncapi.yaml").AsyncAPI.Messages[m.kind]
	if msg == nil {
		m.err = fmt.Errorf("data.messageType %q is not a message of the channel (ChatStateChangeMessage, MessageLogUpdated)", m.kind)
		return false, nil
	}
	m.err = msg.Payload.Value.VisitJSON(v, openapi3.MultiErrors())
	return m.err == nil, nil
}

func (m *matchNotification) FailureMessage(actual any) string {
	return fmt.Sprintf("notification %s does not match its schema:\n  %v\n  %s", m.kind, m.err, conformance.Clip(actual.(json.RawMessage)))
}

func (m *matchNotification) NegatedFailureMessage(actual any) string {
	return fmt.Sprintf("notification %s matches its schema, but should not", m.kind)
}
