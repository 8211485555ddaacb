package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// iteration is one turn of a worker: one or more requests through w. It returns when
// w.request refuses (the run is over) or when its turn is done.
type iteration func(ctx context.Context, w *worker)

// budget bounds a run by its number of requests; 0 is unbounded.
type budget struct {
	limit int64
	used  atomic.Int64
}

// take reserves one request; false when the budget is spent.
func (b *budget) take() bool { return b.limit <= 0 || b.used.Add(1) <= b.limit }

// transport is how workers reach the server: net/http's client, or a raw connection each.
type transport struct {
	hc      *http.Client
	base    string // the server's base URL (raw connections)
	raw     bool
	timeout time.Duration
}

// worker is one connection's client: it makes requests and records them in its own
// samples, so that recording needs no lock.
type worker struct {
	id      int
	hc      *http.Client
	raw     *rawClient // when not nil, requests go through it
	base    string
	budget  *budget
	samples map[string]*sample
	buf     bytes.Buffer
	next    time.Time // paced workers: when the next turn may start
}

// request sends one request and reads the whole reply. It returns the status and the body
// (valid until the next request), and ok = false without sending when the budget is spent
// or ctx is done. A transport error or a status of 400 or more is recorded as an error of
// op, unless ctx ended meanwhile (the run is over; nothing is recorded).
func (w *worker) request(ctx context.Context, op, method, url string, header http.Header, body []byte) (status int, reply []byte, ok bool) {
	if over(ctx) || !w.budget.take() {
		return 0, nil, false
	}
	if w.raw != nil {
		start := time.Now()
		code, reply, err := w.raw.do(ctx, method, strings.TrimPrefix(url, w.base), header, body)
		return w.finish(ctx, op, time.Since(start), code, reply, err)
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, url, rd)
	if err != nil {
		w.record(op, 0, "request: "+err.Error())
		return 0, nil, true
	}
	req.Header = header
	start := time.Now()
	resp, err := w.hc.Do(req)
	if err == nil {
		status = resp.StatusCode
		w.buf.Reset()
		_, err = w.buf.ReadFrom(resp.Body)
		resp.Body.Close()
	}
	return w.finish(ctx, op, time.Since(start), status, w.buf.Bytes(), err)
}

// finish records a request's outcome; see request.
func (w *worker) finish(ctx context.Context, op string, took time.Duration, status int, reply []byte, err error) (int, []byte, bool) {
	switch {
	case over(ctx):
		return 0, nil, false
	case err != nil:
		w.record(op, took, "transport: "+errorKind(err))
		return 0, nil, true
	case status >= 400:
		w.record(op, took, fmt.Sprintf("status %d", status))
	default:
		w.record(op, took, "")
	}
	return status, reply, true
}

func (w *worker) record(op string, d time.Duration, errKind string) {
	s := w.samples[op]
	if s == nil {
		s = &sample{}
		w.samples[op] = s
	}
	s.add(d, errKind)
}

// pace waits until the worker's next turn at one turn per interval; false if ctx ended.
func (w *worker) pace(ctx context.Context, interval time.Duration) bool {
	now := time.Now()
	if w.next.IsZero() || w.next.Before(now.Add(-interval)) {
		w.next = now // do not catch up on turns missed while slow
	}
	wait := w.next.Sub(now)
	w.next = w.next.Add(interval)
	if wait <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(wait)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// over reports whether the run is over: ctx is done or its deadline has passed (a
// connection's deadline, set from it, may expire before ctx's own timer has fired).
func over(ctx context.Context) bool {
	if ctx.Err() != nil {
		return true
	}
	d, ok := ctx.Deadline()
	return ok && !time.Now().Before(d)
}

// errorKind shortens a transport error to what kind it is, without the URL.
func errorKind(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

// bounds end a run: after duration (0 = no limit) or requests (0 = no limit).
type bounds struct {
	duration time.Duration
	requests int64
}

// drive runs every iteration in a loop on its own goroutine, with its own worker, until
// the bounds or ctx end the run; it returns the samples by operation and how long the run
// took.
func drive(ctx context.Context, tr *transport, turns []iteration, b bounds) (map[string]*sample, time.Duration) {
	if b.duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, b.duration)
		defer cancel()
	}
	bud := &budget{limit: b.requests}
	workers := make([]*worker, len(turns))
	var wg sync.WaitGroup
	start := time.Now()
	for i, turn := range turns {
		w := &worker{id: i, hc: tr.hc, base: tr.base, budget: bud, samples: map[string]*sample{}}
		if tr.raw {
			w.raw, _ = newRawClient(tr.base, tr.timeout) // the base was checked by newTransport
		}
		workers[i] = w
		wg.Go(func() {
			for !over(ctx) && (bud.limit <= 0 || bud.used.Load() < bud.limit) {
				turn(ctx, w)
			}
		})
	}
	wg.Wait()
	elapsed := time.Since(start)
	merged := map[string]*sample{}
	for _, w := range workers {
		if w.raw != nil {
			w.raw.close()
		}
		for op, s := range w.samples {
			if merged[op] == nil {
				merged[op] = &sample{}
			}
			merged[op].merge(s)
		}
	}
	return merged, elapsed
}
