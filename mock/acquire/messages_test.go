package acquire_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

func TestGetProfileMessagesRendersTheSeedShape(t *testing.T) {
	_, srv := newMock(t)
	r := messages(t, srv, "thread_id=-1&visitor_id=61793&last_chat_id=106241&key=", nil)
	if got := len(r.Data.Messages); got != 5 {
		t.Fatalf("len(messages) = %d; want 5 (texts and the notice, not joins, typing or the agent-only notice)", got)
	}
	want := map[string]any{
		"id": 3.0, "chat_id": 106241.0, "account_id": 10719.0, "sender_type": "agent", "sender_id": 15416.0,
		"type": "message", "message": "Hello", "date_created": "2018-07-23 13:45:50", "seen": "seen",
		"email_from": nil, "from": nil, "to": nil, "subject": nil, "body": nil, "cm_type": nil, "message_date": nil,
		"first_name": "Devid Klok", "last_name": "", "photo": "pp15337107338831.png",
		"vd_name": "John Deo", "vd_id": 61793.0, "bot_name": nil, "bot_icon": nil, "parent_bot_name": nil,
		"parent_bot_icon": nil, "offline_chat": 0.0, "missed_chat": 0.0,
		"user": map[string]any{"id": nil, "type": "agent", "name": "Devid Klok", "photo": "pp15337107338831.png"},
	}
	if got := r.Data.Messages[0]; !reflect.DeepEqual(got, want) {
		gb, _ := json.Marshal(got)
		wb, _ := json.Marshal(want)
		t.Errorf("messages[0] = %s;\nwant %s", gb, wb)
	}
	visitor := r.Data.Messages[1]
	for field, want := range map[string]any{
		"id": 4.0, "sender_type": "visitor", "sender_id": 61793.0, "first_name": nil, "last_name": nil, "photo": nil,
		"date_created": "2018-07-23 13:45:56", "seen": "seen",
		"user": map[string]any{"id": nil, "type": "visitor", "name": "John Deo", "photo": nil},
	} {
		if got := visitor[field]; !reflect.DeepEqual(got, want) {
			t.Errorf("messages[1].%s = %v; want %v", field, got, want)
		}
	}
	var ids []float64
	var seen []string
	for _, m := range r.Data.Messages {
		ids = append(ids, m["id"].(float64))
		seen = append(seen, m["seen"].(string))
	}
	if want := []float64{3, 4, 6, 7, 8}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %v; want %v (ascending global message ids)", ids, want)
	}
	if want := []string{"seen", "seen", "seen", "seen", "no"}; !reflect.DeepEqual(seen, want) {
		t.Errorf("seen = %v; want %v (seen once the other side acted after it)", seen, want)
	}
	if r.Data.QuerySeen != 0 || len(r.Data.CoBrowse) != 0 || len(r.Data.Recording) != 0 || r.Data.CoBrowse == nil || r.Data.Recording == nil {
		t.Errorf("query_seen, co_browse, recording = %d, %v, %v; want 0, [], []", r.Data.QuerySeen, r.Data.CoBrowse, r.Data.Recording)
	}
}

