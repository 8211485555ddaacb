package main

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"net/http"
	"strconv"
)

func soFlags(fs *flag.FlagSet, c *config) {
	fs.StringVar(&c.session, "session", "103", "SuperOffice ChatSessionId to post to and read")
	fs.StringVar(&c.user, "user", "anna", "SuperOffice associate (HTTP Basic)")
	fs.StringVar(&c.password, "password", "anna-pass", "the associate's password")
}

// soAfter is the so-after scenario: each connection posts a message to one session (POST
// Messages) and then reads what is new (GET Messages?after= the last ChatMessageId it saw),
// the way an up-to-date client polls.
type soAfter struct{ c *config }

func (s *soAfter) messagesURL(base string) string {
	return base + "/api/v1/ChatSession/" + s.c.session + "/Messages"
}

func (s *soAfter) header(json bool) http.Header {
	h := http.Header{}
	h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(s.c.user+":"+s.c.password)))
	h.Set("Accept", "application/json")
	if json {
		h.Set("Content-Type", "application/json")
	}
	return h
}

// ids reads the ChatMessageIds of the session's messages.
func (s *soAfter) lastIDs(ctx context.Context, hc *http.Client, base string) (last, beforeLast int, err error) {
	body, _, err := get(ctx, hc, s.messagesURL(base), s.header(false))
	if err != nil {
		return 0, 0, fmt.Errorf("so-after: read session %s: %w", s.c.session, err)
	}
	ids := numbers(body, `"ChatMessageId":`)
	if n := len(ids); n >= 2 {
		return ids[n-1], ids[n-2], nil
	} else if n == 1 {
		return ids[0], 0, nil
	}
	return 0, 0, nil
}

func (s *soAfter) turns(ctx context.Context, hc *http.Client, base string) ([]iteration, error) {
	last, _, err := s.lastIDs(ctx, hc, base)
	if err != nil {
		return nil, err
	}
	msgs := s.messagesURL(base)
	turns := make([]iteration, 0, s.c.conns)
	for i := range s.c.conns {
		post, read, seen, n := s.header(true), s.header(false), last, 0
		turns = append(turns, func(ctx context.Context, w *worker) {
			n++
			body := fmt.Appendf(nil, `{"Type":"ToCustomer","Message":"chatload %d-%d","Author":"chatload"}`, i, n)
			if _, _, ok := w.request(ctx, "AddChatMessage", http.MethodPost, msgs, post, body); !ok {
				return
			}
			_, reply, ok := w.request(ctx, "GetChatMessages (after)", http.MethodGet, msgs+"?after="+strconv.Itoa(seen), read, nil)
			if ok {
				seen = max(seen, lastNumber(reply, `"ChatMessageId":`))
			}
		})
	}
	return turns, nil
}

// probe is the reply to GET Messages?after= the id before the last: one message.
func (s *soAfter) probe(ctx context.Context, hc *http.Client, base string) ([]byte, string, error) {
	_, before, err := s.lastIDs(ctx, hc, base)
	if err != nil {
		return nil, "", err
	}
	return get(ctx, hc, s.messagesURL(base)+"?after="+strconv.Itoa(before), s.header(false))
}
