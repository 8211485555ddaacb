package conformance_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/chatconform/chatconform/conformance"
)

func TestMaskFlags(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"--agent-password s3cret --target http://x", "--agent-password *** --target http://x"},
		{"--agent-password=s3cret", "--agent-password=***"},
		{"-so-token abc --so-ticket=7T:x --so-xsrf y --acquire-token z", "-so-token *** --so-ticket=*** --so-xsrf *** --acquire-token ***"},
		{"--so-user anna --profile all", "--so-user anna --profile all"},
		{"--so-password", "--so-password"},
	} {
		if got := strings.Join(conformance.MaskFlags(strings.Fields(tc.in)), " "); got != tc.want {
			t.Errorf("MaskFlags(%s) = %s; want %s", tc.in, got, tc.want)
		}
	}
}

func TestClaimedSurfaces(t *testing.T) {
	for _, tc := range []struct {
		name string
		c    conformance.Config
		want []string
		err  string
	}{
		{name: "default: every surface, onsite", want: []string{"gws-customer", "gws-agent", "gws-cometd", "so-sessions", "so-messages", "so-onsite", "acquire-messages", "acquire-threads"}},
		{name: "online tenant", c: conformance.Config{Vendors: []string{"superoffice"}, SOTenant: "Cust1"}, want: []string{"so-sessions", "so-messages", "so-online"}},
		{name: "claimed", c: conformance.Config{Surfaces: []string{"gws-customer", "gws-customer"}}, want: []string{"gws-customer"}},
		{name: "outside the vendors", c: conformance.Config{Vendors: []string{"acquire"}, Surfaces: []string{"gws-agent"}}, err: "--surface gws-agent: vendor gws is not among --vendors acquire"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.c
			c.Target, c.Profile, c.Timeout = "http://127.0.0.1:1", conformance.Required, 1
			err := c.Validate(conformance.Defaults{})
			switch {
			case tc.err != "":
				if err == nil || !strings.Contains(err.Error(), tc.err) {
					t.Errorf("Validate: %v; want %q", err, tc.err)
				}
			case err != nil:
				t.Errorf("Validate: %v", err)
			case !slices.Equal(c.Claimed(), tc.want):
				t.Errorf("Claimed() = %v; want %v", c.Claimed(), tc.want)
			}
			if tc.err == "" && !strings.Contains(c.LabelFilter(), "surface: isSubsetOf {"+strings.Join(tc.want, ", ")+"}") {
				t.Errorf("LabelFilter() = %q; want the claimed surfaces as a subset filter", c.LabelFilter())
			}
		})
	}
}

func TestSurfacesBelongToTheirVendor(t *testing.T) {
	for _, s := range conformance.Surfaces() {
		v := conformance.VendorOf(s)
		if !slices.Contains(conformance.SurfacesOf(v), s) || !strings.HasPrefix(s, map[string]string{"gws": "gws-", "superoffice": "so-", "acquire": "acquire-"}[v]) {
			t.Errorf("surface %s: vendor %q", s, v)
		}
	}
}
