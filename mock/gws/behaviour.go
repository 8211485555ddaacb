package gws

import (
	"net/http"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// Configure implements api.Configurable. The variation mode renders indexes with gaps,
// participant ids as hex strings, other statusMessage texts, and leaves out empty userData;
// the planted bugs are checked where they act.
func (a *Adapter) Configure(b api.Behaviour) {
	a.mu.Lock()
	defer a.mu.Unlock()
	a.vary, a.bugs = b.Vary, b.Bugs
}

// chatName names a chat for the variation mode's per-chat choices.
func chatName(k store.Key) string { return k.Tenant + "/" + k.ID }

// index renders the i-th entry of a chat's log as the index clients see.
func (a *Adapter) index(c *store.Chat, i int) int {
	if a.bugs.Has(api.BugGWSDuplicateIndex) && i%2 == 0 {
		i-- // every even entry repeats the index of the one before
	}
	return a.vary.Index(chatName(c.Key), i)
}

// fromIndex maps a client's inclusive lower bound on rendered indexes (index, startIndex)
// to the store's.
func (a *Adapter) fromIndex(k store.Key, n int) int { return a.vary.FromIndex(chatName(k), n) }

// participantID renders a chat-local participant id.
func (a *Adapter) participantID(c *store.Chat, id string) string {
	return a.vary.ParticipantID(chatName(c.Key), id)
}

// RewriteRequest implements api.Rewriter for the planted bug gws-no-contact-center: a
// customer request without ContactCenterId is given the first contact center's.
func (a *Adapter) RewriteRequest(r *http.Request) {
	if !a.bugs.Has(api.BugGWSNoContactCenter) || r.Header.Get("ContactCenterId") != "" ||
		!strings.HasPrefix(r.URL.Path, "/api/v2/chats") {
		return
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	if a.first != "" {
		r.Header.Set("ContactCenterId", a.first)
	}
}

// leakTenant is the planted bug gws-tenant-leak: a chat not in the caller's contact center
// is looked up in every other one.
func (a *Adapter) leakTenant(k store.Key) store.Key {
	st := a.store()
	if _, err := st.Get(k); err == nil {
		return k
	}
	a.mu.RLock()
	defer a.mu.RUnlock()
	for id := range a.tenants {
		other := store.Key{Vendor: Vendor, Tenant: id, ID: k.ID}
		if _, err := st.Get(other); err == nil {
			return other
		}
	}
	return k
}

// skipNext is the planted bug gws-cursor-skips: after a poll that delivered messages, the
// customer's cursor is one entry too far, so the first message of the next poll that finds
// any is lost.
func (a *Adapter) skipNext(k store.Key, msgs []wireMessage) []wireMessage {
	a.skipMu.Lock()
	defer a.skipMu.Unlock()
	if a.skips == nil {
		a.skips = map[store.Key]bool{}
	}
	if a.skips[k] && len(msgs) > 0 {
		msgs, a.skips[k] = msgs[1:], false
	}
	if len(msgs) > 0 {
		a.skips[k] = true
	}
	return msgs
}
