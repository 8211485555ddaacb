package acquire_test

import (
	"bytes"
	"net/http"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock"
)

func TestErrors(t *testing.T) {
	m, srv := newMock(t, mock.WithMaxBody(128))
	ok := "visitor_id=61793&last_chat_id=106241"
	tests := []struct {
		name   string
		c      call
		status int
		want   []string
	}{
		// Authentication (401, ERROR_UNAUTHORIZED).
		{"no credentials", call{path: messagesPath, body: ok, header: hdr("Authorization", "")}, 401,
			[]string{"ERROR_UNAUTHORIZED: missing Authorization Bearer token or auth_token header"}},
		{"unknown bearer token", call{path: messagesPath, body: ok, header: hdr("Authorization", "Bearer nope")}, 401,
			[]string{"ERROR_UNAUTHORIZED: invalid API token"}},
		{"empty bearer token", call{path: messagesPath, body: ok, header: hdr("Authorization", "Bearer ")}, 401,
			[]string{"ERROR_UNAUTHORIZED: header Authorization"}},
		{"basic instead of bearer", call{path: messagesPath, body: ok, header: hdr("Authorization", "Basic eDp5")}, 401,
			[]string{"ERROR_UNAUTHORIZED: header Authorization: must be \"Bearer <API token>\""}},
		{"unknown auth_token", call{path: messagesPath, body: ok, header: hdr("Authorization", "", "auth_token", "nope")}, 401,
			[]string{"ERROR_UNAUTHORIZED: invalid API token"}},
		{"two valid tokens of two accounts", call{path: messagesPath, body: ok, header: hdr("Authorization", "Bearer "+token, "auth_token", otherToken)}, 401,
			[]string{"ERROR_UNAUTHORIZED: header auth_token: carries another token than Authorization"}},
		{"valid auth_token, invalid bearer", call{path: messagesPath, body: ok, header: hdr("Authorization", "Bearer nope", "auth_token", token)}, 401,
			[]string{"ERROR_UNAUTHORIZED: header auth_token: carries another token"}},
		{"threads without credentials", call{path: threadsPath, body: "visitor_id=61793", header: hdr("Authorization", "")}, 401,
			[]string{"ERROR_UNAUTHORIZED"}},
		{"auth before body errors", call{path: messagesPath, body: "visitor_id=abc", header: hdr("Authorization", "")}, 401,
			[]string{"ERROR_UNAUTHORIZED"}},
		// Duplicate headers.
		{"Authorization twice", call{path: messagesPath, body: ok, header: hdr("Authorization", "Bearer "+token, "Authorization", "Bearer "+token)}, 400,
			[]string{"ERROR_INVALID_INPUT: header Authorization: given 2 times"}},
		{"auth_token twice", call{path: messagesPath, body: ok, header: hdr("Authorization", "", "auth_token", token, "auth_token", token)}, 400,
			[]string{"ERROR_INVALID_INPUT: header auth_token: given 2 times"}},
		{"zone twice", call{path: messagesPath, body: ok, header: hdr("zone", "{}", "zone", "{}")}, 400,
			[]string{"ERROR_INVALID_INPUT: header zone: given 2 times"}},
		{"zone too long", call{path: messagesPath, body: ok, header: hdr("zone", strings.Repeat("x", 257))}, 400,
			[]string{"ERROR_INVALID_INPUT: header zone"}},
		// Missing and malformed fields (400, ERROR_INVALID_INPUT).
		{"no body", call{path: messagesPath}, 400, []string{"ERROR_INVALID_INPUT: body: a request body is required"}},
		{"visitor_id missing", call{path: messagesPath, body: "last_chat_id=1"}, 400,
			[]string{"ERROR_INVALID_INPUT: visitor_id: a required field is missing"}},
		{"last_chat_id missing", call{path: messagesPath, body: "visitor_id=1"}, 400,
			[]string{"ERROR_INVALID_INPUT: last_chat_id: a required field is missing"}},
		{"visitor_id not an integer", call{path: messagesPath, body: "visitor_id=abc&last_chat_id=1"}, 400, []string{"ERROR_INVALID_INPUT"}},
		{"last_chat_id a fraction", call{path: messagesPath, body: "visitor_id=1&last_chat_id=1.5"}, 400, []string{"ERROR_INVALID_INPUT"}},
		{"visitor_id zero", call{path: messagesPath, body: "visitor_id=0&last_chat_id=1"}, 400,
			[]string{"ERROR_INVALID_INPUT: visitor_id: number must be at least 1"}},
		{"thread_id below -1", call{path: messagesPath, body: "thread_id=-2&visitor_id=1&last_chat_id=1"}, 400,
			[]string{"thread_id: number must be at least -1"}},
		{"bad form encoding", call{path: messagesPath, body: "visitor_id=%zz&last_chat_id=1"}, 400, []string{"ERROR_INVALID_INPUT", "%zz"}},
		{"field given twice", call{path: messagesPath, body: "visitor_id=1&visitor_id=2&last_chat_id=1"}, 400,
			[]string{"ERROR_INVALID_INPUT: visitor_id: given 2 times"}},
		{"threads: visitor_id missing", call{path: threadsPath, body: "limit=1"}, 400, []string{"visitor_id: a required field is missing"}},
		{"threads: limit 0", call{path: threadsPath, body: "visitor_id=1&limit=0"}, 400, []string{"limit: number must be at least 1"}},
		{"threads: limit and page out of range", call{path: threadsPath, body: "visitor_id=1&limit=101&page=0"}, 400,
			[]string{"limit: number must be at most 100", "page: number must be at least 1"}},
		{"threads: per_page 101", call{path: threadsPath, body: "visitor_id=1&per_page=101"}, 400, []string{"per_page: number must be at most 100"}},
		{"threads: lead_id negative", call{path: threadsPath, body: "visitor_id=1&lead_id=-1"}, 400, []string{"lead_id"}},
		{"threads: page not a number", call{path: threadsPath, body: "visitor_id=1&page=first"}, 400, []string{"ERROR_INVALID_INPUT"}},
		{"threads: page twice", call{path: threadsPath, body: "visitor_id=1&page=1&page=2"}, 400, []string{"page: given 2 times"}},
		// Content types (415), size (413), routes (404, 405).
		{"JSON body", call{path: messagesPath, body: `{"visitor_id":1,"last_chat_id":1}`, header: hdr("Content-Type", "application/json")}, 415,
			[]string{"ERROR_INVALID_INPUT: header Content-Type", "application/x-www-form-urlencoded"}},
		{"no Content-Type", call{path: messagesPath, body: ok, header: hdr("Content-Type", "")}, 415, []string{"header Content-Type"}},
		{"threads: XML body", call{path: threadsPath, body: `<a/>`, header: hdr("Content-Type", "application/xml")}, 415, []string{"header Content-Type"}},
		{"oversized body", call{path: messagesPath, body: ok + "&key=" + strings.Repeat("x", 200)}, 413,
			[]string{"ERROR_INVALID_INPUT: body", "limit of 128 bytes"}},
		{"GET", call{method: http.MethodGet, path: messagesPath}, 405, []string{"ERROR_INVALID_INPUT: method GET is not allowed"}},
		{"unknown path", call{path: "/api/profile/nope", body: ok}, 404, []string{"ERROR_RECORD_NOT_FOUND: path: no operation at POST /api/profile/nope"}},
	}
	before := state(t, m)
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := do(t, srv, tt.c)
			checkError(t, status, body, tt.status, tt.want...)
		})
	}
	if after := state(t, m); !bytes.Equal(before, after) {
		t.Errorf("state changed by failed requests:\nbefore %s\nafter  %s", before, after)
	}
}

