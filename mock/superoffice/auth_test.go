package superoffice_test

import (
	"strings"
	"testing"
)

func TestAuth(t *testing.T) {
	e := newEnv(t)
	const onsite = "/api/v1/ChatSession/103/Messages"
	const cloud = "/" + online + "/api/v1/ChatSession/202/Messages"
	for _, tc := range []struct {
		name, path string
		hdr        []string
		status     int
		part       string
	}{
		{"basic", onsite, []string{"Authorization", basic("anna", "anna-pass")}, 200, ""},
		{"basic, scheme in lower case", onsite, []string{"Authorization", strings.Replace(basic("ola", "ola-pass"), "Basic", "basic", 1)}, 200, ""},
		{"basic wrong password", onsite, []string{"Authorization", basic("anna", "nope")}, 401, "password"},
		{"basic unknown user", onsite, []string{"Authorization", basic("nobody", "anna-pass")}, 401, "password"},
		{"basic not base64", onsite, []string{"Authorization", "Basic !!!"}, 401, "base64"},
		{"basic without colon", onsite, []string{"Authorization", "Basic YW5uYQ=="}, 401, "base64"},
		{"basic user of another tenant", onsite, []string{"Authorization", basic("kari", "kari-pass")}, 401, "password"},
		{"soticket", onsite, []string{"Authorization", "SOTicket " + annaTicket}, 200, ""},
		{"soticket as the docs spell it", onsite, []string{"Authorization", "SoTicket " + olaTicket}, 200, ""},
		{"soticket wrong", onsite, []string{"Authorization", "SOTicket 7T:nope"}, 401, "SOTicket"},
		{"soticket empty", onsite, []string{"Authorization", "SOTicket"}, 401, "SOTicket"},
		{"soticket of another tenant", onsite, []string{"Authorization", "SOTicket " + kariTicket}, 401, "SOTicket"},
		{"bearer", onsite, []string{"Authorization", "Bearer " + annaToken}, 200, ""},
		{"bearer wrong", onsite, []string{"Authorization", "Bearer nope"}, 401, "Bearer"},
		{"xsrf", onsite, []string{"X-XSRF-TOKEN", annaXSRF}, 200, ""},
		{"xsrf wrong", onsite, []string{"X-XSRF-TOKEN", "nope"}, 401, "X-XSRF-TOKEN"},
		{"xsrf ignored beside a wrong Authorization", onsite, []string{"Authorization", "Bearer nope", "X-XSRF-TOKEN", annaXSRF}, 401, "Bearer"},
		{"nothing", onsite, []string{"Authorization", ""}, 401, "X-XSRF-TOKEN"},
		{"unknown scheme", onsite, []string{"Authorization", "Negotiate abc"}, 401, "Negotiate"},
		{"authorization twice", onsite, []string{"Authorization", "SOTicket " + annaTicket, "Authorization", "SOTicket " + olaTicket}, 400, "once"},
		{"online soticket", cloud, []string{"Authorization", "SOTicket " + kariTicket}, 200, ""},
		{"online bearer", cloud, []string{"Authorization", "Bearer " + kariToken}, 200, ""},
		{"online refuses basic", cloud, []string{"Authorization", basic("kari", "kari-pass")}, 403, "Online"},
		{"online refuses an onsite ticket", cloud, []string{"Authorization", "SOTicket " + annaTicket}, 401, "SOTicket"},
		{"online without credentials", cloud, []string{"Authorization", ""}, 401, "SOTicket or Bearer"},
		{"unknown tenant", "/Cust99999/api/v1/ChatSession/103/Messages", []string{"Authorization", "SOTicket " + annaTicket}, 404, "Cust99999"},
		{"onsite tenant by name", "/Onsite/api/v1/ChatSession/103/Messages", []string{"Authorization", "SOTicket " + annaTicket}, 200, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := e.do("GET", tc.path, "", tc.hdr...)
			if tc.status == 200 {
				r.want(t, 200)
				return
			}
			r.wantError(t, tc.status, tc.part)
			if tc.status == 401 && r.header.Get("WWW-Authenticate") == "" {
				t.Errorf("401 without WWW-Authenticate")
			}
		})
	}
	t.Run("challenge names Basic only onsite", func(t *testing.T) {
		on := e.do("GET", onsite, "", "Authorization", "").header.Get("WWW-Authenticate")
		off := e.do("GET", cloud, "", "Authorization", "").header.Get("WWW-Authenticate")
		if !strings.Contains(on, "Basic") || strings.Contains(off, "Basic") || !strings.Contains(off, "SOTicket") {
			t.Errorf("WWW-Authenticate onsite %q, online %q", on, off)
		}
	})
}

