package bayeux

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func TestMessageID(t *testing.T) {
	for _, tc := range []struct {
		json, want string
	}{
		{`{"channel":"/meta/connect","id":"7"}`, "7"},
		{`{"channel":"/meta/connect","id":7}`, "7"},
		{`{"channel":"/meta/connect","id":7.5}`, "7.5"},
		{`{"channel":"/meta/connect","id":null}`, ""},
		{`{"channel":"/meta/connect"}`, ""},
		{`{"channel":"/meta/connect","id":true}`, "true"},
	} {
		var m Message
		if err := json.Unmarshal([]byte(tc.json), &m); err != nil {
			t.Fatalf("unmarshal %s: %v", tc.json, err)
		}
		if m.ID != tc.want {
			t.Errorf("id of %s = %q; want %q", tc.json, m.ID, tc.want)
		}
		if string(m.Raw) != tc.json {
			t.Errorf("raw = %s; want %s", m.Raw, tc.json)
		}
	}
}

func TestReply(t *testing.T) {
	var msgs []Message
	body := `[{"channel":"/v2/me/chats","id":"4","data":{}},` +
		`{"channel":"/meta/connect","id":"3","successful":true},` +
		`{"channel":"/meta/subscribe","id":"4","successful":false,"error":"403::denied","advice":{"reconnect":"none"}}]`
	if err := json.Unmarshal([]byte(body), &msgs); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		channel, id string
		wantErr     string // "" for success
		is          error
	}{
		{"/meta/connect", "3", "", nil},
		{"/meta/connect", "5", `no reply with the request's id "5" on /meta/connect: got /meta/connect with id "3", /meta/subscribe with id "4"`, ErrNoReply},
		{"/meta/subscribe", "4", `/meta/subscribe unsuccessful: "403::denied" (advice reconnect "none")`, ErrNoReconnect},
		{"/meta/unsubscribe", "4", `reply with id "4" is on channel "/meta/subscribe"; want "/meta/unsubscribe"`, nil},
	} {
		_, err := reply(msgs, tc.channel, tc.id)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("reply(%s, %s) = %v; want nil", tc.channel, tc.id, err)
		case tc.wantErr == "":
		case err == nil || !strings.Contains(err.Error(), tc.wantErr):
			t.Errorf("reply(%s, %s) = %v; want %q", tc.channel, tc.id, err, tc.wantErr)
		case tc.is != nil && !errors.Is(err, tc.is):
			t.Errorf("reply(%s, %s) = %v; want it to wrap %v", tc.channel, tc.id, err, tc.is)
		}
	}
	if ev := events(msgs); len(ev) != 1 || ev[0].Channel != "/v2/me/chats" {
		t.Errorf("events = %v; want the one on /v2/me/chats", ev)
	}
}
