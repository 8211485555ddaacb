package control

import (
	"net/http"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
)

// WriteError implements api.Vendor: the one place where an error becomes a control API
// response, {"error":{"code":"...","message":"..."}} with the status of its kind.
func (a *Adapter) WriteError(w http.ResponseWriter, _ *http.Request, err error) {
	e := api.AsError(err)
	status, code := statusOf(e.Kind)
	if e.Status != 0 {
		status = e.Status
	}
	_ = api.JSON(w, status, map[string]any{"error": map[string]string{"code": code, "message": e.Error()}})
}

// statusOf maps a kind to the control API's status and code.
func statusOf(k api.Kind) (int, string) {
	switch k {
	case api.KindInvalid, api.KindMissing:
		return http.StatusBadRequest, "bad_request"
	case api.KindNotFound:
		return http.StatusNotFound, "not_found"
	case api.KindWrongState, api.KindConflict:
		return http.StatusConflict, "conflict"
	case api.KindTooLarge:
		return http.StatusRequestEntityTooLarge, "payload_too_large"
	case api.KindUnsupportedMedia:
		return http.StatusUnsupportedMediaType, "unsupported_media_type"
	case api.KindMethodNotAllowed:
		return http.StatusMethodNotAllowed, "method_not_allowed"
	case api.KindNotAcceptable:
		return http.StatusNotAcceptable, "bad_request"
	case api.KindUnauthenticated:
		return http.StatusUnauthorized, "bad_request"
	case api.KindForbidden:
		return http.StatusForbidden, "forbidden"
	}
	return http.StatusInternalServerError, "internal"
}

// bodyReference turns an actor's "not found" about something the request body names (a
// tenant, an agent, a transfer target) into a 400: the path exists, the reference in the
// body does not (CreateMockChat's x-decision). Unknown chats stay 404.
func bodyReference(err error) error {
	e := api.AsError(err)
	if e.Kind == api.KindNotFound && e.Where != "" && !strings.HasPrefix(e.Where, "path") {
		c := *e
		c.Kind = api.KindInvalid
		return &c
	}
	return err
}
