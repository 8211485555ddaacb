package reqlog_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock/reqlog"
)

func TestEntriesAreCutToTheirLimits(t *testing.T) {
	l := reqlog.New(10, 0)
	headers := map[string]string{"Authorization": "Basic ***", "X-Big": strings.Repeat("b", 5000)}
	for i := range 100 {
		headers[fmt.Sprintf("X-H%03d", i)] = "v"
	}
	l.Add(reqlog.Entry{Path: "/" + strings.Repeat("p", 5000), Query: strings.Repeat("q", 5000),
		RequestHeaders: headers, RequestBody: strings.Repeat("r", 5000)})
	got, _ := l.List(reqlog.Query{})
	e := got[0]
	if len(e.Path) != reqlog.TextLimit || !e.PathTruncated {
		t.Errorf("path = %d bytes, truncated %v; want %d, true", len(e.Path), e.PathTruncated, reqlog.TextLimit)
	}
	if len(e.Query) != reqlog.TextLimit || !e.QueryTruncated {
		t.Errorf("query = %d bytes, truncated %v; want %d, true", len(e.Query), e.QueryTruncated, reqlog.TextLimit)
	}
	if len(e.RequestBody) != reqlog.BodyLimit || !e.RequestBodyTruncated {
		t.Errorf("body = %d bytes; want %d", len(e.RequestBody), reqlog.BodyLimit)
	}
	if len(e.RequestHeaders) != reqlog.MaxHeaders || !e.HeadersTruncated {
		t.Errorf("headers = %d, truncated %v; want %d, true", len(e.RequestHeaders), e.HeadersTruncated, reqlog.MaxHeaders)
	}
	if e.RequestHeaders["Authorization"] != "Basic ***" {
		t.Errorf("Authorization = %q; want the first header by name kept", e.RequestHeaders["Authorization"])
	}
	if v := e.RequestHeaders["X-Big"]; len(v) != reqlog.HeaderValueLimit {
		t.Errorf("X-Big = %d bytes; want %d", len(v), reqlog.HeaderValueLimit)
	}
	n := 0
	for k, v := range e.RequestHeaders {
		n += len(k) + len(v)
	}
	if n > reqlog.HeadersLimit {
		t.Errorf("header bytes = %d; want at most %d", n, reqlog.HeadersLimit)
	}
}

func TestBudgetEvictsTheOldest(t *testing.T) {
	const budget = 64 << 10
	l := reqlog.New(1000, budget)
	for range 500 {
		l.Add(reqlog.Entry{Method: "POST", RequestBody: strings.Repeat("x", 4096), ResponseBody: strings.Repeat("y", 4096),
			RequestHeaders: map[string]string{"X-Big": strings.Repeat("h", 1024)}})
	}
	if b := l.Bytes(); b > budget {
		t.Errorf("bytes = %d; want at most %d", b, budget)
	}
	got, dropped := l.List(reqlog.Query{})
	if len(got) == 0 || len(got) >= 500 || dropped != int64(500-len(got)) {
		t.Errorf("held %d, dropped %d; want a few held and the rest dropped", len(got), dropped)
	}
	if got[len(got)-1].Seq != 500 {
		t.Errorf("newest seq = %d; want 500", got[len(got)-1].Seq)
	}
	l.Clear()
	if l.Bytes() != 0 || l.Len() != 0 {
		t.Errorf("after Clear: bytes %d, entries %d; want 0, 0", l.Bytes(), l.Len())
	}
	l.Add(reqlog.Entry{Method: "GET"})
	if l.Len() != 1 {
		t.Errorf("entries = %d; want 1", l.Len())
	}
}
