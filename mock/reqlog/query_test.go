package reqlog

import (
	"fmt"
	"testing"
)

func TestQueryFilters(t *testing.T) {
	l := New(10, 0)
	str := func(s string) *string { return &s }
	for _, e := range []Entry{
		{Path: "/api/v2/chats/abc/messages", Status: 200, Vendor: str("gws"), OperationID: str("GetMessages")},
		{Path: "/api/profile/lead/message", Status: 400, Vendor: str("acquire"), RequestBody: "visitor_id=1&last_chat_id=106241"},
		{Path: "/api/v1/ChatSession/101/Messages", Status: 503, Vendor: str("superoffice"), ResponseBody: `{"ChatSessionId":106241,"x":"abcd"}`},
		{Path: "/nowhere", Status: 404, Query: "id=abc&x=1"},
		{Path: "/api/profile/lead/message", Status: 200, Vendor: str("acquire"), RequestBody: "last_chat_id=1062410", ResponseBody: `{"a":"xabc"}`},
	} {
		l.Add(e)
	}
	tests := []struct {
		q    Query
		want string
	}{
		{Query{}, "[1 2 3 4 5]"},
		{Query{Status: 400}, "[2]"},
		{Query{StatusClass: 5}, "[3]"},
		{Query{StatusClass: 2}, "[1 5]"},
		{Query{StatusClass: 4}, "[2 4]"},
		{Query{Vendor: "acquire"}, "[2 5]"},
		{Query{Vendor: "acquire", StatusClass: 2}, "[5]"},
		{Query{ChatID: "abc"}, "[1 4]"},         // a path segment, a query value; not "abcd" or "xabc"
		{Query{ChatID: "106241"}, "[2 3]"},      // a form value, a JSON number; not 1062410
		{Query{ChatID: "101"}, "[3]"},           // a path segment
		{Query{ChatID: "abc", Limit: 1}, "[4]"}, // the newest
		{Query{OperationID: "GetMessages", ChatID: "abc"}, "[1]"},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%+v", tt.q), func(t *testing.T) {
			entries, _ := l.List(tt.q)
			var seqs []int64
			for _, e := range entries {
				seqs = append(seqs, e.Seq)
			}
			if got := fmt.Sprint(seqs); got != tt.want {
				t.Errorf("seqs = %s; want %s", got, tt.want)
			}
		})
	}
}
