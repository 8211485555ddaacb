package acquire

import (
	"errors"
	"net/http"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
)

// errNotSeeded is the internal error of a request served before Seed ran.
var errNotSeeded = errors.New("acquire adapter used before Seed")

// The 2.0 error types [A6] that start every error message.
const (
	errInvalidInput       = "ERROR_INVALID_INPUT"
	errRecordNotFound     = "ERROR_RECORD_NOT_FOUND"
	errDuplicateRecord    = "ERROR_DUPLICATE_RECORD_FOUND"
	errUnauthorized       = "ERROR_UNAUTHORIZED"
	errUnauthorizedAccess = "ERROR_UNAUTHORIZED_ACCESS"
	errServerError        = "ERROR_SERVER_ERROR"
)

// WriteError implements api.Vendor. It is the one place where an error becomes an Acquire
// response: the status of the 2.0 API for its kind [A6] (or the injected fault's status)
// and the legacy envelope {"success":false,"error":"<TYPE>: <message>","data":null}, the
// message naming the field or problem.
func (a *Adapter) WriteError(w http.ResponseWriter, _ *http.Request, err error) {
	e := api.AsError(err)
	status, typ := statusOf(e.Kind)
	if e.Status != 0 {
		status = e.Status
		if status >= 500 {
			typ = errServerError
		}
	}
	msg := typ + ": " + errorText(e)
	if a.bugs.Has(api.BugAcquireErrorEnvelope) {
		_ = api.JSON(w, status, map[string]any{"error": msg, "data": nil}) // no "success": false
		return
	}
	_ = api.JSON(w, status, envelope{Success: false, Error: &msg, Data: nil})
}

// statusOf maps a kind to its status and 2.0 error type.
func statusOf(k api.Kind) (int, string) {
	switch k {
	case api.KindInvalid, api.KindMissing, api.KindWrongState:
		return http.StatusBadRequest, errInvalidInput
	case api.KindConflict:
		return http.StatusBadRequest, errDuplicateRecord
	case api.KindUnauthenticated:
		return http.StatusUnauthorized, errUnauthorized
	case api.KindForbidden:
		return http.StatusForbidden, errUnauthorizedAccess
	case api.KindNotFound:
		return http.StatusNotFound, errRecordNotFound
	case api.KindMethodNotAllowed:
		return http.StatusMethodNotAllowed, errInvalidInput
	case api.KindTooLarge:
		return http.StatusRequestEntityTooLarge, errInvalidInput
	case api.KindUnsupportedMedia:
		return http.StatusUnsupportedMediaType, errInvalidInput
	case api.KindNotAcceptable:
		return http.StatusNotAcceptable, errInvalidInput
	}
	return http.StatusInternalServerError, errServerError
}

// errorText is the error's text with the place it concerns; body fields are named without
// the "body " prefix, as the legacy examples do ("visitor_id: ...").
func errorText(e *api.Error) string {
	where := strings.TrimPrefix(e.Where, "body ")
	parts := strings.Split(e.Msg, "; ")
	for i, p := range parts {
		parts[i] = strings.TrimPrefix(p, "body ")
	}
	msg := strings.Join(parts, "; ")
	if where == "" {
		return msg
	}
	return where + ": " + msg
}
