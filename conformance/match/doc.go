// Package match owns the suite's protocol matchers, one per file: Gomega matchers whose
// failure message names the operation or message and the field at fault.
//
//	Expect(r).To(match.ConformTo("GetMessages")) // r is a *conformance.Response
//
// It imports the framework (conformance, for Response), spec and Gomega; never the vendor
// packages.
package match
