package bayeux

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/cookiejar"
	"strconv"
	"strings"
	"sync"
	"time"
)

const (
	// DefaultRequestTimeout bounds every request but a held connect, and is added to the
	// server's advice timeout for a connect (CometD's maxNetworkDelay).
	DefaultRequestTimeout = 10 * time.Second
	// defaultHold is assumed when the server gave no advice timeout (CometD's default).
	defaultHold = 30 * time.Second
	// maxReply is the largest reply body read.
	maxReply = 32 << 20
)

// Client is a Bayeux long-polling client; create it with New. See the package
// documentation for which methods may run concurrently.
type Client struct {
	base    string
	http    *http.Client
	header  http.Header
	timeout time.Duration
	jar     http.CookieJar
	trace   func(Trace)

	opMu sync.Mutex // serialises session changes: handshake, (un)subscribe, disconnect

	mu             sync.Mutex // guards the fields below
	lastID         int
	clientID       string
	gen            int // session generation, bumped by every handshake and disconnect
	advice         map[string]any
	subs           []string
	connected      bool // a connect of this session succeeded; until then it asks timeout 0
	connecting     bool
	needHandshake  bool
	closed         bool      // Disconnect ran and no Handshake since
	pending        []Message // events that came with replies other than connect's
	rehandshakes   int
	connectReplies int
	err            error
	listenStop     context.CancelFunc
	listenDone     chan struct{}
}

// Option configures a Client.
type Option func(*Client)

// WithHTTPClient sets the HTTP client (default: a client on http.DefaultTransport). Do not
// set its Timeout: a held connect is longer than other requests, and the Client bounds each
// request itself.
func WithHTTPClient(h *http.Client) Option { return func(c *Client) { c.http = h } }

// WithCookieJar sets the jar that keeps the cookies of the client's session (default: a
// jar of its own, so that two clients never share a session's cookies, as CometD clients
// keep them per client).
func WithCookieJar(j http.CookieJar) Option { return func(c *Client) { c.jar = j } }

// WithTrace calls f after every HTTP exchange, in the goroutine that made it, with what was
// sent and received: the timeline of a session, for reports.
func WithTrace(f func(Trace)) Option { return func(c *Client) { c.trace = f } }

// Trace is one HTTP exchange of a Client.
type Trace struct {
	Method, URL   string
	RequestHeader http.Header
	RequestBody   []byte
	// Status, Header and Body are the response's; Err is set when there was none, or when
	// its body could not be read.
	Status int
	Header http.Header
	Body   []byte
	Err    error
}

// WithHeader sets a header on every request, e.g. Authorization.
func WithHeader(key, value string) Option { return func(c *Client) { c.header.Set(key, value) } }

// WithBasicAuth sends HTTP Basic credentials on every request.
func WithBasicAuth(user, password string) Option {
	token := base64.StdEncoding.EncodeToString([]byte(user + ":" + password))
	return func(c *Client) { c.header.Set("Authorization", "Basic "+token) }
}

// WithRequestTimeout bounds every request but a held connect, which gets the server's
// advice timeout plus d (default DefaultRequestTimeout).
func WithRequestTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// New returns a client for the Bayeux endpoint at base, e.g.
// "http://host/api/v2/notifications". It sends nothing until Handshake or Exchange.
func New(base string, opts ...Option) *Client {
	c := &Client{
		base:    strings.TrimRight(base, "/"),
		http:    &http.Client{},
		header:  make(http.Header),
		timeout: DefaultRequestTimeout,
		advice:  map[string]any{},
	}
	for _, o := range opts {
		o(c)
	}
	if c.jar == nil {
		c.jar, _ = cookiejar.New(nil) // never fails without options
	}
	return c
}

