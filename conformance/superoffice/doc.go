// Package superoffice owns the checks of the SuperOffice WebAPI ChatSession API: sessions,
// their messages, content negotiation and the onsite and Online authentication schemes. It
// declares its checks with conformance.Check when the suite's tree is built, so a suite
// holds them by importing the package:
//
//	import _ "github.com/chatconform/chatconform/conformance/superoffice"
//
// It imports the framework (conformance), the matchers (match) and spec; never the mock,
// nor another vendor's checks.
package superoffice
