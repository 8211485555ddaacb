package api

import (
	"mime"
	"strconv"
	"strings"
)

// Negotiate picks the offered media type an Accept header prefers, or "" when none is
// acceptable; an empty Accept takes the first offered. Wildcards (*/*, type/*) and q values
// are honoured; parameters other than q are ignored. Offered types keep their order on ties.
func Negotiate(accept string, offered []string) string {
	if strings.TrimSpace(accept) == "" {
		if len(offered) == 0 {
			return ""
		}
		return offered[0]
	}
	type pref struct {
		typ, sub string
		q        float64
		order    int
	}
	var prefs []pref
	for i, part := range strings.Split(accept, ",") {
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
		prefs = append(prefs, pref{typ, sub, q, i})
	}
	best, bestQ, bestSpec := "", 0.0, -1
	for _, o := range offered {
		ot, os, _ := strings.Cut(o, "/")
		q, spec := -1.0, -1
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