func TestGetProfileMessagesSelects(t *testing.T) {
	_, srv := newMock(t)
	all := []string{"Hello", "Hello", "Your REFUND for order 88231 is on its way", "Devid is checking your order", "Thanks, refund received?"}
	tests := []struct {
		name   string
		form   string
		header http.Header
		want   []string
	}{
		{"all, thread -1", "thread_id=-1&visitor_id=61793&last_chat_id=106241", nil, all},
		{"thread absent", "visitor_id=61793&last_chat_id=106241", nil, all},
		{"thread 0", "thread_id=0&visitor_id=61793&last_chat_id=106241", nil, all},
		{"own thread", "thread_id=445&visitor_id=61793&last_chat_id=106241", nil, all},
		{"other thread", "thread_id=446&visitor_id=61793&last_chat_id=106241", nil, []string{}},
		{"key, case-insensitive", "visitor_id=61793&last_chat_id=106241&key=refund", nil, []string{all[2], all[4]}},
		{"key without match", "visitor_id=61793&last_chat_id=106241&key=zebra", nil, []string{}},
		{"empty key", "visitor_id=61793&last_chat_id=106241&key=", nil, all},
		{"unknown chat", "visitor_id=61793&last_chat_id=999999", nil, []string{}},
		{"chat of another visitor", "visitor_id=62000&last_chat_id=106241", nil, []string{}},
		{"unknown visitor", "visitor_id=1&last_chat_id=106241", nil, []string{}},
		{"other account's token sees its own chat", "visitor_id=61793&last_chat_id=106241", hdr("Authorization", "Bearer "+otherToken), []string{"Other account's secret"}},
		{"other account has no chat 106300", "visitor_id=61793&last_chat_id=106300", hdr("Authorization", "Bearer "+otherToken), []string{}},
		{"legacy auth_token header", "visitor_id=61793&last_chat_id=106300", hdr("Authorization", "", "auth_token", token), []string{"Hi again"}},
		{"unknown form fields are ignored", "visitor_id=61793&last_chat_id=106300&foo=bar", nil, []string{"Hi again"}},
		{"form fields in any order", "last_chat_id=106300&visitor_id=61793", nil, []string{"Hi again"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := messages(t, srv, tt.form, tt.header)
			if got := texts(r); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("messages = %q; want %q", got, tt.want)
			}
		})
	}
}

func TestGetProfileMessagesFlags(t *testing.T) {
	_, srv := newMock(t)
	t.Run("missed chat", func(t *testing.T) {
		r := messages(t, srv, "visitor_id=62000&last_chat_id=106500", nil)
		if len(r.Data.Messages) != 1 || r.Data.Messages[0]["missed_chat"] != 1.0 || r.Data.Messages[0]["seen"] != "no" {
			t.Fatalf("messages = %v; want one unseen message with missed_chat 1", r.Data.Messages)
		}
		if r.Data.QuerySeen != 0 {
			t.Errorf("query_seen = %d; want 0", r.Data.QuerySeen)
		}
	})
	t.Run("all seen", func(t *testing.T) {
		r := messages(t, srv, "visitor_id=61793&last_chat_id=106300", nil)
		if r.Data.QuerySeen != 1 || r.Data.Messages[0]["missed_chat"] != 0.0 {
			t.Errorf("query_seen, missed_chat = %d, %v; want 1, 0", r.Data.QuerySeen, r.Data.Messages[0]["missed_chat"])
		}
	})
	t.Run("visitor id assigned when the fixture has none", func(t *testing.T) {
		r := messages(t, srv, "visitor_id=62001&last_chat_id=106600", nil)
		if got := texts(r); !reflect.DeepEqual(got, []string{"Hi?"}) {
			t.Fatalf("messages = %q; want [Hi?]", got)
		}
		if got := r.Data.Messages[0]["vd_id"]; got != 62001.0 {
			t.Errorf("vd_id = %v; want 62001 (largest fixture visitor id + 1)", got)
		}
	})
}

func TestGetProfileMessagesZone(t *testing.T) {
	_, srv := newMock(t)
	tests := []struct {
		name, zone, want string
	}{
		{"no zone: UTC", "", "2018-07-23 13:45:50"},
		{"the seed's zone", `{"timezone":"Central/Alabama","offset":"-05:00"}`, "2018-07-23 08:45:50"},
		{"positive offset", `{"offset":"+05:30"}`, "2018-07-23 19:15:50"},
		{"not JSON: UTC", `-05:00`, "2018-07-23 13:45:50"},
		{"no offset: UTC", `{"timezone":"Central/Alabama"}`, "2018-07-23 13:45:50"},
		{"bad offset: UTC", `{"offset":"-25:00"}`, "2018-07-23 13:45:50"},
		{"offset not a string: UTC", `{"offset":5}`, "2018-07-23 13:45:50"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := messages(t, srv, "visitor_id=61793&last_chat_id=106241", hdr("zone", tt.zone))
			if got := r.Data.Messages[0]["date_created"]; got != tt.want {
				t.Errorf("date_created = %v; want %s", got, tt.want)
			}
		})
	}
}
