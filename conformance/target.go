package conformance

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"sort"
	"strings"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"
)

// Response is one recorded exchange with the target.
type Response struct {
	Method        string
	URL           string
	RequestHeader http.Header
	RequestBody   []byte
	Status        int
	Header        http.Header
	Body          []byte
}

// Option shapes a request.
type Option func(*http.Request, *[]byte)

// Header sets a request header (an empty value sends the header empty).
func Header(key, value string) Option {
	return func(r *http.Request, _ *[]byte) { r.Header.Set(key, value) }
}

// AddHeader adds a value to a request header (for duplicate-header checks).
func AddHeader(key, value string) Option {
	return func(r *http.Request, _ *[]byte) { r.Header.Add(key, value) }
}

// WithoutHeader removes a request header set by default.
func WithoutHeader(key string) Option { return func(r *http.Request, _ *[]byte) { r.Header.Del(key) } }

// BasicAuth sets HTTP Basic credentials.
func BasicAuth(user, pass string) Option {
	return func(r *http.Request, _ *[]byte) { r.SetBasicAuth(user, pass) }
}

// httpClient has no overall timeout: each request is bounded by its context.
var httpClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 16}}

// Send performs a request against the target and records it for the failure report. body
// is nil, []byte or string (sent as is), url.Values (a form), or anything else (JSON).
// Transport errors fail the spec.
func Send(ctx context.Context, method, target string, body any, opts ...Option) *Response {
	GinkgoHelper()
	var raw []byte
	contentType := ""
	switch b := body.(type) {
	case nil:
	case []byte:
		raw = b
	case string:
		raw = []byte(b)
	case url.Values:
		raw, contentType = []byte(b.Encode()), "application/x-www-form-urlencoded"
	default:
		var err error
		raw, err = json.Marshal(b)
		Expect(err).NotTo(HaveOccurred())
		contentType = "application/json"
	}
	ctx, cancel := context.WithTimeout(ctx, Target().Timeout+10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, target, bytes.NewReader(raw))
	Expect(err).NotTo(HaveOccurred())
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for _, o := range opts {
		o(req, &raw)
	}
	if raw == nil {
		req.Body, req.ContentLength = http.NoBody, 0
	}
	resp, err := httpClient.Do(req)
	Expect(err).NotTo(HaveOccurred(), "%s %s", method, target)
	defer resp.Body.Close()
	got, err := io.ReadAll(resp.Body)
	Expect(err).NotTo(HaveOccurred(), "read the response of %s %s", method, target)
	r := &Response{Method: method, URL: target, RequestHeader: req.Header, RequestBody: raw,
		Status: resp.StatusCode, Header: resp.Header, Body: got}
	fmt.Fprint(GinkgoWriter, r.Transcript())
	return r
}

// Transcript renders the exchange as it went over the wire (credentials masked).
func (r *Response) Transcript() string {
	var b strings.Builder
	fmt.Fprintf(&b, "→ %s %s\n", r.Method, r.URL)
	writeHeaders(&b, "  ", r.RequestHeader)
	if len(r.RequestBody) > 0 {
		fmt.Fprintf(&b, "  %s\n", Clip(r.RequestBody))
	}
	fmt.Fprintf(&b, "← %d %s\n", r.Status, http.StatusText(r.Status))
	writeHeaders(&b, "  ", r.Header)
	if len(r.Body) > 0 {
		fmt.Fprintf(&b, "  %s\n", Clip(r.Body))
	}
	return b.String()
}

// WriteHeaders writes headers as Transcript does, credentials masked.
func WriteHeaders(w io.Writer, h http.Header) {
	var b strings.Builder
	writeHeaders(&b, "  ", h)
	_, _ = io.WriteString(w, b.String())
}

func writeHeaders(b *strings.Builder, indent string, h http.Header) {
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		v := strings.Join(h[k], ", ")
		switch strings.ToLower(k) {
		case "authorization", "auth_token", "x-xsrf-token":
			if scheme, _, ok := strings.Cut(v, " "); ok && strings.ToLower(k) == "authorization" {
				v = scheme + " ***"
			} else {
				v = "***"
			}
		case "date", "content-length":
			continue
		}
		fmt.Fprintf(b, "%s%s: %s\n", indent, k, v)
	}
}

// Clip renders a body for a report, cut after 2000 bytes.
func Clip(b []byte) string {
	const max = 2000
	if len(b) > max {
		return string(b[:max]) + fmt.Sprintf("… (%d bytes in all)", len(b))
	}
	return string(b)
}

// Object decodes a JSON object body, failing the spec when it is not one.
func (r *Response) Object() map[string]any {
	GinkgoHelper()
	var m map[string]any
	Expect(json.Unmarshal(r.Body, &m)).To(Succeed(), "want a JSON object from %s %s; got %q", r.Method, r.URL, Clip(r.Body))
	return m
}

// Array decodes a JSON array body, failing the spec when it is not one.
func (r *Response) Array() []any {
	GinkgoHelper()
	var a []any
	Expect(json.Unmarshal(r.Body, &a)).To(Succeed(), "want a JSON array from %s %s; got %q", r.Method, r.URL, Clip(r.Body))
	return a
}
