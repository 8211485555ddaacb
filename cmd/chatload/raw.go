package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// rawClient is one keep-alive HTTP/1.1 connection that writes requests as bytes and reads
// replies with the least work: the status line, Content-Length or chunked bodies, and
// nothing else. The load generator shares the CPU with the server under test; net/http's
// client costs about as much per request as a bare server does, which would cap what any
// server can show (--client std uses net/http instead).
type rawClient struct {
	addr    string // host:port
	host    string // the Host header
	timeout time.Duration
	conn    net.Conn
	br      *bufio.Reader
	req     []byte // the request being written
	body    []byte // the last reply's body
}

// ErrRawScheme is returned for a base URL the raw client cannot serve (https).
var ErrRawScheme = errors.New("the raw client speaks plain http only; use --client std")

func newRawClient(base string, timeout time.Duration) (*rawClient, error) {
	u, err := url.Parse(base)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" {
		return nil, ErrRawScheme
	}
	addr := u.Host
	if u.Port() == "" {
		addr = net.JoinHostPort(u.Hostname(), "80")
	}
	return &rawClient{addr: addr, host: u.Host, timeout: timeout}, nil
}

// do sends one request (target is the path and query) and returns the status and body; the
// body is valid until the next call. A connection the server closed between requests is
// dialled again once.
func (c *rawClient) do(ctx context.Context, method, target string, header http.Header, body []byte) (int, []byte, error) {
	c.req = c.req[:0]
	c.req = fmt.Appendf(c.req, "%s %s HTTP/1.1\r\nHost: %s\r\n", method, target, c.host)
	for name, values := range header {
		for _, v := range values {
			c.req = fmt.Appendf(c.req, "%s: %s\r\n", name, v)
		}
	}
	if body != nil || method == http.MethodPost || method == http.MethodPut || method == http.MethodPatch {
		c.req = fmt.Appendf(c.req, "Content-Length: %d\r\n", len(body))
	}
	c.req = append(c.req, "\r\n"...)
	c.req = append(c.req, body...)
	for attempt := 0; ; attempt++ {
		fresh := c.conn == nil
		if fresh {
			if err := c.dial(ctx); err != nil {
				return 0, nil, err
			}
		}
		status, err := c.exchange(ctx)
		if err == nil {
			return status, c.body, nil
		}
		c.close()
		if fresh || attempt > 0 || !reusedConnClosed(err) {
			return 0, nil, err
		}
	}
}

func (c *rawClient) dial(ctx context.Context) error {
	d := net.Dialer{Timeout: 5 * time.Second}
	conn, err := d.DialContext(ctx, "tcp", c.addr)
	if err != nil {
		return err
	}
	c.conn = conn
	if c.br == nil {
		c.br = bufio.NewReaderSize(conn, 16<<10)
	} else {
		c.br.Reset(conn)
	}
	return nil
}

func (c *rawClient) close() {
	if c.conn != nil {
		_ = c.conn.Close()
		c.conn = nil
	}
}

// reusedConnClosed tells an idle connection the server closed from other failures.
func reusedConnClosed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed)
}

// exchange writes c.req and reads the reply into c.body.
func (c *rawClient) exchange(ctx context.Context) (int, error) {
	deadline := time.Now().Add(c.timeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	_ = c.conn.SetDeadline(deadline)
	if _, err := c.conn.Write(c.req); err != nil {
		return 0, err
	}
	line, err := c.br.ReadSlice('\n')
	if err != nil {
		return 0, err
	}
	if len(line) < 12 || !bytes.HasPrefix(line, []byte("HTTP/1.")) {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	status, err := strconv.Atoi(string(line[9:12]))
	if err != nil {
		return 0, fmt.Errorf("bad status line %q", line)
	}
	length, chunked, closing := -1, false, false
	for {
		line, err := c.br.ReadSlice('\n')
		if err != nil {
			return 0, err
		}
		line = bytes.TrimRight(line, "\r\n")
		if len(line) == 0 {
			break
		}
		name, value, _ := bytes.Cut(line, []byte(":"))
		value = bytes.TrimSpace(value)
		switch {
		case bytes.EqualFold(name, []byte("Content-Length")):
			if length, err = strconv.Atoi(string(value)); err != nil || length < 0 {
				return 0, fmt.Errorf("bad Content-Length %q", value)
			}
		case bytes.EqualFold(name, []byte("Transfer-Encoding")):
			chunked = bytes.EqualFold(value, []byte("chunked"))
		case bytes.EqualFold(name, []byte("Connection")):
			closing = bytes.EqualFold(value, []byte("close"))
		}
	}
	c.body = c.body[:0]
	switch {
	case status == http.StatusNoContent || status == http.StatusNotModified || status < 200:
	case chunked:
		err = c.readChunked()
	case length >= 0:
		c.body = grow(c.body, length)
		_, err = io.ReadFull(c.br, c.body)
	default: // the body runs to the end of the connection
		c.body, err = io.ReadAll(c.br)
		closing = true
	}
	if err != nil {
		return 0, err
	}
	if closing {
		c.close()
	}
	return status, nil
}

func (c *rawClient) readChunked() error {
	for {
		line, err := c.br.ReadSlice('\n')
		if err != nil {
			return err
		}
		size, _, _ := bytes.Cut(bytes.TrimSpace(line), []byte(";"))
		n, err := strconv.ParseInt(string(size), 16, 32)
		if err != nil || n < 0 {
			return fmt.Errorf("bad chunk size %q", line)
		}
		if n == 0 { // trailers, then an empty line
			for {
				line, err := c.br.ReadSlice('\n')
				if err != nil {
					return err
				}
				if len(bytes.TrimSpace(line)) == 0 {
					return nil
				}
			}
		}
		start := len(c.body)
		c.body = grow(c.body, start+int(n))
		if _, err := io.ReadFull(c.br, c.body[start:]); err != nil {
			return err
		}
		if _, err := c.br.Discard(2); err != nil { // the chunk's CRLF
			return err
		}
	}
}

// grow returns b with length n, reusing its storage when it is large enough.
func grow(b []byte, n int) []byte {
	if cap(b) >= n {
		return b[:n]
	}
	return append(b[:cap(b)], make([]byte, n-cap(b))...)[:n]
}
