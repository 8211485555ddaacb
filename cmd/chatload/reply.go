package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
)

// get fetches a URL; it returns the body and its Content-Type. A status of 400 or more is
// an error.
func get(ctx context.Context, hc *http.Client, url string, header http.Header) ([]byte, string, error) {
	return send(ctx, hc, http.MethodGet, url, header, nil)
}

// send makes one request outside a measured run (set-up, probes); it returns the body and
// its Content-Type. A status of 400 or more is an error.
func send(ctx context.Context, hc *http.Client, method, url string, header http.Header, body []byte) ([]byte, string, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		return nil, "", err
	}
	req.Header = header.Clone()
	resp, err := hc.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, "", err
	}
	if resp.StatusCode >= 400 {
		return b, "", fmt.Errorf("%s %s: status %d: %.200s", method, url, resp.StatusCode, b)
	}
	return b, resp.Header.Get("Content-Type"), nil
}

// The readers below find numbers in a reply without decoding it, so that the load
// generator spends little of the CPU it shares with the server: key is the member name with
// its colon, as the servers write it ("index":).

// nextNumber finds key in body and reads the integer after it; rest is what follows.
func nextNumber(body []byte, key string) (n int, rest []byte, ok bool) {
	for {
		i := bytes.Index(body, []byte(key))
		if i < 0 {
			return 0, nil, false
		}
		body = body[i+len(key):]
		j := 0
		for j < len(body) && body[j] >= '0' && body[j] <= '9' {
			j++
		}
		if n, err := strconv.Atoi(string(body[:j])); err == nil {
			return n, body[j:], true
		}
	}
}

// numbers returns every integer that follows key in body, in order.
func numbers(body []byte, key string) []int {
	var out []int
	for {
		n, rest, ok := nextNumber(body, key)
		if !ok {
			return out
		}
		out = append(out, n)
		body = rest
	}
}

// lastNumber returns the largest integer that follows key in body, or 0.
func lastNumber(body []byte, key string) int {
	best := 0
	for {
		n, rest, ok := nextNumber(body, key)
		if !ok {
			return best
		}
		best = max(best, n)
		body = rest
	}
}
