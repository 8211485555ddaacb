package superoffice

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strconv"
	"time"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// Seed implements api.Vendor: the SuperOffice tenants and associates of the fixture set
// become the credentials table; its sessions are loaded with their Status and the entity
// fields their transcript implies (first and last message, when started, idle and ended).
func (a *Adapter) Seed(st *store.Store, set *fixtures.Set) error {
	tenants := map[string]fixtures.Tenant{}
	creds := map[string]*credentials{}
	onsite := ""
	for _, t := range set.TenantsOf(Vendor) {
		tenants[t.ID] = t
		if onsite == "" && !t.Online {
			onsite = t.ID
		}
		c := &credentials{byID: map[string]fixtures.Agent{}, basic: map[string]fixtures.Agent{},
			tickets: map[api.Secret]fixtures.Agent{}, tokens: map[api.Secret]fixtures.Agent{}, xsrf: map[api.Secret]fixtures.Agent{}}
		for _, ag := range set.AgentsOf(Vendor, t.ID) {
			c.agents = append(c.agents, ag)
			c.byID[ag.ID] = ag
			if ag.Username != "" {
				c.basic[ag.Username] = ag
			}
			for _, s := range []struct {
				by     map[api.Secret]fixtures.Agent
				secret string
			}{{c.tickets, ag.Ticket}, {c.tokens, ag.Token}, {c.xsrf, ag.XSRFToken}} {
				if s.secret != "" {
					s.by[api.SecretOf(s.secret)] = ag
				}
			}
		}
		creds[t.ID] = c
	}
	a.mu.Lock()
	a.st, a.tenants, a.creds, a.onsite = st, tenants, creds, onsite
	a.mu.Unlock()
	for _, c := range set.ChatsOf(Vendor) {
		if _, err := sessionNumber(c.ID); err != nil {
			return fmt.Errorf("superoffice chat %q: %w", c.ID, err)
		}
		if _, err := api.SeedChat(st, set, c, func(tx *store.Tx) { seedSession(tx, c) }); err != nil {
			return fmt.Errorf("superoffice chat %s: %w", c.ID, err)
		}
	}
	return nil
}

// sessionNumber checks that a chat id can be a ChatSessionId (a positive int32).
func sessionNumber(id string) (int64, error) {
	n, err := strconv.ParseInt(id, 10, 32)
	if err != nil || n <= 0 || strconv.FormatInt(n, 10) != id {
		return 0, fmt.Errorf("a ChatSessionId is a positive 32-bit integer without leading zeros, not %q", id)
	}
	return n, nil
}

// seedSession sets the Status and entity fields of a fixture session from its transcript.
func seedSession(tx *store.Tx, c fixtures.Chat) {
	status := c.VendorState
	if !validStatus(status) {
		tx.C.VendorState = ""
		status = statusOf(&tx.C)
		if tx.C.State == store.StateChatting && lastTextFrom(c) == fixtures.FromVisitor {
			status = statusCustomerLast
		}
	}
	tx.C.VendorState = status
	tx.SetState(stateOf(status))
	setAttr(tx, attrUser, c.Agent)
	setTime(tx, "WhenRequested", c.CreatedAt)
	setBool(tx, "CustomerConsented", true)
	setAttr(tx, "SessionKey", sessionKeyFor(c.Tenant, c.ID, c.CreatedAt))
	setInt(tx, "InitialQueuePos", 1)
	var first, last *fixtures.Event
	for i, e := range c.Events {
		switch {
		case e.Kind == fixtures.KindText || e.Kind == fixtures.KindNotice:
			if first == nil {
				first = &c.Events[i]
			}
			last = &c.Events[i]
		case e.Kind == fixtures.KindJoined && e.From != fixtures.FromVisitor && attrTime(&tx.C, "WhenStarted").IsZero():
			setTime(tx, "WhenStarted", e.Time)
		}
	}
	if first != nil {
		setAttr(tx, "FirstMessage", first.Text)
		setAttr(tx, "LastMessage", last.Text)
		setTime(tx, "WhenIdle", last.Time)
	}
	if ended(status) && len(c.Events) > 0 {
		setTime(tx, "WhenEnded", c.Events[len(c.Events)-1].Time)
	}
	if active(status) {
		setInt(tx, "Rank", 1)
	}
}

func lastTextFrom(c fixtures.Chat) string {
	for i := len(c.Events) - 1; i >= 0; i-- {
		if c.Events[i].Kind == fixtures.KindText {
			return c.Events[i].From
		}
	}
	return ""
}

// sessionKeyFor derives a session's SessionKey, deterministically.
func sessionKeyFor(tenant, id string, t time.Time) string {
	sum := sha256.Sum256([]byte(tenant + "/" + id + "/" + t.UTC().Format(time.RFC3339Nano)))
	return hex.EncodeToString(sum[:16])
}
