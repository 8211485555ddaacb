package main

import (
	"runtime"
	"testing"
	"time"

	"github.com/onsi/ginkgo/v2/types"
)

// TestMergeReports: each check once, as the worker that ran it reported it; every worker's
// setup nodes; the run's span and outcome over all workers.
func TestMergeReports(t *testing.T) {
	check := func(id string, state types.SpecState, msg string) types.SpecReport {
		return types.SpecReport{LeafNodeType: types.NodeTypeIt, LeafNodeLabels: []string{"check:" + id}, State: state,
			Failure: types.Failure{Message: msg}}
	}
	setup := types.SpecReport{LeafNodeType: types.NodeTypeSynchronizedBeforeSuite, State: types.SpecStatePassed}
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	a := types.Report{StartTime: t0, EndTime: t0.Add(2 * time.Second), SuiteSucceeded: true, SpecReports: []types.SpecReport{
		setup, check("X-A-001", types.SpecStatePassed, ""), check("X-A-002", types.SpecStateSkipped, ""), check("X-A-003", types.SpecStateSkipped, ""),
	}}
	b := types.Report{StartTime: t0.Add(-time.Second), EndTime: t0.Add(time.Second), SuiteSucceeded: false, SpecReports: []types.SpecReport{
		setup, check("X-A-001", types.SpecStateSkipped, ""), check("X-A-002", types.SpecStateFailed, "boom"), check("X-A-003", types.SpecStateSkipped, "needs a tenant"),
	}}
	m := mergeReports([]types.Report{a, b})
	got := map[string]types.SpecReport{}
	setups := 0
	for _, sr := range m.SpecReports {
		if id := checkID(sr); id != "" {
			if _, dup := got[id]; dup {
				t.Errorf("%s listed twice", id)
			}
			got[id] = sr
		} else {
			setups++
		}
	}
	if setups != 2 || len(got) != 3 {
		t.Errorf("%d setup nodes, %d checks; want 2 and 3", setups, len(got))
	}
	for id, want := range map[string]types.SpecState{"X-A-001": types.SpecStatePassed, "X-A-002": types.SpecStateFailed, "X-A-003": types.SpecStateSkipped} {
		if got[id].State != want {
			t.Errorf("%s: %s; want %s", id, got[id].State, want)
		}
	}
	if got["X-A-003"].Failure.Message != "needs a tenant" {
		t.Errorf("X-A-003 lost the reason it skipped itself: %q", got["X-A-003"].Failure.Message)
	}
	if m.SuiteSucceeded || !m.StartTime.Equal(b.StartTime) || !m.EndTime.Equal(a.EndTime) || m.RunTime != 3*time.Second {
		t.Errorf("merged: succeeded %v, %s to %s (%s); want false, the earliest start, the latest end, 3s", m.SuiteSucceeded, m.StartTime, m.EndTime, m.RunTime)
	}
}

// TestDefaultProcs: more workers than CPUs against a remote target, whose latency bounds a
// run; as many as CPUs for the in-repo mock, which shares them.
func TestDefaultProcs(t *testing.T) {
	if got := defaultProcs(true); got != runtime.NumCPU() {
		t.Errorf("in-repo mock: %d workers; want %d (the CPUs)", got, runtime.NumCPU())
	}
	if got := defaultProcs(false); got < 8 || got < runtime.NumCPU() {
		t.Errorf("remote target: %d workers; want at least 8 and the CPUs", got)
	}
}
