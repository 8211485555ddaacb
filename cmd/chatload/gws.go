package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// The default fixtures' GWS contact center and chat in progress.
const (
	defaultContactCenter = "cfe5ad67-ba6d-4340-81f9-bb680ef5d498"
	defaultGWSChat       = "652492d9-c2d9-44c9-b9ad-0ab7984114bb"
)

func gwsFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.contactCenter, "contact-center", defaultContactCenter, "GWS ContactCenterId")
	fs.StringVar(&c.chat, "chat", defaultGWSChat, "GWS chat id to poll and send to")
	fs.StringVar(&c.poll, "poll", "both", "how pollers read: cursor (GetMessages without index), index (from the last index seen) or both (half each)")
	fs.IntVar(&c.senders, "senders", 1, "customers sending SendMessage, in addition to the --conns pollers")
	fs.Float64Var(&c.sendRate, "send-rate", 10, "SendMessage requests per second over all senders (0: as fast as they can)")
}

// gwsPoll is the gws-poll scenario: --conns customers poll GetMessages on one chat, half
// with the chat's cursor (no index: what is new since the last poll) and half from the last
// index they saw, while --senders customers send messages to it at --send-rate.
type gwsPoll struct{ c *config }

func (g *gwsPoll) messagesURL(base string) string {
	return base + "/api/v2/chats/" + g.c.chat + "/messages"
}

func (g *gwsPoll) header(json bool) http.Header {
	h := http.Header{}
	h.Set("ContactCenterId", g.c.contactCenter)
	if json {
		h.Set("Content-Type", "application/json")
	}
	return h
}

// lastIndex reads the chat's last index (0 when the reply has none).
func (g *gwsPoll) lastIndex(ctx context.Context, hc *http.Client, base string) (int, []byte, string, error) {
	body, ct, err := get(ctx, hc, g.messagesURL(base)+"?index=1", g.header(false))
	if err != nil {
		return 0, nil, "", err
	}
	return lastNumber(body, `"index":`), body, ct, nil
}

func (g *gwsPoll) turns(ctx context.Context, hc *http.Client, base string) ([]iteration, error) {
	last, _, _, err := g.lastIndex(ctx, hc, base)
	if err != nil {
		return nil, fmt.Errorf("gws-poll: read chat %s: %w", g.c.chat, err)
	}
	msgs := g.messagesURL(base)
	var turns []iteration
	for i := range g.c.conns {
		header := g.header(false)
		if g.c.poll == "cursor" || (g.c.poll == "both" && i%2 == 0) {
			turns = append(turns, func(ctx context.Context, w *worker) {
				w.request(ctx, "GetMessages (cursor)", http.MethodGet, msgs, header, nil)
			})
			continue
		}
		next := max(last, 1)
		turns = append(turns, func(ctx context.Context, w *worker) {
			_, body, ok := w.request(ctx, "GetMessages (index)", http.MethodGet, msgs+"?index="+strconv.Itoa(next), header, nil)
			if ok {
				next = max(next, lastNumber(body, `"index":`))
			}
		})
	}
	chat := base + "/api/v2/chats/" + g.c.chat
	for s := range g.c.senders {
		header, n := g.header(true), 0
		interval := time.Duration(0)
		if g.c.sendRate > 0 {
			interval = time.Duration(float64(g.c.senders) / g.c.sendRate * float64(time.Second))
		}
		turns = append(turns, func(ctx context.Context, w *worker) {
			if interval > 0 && !w.pace(ctx, interval) {
				return
			}
			n++
			body := fmt.Appendf(nil, `{"operationName":"SendMessage","text":"chatload sender %d message %d"}`, s, n)
			w.request(ctx, "SendMessage", http.MethodPost, chat, header, body)
		})
	}
	return turns, nil
}

// probe is the reply to GetMessages from the chat's last index: one message.
func (g *gwsPoll) probe(ctx context.Context, hc *http.Client, base string) ([]byte, string, error) {
	last, _, _, err := g.lastIndex(ctx, hc, base)
	if err != nil {
		return nil, "", err
	}
	return get(ctx, hc, g.messagesURL(base)+"?index="+strconv.Itoa(max(last, 1)), g.header(false))
}
