package probe

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"regexp"
	"sort"
	"strings"

	"github.com/chatconform/chatconform/spec"
)

// Junk in a configured header value, media type or path prefix is replaced by the input's
// Junk string.
const Junk = "{junk}"

// Methods are the methods an Input chooses from.
var Methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"}

// Accepts are the Accept headers an Input chooses from ("" sends none).
var Accepts = []string{"", "*/*", "application/json", "application/xml", "text/xml", "text/json",
	"application/json;q=0, application/xml;q=0.5", "text/html", Junk}

// junkMedia are the Content-Types every target offers besides its document's.
var junkMedia = []string{"text/plain", "application/json; charset=utf-16", "application/json;charset=UTF-8",
	"multipart/form-data; boundary=x", Junk}

// Input is one fuzzed request; the fuzz targets take its fields as arguments, in order.
type Input struct {
	// Method, Path, ContentType, Accept and Auth choose by index (modulo the choices):
	// Path picks a document path and, above the number of paths, a prefix.
	Method, Path, ContentType, Accept, Auth uint8
	// Param fills the path's parameters (split at NUL when there are several).
	Param string
	// Query is the raw query string.
	Query string
	// Junk replaces {junk} in the chosen header values, media type and prefix.
	Junk string
	Body []byte
}

// Config describes a target.
type Config struct {
	// Document is the spec document's name, e.g. "gws-chat.yaml".
	Document string
	// Credentials are the header sets a request may carry, chosen by Input.Auth. The first
	// must be accepted by every operation: the seeds use it.
	Credentials []http.Header
	// Prefixes go before the document's paths (SuperOffice tenants: "/Cust12345"); the
	// first is used by the seeds. Default: none.
	Prefixes []string
}

// Target is the request space of one document.
type Target struct {
	doc      *spec.Document
	paths    []string
	media    []string
	creds    []http.Header
	prefixes []string
}

// New returns the target of a document of the embedded specs.
func New(c Config) (*Target, error) {
	set, err := spec.Load()
	if err != nil {
		return nil, fmt.Errorf("load specs: %w", err)
	}
	doc := set.Document(c.Document)
	if doc == nil || doc.OpenAPI == nil {
		return nil, fmt.Errorf("no OpenAPI document %q", c.Document)
	}
	t := &Target{doc: doc, paths: doc.OpenAPI.Paths.InMatchingOrder(), creds: c.Credentials, prefixes: c.Prefixes}
	sort.Strings(t.paths)
	if len(t.creds) == 0 {
		t.creds = []http.Header{{}}
	}
	if len(t.prefixes) == 0 {
		t.prefixes = []string{""}
	}
	seen := map[string]bool{}
	for _, p := range t.paths {
		for _, op := range doc.OpenAPI.Paths.Value(p).Operations() {
			if op.RequestBody != nil {
				for mt := range op.RequestBody.Value.Content {
					seen[mt] = true
				}
			}
		}
	}
	for mt := range seen {
		t.media = append(t.media, mt)
	}
	sort.Strings(t.media)
	t.media = append(append([]string{""}, t.media...), junkMedia...)
	return t, nil
}

var placeholder = regexp.MustCompile(`\{[^}/]+\}`)

// Request returns the request an input stands for, as a server would hand it to its
// handler; an error means no server would have (the request line does not parse).
func (t *Target) Request(in Input) (*http.Request, error) {
	method := Methods[int(in.Method)%len(Methods)]
	path := t.paths[int(in.Path)%len(t.paths)]
	prefix := t.prefixes[int(in.Path)/len(t.paths)%len(t.prefixes)]
	if prefix != "" {
		prefix = "/" + EscapePath(strings.ReplaceAll(strings.TrimPrefix(prefix, "/"), Junk, in.Junk))
	}
	n := len(placeholder.FindAllString(path, -1))
	values := []string{in.Param}
	if n > 1 {
		values = strings.SplitN(in.Param, "\x00", n)
	}
	i := 0
	path = placeholder.ReplaceAllStringFunc(path, func(string) string {
		v := ""
		if i < len(values) {
			v = EscapePath(values[i])
		}
		i++
		return v
	})
	header := http.Header{}
	for name, values := range t.creds[int(in.Auth)%len(t.creds)] {
		for _, v := range values {
			SetHeader(header, name, strings.ReplaceAll(v, Junk, in.Junk))
		}
	}
	SetHeader(header, "Content-Type", strings.ReplaceAll(t.media[int(in.ContentType)%len(t.media)], Junk, in.Junk))
	SetHeader(header, "Accept", strings.ReplaceAll(Accepts[int(in.Accept)%len(Accepts)], Junk, in.Junk))
	return NewRequest(method, prefix+path, in.Query, header, in.Body)
}

// NewRequest returns a request as a server would hand it to its handler: target is an
// escaped path, query a raw query (what cannot stand in a request line is escaped). An
// error means no server would have (the request line does not parse).
func NewRequest(method, target, query string, header http.Header, body []byte) (*http.Request, error) {
	if query != "" {
		target += "?" + escapeQuery(query)
	}
	req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(method + " " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n")))
	if err != nil {
		return nil, fmt.Errorf("request line %q: %w", target, err)
	}
	req.RemoteAddr = "192.0.2.1:1234"
	for name, values := range header {
		req.Header[name] = values
	}
	req.Body, req.ContentLength = http.NoBody, 0
	if len(body) > 0 {
		req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	}
	return req, nil
}

// SetHeader adds a header value as a server would have read it: without control
// characters and surrounding space; an empty value is not sent.
func SetHeader(h http.Header, name, value string) {
	value = strings.TrimSpace(strings.Map(func(r rune) rune {
		if (r < 0x20 && r != '\t') || r == 0x7f {
			return -1
		}
		return r
	}, value))
	if value != "" {
		h.Add(name, value)
	}
}

// EscapePath escapes a path parameter as a client would (a slash becomes %2F, which the
// server decodes back: the mock routes the decoded path).
func EscapePath(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || strings.IndexByte("-._~!$&'()*+,;=:@", c) >= 0 {
			b.WriteByte(c)
			continue
		}
		fmt.Fprintf(&b, "%%%02X", c)
	}
	return b.String()
}

// escapeQuery escapes what a client would not put in a request line (space, control
// characters, #, bytes beyond ASCII) and leaves the rest, malformed escapes included, as
// the fuzzer wrote it.
func escapeQuery(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c <= 0x20 || c == 0x7f || c == '#' || c >= 0x80 {
			fmt.Fprintf(&b, "%%%02X", c)
			continue
		}
		b.WriteByte(c)
	}
	return b.String()
}
