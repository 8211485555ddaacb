package acquire

import "github.com/chatconform/chatconform/mock/store"

// unread is the planted bug acquire-read-consumes: reading a chat moves a server-side
// cursor past what was returned, so the next read returns only messages with a larger id.
func (a *Adapter) unread(k store.Key, msgs []message) []message {
	a.readMu.Lock()
	defer a.readMu.Unlock()
	if a.read == nil {
		a.read = map[store.Key]int64{}
	}
	last := a.read[k]
	out := []message{}
	for _, m := range msgs {
		if m.ID > last {
			out = append(out, m)
		}
		a.read[k] = max(a.read[k], m.ID)
	}
	return out
}
