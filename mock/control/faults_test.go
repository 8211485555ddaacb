package control_test

import (
	"encoding/json"
	"net/http"
	"reflect"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock"
)

const acquireOK = "visitor_id=61793&last_chat_id=106241"

func TestFaultStatusWithVendorEnvelope(t *testing.T) {
	_, _, srv := newMock(t)
	var f map[string]any
	ok(t, srv, http.MethodPost, "/mock/faults", `{"match":{"operationId":"GetProfileMessages"},"status":500,"times":2}`, 201, &f)
	want := map[string]any{"id": "f1", "match": map[string]any{"operationId": "GetProfileMessages"}, "status": 500.0,
		"probability": 1.0, "times": 2.0, "remaining": 2.0, "hits": 0.0, "createdAt": "2026-03-02T09:15:00Z"}
	if !reflect.DeepEqual(f, want) {
		t.Errorf("fault = %v; want %v", f, want)
	}
	for i := range 2 {
		status, body := acquireMessages(t, srv, acquireOK, nil)
		if status != 500 || string(body) != `{"success":false,"error":"ERROR_SERVER_ERROR: injected fault f1","data":null}` {
			t.Errorf("request %d = %d %s; want 500 in Acquire's envelope", i, status, body)
		}
	}
	if status, body := acquireMessages(t, srv, acquireOK, nil); status != 200 {
		t.Errorf("after times: status = %d %s; want 200", status, body)
	}
	var list struct {
		Faults []any `json:"faults"`
	}
	ok(t, srv, http.MethodGet, "/mock/faults", "", 200, &list)
	if len(list.Faults) != 0 {
		t.Errorf("faults = %v; want none (used up)", list.Faults)
	}
	status, body := send(t, srv, http.MethodDelete, "/mock/faults/f1", "", nil)
	checkError(t, status, body, 404, "not_found", `fault "f1" not found`)
}

func TestFaultCustomBody(t *testing.T) {
	_, _, srv := newMock(t)
	custom := `{"success":false,"error":"ERROR_SERVER_ERROR: maintenance","data":null}`
	ok(t, srv, http.MethodPost, "/mock/faults", `{"match":{"method":"POST","path":"/api/profile/*/*"},"status":503,"body":`+custom+`}`, 201, nil)
	status, body := acquireMessages(t, srv, acquireOK, nil)
	var got, want any
	_ = json.Unmarshal(body, &got)
	_ = json.Unmarshal([]byte(custom), &want)
	if status != 503 || !reflect.DeepEqual(got, want) {
		t.Errorf("response = %d %s; want 503 %s", status, body, custom)
	}
}

