package gws

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// pageSize is how many events GetMessages reads from the store and renders at a time.
const pageSize = 256

// streams tells whether GetMessages may be written page by page: not with a planted bug that
// works on the whole list (reversed, emptied, or its first message skipped).
func (a *Adapter) streams() bool {
	return !a.bugs.Has(api.BugGWSDescending) && !a.bugs.Has(api.BugGWSIndexExclusiveZero) && !a.bugs.Has(api.BugGWSCursorSkips)
}

// streamMessages writes {"messages":[...],"statusCode":0} for the events q selects, reading
// and rendering one page of them at a time, so that a response on its way to a client that
// does not read holds one page, not the chat's whole log (100,000 messages took 24 MB per
// stalled client). first is the first page, read with q (whose Limit is at most pageSize)
// before anything was written, so that its errors could still become a status; limit caps
// the events in all (0: none). A reset of the mock while the response goes out ends the
// list there: the client sees a prefix of the old chat, never the new fixtures.
func (a *Adapter) streamMessages(w http.ResponseWriter, key store.Key, q store.Query, limit int, first store.Chat, gen int64, forAgent bool) error {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	var page bytes.Buffer
	page.WriteString(`{"messages":[`)
	st, c, n, sent := a.store(), first, 0, 0
	for {
		for _, m := range a.renderMessages(&c, c.Events, forAgent) {
			b, err := json.Marshal(m)
			if err != nil {
				return api.Internal(err) // the status is gone; the mock logs it
			}
			if sent > 0 {
				page.WriteByte(',')
			}
			page.Write(b)
			sent++
		}
		n += len(c.Events)
		if len(c.Events) < q.Limit || (limit > 0 && n >= limit) || st.Generation() != gen {
			break
		}
		if _, err := w.Write(page.Bytes()); err != nil {
			return nil // the client went away
		}
		page.Reset()
		if !q.Unread {
			q.FromIndex = c.Events[len(c.Events)-1].Index + 1
		}
		if limit > 0 {
			q.Limit = min(pageSize, limit-n)
		}
		next, err := st.Read(key, q)
		if err != nil || st.Generation() != gen {
			break // the chat went with a reset: end the list here
		}
		c = next
	}
	page.WriteString(`],"statusCode":0}`)
	_, _ = w.Write(page.Bytes())
	return nil
}
