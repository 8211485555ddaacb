package acquire_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
)

// threads posts GetProfileThreads and returns data.messages of a 200 answer.
func threads(t *testing.T, form string, header http.Header) []map[string]any {
	t.Helper()
	_, srv := newMock(t)
	status, body := do(t, srv, call{path: threadsPath, body: form, header: header})
	if status != http.StatusOK {
		t.Fatalf("status = %d; want 200 (body %s)", status, body)
	}
	var r struct {
		Success bool    `json:"success"`
		Error   *string `json:"error"`
		Data    struct {
			Messages []map[string]any `json:"messages"`
		} `json:"data"`
	}
	if err := json.Unmarshal(body, &r); err != nil {
		t.Fatalf("decode %s: %v", body, err)
	}
	if !r.Success || r.Error != nil || r.Data.Messages == nil {
		t.Fatalf("body = %s; want success, error null, data.messages an array", body)
	}
	return r.Data.Messages
}

func TestGetProfileThreadsRendersThreads(t *testing.T) {
	got := threads(t, "lead_id=0&limit=20&visitor_id=61793&page=1", nil)
	want := []map[string]any{
		{
			"chat_id": 106350.0, "thread_id": 106350.0, "visitor_id": 61793.0, "thread_status": "open",
			"chat_created": "2018-07-23 15:45:40", "chat_updated": "2018-07-23 15:45:40", "count_chat": 1.0,
			"chat_ids": "106350", "users": nil, "user_id": nil, "agents": nil, "agent_imgs": []any{},
			"recording_available": nil, "chat_duration": 0.0, "chat_wait_time": 0.0, "feedback_rating": nil,
			"rating": []any{}, "rating_time": []any{}, "feedback_message": "",
		},
		{
			"chat_id": 106300.0, "thread_id": 445.0, "visitor_id": 61793.0, "thread_status": "closed",
			"chat_created": "2018-07-23 14:45:40", "chat_updated": "2018-07-23 14:47:20", "count_chat": 2.0,
			"chat_ids": "106241,106300", "users": "agent-15416,agent-15417", "user_id": "15416,15417",
			"agents": "Devid,Mia", "agent_imgs": []any{"pp15337107338831.png"}, "recording_available": nil,
			"chat_duration": 130.0, "chat_wait_time": 12.0, "feedback_rating": nil, "rating": []any{},
			"rating_time": []any{}, "feedback_message": "",
		},
	}
	if !reflect.DeepEqual(got, want) {
		gb, _ := json.MarshalIndent(got, "", " ")
		wb, _ := json.MarshalIndent(want, "", " ")
		t.Errorf("threads = %s;\nwant %s", gb, wb)
	}
}

func TestGetProfileThreadsSelectsAndPages(t *testing.T) {
	tests := []struct {
		name   string
		form   string
		header http.Header
		want   []float64 // thread ids
	}{
		{"defaults", "visitor_id=61793", nil, []float64{106350, 445}},
		{"limit 1, page 1", "visitor_id=61793&limit=1&page=1", nil, []float64{106350}},
		{"limit 1, page 2", "visitor_id=61793&limit=1&page=2", nil, []float64{445}},
		{"page past the end", "visitor_id=61793&limit=1&page=3", nil, []float64{}},
		{"per_page 1, page 2", "visitor_id=61793&per_page=1&page=2", nil, []float64{445}},
		{"limit wins over per_page", "visitor_id=61793&limit=2&per_page=1", nil, []float64{106350, 445}},
		{"lead_id of the visitor", "visitor_id=61793&lead_id=61793", nil, []float64{106350, 445}},
		{"lead_id of someone else", "visitor_id=61793&lead_id=62000", nil, []float64{}},
		{"chatid of the visitor", "visitor_id=61793&chatid=106241", nil, []float64{106350, 445}},
		{"chatid of another visitor", "visitor_id=61793&chatid=106500", nil, []float64{}},
		{"chatid 0 means not given", "visitor_id=61793&chatid=0", nil, []float64{106350, 445}},
		{"unknown visitor", "visitor_id=7", nil, []float64{}},
		{"other visitor", "visitor_id=62000", nil, []float64{106500}},
		{"other account", "visitor_id=61793", hdr("Authorization", "Bearer "+otherToken), []float64{106241}},
		{"auth_token", "visitor_id=62000", hdr("Authorization", "", "auth_token", token), []float64{106500}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := []float64{}
			for _, th := range threads(t, tt.form, tt.header) {
				got = append(got, th["thread_id"].(float64))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("thread ids = %v; want %v", got, tt.want)
			}
		})
	}
}

func TestGetProfileThreadsZone(t *testing.T) {
	got := threads(t, "visitor_id=61793", hdr("zone", `{"timezone":"Pacific/California","offset":"-08:00"}`))
	if c := got[1]["chat_created"]; c != "2018-07-23 06:45:40" {
		t.Errorf("chat_created = %v; want 2018-07-23 06:45:40 (UTC-8)", c)
	}
}
