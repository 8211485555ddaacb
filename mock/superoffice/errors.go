package superoffice

import (
	"net/http"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/chatconform/chatconform/mock/api"
)

// internalMessage is what a client sees of an internal error (ASP.NET's wording).
const internalMessage = "An error has occurred."

// statusFor is the HTTP status of an error kind.
func statusFor(e *api.Error) int {
	if e.Status != 0 {
		return e.Status
	}
	switch e.Kind {
	case api.KindInvalid, api.KindMissing:
		return http.StatusBadRequest
	case api.KindUnauthenticated:
		return http.StatusUnauthorized
	case api.KindForbidden:
		return http.StatusForbidden
	case api.KindNotFound:
		return http.StatusNotFound
	case api.KindMethodNotAllowed:
		return http.StatusMethodNotAllowed
	case api.KindNotAcceptable:
		return http.StatusNotAcceptable
	case api.KindConflict, api.KindWrongState:
		return http.StatusConflict
	case api.KindTooLarge:
		return http.StatusRequestEntityTooLarge
	case api.KindUnsupportedMedia:
		return http.StatusUnsupportedMediaType
	}
	return http.StatusInternalServerError
}

// WriteError implements api.Vendor: the one place errors become responses. The status
// comes from the kind; the body is the ASP.NET envelope {"Message": "..."} naming the
// problem, or <Error><Message>...</Message></Error> when the client prefers XML (406 is
// always JSON, as the spec documents it). A 401 says which schemes the tenant accepts.
func (a *Adapter) WriteError(w http.ResponseWriter, r *http.Request, err error) {
	e := api.AsError(err)
	status := statusFor(e)
	if (status == http.StatusNotAcceptable || status == http.StatusUnsupportedMediaType) && a.bugs.Has(api.BugSOMediaErrors400) {
		status = http.StatusBadRequest
	}
	msg := internalMessage
	if e.Kind != api.KindInternal || e.Status != 0 {
		msg = sentence(e.Error())
	}
	if status == http.StatusUnauthorized {
		challenge := "SOTicket, Bearer"
		if t, err := a.tenant(api.TenantOf(r)); err == nil && !t.Online {
			challenge = `Basic realm="SuperOffice", ` + challenge
		}
		w.Header().Set("WWW-Authenticate", challenge)
	}
	mediaType := chooseType(strings.Join(r.Header.Values("Accept"), ","))
	if status == http.StatusNotAcceptable {
		mediaType = offered[0]
	}
	_ = a.replyAs(w, status, mediaType, errorBody{Message: msg})
}

// sentence capitalizes a lower-case error message and ends it with a full stop.
func sentence(s string) string {
	if s == "" {
		return internalMessage
	}
	r, n := utf8.DecodeRuneInString(s)
	s = string(unicode.ToUpper(r)) + s[n:]
	if !strings.HasSuffix(s, ".") && !strings.HasSuffix(s, "?") && !strings.HasSuffix(s, "!") {
		s += "."
	}
	return s
}
