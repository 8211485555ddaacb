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
	fs.StringVar(&c.session, "session", "new", "SuperOffice ChatSessionId every connection posts to and reads, or new: each connection creates a session of its own")
	fs.StringVar(&c.user, "user", "anna", "SuperOffice associate (HTTP Basic)")
	fs.StringVar(&c.password, "password", "anna-pass", "the associate's password")
}

// soAfter is the so-after scenario: each connection posts a message to its session (POST
// Messages) and then reads what is new (GET Messages?after= the last ChatMessageId it saw),
// the way an up-to-date client polls. By default every connection has a session of its own,
// so that each read finds the one message it posted.
type soAfter struct{ c *config }

func (s *soAfter) messagesURL(base, session string) string {
	return base + "/api/v1/ChatSession/" + session + "/Messages"
}

// sessions returns the session of each of n connections: new ones, or --session.
func (s *soAfter) sessions(ctx context.Context, hc *http.Client, base string, n int) ([]string, error) {
	out := make([]string, n)
	for i := range out {
		out[i] = s.c.session
		if s.c.session != "new" {
			continue
		}
		body := fmt.Appendf(nil, `{"CustomerName":"chatload %d","TopicId":2}`, i)
		reply, _, err := send(ctx, hc, http.MethodPost, base+"/api/v1/ChatSession", s.header(true), body)
		if err != nil {
			return nil, fmt.Errorf("so-after: create a session: %w", err)
		}
		out[i] = strconv.Itoa(lastNumber(reply, `"ChatSessionId":`))
	}
	return out, nil
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

// lastIDs reads the ChatMessageIds of a session's last two messages.
func (s *soAfter) lastIDs(ctx context.Context, hc *http.Client, base, session string) (last, beforeLast int, err error) {
	body, _, err := get(ctx, hc, s.messagesURL(base, session), s.header(false))
	if err != nil {
		return 0, 0, fmt.Errorf("so-after: read session %s: %w", session, err)
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
	sessions, err := s.sessions(ctx, hc, base, s.c.conns)
	if err != nil {
		return nil, err
	}
	turns := make([]iteration, 0, s.c.conns)
	for i, session := range sessions {
		last, _, err := s.lastIDs(ctx, hc, base, session)
		if err != nil {
			return nil, err
		}
		msgs := s.messagesURL(base, session)
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

// probe is the reply to GET Messages?after= the id before the last: one message (a new
// session gets one posted first).
func (s *soAfter) probe(ctx context.Context, hc *http.Client, base string) ([]byte, string, error) {
	sessions, err := s.sessions(ctx, hc, base, 1)
	if err != nil {
		return nil, "", err
	}
	if s.c.session == "new" {
		body := []byte(`{"Type":"ToCustomer","Message":"chatload probe","Author":"chatload"}`)
		if _, _, err := send(ctx, hc, http.MethodPost, s.messagesURL(base, sessions[0]), s.header(true), body); err != nil {
			return nil, "", err
		}
	}
	last, before, err := s.lastIDs(ctx, hc, base, sessions[0])
	if err != nil {
		return nil, "", err
	}
	if s.c.session == "new" {
		before = last - 1
	}
	return get(ctx, hc, s.messagesURL(base, sessions[0])+"?after="+strconv.Itoa(before), s.header(false))
}
