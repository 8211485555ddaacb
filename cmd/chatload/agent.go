package main

import (
	"bytes"
	"context"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"time"
)

// agent is one agent desktop's CometD session over long-polling, kept the cheap way: it
// sends the messages as text and reads in each reply only what it needs (the clientId,
// success, advice to handshake, and the scenario's markers). Ten thousand of them must leave
// the CPU they share with the server to the server; conformance/bayeux, which checks every
// reply, costs about three times as much per delivery.
type agent struct {
	hc   *http.Client
	base string // the Bayeux endpoint, e.g. http://127.0.0.1:8080/api/v2/notifications
	auth string // the Authorization header

	mu           sync.Mutex
	clientID     string
	ids          int
	rehandshakes int
	err          error // the last error of listen, if any
}

// ErrBayeux is a Bayeux reply that was not successful.
var ErrBayeux = errors.New("bayeux request failed")

func newAgent(hc *http.Client, base, user, password string) *agent {
	return &agent{hc: hc, base: base, auth: "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))}
}

func (a *agent) nextID() int {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.ids++
	return a.ids
}

// post sends one batch and returns the reply, which must be a successful 200.
func (a *agent) post(ctx context.Context, path string, body []byte, timeout time.Duration) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, a.base+path, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/json;charset=UTF-8")
	req.Header.Set("Authorization", a.auth)
	resp, err := a.hc.Do(req)
	if err != nil {
		return nil, err
	}
	defer resp.Body.Close()
	reply, err := io.ReadAll(resp.Body)
	if err != nil {
		return nil, err
	}
	if resp.StatusCode != http.StatusOK {
		return reply, fmt.Errorf("%w: POST %s: status %d: %.200s", ErrBayeux, path, resp.StatusCode, reply)
	}
	return reply, nil
}

// join handshakes and subscribes to channel.
func (a *agent) join(ctx context.Context, channel string) error {
	reply, err := a.post(ctx, "/handshake", fmt.Appendf(nil,
		`[{"id":"%d","channel":"/meta/handshake","version":"1.0","minimumVersion":"1.0","supportedConnectionTypes":["long-polling"]}]`, a.nextID()), 10*time.Second)
	if err != nil {
		return fmt.Errorf("handshake: %w", err)
	}
	id := stringAfter(reply, `"clientId":"`)
	if id == "" || !bytes.Contains(reply, []byte(`"successful":true`)) {
		return fmt.Errorf("%w: handshake: %.200s", ErrBayeux, reply)
	}
	reply, err = a.post(ctx, "/", fmt.Appendf(nil,
		`[{"id":"%d","channel":"/meta/subscribe","clientId":"%s","subscription":"%s"}]`, a.nextID(), id, channel), 10*time.Second)
	if err != nil {
		return fmt.Errorf("subscribe: %w", err)
	}
	if !bytes.Contains(reply, []byte(`"successful":true`)) {
		return fmt.Errorf("%w: subscribe: %.200s", ErrBayeux, reply)
	}
	a.mu.Lock()
	a.clientID = id
	a.mu.Unlock()
	return nil
}

// listen sends connects one after the other until ctx is done, and hands every reply to
// deliver. The first connect of a session asks for advice timeout 0; advice to handshake is
// followed by a new handshake and subscription; errors are retried after 100 ms.
func (a *agent) listen(ctx context.Context, channel string, deliver func(reply []byte)) {
	first := true
	for ctx.Err() == nil {
		a.mu.Lock()
		id := a.clientID
		a.mu.Unlock()
		advice := ""
		if first {
			advice = `,"advice":{"timeout":0}`
		}
		reply, err := a.post(ctx, "/connect", fmt.Appendf(nil,
			`[{"id":"%d","channel":"/meta/connect","clientId":"%s","connectionType":"long-polling"%s}]`, a.nextID(), id, advice), 60*time.Second)
		switch {
		case ctx.Err() != nil:
			return
		case err == nil && bytes.Contains(reply, []byte(`"reconnect":"handshake"`)):
			err = a.join(ctx, channel)
			first = true
			if err == nil {
				a.mu.Lock()
				a.rehandshakes++
				a.mu.Unlock()
				continue
			}
		case err == nil:
			first = false
			deliver(reply)
			continue
		}
		a.mu.Lock()
		a.err = err
		a.mu.Unlock()
		select {
		case <-ctx.Done():
		case <-time.After(100 * time.Millisecond):
		}
	}
}

// leave disconnects the session.
func (a *agent) leave(ctx context.Context) {
	a.mu.Lock()
	id := a.clientID
	a.clientID = ""
	a.mu.Unlock()
	if id == "" {
		return
	}
	_, _ = a.post(ctx, "/disconnect", fmt.Appendf(nil, `[{"id":"%d","channel":"/meta/disconnect","clientId":"%s"}]`, a.nextID(), id), 10*time.Second)
}

// state returns how many times the agent handshook again and the last error of listen.
func (a *agent) state() (int, error) {
	a.mu.Lock()
	defer a.mu.Unlock()
	return a.rehandshakes, a.err
}

// stringAfter returns the JSON string value that follows key (which ends with its opening
// quote), or "".
func stringAfter(body []byte, key string) string {
	i := bytes.Index(body, []byte(key))
	if i < 0 {
		return ""
	}
	rest := body[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}
