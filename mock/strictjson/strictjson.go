// Package strictjson owns the mock's strict reading of JSON request bodies: one JSON text
// (RFC 8259) and nothing after it but white space, no object with a member name given twice,
// and only valid UTF-8, lone surrogate escapes included (RFC 8259 §8.1, the I-JSON rules of
// RFC 7493). Go's encoding/json
// accepts all three (a stream decoder stops after the first value, the last of two members
// wins, invalid bytes become U+FFFD), so a body a vendor would refuse could change the
// mock's state; Check refuses it first, naming the problem and where it is.
//
// It imports nothing from this module, so the Bayeux server can use it too.
//
//	if err := strictjson.Check(body); err != nil {
//		return badRequest(err.Error()) // e.g. `member "operationName" is given twice (at byte 40)`
//	}
package strictjson

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"strings"
	"unicode/utf8"
)

// Error says how a body is not strict JSON and at which byte offset.
type Error struct {
	Offset int64
	Msg    string
}

func (e *Error) Error() string { return fmt.Sprintf("%s (at byte %d)", e.Msg, e.Offset) }

// frame is one open object or array.
type frame struct {
	object  bool
	wantKey bool                // in an object: the next string is a member name
	names   map[string]struct{} // in an object: the names seen
}

// Check returns nil when b is exactly one strict JSON text, and otherwise an *Error: invalid
// UTF-8, malformed JSON, a duplicate member name, or data after the value.
func Check(b []byte) error {
	if i := invalidUTF8(b); i >= 0 {
		return &Error{Offset: int64(i), Msg: "invalid UTF-8; JSON text must be UTF-8"}
	}
	if i := loneSurrogate(b); i >= 0 {
		return &Error{Offset: int64(i), Msg: "a \\u escape of a lone UTF-16 surrogate; it stands for no character"}
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var stack []*frame
	started := false
	for {
		offset := dec.InputOffset()
		tok, err := dec.Token()
		if err == io.EOF {
			if !started {
				return &Error{Offset: 0, Msg: "empty body; want a JSON value"}
			}
			return &Error{Offset: offset, Msg: "unexpected end of JSON input"}
		}
		if err != nil {
			return syntax(err, offset)
		}
		started = true
		var top *frame
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		if s, ok := tok.(string); ok && top != nil && top.object && top.wantKey {
			if _, dup := top.names[s]; dup {
				return &Error{Offset: skip(b, offset), Msg: fmt.Sprintf("member %q is given twice; each name may appear once in an object", s)}
			}
			top.names[s] = struct{}{}
			top.wantKey = false
			continue
		}
		switch tok {
		case json.Delim('{'):
			stack = append(stack, &frame{object: true, wantKey: true, names: map[string]struct{}{}})
			continue
		case json.Delim('['):
			stack = append(stack, &frame{})
			continue
		case json.Delim('}'), json.Delim(']'):
			stack = stack[:len(stack)-1]
		}
		// A value ended (a scalar, or a closed object or array).
		if len(stack) == 0 {
			break
		}
		if p := stack[len(stack)-1]; p.object {
			p.wantKey = true
		}
	}
	end := dec.InputOffset()
	if _, err := dec.Token(); err != io.EOF {
		return &Error{Offset: skip(b, end), Msg: "data after the JSON value; send exactly one JSON value"}
	}
	return nil
}

// skip returns the offset of the first byte at or after off that is not white space or a
// separator: where the next token starts.
func skip(b []byte, off int64) int64 {
	for off < int64(len(b)) && strings.IndexByte(" \t\r\n,:", b[off]) >= 0 {
		off++
	}
	return off
}

// syntax turns a decoder error into an *Error.
func syntax(err error, offset int64) error {
	var se *json.SyntaxError
	if errors.As(err, &se) {
		return &Error{Offset: se.Offset, Msg: "malformed JSON: " + se.Error()}
	}
	if errors.Is(err, io.ErrUnexpectedEOF) {
		return &Error{Offset: offset, Msg: "unexpected end of JSON input"}
	}
	return &Error{Offset: offset, Msg: "malformed JSON: " + strings.TrimPrefix(err.Error(), "json: ")}
}

// invalidUTF8 returns the offset of the first byte that is not valid UTF-8, or -1.
func invalidUTF8(b []byte) int {
	if utf8.Valid(b) {
		return -1
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return -1
}

// loneSurrogate returns the offset of the first \u escape, in a string, of a UTF-16
// surrogate that is not half of a pair (Go's decoder turns it into U+FFFD), or -1. Malformed
// escapes are left to the decoder.
func loneSurrogate(b []byte) int {
	in := false
	for i := 0; i < len(b); i++ {
		switch {
		case !in:
			in = b[i] == '"'
		case b[i] == '"':
			in = false
		case b[i] == '\\' && i+1 < len(b):
			if b[i+1] != 'u' {
				i++ // a one-character escape
				continue
			}
			r, ok := hex4(b, i+2)
			if !ok {
				return -1
			}
			switch {
			case r >= 0xD800 && r < 0xDC00: // high: a low must follow
				if lo, ok := hex4(b, i+8); i+7 < len(b) && b[i+6] == '\\' && b[i+7] == 'u' && ok && lo >= 0xDC00 && lo < 0xE000 {
					i += 11
					continue
				}
				return i
			case r >= 0xDC00 && r < 0xE000:
				return i
			}
			i += 5
		}
	}
	return -1
}

// hex4 reads four hex digits at b[i:].
func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for _, c := range b[i : i+4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// IsJSON tells whether a Content-Type is JSON: application/json, text/json or a +json type.
func IsJSON(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	if err != nil {
		return false
	}
	return mt == "application/json" || mt == "text/json" || strings.HasSuffix(mt, "+json")
}
