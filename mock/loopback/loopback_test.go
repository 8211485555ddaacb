package loopback_test

import (
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock/loopback"
)

func get(t *testing.T, url string, header ...string) (int, string) {
	t.Helper()
	req, _ := http.NewRequest("GET", url, nil)
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, string(b)
}

func TestStartServesTheMock(t *testing.T) {
	srv, err := loopback.Start(loopback.Config{Vary: 7})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	if code, _ := get(t, srv.URL+"/healthz"); code != http.StatusOK {
		t.Errorf("GET /healthz = %d; want 200", code)
	}
}

// TestPlantedBugShows: with a planted bug strict mode is off, so the bug shows as itself (an
// error envelope the spec does not allow) instead of strict mode's 500.
func TestPlantedBugShows(t *testing.T) {
	srv, err := loopback.Start(loopback.Config{Bugs: []string{"gws-error-envelope"}})
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Close()
	code, body := get(t, srv.URL+"/api/v2/chats/no-such-chat", "ContactCenterId", "cfe5ad67-ba6d-4340-81f9-bb680ef5d498")
	if code == http.StatusInternalServerError || !strings.Contains(body, `"error"`) || strings.Contains(body, "statusCode") {
		t.Errorf("GetChat of an unknown chat = %d %s; want the planted bug's envelope, not strict mode's 500", code, body)
	}
}

func TestStartRefusesUnknownBug(t *testing.T) {
	if _, err := loopback.Start(loopback.Config{Bugs: []string{"no-such-bug"}}); err == nil {
		t.Error("Start with an unknown bug: no error")
	}
}
