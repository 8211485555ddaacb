package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"sync"
	"sync/atomic"
	"time"
)

// The agents of a cometd run: they join (handshake and subscribe) a few at a time, hold a
// long poll each, record the deliveries they receive, and leave.

// leave disconnects every agent, --ramp at a time, so that the server's sessions end now.
func (f *fanout) leave(agents []*agent) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	sem := make(chan struct{}, max(f.c.rampConns, 1))
	var wg sync.WaitGroup
	for _, a := range agents {
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			a.leave(ctx)
		})
	}
	wg.Wait()
}

// pushClient is the HTTP client of every agent's CometD session: one connection each.
func pushClient(agents int) *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConns:        agents + 64,
		MaxIdleConnsPerHost: agents + 64,
		IdleConnTimeout:     5 * time.Minute,
		DisableCompression:  true,
		DialContext:         (&net.Dialer{Timeout: 10 * time.Second, KeepAlive: 30 * time.Second}).DialContext,
	}}
}

// join handshakes and subscribes every agent, --ramp at a time, and starts its long
// polling; each watcher records its deliveries in its own samples. It returns once every
// agent is subscribed and --settle has passed.
func (f *fanout) join(ctx context.Context) ([]*agent, []map[string]*sample, time.Duration, error) {
	f.maxMsgs = f.messageBound()
	f.counts = make([]atomic.Int32, f.maxMsgs+1)
	f.sent = make([]atomic.Bool, f.maxMsgs+1)
	f.ok = make([]atomic.Bool, f.maxMsgs+1)
	agents := make([]*agent, f.c.agents)
	samples := make([]map[string]*sample, f.c.agents)
	sem := make(chan struct{}, max(f.c.rampConns, 1))
	var wg sync.WaitGroup
	var mu sync.Mutex
	var first error
	start := time.Now()
	f.t0 = start
	for i := range agents {
		user, pass := fanoutUser(i)
		a := newAgent(f.push, f.base+"/api/v2/notifications", user, pass)
		agents[i] = a
		s := map[string]*sample{}
		samples[i] = s
		sem <- struct{}{}
		wg.Go(func() {
			defer func() { <-sem }()
			if err := a.join(ctx, agentChannel); err != nil {
				mu.Lock()
				if first == nil {
					first = fmt.Errorf("agent %s: %w", user, err)
				}
				mu.Unlock()
				return
			}
			watcher := i < f.c.watchers
			f.readers.Go(func() { a.listen(ctx, agentChannel, func(reply []byte) { f.receive(reply, watcher, s) }) })
		})
		if ctx.Err() != nil {
			break
		}
	}
	wg.Wait()
	joined := time.Since(start)
	if first != nil {
		return agents, nil, joined, first
	}
	t := time.NewTimer(f.c.settle)
	defer t.Stop()
	select {
	case <-t.C:
	case <-ctx.Done():
		return agents, nil, joined, ctx.Err()
	}
	return agents, samples, joined, nil
}

// agentChannel is the GWS agents' notification channel.
const agentChannel = "/v2/me/chats"

// receive records the delivery of every message sent by talk that a connect reply carries.
func (f *fanout) receive(reply []byte, watcher bool, s map[string]*sample) {
	for {
		seq, rest, ok := nextNumber(reply, marker)
		if !ok {
			return
		}
		at, rest, ok := nextNumber(rest, " at=")
		reply = rest
		if !ok || seq < 1 || seq > f.maxMsgs {
			continue
		}
		if !watcher {
			f.stray.Add(1)
			continue
		}
		took := time.Since(f.t0) - time.Duration(at)
		if s["delivery"] == nil {
			s["delivery"] = &sample{}
		}
		s["delivery"].add(took, "")
		f.counts[seq].Add(1)
	}
}
