package probe

import (
	"bytes"
	"encoding/json"
	"slices"
)

// Malformed returns, for every input with a JSON object or array body, three that are not
// strict JSON: data after the value, the first member given twice, and an invalid UTF-8
// byte in the first string. Every one must be refused without a change of state (Fuzz
// checks that any body strictjson refuses gets a 4xx).
func Malformed(in []Input) []Input {
	var out []Input
	for _, s := range in {
		body := bytes.TrimSpace(s.Body)
		if len(body) < 2 || (body[0] != '{' && body[0] != '[') || !json.Valid(body) {
			continue
		}
		with := func(b []byte) Input {
			c := s
			c.Body = b
			return c
		}
		out = append(out, with(append(slices.Clone(body), " THIS IS NOT JSON"...)))
		if dup, ok := duplicateFirst(body); ok {
			out = append(out, with(dup))
		}
		if i := bytes.IndexByte(body, '"'); i >= 0 {
			out = append(out, with(slices.Concat(body[:i+1], []byte{0xff}, body[i+1:])))
		}
	}
	return out
}

// duplicateFirst repeats the first member of an object body (by name, in sorted order) at
// its start.
func duplicateFirst(body []byte) ([]byte, bool) {
	var obj map[string]json.RawMessage
	if body[0] != '{' || json.Unmarshal(body, &obj) != nil || len(obj) == 0 {
		return nil, false
	}
	name := sortedKeys(obj)[0]
	key, _ := json.Marshal(name)
	return slices.Concat([]byte{'{'}, key, []byte{':'}, obj[name], []byte{','}, body[1:]), true
}
