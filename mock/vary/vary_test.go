package vary_test

import (
	"math"
	"regexp"
	"testing"

	"github.com/chatconform/chatconform/mock/vary"
)

func TestIndexIsStrictlyIncreasingWithGapsAndFromIndexInvertsIt(t *testing.T) {
	for _, seed := range []int64{0, 1, 2, 99} {
		v := vary.New(seed)
		for _, chat := range []string{"cc/a", "cc/b", "other/a"} {
			if got := v.Index(chat, 1); got != 1 {
				t.Errorf("seed %d %s: Index(1) = %d; want 1", seed, chat, got)
			}
			if got := v.Index(chat, 2); got < 3 {
				t.Errorf("seed %d %s: Index(2) = %d; want a gap after 1", seed, chat, got)
			}
			last := 0
			shown := map[int]int{} // rendered -> store index
			for i := 1; i <= 300; i++ {
				got := v.Index(chat, i)
				if got <= last {
					t.Fatalf("seed %d %s: Index(%d) = %d after %d; want strictly increasing", seed, chat, i, got, last)
				}
				shown[got], last = i, got
			}
			// FromIndex(n) is the first i with Index(i) >= n, for every n up to the last.
			want := 1
			for n := 1; n <= last; n++ {
				for v.Index(chat, want) < n {
					want++
				}
				if got := v.FromIndex(chat, n); got != want {
					t.Fatalf("seed %d %s: FromIndex(%d) = %d; want %d", seed, chat, n, got, want)
				}
			}
			if got := v.FromIndex(chat, 0); got != 0 {
				t.Errorf("FromIndex(0) = %d; want 0 (all)", got)
			}
		}
	}
}

func TestMessageIDJumpsStaysInt32AndAfterMessageIDInvertsIt(t *testing.T) {
	for _, seed := range []int64{0, 1, 7} {
		v := vary.New(seed)
		var last int64
		for id := int64(1); id <= 2000; id++ {
			got := v.MessageID(id)
			if got <= last+1 {
				t.Fatalf("seed %d: MessageID(%d) = %d after %d; want increasing with a gap", seed, id, got, last)
			}
			if a := v.AfterMessageID(got); a != id {
				t.Fatalf("seed %d: AfterMessageID(%d) = %d; want %d", seed, got, a, id)
			}
			if a := v.AfterMessageID(got - 1); a != id-1 {
				t.Fatalf("seed %d: AfterMessageID(%d) = %d; want %d", seed, got-1, a, id-1)
			}
			last = got
		}
		if got := v.MessageID(8_000_000); got > math.MaxInt32 {
			t.Errorf("seed %d: MessageID(8e6) = %d; want it within int32", seed, got)
		}
		if got := v.AfterMessageID(0); got != 0 {
			t.Errorf("AfterMessageID(0) = %d; want 0", got)
		}
	}
}

func TestNilVaryChangesNothing(t *testing.T) {
	var v *vary.Vary
	if v.Index("c", 7) != 7 || v.FromIndex("c", 7) != 7 || v.MessageID(9) != 9 || v.AfterMessageID(9) != 9 ||
		v.ParticipantID("c", "2") != "2" || v.StatusMessage("m", 6) != "m" || v.Seed() != 0 {
		t.Error("a nil Vary changed a value")
	}
	body := []byte(`{"b":1,"a":[2,1]}`)
	if out, _ := v.JSON(body, nil, true); string(out) != string(body) {
		t.Errorf("JSON = %s; want the input", out)
	}
}

func TestChatIDsAreUniqueAndValidInEveryFormat(t *testing.T) {
	valid := regexp.MustCompile(`^[A-Za-z0-9._~-]{1,128}$`)
	defaultFormat := regexp.MustCompile(`^[0-9A-Z]{16}$`)
	formats := map[string]bool{}
	for seed := int64(0); seed < 12; seed++ {
		v := vary.New(seed)
		seen := map[string]bool{}
		for range 500 {
			id := v.ChatID()
			if !valid.MatchString(id) || defaultFormat.MatchString(id) || seen[id] {
				t.Fatalf("seed %d: ChatID() = %q; want a new id of another format than the default matching %s", seed, id, valid)
			}
			seen[id] = true
		}
		switch id := v.ChatID(); {
		case regexp.MustCompile(`^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$`).MatchString(id):
			formats["uuid"] = true
		case regexp.MustCompile(`^0000[0-9A-Za-z]{11}$`).MatchString(id):
			formats["gws"] = true
		case regexp.MustCompile(`^[0-9]+\.[0-9]+$`).MatchString(id):
			formats["dotted"] = true
		default:
			t.Errorf("seed %d: ChatID() = %q; want one of the three formats", seed, id)
		}
	}
	if len(formats) < 3 {
		t.Errorf("12 seeds gave id shapes %v; want the 3 formats", formats)
	}
}

func TestParticipantIDsAndStatusMessages(t *testing.T) {
	v := vary.New(3)
	a, b := v.ParticipantID("cc/x", "1"), v.ParticipantID("cc/x", "2")
	if a == b || a == "1" || len(a) != 16 || a != v.ParticipantID("cc/x", "1") {
		t.Errorf("ParticipantID = %q, %q; want distinct, stable 16-digit ids", a, b)
	}
	for seed := int64(0); seed < 8; seed++ {
		if got := vary.New(seed).StatusMessage("chat x not found", 6); got == "" || got == "chat x not found" {
			t.Errorf("seed %d: StatusMessage = %q; want another non-empty wording", seed, got)
		}
	}
}
