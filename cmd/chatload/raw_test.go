package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

func TestRawClient(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		switch r.URL.Path {
		case "/length":
			w.Header().Set("Content-Length", "5")
			_, _ = w.Write([]byte("hello"))
		case "/chunked": // flushed pieces: net/http sends them chunked
			for _, piece := range []string{"hel", "lo, ", "world"} {
				_, _ = w.Write([]byte(piece))
				w.(http.Flusher).Flush()
			}
		case "/echo":
			w.Header().Set("X-Seen", r.Header.Get("X-Test"))
			w.WriteHeader(http.StatusCreated)
			_, _ = w.Write([]byte(r.Method + " " + r.URL.RequestURI() + " " + string(body) + " " + r.Header.Get("X-Test")))
		case "/close":
			w.Header().Set("Connection", "close")
			_, _ = w.Write([]byte("bye"))
		case "/empty":
			w.WriteHeader(http.StatusNoContent)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	c, err := newRawClient(srv.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.close)
	for _, tc := range []struct {
		method, target, body string
		wantStatus           int
		wantBody             string
	}{
		{"GET", "/length", "", 200, "hello"},
		{"GET", "/chunked", "", 200, "hello, world"},
		{"POST", "/echo?x=1", "a=b", 201, "POST /echo?x=1 a=b yes"},
		{"GET", "/close", "", 200, "bye"},
		{"GET", "/length", "", 200, "hello"}, // dials again after the close
		{"DELETE", "/empty", "", 204, ""},
		{"GET", "/missing", "", 404, "404 page not found\n"},
	} {
		var body []byte
		if tc.body != "" {
			body = []byte(tc.body)
		}
		status, got, err := c.do(context.Background(), tc.method, tc.target, http.Header{"X-Test": {"yes"}}, body)
		if err != nil || status != tc.wantStatus || string(got) != tc.wantBody {
			t.Errorf("%s %s = %d %q, %v; want %d %q", tc.method, tc.target, status, got, err, tc.wantStatus, tc.wantBody)
		}
	}
}

func TestRawClientRedialsAClosedIdleConnection(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { _, _ = w.Write([]byte("ok")) }))
	t.Cleanup(srv.Close)
	c, err := newRawClient(srv.URL, 5*time.Second)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(c.close)
	for i := range 2 {
		if status, body, err := c.do(context.Background(), "GET", "/", nil, nil); err != nil || status != 200 || string(body) != "ok" {
			t.Fatalf("request %d = %d %q, %v; want 200 ok", i, status, body, err)
		}
		srv.CloseClientConnections() // the server drops the idle connection
	}
	if _, err := newRawClient("https://127.0.0.1:1", time.Second); err == nil || !strings.Contains(err.Error(), "--client std") {
		t.Errorf("newRawClient(https) = %v; want ErrRawScheme", err)
	}
}
