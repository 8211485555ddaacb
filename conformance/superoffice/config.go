package superoffice

import "github.com/chatconform/chatconform/conformance"

// cfg is the run's configuration, completed in the suite's BeforeSuite; checks read it only
// while they run.
var cfg = conformance.Current()
