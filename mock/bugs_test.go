package mock_test

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	cbayeux "github.com/chatconform/chatconform/conformance/bayeux"
	"github.com/chatconform/chatconform/mock"
	"github.com/chatconform/chatconform/mock/api"
)

// probe looks for one planted bug's deviation and reports whether it saw it.
type probe func(s *site) bool

// notIncreasing sees GWS messages whose indexes do not strictly increase.
func notIncreasing(s *site) bool { return !increasing(s.messages(gwsChat, "?index=0"), "index") }

// lostOrDoubled sees customer messages whose MessageLogUpdated is missing or repeated.
func lostOrDoubled(s *site) bool {
	l := s.listen()
	id := s.acceptedChat()
	want := []string{"m1", "m2", "m3", "m4", "m5", "m6"}
	for _, text := range want {
		s.say(id, text)
	}
	data, _ := l.until(func(d []map[string]any) bool { return slices.Contains(logTexts(d), "m6") })
	return !slices.Equal(logTexts(data), want)
}

// probes holds the probes of the transport's bugs and of the first GWS, SuperOffice and
// Acquire ones; allProbes adds each vendor file's (bugs_<vendor>_test.go).
var probes = map[api.Bug]probe{
	api.BugGWSIndexOffByOne: func(s *site) bool {
		n := strconv.FormatInt(num(s.messages(gwsChat, "?index=0")[1], "index"), 10)
		got := s.messages(gwsChat, "?index="+n)
		return len(got) == 0 || strconv.FormatInt(num(got[0], "index"), 10) != n
	},
	api.BugGWSIndexExclusiveZero: func(s *site) bool { return len(s.messages(gwsChat, "?index=0")) == 0 },
	api.BugGWSIgnoreCursor: func(s *site) bool {
		id := s.requestChat()
		s.messages(id, "")
		return len(s.messages(id, "")) > 0
	},
	api.BugGWSCursorSkips: func(s *site) bool {
		id := s.requestChat()
		s.messages(id, "")
		s.say(id, "a")
		s.say(id, "b")
		return field(s.messages(id, ""), "text") != "a b"
	},
	api.BugGWSNoContactCenter: func(s *site) bool {
		return s.do("POST", "/api/v2/chats", `{"operationName":"RequestChat","nickname":"P"}`).status == 200
	},
	api.BugGWSTenantLeak: func(s *site) bool {
		return s.do("GET", "/api/v2/chats/"+gwsChat, "", "ContactCenterId", cc2).status == 200
	},
	api.BugGWSErrorEnvelope: func(s *site) bool {
		_, ok := s.do("GET", "/api/v2/chats/nope", "", "ContactCenterId", cc1).body["statusCode"]
		return !ok
	},
	api.BugGWSError200: func(s *site) bool {
		return s.do("GET", "/api/v2/chats/nope", "", "ContactCenterId", cc1).status == 200
	},
	api.BugGWSDuplicateIndex: notIncreasing,
	api.BugGWSDescending:     notIncreasing,
	api.BugGWSMissingTimestampMillis: func(s *site) bool {
		l := s.listen()
		s.say(s.acceptedChat(), "when")
		data, _ := l.until(func(d []map[string]any) bool { return slices.Contains(logTexts(d), "when") })
		for _, d := range data {
			for _, m := range objects(d["messages"]) {
				if _, ok := m["timestampSeconds"]; !ok {
					return true
				}
			}
		}
		return false
	},
	api.BugGWSTimestampSeconds: func(s *site) bool {
		r := s.do("GET", "/api/v2/me/chats/"+gwsChat+"/messages", "", agent1...).ok(s.t, 200)
		for _, m := range objects(r.body["messages"]) {
			at, err := time.Parse("2006-01-02 15:04:05.000-0700", m["timestamp"].(string))
			if err != nil || num(m, "timestampSeconds") != at.UnixMilli() {
				return true
			}
		}
		return false
	},
	api.BugGWSDuplicateNotification: lostOrDoubled,
	api.BugGWSDropNotification:      lostOrDoubled,
	api.BugGWSNoReferenceID: func(s *site) bool {
		l := s.listen()
		id := s.acceptedChat()
		chatting := func(d map[string]any) bool {
			c, _ := d["chat"].(map[string]any)
			return d["notificationType"] == "StatusChange" && c["id"] == id && c["state"] == "Chatting"
		}
		data, _ := l.until(func(d []map[string]any) bool { return slices.ContainsFunc(d, chatting) })
		i := slices.IndexFunc(data, chatting)
		if i < 0 {
			s.t.Fatalf("no StatusChange to Chatting among %v", data)
		}
		_, ok := data[i]["referenceId"]
		return !ok
	},
	api.BugBayeuxNoIDEcho: func(s *site) bool {
		c := cbayeux.New(s.url+"/api/v2/notifications", cbayeux.WithBasicAuth("agent1", "agent1pass"))
		msgs, _, err := c.Exchange(context.Background(), "/handshake", map[string]any{"channel": "/meta/handshake",
			"id": "42", "version": "1.0", "supportedConnectionTypes": []string{"long-polling"}})
		return err != nil || len(msgs) == 0 || msgs[0].ID != "42"
	},
	api.BugBayeuxNo402: func(s *site) bool {
		c := cbayeux.New(s.url + "/api/v2/notifications")
		msgs, _, err := c.Exchange(context.Background(), "/connect", map[string]any{"channel": "/meta/connect",
			"id": "1", "clientId": "nobody", "connectionType": "long-polling"})
		return err != nil || len(msgs) == 0 || !strings.HasPrefix(msgs[0].Error, "402") || msgs[0].Advice["reconnect"] != "handshake"
	},
	api.BugSOAfterInclusive: func(s *site) bool {
		first := field(objects(s.do("GET", soPath, "", anna...).ok(s.t, 200).list), "ChatMessageId")
		first, _, _ = strings.Cut(first, " ")
		got := field(objects(s.do("GET", soPath+"?after="+first, "", anna...).ok(s.t, 200).list), "ChatMessageId")
		return slices.Contains(strings.Fields(got), first)
	},
	api.BugSODescending: func(s *site) bool {
		return !increasing(objects(s.do("GET", soPath, "", anna...).ok(s.t, 200).list), "ChatMessageId")
	},
	api.BugSOIgnoreAccept: func(s *site) bool {
		r := s.do("GET", soPath, "", append(anna, "Accept", "application/xml")...).ok(s.t, 200)
		return !strings.HasPrefix(r.header.Get("Content-Type"), "application/xml")
	},
	api.BugSONoAuth: func(s *site) bool { return s.do("GET", soPath, "").status == 200 },
	api.BugSOSessionIDNotForced: func(s *site) bool {
		r := s.do("POST", soPath, `{"Type":"ToCustomer","Message":"probe","ChatSessionId":102}`, anna...).ok(s.t, 200)
		return num(r.body, "ChatSessionId") != 101
	},
	api.BugAcquireDescending: func(s *site) bool {
		r := s.do("POST", "/api/profile/lead/message", acqForm, "Authorization", "Bearer "+acqToken).ok(s.t, 200)
		data, _ := r.body["data"].(map[string]any)
		return !increasing(objects(data["messages"]), "id")
	},
	api.BugAcquireNoAuth: func(s *site) bool {
		return s.do("POST", "/api/profile/lead/message", acqForm).status == 200
	},
	api.BugAcquireErrorEnvelope: func(s *site) bool {
		r := s.do("POST", "/api/profile/lead/message", acqForm, "Authorization", "Bearer wrong")
		return r.status != 401 || r.body["success"] != false
	},
}

