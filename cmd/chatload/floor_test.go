package main

import (
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestFloorHandler(t *testing.T) {
	body := `{"messages":[{"index":13}],"statusCode":0}`
	srv := httptest.NewServer(floorHandler([]byte(body), "application/json; charset=utf-8"))
	t.Cleanup(srv.Close)
	for _, tc := range []struct {
		method, path, body string
	}{
		{"GET", "/api/v2/chats/x/messages?index=3", ""},
		{"POST", "/api/v2/chats/x", `{"operationName":"SendMessage","text":"hi"}`},
		{"DELETE", "/anything/at/all", ""},
	} {
		t.Run(tc.method+" "+tc.path, func(t *testing.T) {
			req, err := http.NewRequest(tc.method, srv.URL+tc.path, strings.NewReader(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			got, _ := io.ReadAll(resp.Body)
			if resp.StatusCode != 200 || string(got) != body {
				t.Errorf("reply = %d %s; want 200 %s", resp.StatusCode, got, body)
			}
			if ct, cl := resp.Header.Get("Content-Type"), resp.Header.Get("Content-Length"); ct != "application/json; charset=utf-8" || cl != "42" {
				t.Errorf("Content-Type, Content-Length = %q, %q; want the given type and 42", ct, cl)
			}
		})
	}
}

func TestCheckLoopback(t *testing.T) {
	for _, tc := range []struct {
		base   string
		remote bool // --allow-remote
		ok     bool
	}{
		{"http://127.0.0.1:8080", false, true},
		{"http://localhost:8080", false, true},
		{"http://[::1]:8080", false, true},
		{"http://127.0.0.2", false, true},
		{"http://10.0.0.5:8080", false, false},
		{"https://gws.example.com", false, false},
		{"https://gws.example.com", true, true},
		{"gws.example.com:8080", true, false}, // not a URL
	} {
		if err := checkLoopback(tc.base, tc.remote); (err == nil) != tc.ok {
			t.Errorf("checkLoopback(%q, %v) = %v; want ok = %v", tc.base, tc.remote, err, tc.ok)
		}
	}
}
