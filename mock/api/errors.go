package api

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
)

// Kind classifies an error; each vendor maps kinds to its own status and code.
type Kind int

// Error kinds.
const (
	// KindInternal is a bug or an unexpected failure; its details are logged, not sent.
	KindInternal Kind = iota
	// KindInvalid: a parameter or body field is malformed or breaks a rule.
	KindInvalid
	// KindMissing: a required parameter, header or field is absent.
	KindMissing
	// KindWrongState: the operation is not valid in the resource's current state.
	KindWrongState
	// KindNotFound: the resource (or route) does not exist.
	KindNotFound
	// KindMethodNotAllowed: the path exists but not with this method.
	KindMethodNotAllowed
	// KindUnauthenticated: credentials are missing or wrong.
	KindUnauthenticated
	// KindForbidden: the caller may not do this.
	KindForbidden
	// KindConflict: the resource already exists or is in use.
	KindConflict
	// KindTooLarge: the body is larger than the limit.
	KindTooLarge
	// KindUnsupportedMedia: the body's Content-Type is not accepted.
	KindUnsupportedMedia
	// KindNotAcceptable: no acceptable response media type.
	KindNotAcceptable
)

var kindNames = map[Kind]string{
	KindInternal: "internal", KindInvalid: "invalid", KindMissing: "missing",
	KindWrongState: "wrong state", KindNotFound: "not found", KindMethodNotAllowed: "method not allowed",
	KindUnauthenticated: "unauthenticated", KindForbidden: "forbidden", KindConflict: "conflict",
	KindTooLarge: "too large", KindUnsupportedMedia: "unsupported media type", KindNotAcceptable: "not acceptable",
}

func (k Kind) String() string { return kindNames[k] }

// Error is a failure with the place it concerns ("query index", "body text",
// "header ContactCenterId", "path chatId") and what is wrong there.
type Error struct {
	Kind Kind
	// Where names the parameter, header or body field concerned; may be empty.
	Where string
	// Msg says what is wrong, in lower case.
	Msg string
	// Status, when not 0, overrides the vendor's status for the kind (injected faults).
	Status int
	// Err is the cause, logged for KindInternal, never sent.
	Err error
}

func (e *Error) Error() string {
	if e.Where == "" {
		return e.Msg
	}
	return e.Where + ": " + e.Msg
}

func (e *Error) Unwrap() error { return e.Err }

// Errorf returns an *Error.
func Errorf(kind Kind, where, format string, args ...any) *Error {
	return &Error{Kind: kind, Where: where, Msg: fmt.Sprintf(format, args...)}
}

// Internal wraps an unexpected error; the client sees a generic message.
func Internal(err error) *Error { return &Error{Kind: KindInternal, Msg: "internal error", Err: err} }

// AsError returns err as an *Error; anything else is KindInternal.
func AsError(err error) *Error {
	var e *Error
	if errors.As(err, &e) {
		return e
	}
	return Internal(err)
}

// Join combines several errors of one request into one whose message lists them all, in
// order, separated by "; "; the kind is the first one's.
func Join(errs []*Error) *Error {
	switch len(errs) {
	case 0:
		return nil
	case 1:
		return errs[0]
	}
	parts := make([]string, len(errs))
	for i, e := range errs {
		parts[i] = e.Error()
	}
	return &Error{Kind: errs[0].Kind, Msg: strings.Join(parts, "; ")}
}

// KindForStatus picks the kind a vendor renders for an injected fault's status.
func KindForStatus(status int) Kind {
	switch status {
	case http.StatusBadRequest, http.StatusUnprocessableEntity:
		return KindInvalid
	case http.StatusUnauthorized:
		return KindUnauthenticated
	case http.StatusForbidden:
		return KindForbidden
	case http.StatusNotFound:
		return KindNotFound
	case http.StatusMethodNotAllowed:
		return KindMethodNotAllowed
	case http.StatusConflict:
		return KindConflict
	case http.StatusRequestEntityTooLarge:
		return KindTooLarge
	case http.StatusUnsupportedMediaType:
		return KindUnsupportedMedia
	case http.StatusNotAcceptable:
		return KindNotAcceptable
	}
	return KindInternal
}
