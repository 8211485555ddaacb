package vary

import (
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"strconv"
	"strings"
	"sync/atomic"
)

// Vary makes the variation mode's choices from a seed. Create it with New; it is safe for
// concurrent use. A nil *Vary makes no changes.
type Vary struct {
	seed int64
	ids  atomic.Uint64 // chat ids handed out
}

// New returns the variation mode for a seed: the same seed makes the same choices.
func New(seed int64) *Vary { return &Vary{seed: seed} }

// Seed returns the seed; 0 for a nil Vary.
func (v *Vary) Seed() int64 {
	if v == nil {
		return 0
	}
	return v.seed
}

// hash mixes the seed with parts (FNV-1a, so it is the same in every process).
func (v *Vary) hash(parts ...string) uint64 {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], uint64(v.seed))
	_, _ = h.Write(b[:])
	for _, p := range parts {
		_, _ = h.Write([]byte(p))
		_, _ = h.Write([]byte{0})
	}
	// FNV's low bits mix poorly for short inputs; finish with a 64-bit mixer (splitmix64).
	x := h.Sum64()
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// pick returns a value in [0, n) fixed by the seed and parts.
func (v *Vary) pick(n int, parts ...string) int { return int(v.hash(parts...) % uint64(n)) }

// stride is the average gap between a chat's rendered indexes: 2 to 5, fixed per chat.
func (v *Vary) stride(chat string) int { return 2 + v.pick(4, "stride", chat) }

// Index renders the i-th entry (1-based) of a chat's log as the GWS index a client sees.
// The first entry keeps index 1 (the spec says 1 is the first); each later one is
// 1 + (i-1)*stride + jitter, jitter below the chat's stride, so indexes are strictly
// increasing with gaps (there is always one between the first and the second). chat names
// the chat (tenant and id), so every view of it agrees.
func (v *Vary) Index(chat string, i int) int {
	if v == nil || i <= 1 {
		return i
	}
	s := v.stride(chat)
	return 1 + (i-1)*s + v.pick(s, "index", chat, strconv.Itoa(i))
}

// FromIndex maps an inclusive lower bound on rendered indexes to the store's: the first
// entry i with Index(chat, i) >= n. 0 and 1 stay as they are (from the start).
func (v *Vary) FromIndex(chat string, n int) int {
	if v == nil || n <= 1 {
		return n
	}
	// Index(i) <= i*stride, so every i below (n-1)/stride renders below n.
	i := max(2, (n-1)/v.stride(chat))
	for v.Index(chat, i) < n {
		i++
	}
	return i
}

// Message id rendering: base + id*spread + jitter, jitter below spread; base is at most
// 1,000,000 and spread at most 255, so store ids up to about 8.3 million render within int32.
func (v *Vary) base() int64   { return 100_000 + int64(v.pick(900_000, "base")) }
func (v *Vary) spread() int64 { return 16 + int64(v.pick(240, "spread")) }

// MessageID renders a store message id (the global counter) as the id a client sees
// (SuperOffice ChatMessageId, Acquire message id): strictly increasing, with large jumps
// that differ from message to message. 0 (no id) stays 0.
func (v *Vary) MessageID(id int64) int64 {
	if v == nil || id <= 0 {
		return id
	}
	s := v.spread()
	return v.base() + id*s + int64(v.pick(int(s), "message", strconv.FormatInt(id, 10)))
}

// AfterMessageID maps an exclusive lower bound on rendered ids to the store's: the last
// store id whose rendering is at most n (0 when there is none), so "id > n" selects the
// same messages on both sides.
func (v *Vary) AfterMessageID(n int64) int64 {
	if v == nil || n <= 0 {
		return n
	}
	b, s := v.base(), v.spread()
	if n < b {
		return 0
	}
	id := (n - b) / s // MessageID(id+1) > n; MessageID(id) may still be
	if id > 0 && v.MessageID(id) > n {
		id--
	}
	return id
}

// ParticipantID renders a chat-local participant id ("1", "2", ...) as 16 hex digits, like
// the ids of the GWS agent examples (007352CE982D031B), fixed per chat and participant.
func (v *Vary) ParticipantID(chat, id string) string {
	if v == nil {
		return id
	}
	return fmt.Sprintf("%016X", v.hash("participant", chat, id))
}

// ChatID returns a new chat id in the format the seed chose: a lower-case UUID, a 15
// character GWS-style id of mixed case (0000Wa9CAM6W00J), or a dotted decimal one; never
// the default's 16 characters of [0-9A-Z]. Ids are unique for this Vary (the counter is in
// the id or decides it); all match ^[A-Za-z0-9._~-]+$. v must not be nil.
func (v *Vary) ChatID() string {
	n := strconv.FormatUint(v.ids.Add(1), 10)
	h1, h2 := v.hash("chat", n, "1"), v.hash("chat", n, "2")
	switch v.pick(3, "chat-format") {
	case 0:
		return fmt.Sprintf("%08x-%04x-4%03x-%04x-%012x", h1>>32, (h1>>16)&0xffff, h1&0xfff,
			0x8000|(h2>>48)&0x3fff, h2&0xffffffffffff)
	case 1:
		const alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
		b := []byte("0000")
		for x, i := h1, 0; i < 11; i, x = i+1, x/uint64(len(alphabet)) {
			if i == 8 {
				x = h2
			}
			b = append(b, alphabet[x%uint64(len(alphabet))])
		}
		return string(b)
	}
	return fmt.Sprintf("%d.%d", 1000+h1%9000, 100000+v.ids.Load())
}

// StatusMessage words an error message another way (GWS statusMessage), keeping what it
// says; never empty.
func (v *Vary) StatusMessage(msg string, code int) string {
	if v == nil {
		return msg
	}
	switch v.pick(4, "status-message") {
	case 0:
		return fmt.Sprintf("Error %d: %s", code, msg)
	case 1:
		return msg + " (statusCode " + strconv.Itoa(code) + ")"
	case 2:
		return "Request failed: " + msg
	}
	return strings.ToUpper(msg[:min(1, len(msg))]) + msg[min(1, len(msg)):] + "."
}
