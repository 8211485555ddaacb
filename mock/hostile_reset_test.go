package mock_test

import (
	"flag"
	"fmt"
	"net/http"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var resetRaceFor = flag.Duration("reset-race", 0,
	"run TestResetsAndLoadsNeverRaceWithTraffic for this long instead of a fixed count of requests (e.g. 45s)")

// TestResetsAndLoadsNeverRaceWithTraffic runs three SuperOffice writers and a GWS writer
// against loops of ResetMock and LoadFixtures: no answer may be a 5xx (before, resets
// answered 500 "chat already exists" and writers 500 "chat not found" while the store was
// emptied and seeded under them). Each writer sends 60 requests (or runs -reset-race long).
func TestResetsAndLoadsNeverRaceWithTraffic(t *testing.T) {
	s := newSite(t)
	set, err := os.ReadFile("../fixtures/default.json")
	if err != nil {
		t.Fatal(err)
	}
	const perWriter = 60
	deadline := time.Now().Add(*resetRaceFor)
	more := func(i int) bool {
		if *resetRaceFor > 0 {
			return time.Now().Before(deadline)
		}
		return i < perWriter
	}
	var (
		mu       sync.Mutex
		failures []string
		counts   = map[int]int{}
		resets   atomic.Int64
	)
	record := func(what string, r reply) {
		mu.Lock()
		defer mu.Unlock()
		counts[r.status]++
		if r.status >= 500 && len(failures) < 10 {
			failures = append(failures, fmt.Sprintf("%s: %d %s", what, r.status, r.raw))
		}
	}
	var writers, loops sync.WaitGroup
	for w := range 3 {
		writers.Go(func() {
			for i := 0; more(i); i++ {
				session := s.do("POST", soSessions, `{"CustomerName":"W`+strconv.Itoa(w)+`","Status":"InQueue"}`, anna...)
				record("create session", session)
				path := soPath
				if id, ok := session.body["ChatSessionId"].(float64); ok && i%2 == 0 {
					path = soSessions + "/" + strconv.FormatInt(int64(id), 10) + "/Messages"
				}
				record("post message", s.do("POST", path, soPost, anna...))
			}
		})
	}
	writers.Go(func() {
		for i := 0; more(i); i++ {
			r := s.do("POST", "/api/v2/chats", `{"operationName":"RequestChat","nickname":"W"}`, "ContactCenterId", cc1)
			record("request chat", r)
			if id, ok := r.body["id"].(string); ok {
				record("send message", s.do("POST", "/api/v2/chats/"+id, `{"operationName":"SendMessage","text":"x"}`, "ContactCenterId", cc1))
			}
		}
	})
	stop := make(chan struct{})
	loops.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			record("reset", s.do("POST", "/mock/reset", ""))
			resets.Add(1)
		}
	})
	loops.Go(func() {
		for {
			select {
			case <-stop:
				return
			default:
			}
			record("load fixtures", s.do("POST", "/mock/fixtures", string(set)))
			resets.Add(1)
		}
	})
	writers.Wait()
	close(stop)
	loops.Wait()
	if len(failures) > 0 {
		t.Errorf("%d server errors (statuses %v), e.g.:\n%s", counts[500]+counts[503], counts, strings.Join(failures, "\n"))
	}
	if resets.Load() == 0 {
		t.Error("no reset or fixture load ran during the writes")
	}
	t.Logf("statuses %v, %d resets and loads", counts, resets.Load())
	if r := s.do("GET", soPath, "", anna...); r.status != http.StatusOK {
		t.Errorf("after the race: GET %s = %d; want 200 (the fixtures whole)", soPath, r.status)
	}
}
