package api

import (
	"github.com/chatconform/chatconform/mock/store"
)

// Actor is implemented by vendor adapters so the control API can create chats and play
// either side of a conversation with the vendor's own rules (states, capabilities, what
// each action appends). Errors are *Error: KindNotFound for unknown tenants, agents or
// chats, KindWrongState (409 on the control API) when the chat's state forbids the action,
// KindMissing/KindInvalid for missing or bad fields.
type Actor interface {
	CreateChat(c NewChat) (store.Chat, error)
	// Act performs an agent or visitor action (Role) on a chat and returns the events it
	// appended and the chat afterwards.
	Act(key store.Key, a Action) ([]store.Event, store.Chat, error)
}

// Roles an Action is performed as.
const (
	AsAgent   = "agent"
	AsVisitor = "visitor"
)

// Action is one control-API action (the AgentAction and VisitorAction schemas).
type Action struct {
	Role string
	// Name is the action: accept, reject, send, typing-start, typing-stop, notice, leave,
	// complete, transfer, update-user-data (agent); join, send, typing-start, typing-stop,
	// complete (visitor).
	Name       string
	Agent      string
	Text       string
	Nickname   string
	Visibility string
	Target     string
	UserData   map[string]string
}

// NewChat is a chat to create through the control API (the CreateChatRequest schema).
type NewChat struct {
	Vendor, ID, Tenant string
	Visitor            struct{ Name, Nickname, Email string }
	Agent, Subject     string
	UserData           map[string]string
	Messages           []NewMessage
}

// NewMessage is one initial message of a NewChat.
type NewMessage struct {
	// From is "visitor" or "agent".
	From, Text, Visibility string
}
