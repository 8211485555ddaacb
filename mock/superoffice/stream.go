package superoffice

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// pageSize is how many messages GetChatMessages reads from the store and renders at a time.
const pageSize = 256

// streamMessages writes GetChatMessages' list (a JSON array or an ArrayOfChatMessage) one
// page of messages at a time, so that a response on its way to a client that does not read
// holds one page, not the session's whole log. first is the first page, read with q (Limit
// pageSize) before anything was written; a reset while the response goes out ends the list
// there (a prefix of the old session, never the new fixtures). Only without planted bugs,
// which change the list or its media type.
func (a *Adapter) streamMessages(w http.ResponseWriter, r *api.Request, k store.Key, q store.Query, first store.Chat, gen int64) error {
	mediaType := chooseType(strings.Join(r.Header.Values("Accept"), ","))
	asXML := isXML(mediaType)
	head, sep, tail := []byte("["), []byte(","), []byte("]")
	if asXML {
		empty, err := xml.Marshal(newMessageList(nil))
		if err != nil {
			return api.Internal(err)
		}
		i := bytes.LastIndex(empty, []byte("</"))
		head, sep, tail = empty[:i], nil, empty[i:]
	}
	w.Header().Set("Content-Type", mediaType+"; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	v := a.view(r.Request, r.Tenant)
	sid, _ := strconv.ParseInt(k.ID, 10, 64)
	st, c := a.store(), first
	var page bytes.Buffer
	page.Write(head)
	sent := 0
	for {
		for _, ev := range c.Events {
			m, ok := messageOf(&c, sid, ev, v)
			if !ok {
				continue
			}
			var b []byte
			var err error
			if asXML {
				b, err = xml.Marshal(newMessageList([]chatMessage{m}).Items[0])
			} else {
				b, err = json.Marshal(m)
			}
			if err != nil {
				return api.Internal(err) // the status is gone; the mock logs it
			}
			if sent > 0 {
				page.Write(sep)
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
		q.AfterMessageID = c.Events[len(c.Events)-1].MessageID
		next, err := st.Read(k, q)
		if err != nil || st.Generation() != gen {
			break // the session went with a reset: end the list here
		}
		c = next
	}
	page.Write(tail)
	_, _ = w.Write(page.Bytes())
	return nil
}
