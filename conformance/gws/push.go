package gws

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"sync"
	"time"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance/bayeux"

	"github.com/chatconform/chatconform/conformance"
)

// pushChannel is the CometD topic of GWS chat notifications.
const pushChannel = "/v2/me/chats"

// pushURL is the GWS Bayeux endpoint.
func pushURL() string { return cfg().GWSURL + "/api/v2/notifications" }

// pushNote is one event received on the agent's session, with its data decoded into the
// fields the checks read; Err says why the data did not decode into that shape.
type pushNote struct {
	Raw     json.RawMessage
	Channel string
	Data    pushData
	Err     error
}

type pushData struct {
	MessageType      string          `json:"messageType"`
	NotificationType string          `json:"notificationType"`
	Chat             pushChat        `json:"chat"`
	ReferenceID      json.RawMessage `json:"referenceId"`
	Messages         []pushEntry     `json:"messages"`
	ChatURI          string          `json:"chatUri"`
	ChatPath         string          `json:"chatPath"`
}

type pushChat struct {
	ID           string            `json:"id"`
	URI          string            `json:"uri"`
	State        string            `json:"state"`
	Participants []pushParticipant `json:"participants"`
	UserData     map[string]any    `json:"userData"`
}

type pushParticipant struct {
	Nickname      string `json:"nickname"`
	ParticipantID string `json:"participantId"`
	Type          string `json:"type"`
}

// pushEntry is one transcript entry of a MessageLogUpdated notification.
type pushEntry struct {
	Index            int64           `json:"index"`
	Type             string          `json:"type"`
	Text             string          `json:"text"`
	Visibility       string          `json:"visibility"`
	From             pushParticipant `json:"from"`
	Timestamp        string          `json:"timestamp"`
	TimestampSeconds int64           `json:"timestampSeconds"`
}

func (e pushEntry) String() string {
	return fmt.Sprintf("index %d %s from %s %q text %q visibility %s", e.Index, e.Type, e.From.Type, e.From.Nickname, e.Text, e.Visibility)
}

func pushParse(m bayeux.Message) pushNote {
	n := pushNote{Raw: m.Raw, Channel: m.Channel}
	if err := json.Unmarshal(m.Data, &n.Data); err != nil {
		n.Err = fmt.Errorf("data does not decode as a GWS chat notification: %w", err)
	}
	return n
}

// chatID is the chat the note is about: data.chat.id, or the last segment of chatUri or
// chatPath.
func (n pushNote) chatID() string {
	if n.Data.Chat.ID != "" {
		return n.Data.Chat.ID
	}
	for _, u := range []string{n.Data.ChatURI, n.Data.ChatPath} {
		if u = strings.TrimRight(u, "/"); u != "" {
			return u[strings.LastIndex(u, "/")+1:]
		}
	}
	return ""
}

// is reports whether the note is of the message and notification type.
func (n pushNote) is(messageType, notificationType string) bool {
	return n.Data.MessageType == messageType && n.Data.NotificationType == notificationType
}

func (n pushNote) String() string {
	d := n.Data
	s := d.MessageType + "/" + d.NotificationType
	switch {
	case n.Err != nil:
		s = n.Err.Error()
	case d.MessageType == "ChatStateChangeMessage":
		s += fmt.Sprintf(" state %q, %d participants, referenceId %s", d.Chat.State, len(d.Chat.Participants), string(d.ReferenceID))
	case d.MessageType == "MessageLogUpdated":
		parts := make([]string, len(d.Messages))
		for i, e := range d.Messages {
			parts[i] = fmt.Sprintf("%d %s %q", e.Index, e.Type, e.Text)
		}
		s += " [" + strings.Join(parts, "; ") + "]"
	}
	return s
}

// pushFeed is one CometD session of the agent (cfg.AgentUser), subscribed to
// /v2/me/chats, recording every event in arrival order, however the server batches them
// into connect replies.
type pushFeed struct {
	client *bayeux.Client
	mu     sync.Mutex
	notes  []pushNote
}

