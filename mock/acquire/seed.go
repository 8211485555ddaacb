package acquire

import (
	"fmt"
	"strconv"

	"github.com/chatconform/chatconform/fixtures"
	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// Acquire's thread_status values, kept as the chats' vendor state.
const (
	threadOpen   = "open"
	threadClosed = "closed"
)

// Seed implements api.Vendor: the Acquire accounts' API tokens and agents, and the Acquire
// chats of the set, each with its visitor id in the visitor's Participant.Ref (a new one is
// assigned when the fixture has none) and its thread in Chat.Thread.
func (a *Adapter) Seed(st *store.Store, set *fixtures.Set) error {
	if err := checkFixtures(set); err != nil {
		return err
	}
	tokens := map[api.Secret]string{}
	tenants := map[string]fixtures.Tenant{}
	first := ""
	for _, t := range set.TenantsOf(Vendor) {
		tenants[t.ID] = t
		if first == "" {
			first = t.ID
		}
		for _, tok := range t.APITokens {
			tokens[api.SecretOf(tok)] = t.ID
		}
	}
	agents := map[string]map[string]fixtures.Agent{}
	order := map[string][]fixtures.Agent{}
	for _, ag := range set.Agents {
		if ag.Vendor != Vendor {
			continue
		}
		if agents[ag.Tenant] == nil {
			agents[ag.Tenant] = map[string]fixtures.Agent{}
		}
		agents[ag.Tenant][ag.ID] = ag
		order[ag.Tenant] = append(order[ag.Tenant], ag)
	}
	a.mu.Lock()
	a.st, a.tokens, a.tenants, a.agents, a.order, a.first = st, tokens, tenants, agents, order, first
	a.mu.Unlock()

	next := maxVisitorID(set)
	for _, c := range set.ChatsOf(Vendor) {
		visitor := c.Visitor.ID
		if visitor == "" {
			next++
			visitor = strconv.FormatInt(next, 10)
		}
		_, err := api.SeedChat(st, set, c, func(tx *store.Tx) {
			for i := range tx.C.Participants {
				if tx.C.Participants[i].Role == store.RoleVisitor {
					tx.C.Participants[i].Ref = visitor
				}
			}
			if c.VendorState == "" {
				tx.C.VendorState = threadStatus(tx.C.State)
			}
		})
		if err != nil {
			return fmt.Errorf("acquire chat %s: %w", c.ID, err)
		}
	}
	return nil
}

// CheckFixtures reports what of a fixture set the Acquire wire format cannot carry: account,
// agent, chat, visitor and thread ids are integers there, so they must be positive integers.
// Seed fails with the same error; the control API calls CheckFixtures before loading a set,
// so a bad set is refused before anything changes.
func (a *Adapter) CheckFixtures(set *fixtures.Set) error { return checkFixtures(set) }

func checkFixtures(set *fixtures.Set) error {
	for i, t := range set.Tenants {
		if t.Vendor == Vendor && !positive(t.ID) {
			return fmt.Errorf("%w: tenants[%d]: acquire account id %q is not a positive integer", fixtures.ErrInvalid, i, t.ID)
		}
	}
	for i, ag := range set.Agents {
		if ag.Vendor == Vendor && !positive(ag.ID) {
			return fmt.Errorf("%w: agents[%d]: acquire agent id %q is not a positive integer", fixtures.ErrInvalid, i, ag.ID)
		}
	}
	for i, c := range set.Chats {
		if c.Vendor != Vendor {
			continue
		}
		switch {
		case !positive(c.ID):
			return fmt.Errorf("%w: chats[%d]: acquire chat id %q is not a positive integer", fixtures.ErrInvalid, i, c.ID)
		case c.Visitor.ID != "" && !positive(c.Visitor.ID):
			return fmt.Errorf("%w: chats[%d] (acquire %s): visitor id %q is not a positive integer", fixtures.ErrInvalid, i, c.ID, c.Visitor.ID)
		case c.Thread != "" && !positive(c.Thread):
			return fmt.Errorf("%w: chats[%d] (acquire %s): thread %q is not a positive integer", fixtures.ErrInvalid, i, c.ID, c.Thread)
		}
	}
	return nil
}

// maxVisitorID is the largest visitor id of the set's Acquire chats.
func maxVisitorID(set *fixtures.Set) int64 {
	var top int64
	for _, c := range set.ChatsOf(Vendor) {
		if n, err := strconv.ParseInt(c.Visitor.ID, 10, 64); err == nil && n > top {
			top = n
		}
	}
	return top
}

// threadStatus is the vendor state of a chat in a vendor-neutral state.
func threadStatus(state string) string {
	if state == store.StateCompleted {
		return threadClosed
	}
	return threadOpen
}

// positive tells whether s is a positive decimal integer that fits in int64.
func positive(s string) bool {
	n, err := strconv.ParseInt(s, 10, 64)
	return err == nil && n > 0 && strconv.FormatInt(n, 10) == s
}
