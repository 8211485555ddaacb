package mock_test

import (
	"strings"

	"github.com/chatconform/chatconform/mock/api"
)

// The Acquire requests of the probes.
const (
	acqMessages   = "/api/profile/lead/message"
	acqThreads    = "/api/profile/message/thread"
	acqThreadForm = "lead_id=0&limit=20&visitor_id=61793&page=1"
)

var acqBearer = []string{"Authorization", "Bearer " + acqToken}

// acqData posts a form with the Bearer token (and more headers) and returns data.
func (s *site) acqData(path, form string, header ...string) map[string]any {
	s.t.Helper()
	data, _ := s.do("POST", path, form, append(acqBearer, header...)...).ok(s.t, 200).body["data"].(map[string]any)
	return data
}

// acqMessages returns the messages of the probes' chat, read with form.
func (s *site) acqMessages(form string, header ...string) []map[string]any {
	s.t.Helper()
	return objects(s.acqData(acqMessages, form, header...)["messages"])
}

// acquireProbes are the probes of the Acquire bugs that are not in probes.
var acquireProbes = map[api.Bug]probe{
	api.BugAcquireThreadsNoBearer: func(s *site) bool { return s.do("POST", acqThreads, acqThreadForm, acqBearer...).status != 200 },
	api.BugAcquireNoLegacyToken: func(s *site) bool {
		return s.do("POST", acqMessages, acqForm, "auth_token", acqToken).status != 200
	},
	api.BugAcquireAnyToken: func(s *site) bool {
		return s.do("POST", acqMessages, acqForm, "Authorization", "Bearer not-a-token").status == 200
	},
	api.BugAcquireNullArrays: func(s *site) bool {
		data := s.acqData(acqMessages, acqForm)
		return data["co_browse"] == nil || data["recording"] == nil
	},
	api.BugAcquireAgentUserType: func(s *site) bool {
		for _, m := range s.acqMessages(acqForm) {
			if user, _ := m["user"].(map[string]any); user["type"] != m["sender_type"] {
				return true
			}
		}
		return false
	},
	api.BugAcquireHTMLContentType: func(s *site) bool {
		r := s.do("POST", acqMessages, acqForm, acqBearer...).ok(s.t, 200)
		return !strings.HasPrefix(r.header.Get("Content-Type"), "application/json")
	},
	api.BugAcquireZoneISODate: func(s *site) bool {
		msgs := s.acqMessages(acqForm, "zone", `{"timezone":"Central/Alabama","offset":"-05:00"}`)
		return strings.Contains(field(msgs, "date_created"), "T")
	},
	api.BugAcquireReadConsumes: func(s *site) bool {
		return len(s.acqMessages(acqForm)) != len(s.acqMessages(acqForm))
	},
	api.BugAcquireVdIDSender: func(s *site) bool {
		for _, m := range s.acqMessages(acqForm) {
			if num(m, "vd_id") != 61793 {
				return true
			}
		}
		return false
	},
	api.BugAcquireIgnoreVisitor: func(s *site) bool {
		return len(s.acqMessages(strings.Replace(acqForm, "61793", "61794", 1))) > 0
	},
	api.BugAcquireIgnoreKey: func(s *site) bool { return len(s.acqMessages(acqForm+"&key=zqzqzq")) > 0 },
	api.BugAcquireThreadsAnyVisitor: func(s *site) bool {
		for _, t := range objects(s.acqData(acqThreads, acqThreadForm)["messages"]) {
			if num(t, "visitor_id") != 61793 {
				return true
			}
		}
		return false
	},
}
