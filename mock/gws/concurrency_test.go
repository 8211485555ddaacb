package gws_test

import (
	"fmt"
	"sort"
	"sync"
	"testing"
)

// TestConcurrentSendersAndPollers: customers and an agent send to one chat from many
// goroutines while others poll GetMessages with and without the cursor. Afterwards the
// indexes are strictly increasing without duplicates, nothing is lost, and the cursor poller
// saw every visible message exactly once.
func TestConcurrentSendersAndPollers(t *testing.T) {
	s := newServer(t)
	id := s.requestChat(cc1, nil)
	s.agentOp(ann, id, map[string]any{"operationName": "Accept"}, 200)
	const senders, each = 6, 15
	var (
		wg      sync.WaitGroup
		mu      sync.Mutex
		seen    = map[float64]int{}
		stop    = make(chan struct{})
		pollers sync.WaitGroup
	)
	poll := func() {
		for _, m := range s.messages(id, "") {
			mu.Lock()
			seen[m["index"].(float64)]++
			mu.Unlock()
		}
	}
	pollers.Add(2)
	go func() { // the customer's cursor poller
		defer pollers.Done()
		for {
			select {
			case <-stop:
				poll()
				return
			default:
				poll()
			}
		}
	}()
	go func() { // a poller with explicit indexes, which must not disturb the cursor's promise
		defer pollers.Done()
		for {
			select {
			case <-stop:
				return
			default:
				s.do("GET", "/api/v2/chats/"+id+"/messages?index=0", nil, cc(cc1)...)
			}
		}
	}()
	for w := 0; w < senders; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			for i := 0; i < each; i++ {
				text := fmt.Sprintf("%d-%d", w, i)
				if w%2 == 0 {
					s.customerOp(id, map[string]any{"operationName": "SendMessage", "text": text}, 200)
				} else if i%5 == 0 {
					s.agentOp(ann, id, map[string]any{"operationName": "SendCustomNoticeToAgents", "noticeText": text}, 200)
				} else {
					s.agentOp(ann, id, map[string]any{"operationName": "SendMessage", "text": text}, 200)
				}
			}
		}(w)
	}
	wg.Wait()
	close(stop)
	pollers.Wait()

	all := s.do("GET", "/api/v2/me/chats/"+id+"/messages", nil, ann...)
	msgs := list(all.Body["messages"])
	texts := map[string]bool{}
	var visible []float64
	for i, m := range msgs {
		if idx := m["index"].(float64); int(idx) != i+1 {
			t.Fatalf("messages[%d].index = %v; want %d (the full log has no gaps)", i, idx, i+1)
		}
		if text, ok := m["text"].(string); ok {
			texts[text] = true
		}
		if nt, ok := m["noticeText"].(string); ok {
			texts[nt] = true
		}
		if m["visibility"] == "All" {
			visible = append(visible, m["index"].(float64))
		}
	}
	if len(texts) != senders*each {
		t.Errorf("%d distinct texts; want %d", len(texts), senders*each)
	}
	var got []float64
	for idx, n := range seen {
		if n != 1 {
			t.Errorf("the cursor poller saw index %v %d times; want once", idx, n)
		}
		got = append(got, idx)
	}
	sort.Float64s(got)
	if fmt.Sprint(got) != fmt.Sprint(visible) {
		t.Errorf("the cursor poller saw %d indexes; want the %d visible ones", len(got), len(visible))
	}
}
