package acquire

import (
	"io"
	"net/url"

	"github.com/chatconform/chatconform/mock/api"
)

// Form fields of the two operations; unknown fields are ignored, as legacy form endpoints do.
var (
	messageFields = []string{"thread_id", "visitor_id", "last_chat_id", "key"}
	threadFields  = []string{"lead_id", "limit", "per_page", "chatid", "visitor_id", "page"}
)

// checkOnce rejects a known form field sent more than once: the validator decodes the first
// value only, so a second one would be silently ignored.
func checkOnce(r *api.Request, fields []string) error {
	if r.Request == nil || r.GetBody == nil {
		return nil
	}
	body, err := r.GetBody()
	if err != nil {
		return api.Internal(err)
	}
	defer body.Close()
	raw, err := io.ReadAll(body)
	if err != nil {
		return api.Internal(err)
	}
	values, err := url.ParseQuery(string(raw))
	if err != nil {
		return api.Errorf(api.KindInvalid, "body", "not a valid form: %v", err)
	}
	for _, name := range fields {
		if n := len(values[name]); n > 1 {
			return api.Errorf(api.KindInvalid, name, "given %d times; send it once", n)
		}
	}
	return nil
}
