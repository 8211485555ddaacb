package main

import (
	"reflect"
	"testing"
	"time"
)

func TestPercentile(t *testing.T) {
	ms := func(ns ...int) []time.Duration {
		out := make([]time.Duration, len(ns))
		for i, n := range ns {
			out[i] = time.Duration(n) * time.Millisecond
		}
		return out
	}
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = i + 1
	}
	for _, tc := range []struct {
		name   string
		sorted []time.Duration
		p      float64
		want   time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value", ms(7), 50, 7 * time.Millisecond},
		{"one value, p99", ms(7), 99, 7 * time.Millisecond},
		{"p50 of 1..100", ms(hundred...), 50, 50 * time.Millisecond},
		{"p99 of 1..100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p100 of 1..100", ms(hundred...), 100, 100 * time.Millisecond},
		{"p50 of four: the second", ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{"p51 of four: the third", ms(1, 2, 3, 4), 51, 3 * time.Millisecond},
		{"p99 of ten: the largest", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
		{"tiny p: the smallest", ms(1, 2, 3), 0.001, time.Millisecond},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := percentile(tc.sorted, tc.p); got != tc.want {
				t.Errorf("percentile(%v, %v) = %v; want %v", tc.sorted, tc.p, got, tc.want)
			}
		})
	}
}

func TestSummarize(t *testing.T) {
	var a, b sample
	for _, d := range []time.Duration{40, 10, 30} {
		a.add(d*time.Millisecond, "")
	}
	a.add(5*time.Millisecond, "status 500")
	b.add(20*time.Millisecond, "")
	b.add(0, "status 500")
	b.add(0, "transport: connection refused")
	a.merge(&b)
	got := summarize("GetMessages", &a, 2*time.Second)
	want := summary{Name: "GetMessages", Requests: 7, Errors: 3, PerSecond: 3.5,
		P50: 20 * time.Millisecond, P99: 40 * time.Millisecond, Max: 40 * time.Millisecond,
		ErrorKind: map[string]int{"status 500": 2, "transport: connection refused": 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("summarize = %+v; want %+v", got, want)
	}
	if got := topErrors(got.ErrorKind, 1); !reflect.DeepEqual(got, []string{"2× status 500"}) {
		t.Errorf("topErrors = %q; want the most frequent kind", got)
	}
}

func TestNumbers(t *testing.T) {
	body := []byte(`{"messages":[{"index":12,"text":"a"},{"index":13},{"index":"x"},{"index":9}],"statusCode":0}`)
	if got := numbers(body, `"index":`); !reflect.DeepEqual(got, []int{12, 13, 9}) {
		t.Errorf("numbers = %v; want [12 13 9]", got)
	}
	if got := lastNumber(body, `"index":`); got != 13 {
		t.Errorf("lastNumber = %d; want 13", got)
	}
	if got := lastNumber([]byte(`[]`), `"ChatMessageId":`); got != 0 {
		t.Errorf("lastNumber of no match = %d; want 0", got)
	}
}
