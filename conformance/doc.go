// Package conformance owns the chatconform conformance suite: ginkgo specs that certify any
// implementation of the GWS chat (customer, agent and CometD notifications), SuperOffice
// ChatSession and Acquire profile message APIs against the behaviour their documentation
// prescribes. Each spec is a check (see Check) with a stable id, one MUST sentence, its
// source, a vendor label and a profile label; the catalogue of checks is committed as
// testdata/conformance.yaml and regenerated with go generate.
//
// It judges any target, so it never imports the mock: it imports only spec (to validate
// every response and notification against the documents), fixtures (what a target must
// hold where its API cannot create data) and its own subpackages. Targets are configured by
// flags (and CHATCONFORM_* environment variables); see Config.
//
//	go test ./conformance/... -args --target=http://127.0.0.1:8080
//	go tool ginkgo -p --label-filter='vendor:gws' ./conformance -- --target=http://host
package conformance

//go:generate go run ../cmd/chatconform list --format yaml -o testdata/conformance.yaml
