package control

import (
	"bytes"
	"encoding/json"
	"mime"
	"net/http"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/fault"
)

// listFaults serves ListFaults, in check order.
func (a *Adapter) listFaults(w http.ResponseWriter, _ *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	faults := m.Faults().List()
	for i := range faults {
		faults[i] = renderFault(faults[i])
	}
	return api.JSON(w, http.StatusOK, map[string]any{"faults": faults})
}

// renderFault shows a verbatim (non-JSON) body as a JSON string, as the Fault schema's body
// is JSON.
func renderFault(f fault.Fault) fault.Fault {
	if len(f.Body) > 0 && !json.Valid(f.Body) {
		b, _ := json.Marshal(string(f.Body))
		f.Body = b
	}
	return f
}

// faultRequest is the FaultRequest schema, with the body kept as sent.
type faultRequest struct {
	Match       fault.Match     `json:"match"`
	Status      int             `json:"status"`
	Body        json.RawMessage `json:"body"`
	ContentType string          `json:"contentType"`
	LatencyMs   int             `json:"latencyMs"`
	Probability *float64        `json:"probability"`
	Times       int             `json:"times"`
}

// addFault serves AddFault: 201 with the new fault. A JSON `body` is sent as JSON; a string
// `body` with a non-JSON contentType is sent verbatim.
func (a *Adapter) addFault(w http.ResponseWriter, r *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	var req faultRequest
	if err := decode(r, &req); err != nil {
		return err
	}
	if req.Status == 0 && req.LatencyMs == 0 {
		return api.Errorf(api.KindMissing, "body", "needs status or latencyMs: a fault with neither would do nothing")
	}
	if err := checkMatch(req.Match); err != nil {
		return err
	}
	body := bytes.TrimSpace(req.Body)
	switch {
	case bytes.Equal(body, []byte("null")):
		return api.Errorf(api.KindInvalid, "body body", "null is not a fault body; leave body out for the vendor's own error envelope")
	case len(body) > 0 && req.Status == 0:
		return api.Errorf(api.KindInvalid, "body body", "is only sent with a status; add status")
	case len(body) == 0 && req.Status != 0 && req.Status < 400:
		return api.Errorf(api.KindMissing, "body body", "required with status %d: without a body the vendor's error envelope is sent, which needs an error status (400-599)", req.Status)
	}
	contentType := req.ContentType
	if contentType == "" {
		contentType = "application/json"
	}
	if len(body) > 0 && body[0] == '"' && !isJSON(contentType) {
		var s string
		if err := json.Unmarshal(body, &s); err != nil {
			return api.Errorf(api.KindInvalid, "body body", "not a JSON string: %v", err)
		}
		body = []byte(s)
	}
	spec := fault.Spec{Match: req.Match, Status: req.Status, LatencyMs: req.LatencyMs, Probability: req.Probability, Times: req.Times}
	if len(body) > 0 {
		spec.Body, spec.ContentType = body, contentType
	}
	return api.JSON(w, http.StatusCreated, renderFault(m.Faults().Add(spec)))
}

// isJSON tells whether a content type is JSON (application/json or a +json type).
func isJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// clearFaults serves ClearFaults.
func (a *Adapter) clearFaults(w http.ResponseWriter, _ *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	m.Faults().Clear()
	return noContent(w)
}

// deleteFault serves DeleteFault: 204, or 404 for an unknown (or used-up) fault.
func (a *Adapter) deleteFault(w http.ResponseWriter, r *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	id := r.Path("faultId")
	if !m.Faults().Delete(id) {
		return api.Errorf(api.KindNotFound, "", "fault %q not found", id)
	}
	return noContent(w)
}