// allProbes returns the probe of every planted bug.
func allProbes() map[api.Bug]probe {
	all := maps.Clone(probes)
	for _, m := range []map[api.Bug]probe{gwsProbes, superofficeProbes, acquireProbes} {
		maps.Copy(all, m)
	}
	return all
}

// TestEveryPlantedBugIsObservable runs each bug's probe against the correct mock (in strict
// mode, so the probe itself is sound) and against the mock with only that bug planted.
func TestEveryPlantedBugIsObservable(t *testing.T) {
	known, probes := mock.KnownBugs(), allProbes()
	for name := range probes {
		if !slices.ContainsFunc(known, func(b api.BugInfo) bool { return b.Name == name }) {
			t.Errorf("probe for %s: not a known bug", name)
		}
	}
	for _, b := range known {
		t.Run(string(b.Name), func(t *testing.T) {
			t.Parallel()
			p := probes[b.Name]
			if p == nil {
				t.Fatalf("no probe for %s (%s)", b.Name, b.Description)
			}
			if b.Description == "" || b.Area == "" {
				t.Errorf("%s: area %q, description %q; want both", b.Name, b.Area, b.Description)
			}
			if p(newSite(t, mock.WithStrict(true))) {
				t.Fatalf("the correct mock shows the deviation of %s", b.Name)
			}
			if !p(newSite(t, mock.WithBugs(string(b.Name)))) {
				t.Errorf("with %s planted the probe sees no deviation; want: %s", b.Name, b.Description)
			}
		})
	}
}

func TestNewFailsOnAnUnknownBug(t *testing.T) {
	_, err := mock.New(mock.WithBugs("gws-index-off-by-one", "no-such-bug"))
	if !errors.Is(err, api.ErrUnknownBug) || !strings.Contains(err.Error(), `"no-such-bug"`) ||
		!strings.Contains(err.Error(), "gws-index-off-by-one, gws-index-exclusive-zero") {
		t.Errorf("New = %v; want ErrUnknownBug naming the bug and listing the known ones", err)
	}
}

// ExampleWithBugs plants a bug, as the tests of a conformance suite do to see that the suite
// catches it; KnownBugs lists what can be planted.
func ExampleWithBugs() {
	m, err := mock.New(mock.WithBugs("gws-index-off-by-one"))
	if err != nil {
		panic(err)
	}
	defer m.Close()
	for _, b := range mock.KnownBugs()[:2] {
		fmt.Printf("%s (%s): %s\n", b.Name, b.Area, b.Description)
	}
	// Output:
	// gws-index-off-by-one (gws): GetMessages?index=N starts at N+1: the bound is exclusive
	// gws-index-exclusive-zero (gws): GetMessages?index=0 returns no messages instead of all
}
