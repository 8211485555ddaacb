package main

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"sort"
	"time"
)

// sample is what one worker records of one operation: every latency, and the errors by
// kind. Each worker has its own, so recording takes no lock; merge joins them.
type sample struct {
	lat    []time.Duration
	errors map[string]int // by kind: "status 500", "transport: ..."
}

func (s *sample) add(d time.Duration, errKind string) {
	if errKind != "" {
		if s.errors == nil {
			s.errors = map[string]int{}
		}
		s.errors[errKind]++
		return
	}
	s.lat = append(s.lat, d)
}

func (s *sample) merge(o *sample) {
	s.lat = append(s.lat, o.lat...)
	for k, n := range o.errors {
		if s.errors == nil {
			s.errors = map[string]int{}
		}
		s.errors[k] += n
	}
}

// summary is one operation's figures over a run.
type summary struct {
	Name      string         `json:"name"`
	Requests  int            `json:"requests"` // successful and failed
	Errors    int            `json:"errors"`
	PerSecond float64        `json:"perSecond"`
	P50       time.Duration  `json:"p50Ns"`
	P99       time.Duration  `json:"p99Ns"`
	Max       time.Duration  `json:"maxNs"`
	ErrorKind map[string]int `json:"errorKinds,omitempty"`
}

// summarize computes the figures of a sample over elapsed; it sorts s.lat.
func summarize(name string, s *sample, elapsed time.Duration) summary {
	slices.Sort(s.lat)
	out := summary{Name: name, ErrorKind: maps.Clone(s.errors)}
	for _, n := range s.errors {
		out.Errors += n
	}
	out.Requests = len(s.lat) + out.Errors
	if elapsed > 0 {
		out.PerSecond = float64(out.Requests) / elapsed.Seconds()
	}
	out.P50 = percentile(s.lat, 50)
	out.P99 = percentile(s.lat, 99)
	if n := len(s.lat); n > 0 {
		out.Max = s.lat[n-1]
	}
	return out
}

// percentile returns the nearest-rank p-th percentile (0 < p <= 100) of sorted durations:
// the smallest value with at least p% of the values at or below it; 0 when there are none.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := int(math.Ceil(p / 100 * float64(len(sorted))))
	rank = min(max(rank, 1), len(sorted))
	return sorted[rank-1]
}

// topErrors lists error kinds, most frequent first, at most n.
func topErrors(kinds map[string]int, n int) []string {
	names := slices.Collect(maps.Keys(kinds))
	sort.Slice(names, func(i, j int) bool {
		if kinds[names[i]] != kinds[names[j]] {
			return kinds[names[i]] > kinds[names[j]]
		}
		return names[i] < names[j]
	})
	var out []string
	for _, name := range names[:min(n, len(names))] {
		out = append(out, fmt.Sprintf("%d× %s", kinds[name], name))
	}
	return out
}