func TestWriteErrorStatuses(t *testing.T) {
	// Injected faults without a body are rendered by WriteError with the fault's status.
	for _, status := range []int{400, 401, 403, 404, 409, 500, 503} {
		t.Run(http.StatusText(status), func(t *testing.T) {
			m, srv := newMock(t)
			m.Faults().Add(faultSpec(status))
			code, body := do(t, srv, call{path: messagesPath, body: "visitor_id=61793&last_chat_id=106241"})
			want := map[int]string{400: "ERROR_INVALID_INPUT", 401: "ERROR_UNAUTHORIZED", 403: "ERROR_UNAUTHORIZED_ACCESS",
				404: "ERROR_RECORD_NOT_FOUND", 409: "ERROR_DUPLICATE_RECORD_FOUND", 500: "ERROR_SERVER_ERROR", 503: "ERROR_SERVER_ERROR"}[status]
			checkError(t, code, body, status, want+": injected fault f1")
		})
	}
}

func TestKeyTooLong(t *testing.T) {
	_, srv := newMock(t)
	status, body := do(t, srv, call{path: messagesPath, body: "visitor_id=1&last_chat_id=1&key=" + strings.Repeat("k", 256)})
	checkError(t, status, body, 400, "ERROR_INVALID_INPUT: key: maximum string length is 255")
}
