package main

// The checks: each vendor package declares its checks when the suite's tree is built, so
// importing them is what puts them in the suite, as Kubernetes' test/e2e/e2e_test.go does.
import (
	_ "github.com/chatconform/chatconform/conformance/acquire"
	_ "github.com/chatconform/chatconform/conformance/gws"
	_ "github.com/chatconform/chatconform/conformance/superoffice"
)
