package conformance

import (
	"fmt"
	"slices"
	"strings"
)

// The API surfaces a target may claim. A check declares the surfaces it exercises; a target
// that implements only some of a vendor's APIs claims those with --surface, and the checks
// that need any other are "not claimed" instead of failed.
const (
	// GWS customer chat: /api/v2/chats.
	SurfaceGWSCustomer = "gws-customer"
	// GWS agent chat: /api/v2/me/chats.
	SurfaceGWSAgent = "gws-agent"
	// GWS CometD notifications: /api/v2/notifications.
	SurfaceGWSCometD = "gws-cometd"
	// SuperOffice ChatSession entities: /api/v1/ChatSession and /ChatSession/{id}.
	SurfaceSOSessions = "so-sessions"
	// SuperOffice ChatSession messages: /api/v1/ChatSession/{id}/Messages.
	SurfaceSOMessages = "so-messages"
	// SuperOffice onsite authentication (Basic accepted).
	SurfaceSOOnsite = "so-onsite"
	// SuperOffice Online tenants: /{tenant}/api/v1/..., Basic refused (needs --so-tenant).
	SurfaceSOOnline = "so-online"
	// Acquire Profile Message: POST /api/profile/lead/message.
	SurfaceAcquireMessages = "acquire-messages"
	// Acquire Profile Message Thread: POST /api/profile/message/thread.
	SurfaceAcquireThreads = "acquire-threads"
)

// surfaces lists every surface by vendor, in the order the certificate shows them.
var surfaces = []struct{ vendor, name string }{
	{GWS, SurfaceGWSCustomer}, {GWS, SurfaceGWSAgent}, {GWS, SurfaceGWSCometD},
	{SuperOffice, SurfaceSOSessions}, {SuperOffice, SurfaceSOMessages}, {SuperOffice, SurfaceSOOnsite}, {SuperOffice, SurfaceSOOnline},
	{Acquire, SurfaceAcquireMessages}, {Acquire, SurfaceAcquireThreads},
}

// Surfaces returns every surface, grouped by vendor.
func Surfaces() []string {
	out := make([]string, len(surfaces))
	for i, s := range surfaces {
		out[i] = s.name
	}
	return out
}

// SurfacesOf returns the surfaces of a vendor.
func SurfacesOf(vendor string) []string {
	var out []string
	for _, s := range surfaces {
		if s.vendor == vendor {
			out = append(out, s.name)
		}
	}
	return out
}

// VendorOf returns the vendor of a surface, or "" for an unknown one.
func VendorOf(surface string) string {
	for _, s := range surfaces {
		if s.name == surface {
			return s.vendor
		}
	}
	return ""
}

// claimedSurfaces completes and checks the claimed surfaces: none given means every surface
// of the vendors checked, with so-online when an Online tenant is named and so-onsite
// otherwise (a SuperOffice installation is one or the other).
func (c *Config) claimedSurfaces() ([]string, error) {
	vendors := c.Vendors
	if len(vendors) == 0 {
		vendors = []string{GWS, SuperOffice, Acquire}
	}
	if len(c.Surfaces) == 0 {
		var out []string
		for _, v := range vendors {
			for _, s := range SurfacesOf(v) {
				if (s == SurfaceSOOnline && c.SOTenant == "") || (s == SurfaceSOOnsite && c.SOTenant != "") {
					continue
				}
				out = append(out, s)
			}
		}
		return out, nil
	}
	var out []string
	for _, s := range c.Surfaces {
		v := VendorOf(s)
		switch {
		case v == "":
			return nil, fmt.Errorf("--surface %q: unknown surface (want one of %s)", s, strings.Join(Surfaces(), ", "))
		case !slices.Contains(vendors, v):
			return nil, fmt.Errorf("--surface %s: vendor %s is not among --vendors %s", s, v, strings.Join(vendors, ","))
		}
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out, nil
}
