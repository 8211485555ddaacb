package gws

import (
	"encoding/json"
	"net/http"
	"strconv"

	"github.com/chatconform/chatconform/mock/api"
)

// GWS statusCode values (Return Values page).
const (
	codeMissing        = 1
	codeWrongState     = 2
	codeForbiddenOp    = 3
	codeInternal       = 4
	codeNoPermission   = 5
	codeNotFound       = 6
	codeInvalid        = 10
	codeAlreadyExists  = 18
	codeNotAuthentic   = 20
	messageUnavailable = "internal error"
)

// statusOf maps an error kind to the HTTP status and the GWS statusCode (the mapping in
// gws-chat.yaml's Error response).
func statusOf(k api.Kind) (int, int) {
	switch k {
	case api.KindMissing:
		return http.StatusBadRequest, codeMissing
	case api.KindInvalid:
		return http.StatusBadRequest, codeInvalid
	case api.KindWrongState:
		return http.StatusBadRequest, codeWrongState
	case api.KindNotFound:
		return http.StatusNotFound, codeNotFound
	case api.KindMethodNotAllowed:
		return http.StatusMethodNotAllowed, codeForbiddenOp
	case api.KindUnauthenticated:
		return http.StatusUnauthorized, codeNotAuthentic
	case api.KindForbidden:
		return http.StatusForbidden, codeNoPermission
	case api.KindConflict:
		return http.StatusConflict, codeAlreadyExists
	case api.KindTooLarge:
		return http.StatusRequestEntityTooLarge, codeInvalid
	case api.KindUnsupportedMedia:
		return http.StatusUnsupportedMediaType, codeMissing
	case api.KindNotAcceptable:
		return http.StatusNotAcceptable, codeMissing
	}
	return http.StatusInternalServerError, codeInternal
}

// WriteError implements api.Vendor: every GWS error becomes {statusCode, statusMessage}
// (worded otherwise in the variation mode).
func (a *Adapter) WriteError(w http.ResponseWriter, _ *http.Request, err error) {
	e := api.AsError(err)
	status, code := statusOf(e.Kind)
	if e.Status != 0 {
		status = e.Status
	}
	msg := e.Error()
	if e.Kind == api.KindUnauthenticated {
		msg = "Access denied: " + msg
	}
	if msg == "" {
		msg = messageUnavailable
	}
	msg = a.vary.StatusMessage(msg, code)
	body, _ := json.Marshal(struct {
		StatusCode    int    `json:"statusCode"`
		StatusMessage string `json:"statusMessage"`
	}{code, msg})
	if a.bugs.Has(api.BugGWSErrorEnvelope) {
		body, _ = json.Marshal(map[string]string{"error": msg})
	}
	if a.bugs.Has(api.BugGWSError200) {
		status = http.StatusOK
	}
	h := w.Header()
	h.Set("Content-Type", "application/json; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(body)))
	if e.Kind == api.KindUnauthenticated {
		h.Set("WWW-Authenticate", `Basic realm="gws"`)
	}
	w.WriteHeader(status)
	_, _ = w.Write(body)
}
