package superoffice

import (
	"encoding/json"
	"encoding/xml"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
)

// offered are the response media types, JSON first: it wins ties and is the default.
var offered = []string{"application/json", "text/json", "application/xml", "text/xml"}

// chooseType picks the response media type for an Accept header: the offered type with the
// highest q, the more specific match on equal q, JSON first on ties; application/json when
// Accept is absent or names nothing offered (the pipeline has already answered 406 to such
// requests, so only error responses get here that way).
func chooseType(accept string) string {
	if strings.TrimSpace(accept) == "" {
		return offered[0]
	}
	type pref struct {
		typ, sub string
		q        float64
	}
	var prefs []pref
	for _, part := range strings.Split(accept, ",") {
		mt, params, err := mime.ParseMediaType(strings.TrimSpace(part))
		if err != nil {
			continue
		}
		q := 1.0
		if v, ok := params["q"]; ok {
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				q = f
			}
		}
		typ, sub, _ := strings.Cut(mt, "/")
		prefs = append(prefs, pref{typ, sub, q})
	}
	best, bestQ, bestSpec := offered[0], 0.0, -1
	for _, o := range offered {
		ot, os, _ := strings.Cut(o, "/")
		q, spec := 0.0, -1
		for _, p := range prefs {
			s := -1
			switch {
			case p.typ == ot && p.sub == os:
				s = 2
			case p.typ == ot && p.sub == "*":
				s = 1
			case p.typ == "*" && p.sub == "*":
				s = 0
			}
			if s > spec {
				spec, q = s, p.q
			}
		}
		if spec >= 0 && q > 0 && (q > bestQ || (q == bestQ && spec > bestSpec)) {
			best, bestQ, bestSpec = o, q, spec
		}
	}
	return best
}

func isXML(mediaType string) bool { return strings.HasSuffix(mediaType, "/xml") }

// reply writes v with status in the media type the request accepts.
func (a *Adapter) reply(w http.ResponseWriter, r *http.Request, status int, v any) error {
	return a.replyAs(w, status, chooseType(strings.Join(r.Header.Values("Accept"), ",")), v)
}

// replyAs writes v as JSON or XML (always JSON with the planted bug so-ignore-accept).
func (a *Adapter) replyAs(w http.ResponseWriter, status int, mediaType string, v any) error {
	if a.bugs.Has(api.BugSOIgnoreAccept) {
		mediaType = offered[0]
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
	return api.Raw(w, status, mediaType+"; charset=utf-8", body)
}
