package superoffice

import (
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
)

// offered are the response media types, JSON first: it wins ties and is the default.
var offered = []string{"application/json", "text/json", "application/xml", "text/xml"}

// chooseType picks the response media type for an Accept header (api.Negotiate, JSON first
// on ties); application/json when Accept is absent or names nothing offered (the pipeline
// has already answered 406 to such requests, so only error responses get here that way).
func chooseType(accept string) string {
	if t := api.Negotiate(accept, offered); t != "" {
		return t
	}
	return offered[0]
}

func isXML(mediaType string) bool { return strings.HasSuffix(mediaType, "/xml") }

// reply writes v with status in the media type the request accepts.
func (a *Adapter) reply(w http.ResponseWriter, r *http.Request, status int, v any) error {
	accept := strings.Join(r.Header.Values("Accept"), ",")
	if accept == "" && a.bugs.Has(api.BugSONoAcceptPlain) {
		return a.replyAs(w, status, "text/plain", v) // a JSON body, labelled text/plain
	}
	return a.replyAs(w, status, chooseType(accept), v)
}

// replyAs writes v as JSON or XML (always JSON with the planted bug so-ignore-accept).
func (a *Adapter) replyAs(w http.ResponseWriter, status int, mediaType string, v any) error {
	if a.bugs.Has(api.BugSOIgnoreAccept) {
		mediaType = offered[0]
	}
	label := mediaType
	if mediaType == "application/json" && a.bugs.Has(api.BugSOJSONAsTextJSON) {
		label = "text/json"
	}
	var (
		body []byte
		err  error
	)
	if isXML(mediaType) {
		body, err = xml.Marshal(v)
	} else {
		body, err = json.Marshal(v)
	}
	if err != nil {
		return api.Internal(err)
	}
	return api.Raw(w, status, label+"; charset=utf-8", body)
}
