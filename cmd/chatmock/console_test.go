package main

import (
	"bufio"
	"net/http"
	"testing"
)

// TestShutdownEndsConsoleStreams: an open console (its event stream) does not hold up a
// graceful shutdown.
func TestShutdownEndsConsoleStreams(t *testing.T) {
	base, _, stop := start(t)
	resp, err := http.Get(base + "/mock/events")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if line, err := bufio.NewReader(resp.Body).ReadString('\n'); err != nil || line != "retry: 1000\n" {
		t.Fatalf("the stream's first line = %q, %v", line, err)
	}
	if err := stop(); err != nil {
		t.Errorf("shutdown with a console open: %v; want a clean stop", err)
	}
}
