package conformance

import (
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"slices"
	"strings"
	"time"
)

// Profiles a check belongs to.
const (
	Required = "required"
	Optional = "optional"
)

// Vendors a check belongs to.
const (
	GWS         = "gws"
	SuperOffice = "superoffice"
	Acquire     = "acquire"
)

// Config is where the target is and how to talk to it. Flags set it (registered on
// flag.CommandLine by RegisterFlags); each flag also reads a CHATCONFORM_* environment
// variable as its default. Empty values take the defaults of the certification fixture set
// (fixtures.Default), which is what the in-repo mock serves.
type Config struct {
	// Target is the base URL of every vendor API; the per-vendor URLs override it.
	Target                             string
	GWSURL, SuperOfficeURL, AcquireURL string

	ContactCenterID, OtherContactCenterID string
	AgentUser, AgentPassword              string

	SOUser, SOPassword, SOTicket, SOToken, SOXSRF string
	// SOTenant is the path prefix of an Online tenant ("" for onsite).
	SOTenant string

	AcquireToken                string
	AcquireChat, AcquireVisitor string

	// Timeout bounds how long a check waits for a notification or an eventual state.
	Timeout time.Duration
	// Vendors and Profile select checks (also expressible as a ginkgo label filter).
	Vendors []string
	Profile string
	// Surfaces are the API surfaces the target claims (see Surfaces); empty claims every
	// surface of Vendors (so-online only with SOTenant, so-onsite only without). Checks
	// that need a surface not claimed do not run and are reported "not claimed".
	Surfaces []string
	// ReportDir, when set, receives junit.xml, report.json, certificate.md and
	// certificate.html after the run.
	ReportDir string
}

// flags is the configuration as the flags give it; RegisterFlags binds the flags to it, and
// the suite's BeforeSuite completes a copy into the configuration the checks read (Target).
var flags Config

// Current returns the configuration as the flags give it, for a runner to adjust before the
// suite runs; checks read Target instead.
func Current() *Config { return &flags }

// RegisterFlags binds the suite's flags on fs (flag.CommandLine for go test).
func RegisterFlags(fs *flag.FlagSet) {
	env := func(name, def string) string {
		if v, ok := os.LookupEnv("CHATCONFORM_" + name); ok {
			return v
		}
		return def
	}
	fs.StringVar(&flags.Target, "target", env("TARGET", ""), "base URL of the implementation under test (empty: the in-repo mock)")
	fs.StringVar(&flags.GWSURL, "gws-url", env("GWS_URL", ""), "base URL of the GWS APIs (default --target)")
	fs.StringVar(&flags.SuperOfficeURL, "superoffice-url", env("SUPEROFFICE_URL", ""), "base URL of the SuperOffice API, without a tenant prefix (default --target)")
	fs.StringVar(&flags.AcquireURL, "acquire-url", env("ACQUIRE_URL", ""), "base URL of the Acquire API (default --target)")
	fs.StringVar(&flags.ContactCenterID, "contact-center-id", env("CONTACT_CENTER_ID", ""), "GWS ContactCenterId")
	fs.StringVar(&flags.OtherContactCenterID, "other-contact-center-id", env("OTHER_CONTACT_CENTER_ID", ""), "a second GWS ContactCenterId, for tenant isolation")
	fs.StringVar(&flags.AgentUser, "agent-user", env("AGENT_USER", ""), "GWS agent user name (HTTP Basic)")
	fs.StringVar(&flags.AgentPassword, "agent-password", env("AGENT_PASSWORD", ""), "GWS agent password")
	fs.StringVar(&flags.SOUser, "so-user", env("SO_USER", ""), "SuperOffice user name (Basic, onsite)")
	fs.StringVar(&flags.SOPassword, "so-password", env("SO_PASSWORD", ""), "SuperOffice password")
	fs.StringVar(&flags.SOTicket, "so-ticket", env("SO_TICKET", ""), "SuperOffice SOTicket credential")
	fs.StringVar(&flags.SOToken, "so-token", env("SO_TOKEN", ""), "SuperOffice Bearer token")
	fs.StringVar(&flags.SOXSRF, "so-xsrf", env("SO_XSRF", ""), "SuperOffice X-XSRF-TOKEN")
	fs.StringVar(&flags.SOTenant, "so-tenant", env("SO_TENANT", ""), "SuperOffice Online tenant prefix (e.g. Cust12345); empty for onsite")
	fs.StringVar(&flags.AcquireToken, "acquire-token", env("ACQUIRE_TOKEN", ""), "Acquire API token")
	fs.StringVar(&flags.AcquireChat, "acquire-chat", env("ACQUIRE_CHAT", ""), "an Acquire chat id the target holds (last_chat_id)")
	fs.StringVar(&flags.AcquireVisitor, "acquire-visitor", env("ACQUIRE_VISITOR", ""), "the visitor of that chat (visitor_id)")
	fs.DurationVar(&flags.Timeout, "timeout", 5*time.Second, "how long to wait for a notification or an eventual state")
	fs.Func("vendors", "comma-separated vendors to check: gws, superoffice, acquire (default all)", func(s string) error {
		flags.Vendors = splitList(s)
		return nil
	})
	fs.Func("surface", "an API surface the target implements (repeatable; default every surface of --vendors): "+strings.Join(Surfaces(), ", "), func(s string) error {
		for _, p := range splitList(s) {
			if VendorOf(p) == "" {
				return fmt.Errorf("unknown surface %q (want one of %s)", p, strings.Join(Surfaces(), ", "))
			}
			flags.Surfaces = append(flags.Surfaces, p)
		}
		return nil
	})
	fs.StringVar(&flags.Profile, "profile", env("PROFILE", Required), "profile to check: required, optional, or all")
	fs.StringVar(&flags.ReportDir, "report-dir", env("REPORT_DIR", ""), "write junit.xml, report.json and the certificate (Markdown and HTML) here")
}

