package mock

import (
	"bytes"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/console"
	"github.com/chatconform/chatconform/mock/reqlog"
)

// recorder captures a response: its status, the start of its body for the request log, and,
// when buffer is set (strict mode), the whole response, held back until flush so it can be
// checked and replaced.
type recorder struct {
	http.ResponseWriter
	buffer  bool
	code    int
	header  http.Header // buffer mode only
	body    bytes.Buffer
	head    bytes.Buffer // up to reqlog.BodyLimit+1 bytes, for the log
	faultID *string
	tenant  string // the path's tenant prefix, for error rendering
	unlock  func() // releases the mock's state lock, while a vendor request holds it
}

// release lets go of the state lock, if held: when the response starts going to the
// client (a slow reader must not hold up a reset), or when the handler returns.
func (w *recorder) release() {
	if w.unlock != nil {
		w.unlock()
		w.unlock = nil
	}
}

func (w *recorder) Header() http.Header {
	if w.buffer {
		if w.header == nil {
			w.header = make(http.Header)
		}
		return w.header
	}
	return w.ResponseWriter.Header()
}

func (w *recorder) WriteHeader(code int) {
	if w.code != 0 {
		return
	}
	w.code = code
	if !w.buffer {
		w.release()
		w.ResponseWriter.WriteHeader(code)
	}
}

func (w *recorder) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.WriteHeader(http.StatusOK)
	}
	if room := reqlog.BodyLimit + 1 - w.head.Len(); room > 0 {
		w.head.Write(b[:min(room, len(b))])
	}
	if w.buffer {
		return w.body.Write(b)
	}
	return w.ResponseWriter.Write(b)
}

// Unwrap lets http.ResponseController reach the connection (write deadlines).
func (w *recorder) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// Flush lets handlers that stream (long polls) push what they wrote.
func (w *recorder) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok && !w.buffer {
		f.Flush()
	}
}

func (w *recorder) written() bool { return w.code != 0 }

func (w *recorder) status() int {
	if w.code == 0 {
		return http.StatusOK
	}
	return w.code
}

// reset drops a buffered response so another can be written.
func (w *recorder) reset() {
	w.code = 0
	w.header = nil
	w.body.Reset()
	w.head.Reset()
}

// replace swaps a buffered response's body, keeping its status and headers.
func (w *recorder) replace(body []byte) {
	w.body.Reset()
	w.body.Write(body)
	w.head.Reset()
	w.head.Write(body[:min(len(body), reqlog.BodyLimit+1)])
	if w.header.Get("Content-Length") != "" {
		w.header.Set("Content-Length", strconv.Itoa(len(body)))
	}
}

// flush sends a buffered response.
func (w *recorder) flush() {
	if !w.buffer {
		return
	}
	dst := w.ResponseWriter.Header()
	for k, v := range w.header {
		dst[k] = v
	}
	w.ResponseWriter.WriteHeader(w.status())
	_, _ = w.ResponseWriter.Write(w.body.Bytes())
}

// logRequest adds a served request to the request log, credentials redacted.
// A failure the mock found (not an internal one) is logged with its message.
func (m *Mock) logRequest(r *http.Request, req *api.Request, b *bound, body []byte, rec *recorder, start time.Time, failure error) {
	vendor := ""
	if req.OperationID != "" {
		vendor = b.Name()
	}
	m.addLog(r, vendor, req.OperationID, body, rec, start, failure)
}

// addLog adds a request and its response to the request log; an empty vendor or operation
// is logged as null, and a failure the mock found (not an internal one) with its message.
func (m *Mock) addLog(r *http.Request, vendor, operationID string, body []byte, rec *recorder, start time.Time, failure error) {
	e := reqlog.Entry{
		Time: m.opts.clock(), Method: r.Method, Path: r.URL.Path, Query: r.URL.RawQuery,
		Status: rec.status(), DurationMs: float64(time.Since(start).Microseconds()) / 1000,
		RequestHeaders: redact(r.Header), FaultID: rec.faultID,
	}
	if operationID != "" {
		e.OperationID = &operationID
	}
	if vendor != "" {
		e.Vendor = &vendor
	}
	if failure != nil && rec.faultID == nil {
		if fe := api.AsError(failure); fe.Kind != api.KindInternal {
			e.Error = fe.Error()
		}
	}
	e.RequestBody, e.RequestBodyTruncated = reqlog.Truncate(body)
	e.ResponseBody, e.ResponseBodyTruncated = reqlog.Truncate(rec.head.Bytes())
	m.record(e)
}

// record adds an entry to the request log, and prints it when WithRequestLogger asks.
func (m *Mock) record(e reqlog.Entry) {
	seq := m.requests.Add(e)
	if m.console != nil && m.console.Listening() {
		m.console.Publish(console.Event{Topic: "request", Data: map[string]any{"seq": seq, "status": e.Status}})
	}
	l := m.opts.requestLog
	if l == nil {
		return
	}
	attrs := []any{"seq", seq, "method", e.Method, "path", e.Path}
	if e.Query != "" {
		attrs = append(attrs, "query", e.Query)
	}
	if e.OperationID != nil {
		attrs = append(attrs, "operation", *e.OperationID)
	}
	if e.Vendor != nil {
		attrs = append(attrs, "vendor", *e.Vendor)
	}
	attrs = append(attrs, "status", e.Status, "durationMs", e.DurationMs)
	if e.FaultID != nil {
		attrs = append(attrs, "fault", *e.FaultID)
	}
	if e.Error != "" {
		attrs = append(attrs, "error", e.Error)
	}
	l.Info("request", attrs...)
}

func redact(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		v := strings.Join(values, ", ")
		switch strings.ToLower(name) {
		case "authorization", "auth_token", "so-apptoken", "cookie", "x-xsrf-token":
			scheme, _, found := strings.Cut(v, " ")
			if found && strings.ToLower(name) == "authorization" {
				v = scheme + " ***"
			} else {
				v = "***"
			}
		}
		out[name] = v
	}
	return out
}
