// Package conformance owns the framework of the chatconform conformance suite: ginkgo specs
// that certify any implementation of the GWS chat (customer, agent and CometD
// notifications), SuperOffice ChatSession and Acquire profile message APIs against the
// behaviour their documentation prescribes. Each spec is a check (see Check) with a stable
// id, one MUST sentence, its source, the API surfaces it needs, a vendor and a profile; the
// framework configures the target (Config), sends and records requests (Send), judges a run
// (Summarize) and writes the certificate (WriteReports). The catalogue of checks is
// committed as testdata/conformance.yaml and regenerated with go generate.
//
// The checks live in one package per vendor (gws, superoffice, acquire), which import this
// one and the matchers of match; they are put in a suite by importing them, as the suite's
// test file and cmd/chatconform do:
//
//	import (
//		_ "github.com/chatconform/chatconform/conformance/gws"
//		_ "github.com/chatconform/chatconform/conformance/superoffice"
//	)
//
// It judges any target, so it never imports the mock, nor the vendor packages (which import
// it): only spec (to validate every response and notification against the documents) and
// fixtures (what a target must hold where its API cannot create data). Targets are
// configured by flags (and CHATCONFORM_* environment variables); see Config.
//
//	go test ./conformance -args --target=http://127.0.0.1:8080
//	go tool ginkgo -p --label-filter='vendor:gws' ./conformance -- --target=http://host
package conformance

//go:generate go run ../cmd/chatconform list --format yaml -o testdata/conformance.yaml