func TestFaultVerbatimBody(t *testing.T) {
	// Not strict: the body is not one the Acquire document describes.
	_, _, srv := newMock(t, mock.WithStrict(false))
	var f map[string]any
	ok(t, srv, http.MethodPost, "/mock/faults", `{"status":502,"body":"<html>bad gateway</html>","contentType":"text/html"}`, 201, &f)
	if f["body"] != "<html>bad gateway</html>" || f["contentType"] != "text/html" {
		t.Errorf("fault = %v; want the body as a string and its content type", f)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/api/profile/lead/message", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var buf [64]byte
	n, _ := resp.Body.Read(buf[:])
	if resp.StatusCode != 502 || resp.Header.Get("Content-Type") != "text/html" || string(buf[:n]) != "<html>bad gateway</html>" {
		t.Errorf("response = %d %s %q; want 502 text/html verbatim", resp.StatusCode, resp.Header.Get("Content-Type"), buf[:n])
	}
	var list struct {
		Faults []map[string]any `json:"faults"`
	}
	ok(t, srv, http.MethodGet, "/mock/faults", "", 200, &list)
	if len(list.Faults) != 1 || list.Faults[0]["body"] != "<html>bad gateway</html>" {
		t.Errorf("faults = %v; want the verbatim body as a JSON string", list.Faults)
	}
}

func TestFaultLatency(t *testing.T) {
	_, _, srv := newMock(t)
	ok(t, srv, http.MethodPost, "/mock/faults", `{"match":{"operationId":"GetProfileMessages"},"latencyMs":40}`, 201, nil)
	start := time.Now()
	status, body := acquireMessages(t, srv, acquireOK, nil)
	if elapsed := time.Since(start); elapsed < 40*time.Millisecond {
		t.Errorf("elapsed = %v; want at least 40ms", elapsed)
	}
	if status != 200 {
		t.Errorf("status = %d %s; want 200 (a pure latency fault lets the request through)", status, body)
	}
}

func TestFaultProbability(t *testing.T) {
	draws := []float64{0.9, 0.2, 0.5}
	i := 0
	random := func() float64 { d := draws[i%len(draws)]; i++; return d }
	_, _, srv := newMock(t, mock.WithRandom(random))
	ok(t, srv, http.MethodPost, "/mock/faults", `{"status":500,"probability":0.5}`, 201, nil)
	var got []int
	for range 3 {
		status, _ := acquireMessages(t, srv, acquireOK, nil)
		got = append(got, status)
	}
	if want := []int{200, 500, 200}; !reflect.DeepEqual(got, want) {
		t.Errorf("statuses = %v; want %v (fires when the draw is below 0.5)", got, want)
	}
	var list struct {
		Faults []map[string]any `json:"faults"`
	}
	ok(t, srv, http.MethodGet, "/mock/faults", "", 200, &list)
	if len(list.Faults) != 1 || list.Faults[0]["hits"] != 1.0 || list.Faults[0]["remaining"] != nil {
		t.Errorf("faults = %v; want one with hits 1, remaining null", list.Faults)
	}
}

func TestFaultMatching(t *testing.T) {
	_, _, srv := newMock(t)
	for _, f := range []string{
		`{"match":{"operationId":"GetProfileThreads"},"status":401}`,
		`{"match":{"path":"/Cust12345/api/v1/ChatSession/*"},"status":500}`, // an Online tenant's path
		`{"match":{"operationId":"GetProfileMessages","method":"POST","path":"/api/*/lead/message"},"latencyMs":1,"probability":0}`,
		`{"match":{"path":"/api/v2/chats/*"},"status":402}`,
		`{"match":{"method":"GET"},"status":403}`,
	} {
		ok(t, srv, http.MethodPost, "/mock/faults", f, 201, nil)
	}
	if status, body := acquireMessages(t, srv, acquireOK, nil); status != 200 {
		t.Errorf("messages = %d %s; want 200 (no fault matches)", status, body)
	}
	status, body := send(t, srv, http.MethodPost, "/api/profile/message/thread", "visitor_id=61793",
		http.Header{"Content-Type": {"application/x-www-form-urlencoded"}, "Authorization": {"Bearer " + token}})
	if status != 401 || string(body) != `{"success":false,"error":"ERROR_UNAUTHORIZED: injected fault f1","data":null}` {
		t.Errorf("threads = %d %s; want the 401 fault in Acquire's envelope", status, body)
	}
}

func TestFaultsNeverApplyToControl(t *testing.T) {
	_, _, srv := newMock(t)
	ok(t, srv, http.MethodPost, "/mock/faults", `{"status":500}`, 201, nil)
	ok(t, srv, http.MethodGet, "/healthz", "", 200, nil)
	ok(t, srv, http.MethodGet, "/mock/faults", "", 200, nil)
	ok(t, srv, http.MethodDelete, "/mock/faults/f1", "", 204, nil)
	ok(t, srv, http.MethodPost, "/mock/faults", `{"status":500}`, 201, nil)
	ok(t, srv, http.MethodPost, "/mock/faults", `{"latencyMs":1}`, 201, nil)
	ok(t, srv, http.MethodDelete, "/mock/faults", "", 204, nil)
	var list struct {
		Faults []any `json:"faults"`
	}
	ok(t, srv, http.MethodGet, "/mock/faults", "", 200, &list)
	if list.Faults == nil || len(list.Faults) != 0 {
		t.Errorf("faults = %v; want [] after ClearFaults", list.Faults)
	}
}

func TestAddFaultErrors(t *testing.T) {
	_, _, srv := newMock(t, mock.WithMaxBody(256))
	tests := []struct {
		name, body string
		header     http.Header
		status     int
		code       string
		msg        []string
	}{
		{"neither status nor latency", `{"match":{"operationId":"GetMessages"}}`, nil, 400, "bad_request", []string{"body: needs status or latencyMs"}},
		{"latency 0 and no status", `{"latencyMs":0}`, nil, 400, "bad_request", []string{"body: needs status or latencyMs"}},
		{"unknown operationId", `{"match":{"operationId":"GetMessage"},"status":500}`, nil, 400, "bad_request",
			[]string{`body match.operationId: "GetMessage" is not an operation of the vendor APIs; did you mean GetMessages?`}},
		{"control path", `{"match":{"path":"/mock/*"},"status":500}`, nil, 400, "bad_request",
			[]string{`body match.path: "/mock/*" matches no path of the vendor APIs`, "control endpoints cannot be faulted"}},
		{"path of no operation", `{"match":{"path":"/api/v2/chat"},"status":500}`, nil, 400, "bad_request", []string{"body match.path"}},
		{"operation on another path", `{"match":{"operationId":"GetMessages","path":"/api/profile/*/*"},"status":500}`, nil, 400, "bad_request",
			[]string{"body match: no vendor request has operation GetMessages and path /api/profile/*/*: the fault could never fire"}},
		{"operation with another method", `{"match":{"operationId":"GetProfileThreads","method":"GET"},"status":500}`, nil, 400, "bad_request",
			[]string{"body match: no vendor request has operation GetProfileThreads and method GET"}},
		{"status too small", `{"status":99}`, nil, 400, "bad_request", []string{"status"}},
		{"status too large", `{"status":600}`, nil, 400, "bad_request", []string{"status"}},
		{"probability above 1", `{"status":500,"probability":1.5}`, nil, 400, "bad_request", []string{"probability", "at most 1"}},
		{"negative latency", `{"latencyMs":-1}`, nil, 400, "bad_request", []string{"latencyMs"}},
		{"times 0", `{"status":500,"times":0}`, nil, 400, "bad_request", []string{"times"}},
		{"times not an integer", `{"status":500,"times":1.5}`, nil, 400, "bad_request", []string{"times"}},
		{"success status without body", `{"status":200}`, nil, 400, "bad_request", []string{"body body", "status 200"}},
		{"null body", `{"status":500,"body":null}`, nil, 400, "bad_request", []string{"body"}},
		{"body without status", `{"latencyMs":5,"body":{"a":1}}`, nil, 400, "bad_request", []string{"body body", "status"}},
		{"unknown field", `{"status":500,"colour":"red"}`, nil, 400, "bad_request", []string{"colour"}},
		{"unknown match field", `{"status":500,"match":{"host":"x"}}`, nil, 400, "bad_request", []string{"host"}},
		{"bad method", `{"status":500,"match":{"method":"FETCH"}}`, nil, 400, "bad_request", []string{"method"}},
		{"relative path", `{"status":500,"match":{"path":"api"}}`, nil, 400, "bad_request", []string{"path"}},
		{"bad JSON", `{"status":`, nil, 400, "bad_request", nil},
		{"form body", `status=500`, http.Header{"Content-Type": {"application/x-www-form-urlencoded"}}, 415, "unsupported_media_type", nil},
		{"oversized", `{"status":500,"body":"` + string(make([]byte, 300)) + `"}`, nil, 413, "payload_too_large", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := send(t, srv, http.MethodPost, "/mock/faults", tt.body, tt.header)
			checkError(t, status, body, tt.status, tt.code, tt.msg...)
		})
	}
	var list struct {
		Faults []any `json:"faults"`
	}
	ok(t, srv, http.MethodGet, "/mock/faults", "", 200, &list)
	if len(list.Faults) != 0 {
		b, _ := json.Marshal(list.Faults)
		t.Errorf("faults = %s; want none after failed AddFault calls", b)
	}
	status, body := send(t, srv, http.MethodPatch, "/mock/faults", `{}`, nil)
	checkError(t, status, body, 405, "method_not_allowed", "method PATCH")
	status, body = send(t, srv, http.MethodDelete, "/mock/faults/"+string(make([]byte, 0))+"x", "", nil)
	checkError(t, status, body, 404, "not_found", `fault "x" not found`)
}