// TestAuthEveryOperation: no operation answers without credentials, and a refused request
// changes nothing.
func TestAuthEveryOperation(t *testing.T) {
	e := newEnv(t)
	before := e.state("", "104")
	for _, op := range []struct{ method, path, body string }{
		{"GET", "/api/v1/ChatSession/104/Messages", ""},
		{"POST", "/api/v1/ChatSession/104/Messages", `{"Type":"ToUser","Message":"x"}`},
		{"GET", "/api/v1/ChatSession", ""},
		{"POST", "/api/v1/ChatSession", `{}`},
		{"GET", "/api/v1/ChatSession/default", ""},
		{"GET", "/api/v1/ChatSession/ForCurrentUser", ""},
		{"POST", "/api/v1/ChatSession/Pickup", ""},
		{"GET", "/api/v1/ChatSession/104", ""},
		{"PATCH", "/api/v1/ChatSession/104", `[]`},
		{"DELETE", "/api/v1/ChatSession/104", ""},
		{"POST", "/api/v1/ChatSession/104/Pickup", ""},
		{"POST", "/api/v1/ChatSession/104/Reset", ""},
		{"POST", "/api/v1/ChatSession/104/Transcript", ""},
	} {
		t.Run(op.method+" "+op.path, func(t *testing.T) {
			hdr := []string{"Authorization", "SOTicket wrong"}
			if op.method == "PATCH" {
				hdr = append(hdr, "Content-Type", jsonPatch)
			}
			e.do(op.method, op.path, op.body, hdr...).wantError(t, 401, "SOTicket")
		})
	}
	e.unchanged(before, "", "104")
	if n := len(e.m.Store().List(storeFilter())); n != 6 {
		t.Errorf("sessions = %d; want 6", n)
	}
}

// TestTenants: sessions are per tenant; the prefix picks the tenant, no prefix the onsite one.
func TestTenants(t *testing.T) {
	e := newEnv(t)
	kari := []string{"Authorization", "SOTicket " + kariTicket}
	e.do("GET", "/api/v1/ChatSession/202", "").wantError(t, 404, "202")
	e.do("GET", "/"+online+"/api/v1/ChatSession/103", "", kari...).wantError(t, 404, "103")
	var s entity
	e.do("GET", "/"+online+"/api/v1/ChatSession/202", "", kari...).want(t, 200).decode(t, &s)
	if s.User == nil || s.User.AssociateId != 22 || !strings.Contains(s.Links.Self, "/"+online+"/api/v1/ChatSession/202") {
		t.Errorf("online 202 = %+v; want Kari's, linked under the prefix", s)
	}
	var m message
	e.do("POST", "/"+online+"/api/v1/ChatSession/202/Messages", `{"Type":"ToCustomer","Message":"hi"}`, kari...).want(t, 200).decode(t, &m)
	if m.ChatSessionId != 202 || m.Author != "Kari Lie" {
		t.Errorf("online message = %+v", m)
	}
	// Created sessions get ids that never collide across tenants.
	var created entity
	e.do("POST", "/"+online+"/api/v1/ChatSession", `{}`, kari...).want(t, 200).decode(t, &created)
	e.do("GET", "/api/v1/ChatSession/"+itoa(created.ChatSessionId), "").wantError(t, 404, itoa(created.ChatSessionId))
}
