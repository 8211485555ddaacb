package mock_test

import (
	"io"
	"net/http"
	"net/http/httptest"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/reqlog"
)

// TestRequestLogIsBoundedInBytes sends requests with huge and with many headers (no
// credentials needed: errors are logged too): the log stays within its byte budget, each
// entry within its limits, and the heap keeps no more than the budget; before, every
// header was kept whole (1,000 requests with a 1 MB header held 1.7 GB).
func TestRequestLogIsBoundedInBytes(t *testing.T) {
	const budget = 1 << 20
	m, err := mock.New(mock.WithRequestLogBytes(budget))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	for i := range 300 {
		// Each request's header is its own memory, as when read off the wire.
		req := httptest.NewRequest("GET", "/api/v2/chats/x?"+strings.Repeat("q", 8<<10), nil)
		req.Host = "localhost" // an allowed host (browser rules)
		req.Header.Set("X-Big", strings.Repeat(strconv.Itoa(i%10), 64<<10))
		req.Header.Set("X-Seq", strconv.Itoa(i))
		m.ServeHTTP(httptest.NewRecorder(), req)
	}
	many := httptest.NewRequest("GET", "/api/v2/chats/x", nil)
	many.Host = "localhost"
	for i := range 80000 {
		many.Header["X-"+strconv.Itoa(i)] = []string{"v"}
	}
	m.ServeHTTP(httptest.NewRecorder(), many)
	runtime.GC()
	runtime.ReadMemStats(&after)
	if b := m.Requests().Bytes(); b > budget {
		t.Errorf("log bytes = %d; want at most %d", b, budget)
	}
	if grew := int64(after.HeapAlloc) - int64(before.HeapAlloc); grew > 8*budget {
		t.Errorf("heap grew by %d bytes; want at most %d (the log's budget is %d)", grew, 8*budget, budget)
	}
	t.Logf("log: %d bytes held; heap grew by %d bytes", m.Requests().Bytes(), int64(after.HeapAlloc)-int64(before.HeapAlloc))
	entries, dropped := m.Requests().List(reqlog.Query{})
	if dropped == 0 {
		t.Errorf("dropped = 0 of %d entries; want the oldest evicted for the budget", len(entries))
	}
	for _, e := range entries {
		if len(e.RequestHeaders) > reqlog.MaxHeaders || len(e.Query) > reqlog.TextLimit || len(e.RequestHeaders["X-Big"]) > reqlog.HeaderValueLimit {
			t.Fatalf("entry %d: %d headers, query %d bytes, X-Big %d bytes; want at most %d, %d, %d", e.Seq,
				len(e.RequestHeaders), len(e.Query), len(e.RequestHeaders["X-Big"]), reqlog.MaxHeaders, reqlog.TextLimit, reqlog.HeaderValueLimit)
		}
	}
	if last := entries[len(entries)-1]; !last.HeadersTruncated || len(last.RequestHeaders) != reqlog.MaxHeaders {
		t.Errorf("the request with 80,000 headers kept %d (truncated %v); want %d, true", len(last.RequestHeaders), last.HeadersTruncated, reqlog.MaxHeaders)
	}
}

// TestLatencyFaultOutlastsTheWriteTimeout: a fault's latency longer than the server's write
// timeout still ends in the answer (before, the client got an empty reply).
func TestLatencyFaultOutlastsTheWriteTimeout(t *testing.T) {
	m, err := mock.New()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	srv := httptest.NewUnstartedServer(m)
	srv.Config.WriteTimeout = 200 * time.Millisecond
	srv.Start()
	t.Cleanup(srv.Close)
	resp, err := http.Post(srv.URL+"/mock/faults", "application/json", strings.NewReader(`{"match":{"operationId":"GetChat"},"latencyMs":500}`))
	if err != nil || resp.StatusCode != 201 {
		t.Fatalf("add fault: %v %v", err, resp)
	}
	resp.Body.Close()
	req, _ := http.NewRequest("GET", srv.URL+"/api/v2/chats/"+gwsChat, nil)
	req.Header.Set("ContactCenterId", cc1)
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GetChat with a latency past the write timeout: %v; want the answer", err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != 200 || !strings.Contains(string(body), gwsChat) {
		t.Errorf("GetChat = %d %s; want 200 with the chat", resp.StatusCode, body)
	}
}