// pushListen handshakes with the agent's credentials, subscribes to /v2/me/chats and
// records events until the spec ends, when it disconnects.
func pushListen(ctx SpecContext) *pushFeed {
	GinkgoHelper()
	c := bayeuxClient(bayeux.WithBasicAuth(cfg().AgentUser, cfg().AgentPassword))
	Expect(c.Handshake(ctx)).To(Succeed(), "CometD handshake at %s as agent %s", pushURL(), cfg().AgentUser)
	Expect(c.Subscribe(ctx, pushChannel)).To(Succeed(), "subscribe to %s as agent %s", pushChannel, cfg().AgentUser)
	f := &pushFeed{client: c}
	lctx, cancel := context.WithCancel(context.Background())
	events := c.Listen(lctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for m := range events {
			fmt.Fprintf(GinkgoWriter, "⇐ CometD event %s\n", conformance.Clip(m.Raw))
			f.mu.Lock()
			f.notes = append(f.notes, pushParse(m))
			f.mu.Unlock()
		}
	}()
	DeferCleanup(func(ctx SpecContext) {
		_ = c.Disconnect(ctx) // the session ends either way; its fate is not this check's
		cancel()
		<-done
	})
	return f
}

// all returns every note received so far.
func (f *pushFeed) all() []pushNote {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]pushNote(nil), f.notes...)
}

// of returns the notes about the chat, in arrival order.
func (f *pushFeed) of(id string) []pushNote {
	var out []pushNote
	for _, n := range f.all() {
		if n.chatID() == id {
			out = append(out, n)
		}
	}
	return out
}

// entries returns the transcript entries notified for the chat, in arrival order.
func (f *pushFeed) entries(id string) []pushEntry {
	var out []pushEntry
	for _, n := range f.of(id) {
		if n.Data.MessageType == "MessageLogUpdated" {
			out = append(out, n.Data.Messages...)
		}
	}
	return out
}

// describe lists what the session received about the chat, for failure messages.
func (f *pushFeed) describe(id string) string {
	notes := f.of(id)
	var b strings.Builder
	fmt.Fprintf(&b, "the agent's CometD session received %d notifications for chat %s", len(notes), id)
	for _, n := range notes {
		fmt.Fprintf(&b, "\n  - %s", n)
	}
	if others := len(f.all()) - len(notes); others > 0 {
		fmt.Fprintf(&b, "\n  (and %d about other chats or about no chat it could tell)", others)
	}
	if err := f.client.Err(); err != nil {
		fmt.Fprintf(&b, "\n  the long-polling loop last failed with: %v", err)
	}
	return b.String()
}

// await waits up to cfg.Timeout for a note about the chat that satisfies match, and
// returns the first one.
func (f *pushFeed) await(ctx SpecContext, id, want string, match func(pushNote) bool) pushNote {
	GinkgoHelper()
	var got pushNote
	Eventually(ctx, func() bool {
		for _, n := range f.of(id) {
			if n.Err == nil && match(n) {
				got = n
				return true
			}
		}
		return false
	}).WithTimeout(cfg().Timeout).Should(BeTrue(), func() string {
		return fmt.Sprintf("want %s for chat %s within %s; %s", want, id, cfg().Timeout, f.describe(id))
	})
	return got
}

// awaitEntry waits up to cfg.Timeout for a notified transcript entry of the chat that
// satisfies match.
func (f *pushFeed) awaitEntry(ctx SpecContext, id, want string, match func(pushEntry) bool) pushEntry {
	GinkgoHelper()
	var got pushEntry
	f.await(ctx, id, "a MessageLogUpdated/NewMessages entry: "+want, func(n pushNote) bool {
		if !n.is("MessageLogUpdated", "NewMessages") {
			return false
		}
		for _, e := range n.Data.Messages {
			if match(e) {
				got = e
				return true
			}
		}
		return false
	})
	return got
}

// pushQuiet is how long a check watches for notifications that must not come.
func pushQuiet() time.Duration { return min(max(cfg().Timeout/5, 200*time.Millisecond), 2*time.Second) }
