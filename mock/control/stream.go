package control

import (
	"bytes"
	"encoding/json"
	"net/http"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// pageSize is how many events GetMockChat reads from the store and renders at a time.
const pageSize = 256

// streamChat writes GetMockChat's chat with its log, reading and rendering one page of
// events at a time, so that a response on its way to a client that does not read holds one
// page, not the chat's whole log. first is the first page, read with q (Limit pageSize)
// before anything was written. A reset while the response goes out ends the log there.
func (a *Adapter) streamChat(w http.ResponseWriter, st *store.Store, key store.Key, q store.Query, first store.Chat, gen int64) error {
	head, err := json.Marshal(renderChat(&first, false, a.varied())) // events go last
	if err != nil {
		return api.Internal(err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	var page bytes.Buffer
	page.Write(head[:len(head)-1])
	page.WriteString(`,"events":[`)
	c, sent := first, 0
	for {
		for _, e := range renderEvents(&c, c.Events, a.varied()) {
			b, err := json.Marshal(e)
			if err != nil {
				return api.Internal(err) // the status is gone; the mock logs it
			}
			if sent > 0 {
				page.WriteByte(',')
			}
			page.Write(b)
			sent++
		}
		if len(c.Events) < q.Limit || st.Generation() != gen {
			break
		}
		if _, err := w.Write(page.Bytes()); err != nil {
			return nil // the client went away
		}
		page.Reset()
		q.FromIndex = c.Events[len(c.Events)-1].Index + 1
		next, err := st.Read(key, q)
		if err != nil || st.Generation() != gen {
			break // the chat went with a reset: end the log here
		}
		c = next
	}
	page.WriteString(`]}`)
	_, _ = w.Write(page.Bytes())
	return nil
}
