package conformance_test

import (
	"flag"
	"testing"

	. "github.com/onsi/ginkgo/v2"
	. "github.com/onsi/gomega"

	"github.com/chatconform/chatconform/conformance"
	_ "github.com/chatconform/chatconform/conformance/acquire" // the checks of each vendor
	_ "github.com/chatconform/chatconform/conformance/gws"
	_ "github.com/chatconform/chatconform/conformance/superoffice"
	"github.com/chatconform/chatconform/mock/loopback"
)

// varySeed, when not 0, certifies the in-repo mock in variation mode instead.
var varySeed = flag.Int64("vary", 0, "self-hosted mock only: run it in variation mode with this seed")

func init() {
	conformance.RegisterFlags(flag.CommandLine)
	conformance.SelfHost = func() (string, func(), error) {
		srv, err := loopback.Start(loopback.Config{Vary: *varySeed})
		if err != nil {
			return "", nil, err
		}
		return srv.URL, srv.Close, nil
	}
}

func TestConformance(t *testing.T) {
	RegisterFailHandler(Fail)
	suite, reporter := GinkgoConfiguration()
	if suite.LabelFilter == "" {
		suite.LabelFilter = conformance.Current().LabelFilter()
	}
	RunSpecs(t, "chatconform conformance", suite, reporter)
}
