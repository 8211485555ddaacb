package main

import (
	"context"
	"flag"
	"net/http"
	"net/url"
)

func acquireFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.token, "token", "acq-token-10719-0123456789abcdef", "Acquire API token (Bearer)")
	fs.StringVar(&c.visitor, "visitor", "61793", "Acquire visitor_id")
	fs.StringVar(&c.lastChat, "last-chat", "106241", "Acquire last_chat_id (106344 has 1,050 messages)")
}

// acquireRead is the acquire-read scenario: each connection reads one chat's messages
// (GetProfileMessages), which Acquire returns whole on every call.
type acquireRead struct{ c *config }

func (a *acquireRead) request(base string) (string, http.Header, []byte) {
	h := http.Header{}
	h.Set("Authorization", "Bearer "+a.c.token)
	h.Set("Content-Type", "application/x-www-form-urlencoded")
	form := url.Values{"thread_id": {"-1"}, "visitor_id": {a.c.visitor}, "last_chat_id": {a.c.lastChat}, "key": {""}}
	return base + "/api/profile/lead/message", h, []byte(form.Encode())
}

func (a *acquireRead) turns(_ context.Context, _ *http.Client, base string) ([]iteration, error) {
	turns := make([]iteration, a.c.conns)
	for i := range turns {
		u, h, body := a.request(base)
		turns[i] = func(ctx context.Context, w *worker) {
			w.request(ctx, "GetProfileMessages", http.MethodPost, u, h, body)
		}
	}
	return turns, nil
}

func (a *acquireRead) probe(ctx context.Context, hc *http.Client, base string) ([]byte, string, error) {
	u, h, body := a.request(base)
	return send(ctx, hc, http.MethodPost, u, h, body)
}
