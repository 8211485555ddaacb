package control_test

import (
	"fmt"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock"
)

// requestLog is the RequestLog body.
type requestLog struct {
	Requests []struct {
		Seq            int64             `json:"seq"`
		Method         string            `json:"method"`
		Path           string            `json:"path"`
		OperationID    *string           `json:"operationId"`
		Vendor         *string           `json:"vendor"`
		Status         int               `json:"status"`
		RequestHeaders map[string]string `json:"requestHeaders"`
		RequestBody    string            `json:"requestBody"`
		ResponseBody   string            `json:"responseBody"`
		FaultID        *string           `json:"faultId"`
		Error          string            `json:"error"`
	} `json:"requests"`
	Dropped int64 `json:"dropped"`
}

func (l requestLog) seqs() []int64 {
	out := []int64{}
	for _, r := range l.Requests {
		out = append(out, r.Seq)
	}
	return out
}

func TestRequestLog(t *testing.T) {
	_, _, srv := newMock(t)
	acquireMessages(t, srv, acquireOK, http.Header{"Zone": {`{"offset":"-05:00"}`}})
	acquireMessages(t, srv, acquireOK, http.Header{"Authorization": nil, "auth_token": {token}})
	acquireMessages(t, srv, "visitor_id=x", nil)
	send(t, srv, http.MethodPost, "/api/profile/message/thread", "visitor_id=61793",
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {"Bearer " + token}})
	ok(t, srv, http.MethodGet, "/mock/chats", "", 200, nil) // control requests are not logged

	var all requestLog
	ok(t, srv, http.MethodGet, "/mock/requests", "", 200, &all)
	if got := all.seqs(); !reflect.DeepEqual(got, []int64{1, 2, 3, 4}) || all.Dropped != 0 {
		t.Fatalf("seqs, dropped = %v, %d; want [1 2 3 4], 0", got, all.Dropped)
	}
	first := all.Requests[0]
	if first.RequestHeaders["Authorization"] != "Bearer ***" || first.Method != "POST" || first.Path != "/api/profile/lead/message" ||
		*first.OperationID != "GetProfileMessages" || *first.Vendor != "acquire" || first.Status != 200 ||
		first.RequestBody != acquireOK || !strings.Contains(first.ResponseBody, `"success":true`) {
		t.Errorf("entry 1 = %+v; want the redacted, routed GetProfileMessages request", first)
	}
	for _, r := range all.Requests {
		for name, v := range r.RequestHeaders {
			if strings.Contains(v, token) {
				t.Errorf("entry %d header %s = %q; want the token redacted", r.Seq, name, v)
			}
		}
	}
	if got := all.Requests[1].RequestHeaders["Auth_token"]; got != "***" {
		t.Errorf("auth_token = %q; want ***", got)
	}
	if all.Requests[2].Status != 400 || !strings.Contains(all.Requests[2].Error, "body visitor_id: invalid syntax") {
		t.Errorf("entry 3 status, error = %d, %q; want 400 with the validation message (rejected requests are logged)", all.Requests[2].Status, all.Requests[2].Error)
	}
	if all.Requests[0].Error != "" {
		t.Errorf("entry 1 error = %q; want none for a success", all.Requests[0].Error)
	}

	tests := []struct {
		query string
		want  []int64
	}{
		{"?limit=2", []int64{3, 4}},
		{"?since=1&limit=2", []int64{2, 3}},
		{"?since=4", []int64{}},
		{"?operationId=GetProfileThreads", []int64{4}},
		{"?operationId=GetProfileMessages&since=1", []int64{2, 3}},
		{"?operationId=Nope", []int64{}},
		{"?status=400", []int64{3}},
		{"?status=4xx", []int64{3}},
		{"?status=2xx", []int64{1, 2, 4}},
		{"?status=500", []int64{}},
		{"?vendor=acquire&status=2xx&limit=1", []int64{4}},
		{"?vendor=gws", []int64{}},
		{"?chatId=106241", []int64{1, 2, 4}}, // 4: the thread list names the chat
		{"?chatId=1062", []int64{}},
		{"?chatId=61793&operationId=GetProfileThreads", []int64{4}},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			var got requestLog
			ok(t, srv, http.MethodGet, "/mock/requests"+tt.query, "", 200, &got)
			if !reflect.DeepEqual(got.seqs(), tt.want) {
				t.Errorf("seqs = %v; want %v", got.seqs(), tt.want)
			}
		})
	}
	for _, tt := range []struct{ query, msg string }{
		{"?limit=0", "query limit"}, {"?limit=1001", "query limit"}, {"?limit=ten", "query limit"},
		{"?since=-1", "query since"}, {"?operationId=", "query operationId"}, {"?limit=1&limit=2", "given 2 times"},
		{"?status=5x", "query status"}, {"?status=600", "query status"}, {"?vendor=genesys", "query vendor"}, {"?chatId=", "query chatId"},
		{"?statuss=500", "query statuss: unknown parameter; this operation takes chatId, limit, operationId, since, status, vendor"},
	} {
		t.Run(tt.query, func(t *testing.T) {
			status, body := send(t, srv, http.MethodGet, "/mock/requests"+tt.query, "", nil)
			checkError(t, status, body, 400, "bad_request", tt.msg)
		})
	}

	ok(t, srv, http.MethodDelete, "/mock/requests", "", 204, nil)
	var cleared requestLog
	ok(t, srv, http.MethodGet, "/mock/requests", "", 200, &cleared)
	if cleared.Requests == nil || len(cleared.Requests) != 0 || cleared.Dropped != 0 {
		t.Errorf("after ClearRequests = %+v; want [] and dropped 0", cleared)
	}
	acquireMessages(t, srv, acquireOK, nil)
	ok(t, srv, http.MethodGet, "/mock/requests", "", 200, &cleared)
	if got := cleared.seqs(); !reflect.DeepEqual(got, []int64{5}) {
		t.Errorf("seqs after clear = %v; want [5] (numbering continues)", got)
	}
}

func TestRequestLogIsBounded(t *testing.T) {
	_, _, srv := newMock(t, mock.WithRequestLogSize(2))
	for i := range 5 {
		acquireMessages(t, srv, fmt.Sprintf("visitor_id=%d&last_chat_id=1", i+1), nil)
	}
	var got requestLog
	ok(t, srv, http.MethodGet, "/mock/requests", "", 200, &got)
	if !reflect.DeepEqual(got.seqs(), []int64{4, 5}) || got.Dropped != 3 {
		t.Errorf("seqs, dropped = %v, %d; want [4 5], 3", got.seqs(), got.Dropped)
	}
}

func TestRequestLogRecordsFaults(t *testing.T) {
	_, _, srv := newMock(t)
	ok(t, srv, http.MethodPost, "/mock/faults", `{"status":503}`, 201, nil)
	acquireMessages(t, srv, acquireOK, nil)
	var got requestLog
	ok(t, srv, http.MethodGet, "/mock/requests", "", 200, &got)
	if len(got.Requests) != 1 || got.Requests[0].Status != 503 || got.Requests[0].FaultID == nil || *got.Requests[0].FaultID != "f1" {
		t.Errorf("log = %+v; want one 503 entry with faultId f1", got.Requests)
	}
}
