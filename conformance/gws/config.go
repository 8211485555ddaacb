package gws

import "github.com/chatconform/chatconform/conformance"

// cfg is the configuration in effect, built by the suite's BeforeSuite; checks call it only
// while they run.
func cfg() *conformance.Config { return conformance.Target() }
