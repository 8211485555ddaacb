package bayeux

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
)

// Meta channels.
const (
	MetaHandshake   = "/meta/handshake"
	MetaConnect     = "/meta/connect"
	MetaSubscribe   = "/meta/subscribe"
	MetaUnsubscribe = "/meta/unsubscribe"
	MetaDisconnect  = "/meta/disconnect"
)

// LongPolling is the only connection type this client offers.
const LongPolling = "long-polling"

// Sentinel errors; the errors returned wrap them with context.
var (
	// ErrStatus: the server answered with an HTTP status other than 200.
	ErrStatus = errors.New("http status is not 200")
	// ErrNoReply: a reply batch held no reply with the request's id (a wrong or missing id).
	ErrNoReply = errors.New("no reply with the request's id")
	// ErrNotHandshaken: the method needs a session; call Handshake first.
	ErrNotHandshaken = errors.New("no session; handshake first")
	// ErrDisconnected: Disconnect ended the session.
	ErrDisconnected = errors.New("disconnected")
	// ErrNoReconnect: the server advised reconnect "none".
	ErrNoReconnect = errors.New(`server advised reconnect "none"`)
	// ErrConnectBusy: a connect was started while another one was outstanding.
	ErrConnectBusy = errors.New("another connect is outstanding")
	// ErrListening: Listen was called while a Listen was running.
	ErrListening = errors.New("already listening")
)

// Message is one Bayeux message as received, decoded into the fields the suite checks;
// Raw keeps all of it.
type Message struct {
	Channel string
	// ID is the id as text: a JSON string's value, or the JSON text of a number (or of any
	// other value); "" when absent or null.
	ID                       string
	ClientID                 string
	Successful               *bool // nil when absent
	Error                    string
	Advice                   map[string]any
	Subscription             json.RawMessage // a channel name or an array of them, as sent
	Version                  string
	SupportedConnectionTypes []string
	Data                     json.RawMessage
	Raw                      json.RawMessage // the whole message as sent by the server
}

// UnmarshalJSON decodes one message, keeping its text in Raw.
func (m *Message) UnmarshalJSON(b []byte) error {
	var w struct {
		Channel                  string          `json:"channel"`
		ID                       json.RawMessage `json:"id"`
		ClientID                 string          `json:"clientId"`
		Successful               *bool           `json:"successful"`
		Error                    string          `json:"error"`
		Advice                   map[string]any  `json:"advice"`
		Subscription             json.RawMessage `json:"subscription"`
		Version                  string          `json:"version"`
		SupportedConnectionTypes []string        `json:"supportedConnectionTypes"`
		Data                     json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	*m = Message{
		Channel: w.Channel, ID: idText(w.ID), ClientID: w.ClientID, Successful: w.Successful,
		Error: w.Error, Advice: w.Advice, Subscription: w.Subscription, Version: w.Version,
		SupportedConnectionTypes: w.SupportedConnectionTypes, Data: w.Data,
		Raw: append(json.RawMessage(nil), b...),
	}
	return nil
}

// idText renders an id: a string's value, null or absent as "", anything else as its text.
func idText(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	return string(raw)
}

// IsMeta reports whether the message is on a /meta/ channel (a reply, not an event).
func (m Message) IsMeta() bool { return strings.HasPrefix(m.Channel, "/meta/") }

// OK reports whether the message says successful:true.
func (m Message) OK() bool { return m.Successful != nil && *m.Successful }

// Reconnect returns the advice's reconnect value ("retry", "handshake", "none"), or "".
func (m Message) Reconnect() string {
	s, _ := m.Advice["reconnect"].(string)
	return s
}

// ReplyError is a meta reply that was not successful.
type ReplyError struct {
	Reply Message
}

func (e *ReplyError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s unsuccessful", e.Reply.Channel)
	if e.Reply.Successful == nil {
		b.WriteString(" (successful missing)")
	}
	if e.Reply.Error != "" {
		fmt.Fprintf(&b, ": %q", e.Reply.Error)
	}
	if r := e.Reply.Reconnect(); r != "" {
		fmt.Fprintf(&b, " (advice reconnect %q)", r)
	}
	return b.String()
}

// Unwrap makes errors.Is(err, ErrNoReconnect) true when the server advised reconnect "none".
func (e *ReplyError) Unwrap() error {
	if e.Reply.Reconnect() == "none" {
		return ErrNoReconnect
	}
	return nil
}

// reply finds the reply to the request with id on channel among msgs: an error names the
// ids found when none matches, and a reply that is not successful is a *ReplyError.
func reply(msgs []Message, channel, id string) (Message, error) {
	var seen []string
	for _, m := range msgs {
		if !m.IsMeta() {
			continue // events may carry ids of their own
		}
		if m.ID == id {
			if m.Channel != channel {
				return m, fmt.Errorf("reply with id %q is on channel %q; want %q", id, m.Channel, channel)
			}
			if !m.OK() {
				return m, &ReplyError{Reply: m}
			}
			return m, nil
		}
		got := "no id"
		if m.ID != "" {
			got = fmt.Sprintf("id %q", m.ID)
		}
		seen = append(seen, m.Channel+" with "+got)
	}
	if len(seen) == 0 {
		return Message{}, fmt.Errorf("%w %q on %s: the reply holds no meta message", ErrNoReply, id, channel)
	}
	return Message{}, fmt.Errorf("%w %q on %s: got %s", ErrNoReply, id, channel, strings.Join(seen, ", "))
}

// events returns the messages that are not meta replies.
func events(msgs []Message) []Message {
	var out []Message
	for _, m := range msgs {
		if !m.IsMeta() {
			out = append(out, m)
		}
	}
	return out
}
