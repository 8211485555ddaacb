package acquire

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// pageSize is how many events GetProfileMessages reads from the store and renders at a time.
const pageSize = 256

// streamMessages writes GetProfileMessages' envelope with the chat's messages (those whose
// text contains key, when set), reading one page of events at a time, so that a response on
// its way to a client that does not read holds one page, not the chat's whole log. A first
// pass over the pages finds each side's last event (what `seen` depends on), the second
// renders. first is the chat read with a Limit of pageSize before anything was written. A
// reset while the response goes out ends the list there. Only without planted bugs.
func (a *Adapter) streamMessages(w http.ResponseWriter, st *store.Store, first store.Chat, key string, loc *time.Location) error {
	f, err := a.factsOf(&first)
	if err != nil {
		return err
	}
	gen := st.Generation()
	q := store.Query{Limit: pageSize}
	for c := first; ; {
		f.scan(c.Events)
		if len(c.Events) < pageSize {
			break
		}
		q.FromIndex = c.Events[len(c.Events)-1].Index + 1
		if c, err = st.Read(first.Key, q); err != nil || st.Generation() != gen {
			break
		}
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	var page bytes.Buffer
	page.WriteString(`{"success":true,"error":null,"data":{"messages":[`)
	c, sent, all, seen := first, 0, 0, 0
	for {
		for _, e := range c.Events {
			m, ok, err := a.render(&c, &f, e, loc)
			if err != nil {
				return err // the status is gone; the mock logs it
			}
			if !ok {
				continue
			}
			all++
			if m.Seen == seenYes {
				seen++
			}
			if key != "" && !strings.Contains(strings.ToLower(m.Message), key) {
				continue
			}
			b, err := json.Marshal(m)
			if err != nil {
				return api.Internal(err)
			}
			if sent > 0 {
				page.WriteByte(',')
			}
			page.Write(b)
			sent++
		}
		if len(c.Events) < pageSize || st.Generation() != gen {
			break
		}
		if _, err := w.Write(page.Bytes()); err != nil {
			return nil // the client went away
		}
		page.Reset()
		q.FromIndex = c.Events[len(c.Events)-1].Index + 1
		next, err := st.Read(first.Key, q)
		if err != nil || st.Generation() != gen {
			break
		}
		c = next
	}
	querySeen := 0
	if all > 0 && seen == all {
		querySeen = 1
	}
	page.WriteString(`],"co_browse":[],"recording":[],"query_seen":` + strconv.Itoa(querySeen) + `}}`)
	_, _ = w.Write(page.Bytes())
	return nil
}
