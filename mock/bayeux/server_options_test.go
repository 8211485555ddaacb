package bayeux_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock/bayeux"
)

// optPost sends Bayeux messages to a server and decodes the reply array.
func optPost(t *testing.T, url string, msgs ...map[string]any) []map[string]any {
	t.Helper()
	body, _ := json.Marshal(msgs)
	resp, err := http.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var out []map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
		t.Fatalf("reply: %v", err)
	}
	return out
}

// optSession starts a server with o, handshakes and subscribes to /t; it returns the
// server, its URL and the client id.
func optSession(t *testing.T, o bayeux.Options) (*bayeux.Server, string, string) {
	t.Helper()
	s := bayeux.New(o)
	ts := httptest.NewServer(s)
	t.Cleanup(ts.Close)
	t.Cleanup(s.Close)
	hs := optPost(t, ts.URL, map[string]any{"channel": bayeux.Handshake, "id": "1", "version": "1.0",
		"supportedConnectionTypes": []string{bayeux.LongPolling}})
	id, _ := hs[0]["clientId"].(string)
	if id == "" {
		t.Fatalf("handshake: %v", hs)
	}
	optPost(t, ts.URL, map[string]any{"channel": bayeux.Subscribe, "id": "2", "clientId": id, "subscription": "/t"})
	return s, ts.URL, id
}

func optConnect(t *testing.T, url, clientID string) (reply map[string]any, events []map[string]any) {
	t.Helper()
	out := optPost(t, url, map[string]any{"channel": bayeux.Connect, "id": "c", "clientId": clientID,
		"connectionType": bayeux.LongPolling, "advice": map[string]any{"timeout": 0}})
	for _, m := range out {
		if m["channel"] == bayeux.Connect {
			reply = m
		} else {
			events = append(events, m)
		}
	}
	return reply, events
}

func TestMaxEventsPerReplySpreadsEventsOverConnects(t *testing.T) {
	s, url, id := optSession(t, bayeux.Options{MaxEventsPerReply: 1})
	for _, n := range []int{1, 2, 3} {
		s.Publish("/t", func(any) (any, bool) { return map[string]any{"n": n}, true })
	}
	for _, want := range []float64{1, 2, 3} {
		_, events := optConnect(t, url, id)
		if len(events) != 1 || events[0]["data"].(map[string]any)["n"] != want {
			t.Fatalf("connect reply events = %v; want exactly the event n=%v", events, want)
		}
	}
	if _, events := optConnect(t, url, id); len(events) != 0 {
		t.Errorf("fourth connect events = %v; want none", events)
	}
}

func TestTransformReplacesEventData(t *testing.T) {
	s, url, id := optSession(t, bayeux.Options{Transform: func(channel string, data any) any {
		return json.RawMessage(`{"channel":"` + channel + `","was":` + string(must(json.Marshal(data))) + `}`)
	}})
	s.Publish("/t", func(any) (any, bool) { return "x", true })
	_, events := optConnect(t, url, id)
	if len(events) != 1 || events[0]["data"].(map[string]any)["was"] != "x" {
		t.Errorf("events = %v; want the transformed data", events)
	}
}

func must(b []byte, err error) []byte {
	if err != nil {
		panic(err)
	}
	return b
}

func TestDeviations(t *testing.T) {
	tests := []struct {
		name  string
		o     bayeux.Deviations
		check func(t *testing.T, url string)
	}{
		{"no id echo", bayeux.Deviations{NoIDEcho: true}, func(t *testing.T, url string) {
			hs := optPost(t, url, map[string]any{"channel": bayeux.Handshake, "id": "7", "version": "1.0",
				"supportedConnectionTypes": []string{bayeux.LongPolling}})
			if _, ok := hs[0]["id"]; ok || hs[0]["successful"] != true {
				t.Errorf("handshake reply = %v; want successful without id", hs[0])
			}
		}},
		{"no 402 advice", bayeux.Deviations{No402Advice: true}, func(t *testing.T, url string) {
			rep, _ := optConnect(t, url, "unknown")
			errText, _ := rep["error"].(string)
			if rep["successful"] != false || strings.HasPrefix(errText, "402") || rep["advice"] != nil {
				t.Errorf("connect reply = %v; want successful:false without 402 and advice", rep)
			}
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := bayeux.New(bayeux.Options{Deviations: tt.o})
			ts := httptest.NewServer(s)
			defer ts.Close()
			defer s.Close()
			tt.check(t, ts.URL)
		})
	}
}
