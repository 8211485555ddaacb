// Package acquire owns the checks of the Acquire legacy Profiles API (Profile Message and
// Profile Message Thread). It declares its checks with conformance.Check when the suite's
// tree is built, so a suite holds them by importing the package:
//
//	import _ "github.com/chatconform/chatconform/conformance/acquire"
//
// It imports the framework (conformance), the matchers (match) and fixtures (what a target
// must hold); never the mock, nor another vendor's checks.
package acquire
