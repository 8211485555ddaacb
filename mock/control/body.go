package control

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/chatconform/chatconform/mock/api"
)

// decode reads the request's JSON body, as the validator left it (checked against the
// operation's schema, its defaults filled in), into v with Go's own types (fixtures' times,
// fault bodies as json.RawMessage). Errors name the field.
func decode(r *api.Request, v any) error {
	raw, err := rawBody(r)
	if err != nil {
		return err
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(v); err != nil {
		return jsonError(err)
	}
	return nil
}

// rawBody returns the request body as the validator left it.
func rawBody(r *api.Request) ([]byte, error) {
	if r.Request == nil || r.GetBody == nil {
		return nil, api.Errorf(api.KindMissing, "body", "a request body is required")
	}
	body, err := r.GetBody()
	if err != nil {
		return nil, api.Internal(err)
	}
	defer body.Close()
	raw, err := io.ReadAll(body)
	if err != nil {
		return nil, api.Internal(err)
	}
	if len(bytes.TrimSpace(raw)) == 0 {
		return nil, api.Errorf(api.KindMissing, "body", "a request body is required")
	}
	return raw, nil
}

// jsonError names the field of a JSON decoding error.
func jsonError(err error) error {
	var typ *json.UnmarshalTypeError
	var syn *json.SyntaxError
	var tim *time.ParseError
	switch {
	case errors.As(err, &typ):
		where := "body"
		if typ.Field != "" {
			where = "body " + typ.Field
		}
		return api.Errorf(api.KindInvalid, where, "%s is not a valid %s", typ.Value, typ.Type)
	case errors.As(err, &syn):
		return api.Errorf(api.KindInvalid, "body", "invalid JSON at byte %d: %v", syn.Offset, syn)
	case errors.As(err, &tim):
		return api.Errorf(api.KindInvalid, "body", "time %s is not RFC 3339 (e.g. 2026-03-02T09:15:00Z)", strconv.Quote(tim.Value))
	}
	return api.Errorf(api.KindInvalid, "body", "%s", strings.TrimPrefix(err.Error(), "json: "))
}
