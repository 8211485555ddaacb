package bayeux

import (
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net/url"
	"strings"

	"github.com/chatconform/chatconform/mock/strictjson"
)

// Meta channels.
const (
	Handshake   = "/meta/handshake"
	Connect     = "/meta/connect"
	Subscribe   = "/meta/subscribe"
	Unsubscribe = "/meta/unsubscribe"
	Disconnect  = "/meta/disconnect"
)

// LongPolling is the only connection type served.
const LongPolling = "long-polling"

// message is an incoming Bayeux message; unknown fields (ext, ...) are ignored.
type message struct {
	Channel                  string          `json:"channel"`
	ID                       json.RawMessage `json:"id,omitempty"`
	ClientID                 string          `json:"clientId,omitempty"`
	Version                  string          `json:"version,omitempty"`
	SupportedConnectionTypes []string        `json:"supportedConnectionTypes,omitempty"`
	ConnectionType           string          `json:"connectionType,omitempty"`
	Subscription             json.RawMessage `json:"subscription,omitempty"`
	Advice                   *advice         `json:"advice,omitempty"`
}

// advice is the Bayeux advice object.
type advice struct {
	Reconnect string `json:"reconnect,omitempty"`
	Interval  *int64 `json:"interval,omitempty"`
	Timeout   *int64 `json:"timeout,omitempty"`
}

// reply answers a meta message.
type reply struct {
	Channel                  string          `json:"channel"`
	ID                       json.RawMessage `json:"id,omitempty"`
	ClientID                 string          `json:"clientId,omitempty"`
	Successful               bool            `json:"successful"`
	Error                    string          `json:"error,omitempty"`
	Advice                   *advice         `json:"advice,omitempty"`
	Version                  string          `json:"version,omitempty"`
	MinimumVersion           string          `json:"minimumVersion,omitempty"`
	SupportedConnectionTypes []string        `json:"supportedConnectionTypes,omitempty"`
	Subscription             json.RawMessage `json:"subscription,omitempty"`
}

// event is a delivered message.
type event struct {
	Channel string `json:"channel"`
	Data    any    `json:"data"`
}

func ms(n int64) *int64 { return &n }

// parseMessages reads a request body: a JSON array of messages or a single message, or a
// form with the JSON in its message parameter.
func parseMessages(contentType string, body []byte) ([]message, error) {
	mt, _, _ := mime.ParseMediaType(contentType)
	if mt == "application/x-www-form-urlencoded" {
		v, err := url.ParseQuery(string(body))
		if err != nil {
			return nil, fmt.Errorf("form body: %w", err)
		}
		body = []byte(v.Get("message"))
	}
	trimmed := strings.TrimSpace(string(body))
	if trimmed == "" {
		return nil, errors.New("empty body; want a JSON array of Bayeux messages")
	}
	if err := strictjson.Check([]byte(trimmed)); err != nil {
		return nil, err
	}
	var msgs []message
	if strings.HasPrefix(trimmed, "[") {
		if err := json.Unmarshal([]byte(trimmed), &msgs); err != nil {
			return nil, fmt.Errorf("malformed JSON: %w", err)
		}
	} else {
		var m message
		if err := json.Unmarshal([]byte(trimmed), &m); err != nil {
			return nil, fmt.Errorf("malformed JSON: %w", err)
		}
		msgs = []message{m}
	}
	if len(msgs) == 0 {
		return nil, errors.New("empty array; want at least one Bayeux message")
	}
	return msgs, nil
}

// subscriptions reads the subscription field: a channel name or an array of them.
func subscriptions(raw json.RawMessage) ([]string, error) {
	if len(raw) == 0 {
		return nil, errors.New("subscription missing")
	}
	var one string
	if err := json.Unmarshal(raw, &one); err == nil {
		return []string{one}, nil
	}
	var many []string
	if err := json.Unmarshal(raw, &many); err != nil || len(many) == 0 {
		return nil, errors.New("subscription: want a channel name or a non-empty array of them")
	}
	return many, nil
}

// validChannel checks a channel name or pattern: absolute, non-empty segments, wildcards
// (* one segment, ** any depth) only as the last segment.
func validChannel(name string) bool {
	if !strings.HasPrefix(name, "/") || name == "/" {
		return false
	}
	segs := strings.Split(name[1:], "/")
	for i, s := range segs {
		if s == "" {
			return false
		}
		if (s == "*" || s == "**") && i != len(segs)-1 {
			return false
		}
		if strings.Contains(s, "*") && s != "*" && s != "**" {
			return false
		}
	}
	return true
}