func splitList(s string) []string {
	var out []string
	for _, p := range strings.Split(s, ",") {
		if p = strings.TrimSpace(p); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// Validate completes the configuration with the certification fixture defaults and checks
// it, with messages that say which flag to fix.
func (c *Config) Validate(defaults Defaults) error {
	var errs []error
	for _, v := range c.Vendors {
		if !slices.Contains([]string{GWS, SuperOffice, Acquire}, v) {
			errs = append(errs, fmt.Errorf("--vendors: unknown vendor %q (want gws, superoffice, acquire)", v))
		}
	}
	if !slices.Contains([]string{Required, Optional, "all"}, c.Profile) {
		errs = append(errs, fmt.Errorf("--profile %q: want required, optional or all", c.Profile))
	}
	set := func(dst *string, def string) {
		if *dst == "" {
			*dst = def
		}
	}
	set(&c.GWSURL, c.Target)
	set(&c.SuperOfficeURL, c.Target)
	set(&c.AcquireURL, c.Target)
	for name, u := range map[string]string{"--gws-url": c.GWSURL, "--superoffice-url": c.SuperOfficeURL, "--acquire-url": c.AcquireURL} {
		if p, err := url.Parse(u); err != nil || (p.Scheme != "http" && p.Scheme != "https") || p.Host == "" {
			errs = append(errs, fmt.Errorf("%s %q: want an absolute http(s) URL (or set --target)", name, u))
		}
	}
	c.GWSURL, c.SuperOfficeURL, c.AcquireURL = strings.TrimRight(c.GWSURL, "/"), strings.TrimRight(c.SuperOfficeURL, "/"), strings.TrimRight(c.AcquireURL, "/")
	set(&c.ContactCenterID, defaults.ContactCenterID)
	set(&c.OtherContactCenterID, defaults.OtherContactCenterID)
	set(&c.AgentUser, defaults.AgentUser)
	set(&c.AgentPassword, defaults.AgentPassword)
	set(&c.SOUser, defaults.SOUser)
	set(&c.SOPassword, defaults.SOPassword)
	set(&c.SOTicket, defaults.SOTicket)
	set(&c.SOToken, defaults.SOToken)
	set(&c.SOXSRF, defaults.SOXSRF)
	set(&c.AcquireToken, defaults.AcquireToken)
	set(&c.AcquireChat, defaults.AcquireChat)
	set(&c.AcquireVisitor, defaults.AcquireVisitor)
	if c.Timeout <= 0 {
		errs = append(errs, errors.New("--timeout: want a positive duration"))
	}
	if _, err := c.claimedSurfaces(); err != nil {
		errs = append(errs, err)
	}
	return errors.Join(errs...)
}

// Claimed returns the surfaces the target claims: --surface, or by default every surface of
// the vendors checked (see Config.Surfaces).
func (c *Config) Claimed() []string {
	s, _ := c.claimedSurfaces()
	return s
}

// LabelFilter is the ginkgo label filter that --vendors and --profile select.
func (c *Config) LabelFilter() string {
	var parts []string
	if len(c.Vendors) > 0 {
		parts = append(parts, "vendor: containsAny {"+strings.Join(c.Vendors, ", ")+"}")
	}
	switch c.Profile {
	case Required, Optional:
		parts = append(parts, "profile: containsAny {"+c.Profile+"}")
	}
	if claimed := c.Claimed(); len(claimed) > 0 {
		parts = append(parts, "surface: isSubsetOf {"+strings.Join(claimed, ", ")+"}")
	} else {
		parts = append(parts, "surface: isEmpty")
	}
	return strings.Join(parts, " && ")
}
