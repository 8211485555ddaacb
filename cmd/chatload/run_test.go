package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/mock"
)

// newMock serves the mock with the default fixtures on a loopback port.
func newMock(t *testing.T) *httptest.Server {
	t.Helper()
	m, err := mock.New()
	if err != nil {
		t.Fatalf("mock.New: %v", err)
	}
	srv := httptest.NewServer(m)
	t.Cleanup(srv.Close)
	t.Cleanup(m.Close) // first: releases held long polls
	return srv
}

// runJSON runs chatload with --json and decodes its report.
func runJSON(t *testing.T, args ...string) report {
	t.Helper()
	var out, errOut bytes.Buffer
	if err := run(context.Background(), append(args, "--json"), &out, &errOut); err != nil {
		t.Fatalf("chatload %s: %v; stderr %s", strings.Join(args, " "), err, errOut.String())
	}
	var r report
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		t.Fatalf("decode the report: %v\n%s", err, out.String())
	}
	return r
}

func TestScenariosAgainstTheMock(t *testing.T) {
	srv := newMock(t)
	for _, tc := range []struct {
		args []string
		ops  []string
	}{
		{[]string{"gws-poll", "--requests", "200", "--conns", "4", "--send-rate", "0"},
			[]string{"GetMessages (cursor)", "GetMessages (index)", "SendMessage"}},
		{[]string{"gws-poll", "--requests", "200", "--conns", "4", "--client", "std"},
			[]string{"GetMessages (cursor)", "GetMessages (index)", "SendMessage"}},
		{[]string{"so-after", "--requests", "60", "--conns", "3"}, []string{"AddChatMessage", "GetChatMessages (after)"}},
		{[]string{"acquire-read", "--requests", "40", "--conns", "2"}, []string{"GetProfileMessages"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			r := runJSON(t, append(tc.args, "--target", srv.URL)...)
			var ops []string
			for _, op := range r.Ops {
				ops = append(ops, op.Name)
				if op.Errors != 0 || op.Requests == 0 || op.P50 <= 0 || op.P99 < op.P50 || op.Max < op.P99 {
					t.Errorf("%s: %+v; want requests without errors and p50 <= p99 <= max", op.Name, op)
				}
			}
			if strings.Join(ops, ",") != strings.Join(tc.ops, ",") {
				t.Errorf("operations = %q; want %q", ops, tc.ops)
			}
			if r.All.Requests == 0 || r.All.Errors != 0 {
				t.Errorf("all = %+v; want requests without errors", r.All)
			}
			if tc.args[2] == "200" && r.All.Requests != 200 {
				t.Errorf("requests = %d; want exactly --requests 200", r.All.Requests)
			}
			if r.StatsBefore == nil || r.StatsAfter == nil || r.StatsAfter.RequestLog == 0 {
				t.Errorf("stats before, after = %+v, %+v; want the mock's GET /mock/stats", r.StatsBefore, r.StatsAfter)
			}
		})
	}
}

func TestCometdAgainstTheMock(t *testing.T) {
	srv := newMock(t)
	r := runJSON(t, "cometd", "--target", srv.URL, "--agents", "12", "--watchers", "8",
		"--requests", "5", "--send-rate", "50", "--settle", "50ms", "--ramp", "4")
	facts := map[string]float64{}
	for _, f := range r.Facts {
		facts[f.Name] = f.Value
	}
	for name, want := range map[string]float64{
		"server CometD sessions":                           12,
		"messages sent":                                    5,
		"deliveries received":                              40,
		"deliveries missing":                               0,
		"deliveries to agents outside the chat":            0,
		"agents whose long polling met an error (retried)": 0,
	} {
		if got, ok := facts[name]; !ok || got != want {
			t.Errorf("%s = %v (reported: %v); want %v", name, got, ok, want)
		}
	}
	for _, op := range r.Ops {
		if op.Errors != 0 {
			t.Errorf("%s: %d errors: %v", op.Name, op.Errors, op.ErrorKind)
		}
	}
}

func TestRefusesRemoteTargets(t *testing.T) {
	var out, errOut bytes.Buffer
	err := run(context.Background(), []string{"gws-poll", "--target", "http://192.0.2.10:8080", "--requests", "1"}, &out, &errOut)
	if !errors.Is(err, ErrRemote) {
		t.Errorf("run against 192.0.2.10 = %v; want ErrRemote", err)
	}
}