// Exchange POSTs msgs as one JSON array to base+path (path "" or starting with "/") and
// decodes the reply, which must be a JSON array. It is the raw access for protocol checks:
// it adds nothing to the messages, matches no ids and changes no session state, and it is
// bounded only by ctx. The response is returned whenever one arrived, with its body read
// and replaced by a reader over the same bytes; a status other than 200 is an error
// wrapping ErrStatus, returned with the messages if the body decoded.
func (c *Client) Exchange(ctx context.Context, path string, msgs ...any) ([]Message, *http.Response, error) {
	if msgs == nil {
		msgs = []any{}
	}
	body, err := json.Marshal(msgs)
	if err != nil {
		return nil, nil, fmt.Errorf("post %s: encode messages: %w", path, err)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, nil, fmt.Errorf("post %s: %w", path, err)
	}
	req.Header = c.header.Clone()
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	for _, ck := range c.jar.Cookies(req.URL) {
		req.AddCookie(ck)
	}
	t := Trace{Method: req.Method, URL: req.URL.String(), RequestHeader: req.Header, RequestBody: body}
	resp, err := c.http.Do(req)
	if err != nil {
		t.Err = err
		c.traced(t)
		return nil, nil, fmt.Errorf("post %s: %w", path, err)
	}
	c.jar.SetCookies(req.URL, resp.Cookies())
	b, err := io.ReadAll(io.LimitReader(resp.Body, maxReply+1))
	_ = resp.Body.Close()
	resp.Body = io.NopCloser(bytes.NewReader(b))
	t.Status, t.Header, t.Body, t.Err = resp.StatusCode, resp.Header, b, err
	c.traced(t)
	if err != nil {
		return nil, resp, fmt.Errorf("post %s: read reply: %w", path, err)
	}
	if len(b) > maxReply {
		return nil, resp, fmt.Errorf("post %s: reply larger than %d bytes", path, maxReply)
	}
	out, derr := decode(b)
	if resp.StatusCode != http.StatusOK {
		return out, resp, fmt.Errorf("post %s: %w: %d: %s", path, ErrStatus, resp.StatusCode, snippet(b))
	}
	if derr != nil {
		return nil, resp, fmt.Errorf("post %s: %w", path, derr)
	}
	return out, resp, nil
}

func (c *Client) traced(t Trace) {
	if c.trace != nil {
		c.trace(t)
	}
}

// decode reads a reply body: a JSON array of messages.
func decode(b []byte) ([]Message, error) {
	t := bytes.TrimSpace(b)
	if len(t) == 0 || t[0] != '[' {
		return nil, fmt.Errorf("reply is not a JSON array: %s", snippet(b))
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(t, &raws); err != nil {
		return nil, fmt.Errorf("decode reply: %w", err)
	}
	out := make([]Message, len(raws))
	for i, r := range raws {
		if err := json.Unmarshal(r, &out[i]); err != nil {
			return nil, fmt.Errorf("decode reply message %d: %w", i, err)
		}
	}
	return out, nil
}

func snippet(b []byte) string {
	const n = 200
	s := strings.TrimSpace(string(b))
	if len(s) > n {
		s = s[:n] + "..."
	}
	if s == "" {
		return "(empty body)"
	}
	return s
}

// request sends meta messages with a timeout and returns every message of the reply.
func (c *Client) request(ctx context.Context, path string, timeout time.Duration, msgs ...any) ([]Message, error) {
	rctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	out, _, err := c.Exchange(rctx, path, msgs...)
	if err != nil && ctx.Err() == nil && errors.Is(err, context.DeadlineExceeded) {
		return nil, fmt.Errorf("%w (request timeout %s)", err, timeout)
	}
	return out, err
}

// keep holds the events that came with a reply other than connect's for the next Connect.
func (c *Client) keep(msgs []Message) {
	if ev := events(msgs); len(ev) > 0 {
		c.mu.Lock()
		c.pending = append(c.pending, ev...)
		c.mu.Unlock()
	}
}

// nextID returns the id for the next message: "1", "2", ...
func (c *Client) nextID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.lastID++
	return strconv.Itoa(c.lastID)
}

// ClientID returns the session's clientId, or "" before a handshake and after Disconnect.
func (c *Client) ClientID() string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.clientID
}

// Advice returns a copy of the server's latest advice: the handshake's, updated key by key
// by the advice of later connect replies.
func (c *Client) Advice() map[string]any {
	c.mu.Lock()
	defer c.mu.Unlock()
	return maps.Clone(c.advice)
}

// Rehandshakes returns how many times the client handshook again, and subscribed again,
// because the server advised it.
func (c *Client) Rehandshakes() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.rehandshakes
}

// ConnectReplies returns how many connect replies carried at least one event.
func (c *Client) ConnectReplies() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.connectReplies
}

// Err returns the latest error of the Listen loop (each is retried unless it is final), or
// nil if there was none since Listen started.
func (c *Client) Err() error {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.err
}
