package mock_test

import (
	"slices"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
)

// SuperOffice paths and credentials of the default fixtures.
const (
	soSessions = "/api/v1/ChatSession"
	soUnknown  = soSessions + "/999999"
	soPost     = `{"Type":"ToCustomer","Message":"probe"}`
)

// soGet reads soPath with one credential header (or none) and returns the status.
func (s *site) soGet(header ...string) int { return s.do("GET", soPath, "", header...).status }

// soIDsOf returns the ChatMessageIds of a GET Messages reply.
func soIDsOf(r reply) []int64 {
	var ids []int64
	for _, m := range objects(r.list) {
		ids = append(ids, num(m, "ChatMessageId"))
	}
	return ids
}

// soSession creates an onsite session with a customer e-mail and returns its path.
func (s *site) soSession() string {
	s.t.Helper()
	r := s.do("POST", soSessions, `{"CustomerName":"P","CustomerEmail":"p@example.com","Status":"InQueue"}`, anna...)
	return soSessions + "/" + strconv.FormatInt(num(r.body, "ChatSessionId"), 10)
}

// superofficeProbes are the probes of the SuperOffice bugs that are not in probes.
var superofficeProbes = map[api.Bug]probe{
	api.BugSOOnsiteRefusesBasic:   func(s *site) bool { return s.soGet(anna...) != 200 },
	api.BugSOTicketPrefixStripped: func(s *site) bool { return s.soGet("Authorization", "SOTicket 7T:dGplMDpUamUwdGplMDpUamUw") != 200 },
	api.BugSONoBearer:             func(s *site) bool { return s.soGet("Authorization", "Bearer so-bearer-anna-0123456789abcdef") != 200 },
	api.BugSOIgnoreXSRF:           func(s *site) bool { return s.soGet("X-XSRF-TOKEN", "xsrf-anna-0123456789") != 200 },
	api.BugSOAnyBearer:            func(s *site) bool { return s.soGet("Authorization", "Bearer not-a-token") == 200 },
	api.BugSOOnlineAcceptsBasic: func(s *site) bool {
		st := s.do("GET", "/Cust12345"+soUnknown, "", "Authorization", "Basic "+basicToken("lucienne", "81IKevyUtZ0d")).status
		return st != 401 && st != 403
	},
	api.BugSOSkipFirst: func(s *site) bool {
		all := soIDsOf(s.do("GET", soPath+"?after=0", "", anna...).ok(s.t, 200))
		return !slices.Equal(soIDsOf(s.do("GET", soPath, "", anna...).ok(s.t, 200)), all)
	},
	api.BugSOAfterByPosition: func(s *site) bool {
		ids := soIDsOf(s.do("GET", soPath, "", anna...).ok(s.t, 200))
		after := strconv.FormatInt(slices.Max(ids)+1000, 10)
		return len(s.do("GET", soPath+"?after="+after, "", anna...).ok(s.t, 200).list) > 0
	},
	api.BugSOCreate201: func(s *site) bool {
		return s.do("POST", soSessions, `{"CustomerName":"P","Status":"InQueue"}`, anna...).status != 200
	},
	api.BugSOUnknownSessionNull: func(s *site) bool { return s.do("GET", soUnknown, "", anna...).status != 404 },
	api.BugSOTranscriptDropsLast: func(s *site) bool {
		path := s.soSession()
		s.do("POST", path+"/Messages", `{"Type":"ToCustomer","Message":"the last word"}`, anna...).ok(s.t, 200)
		r := s.do("POST", path+"/Transcript", "", anna...).ok(s.t, 200)
		return !strings.Contains(r.raw, "the last word")
	},
	api.BugSOPickupNoop: func(s *site) bool {
		path := s.soSession()
		s.do("POST", path+"/Pickup", "", anna...).ok(s.t, 200)
		return s.do("GET", path, "", anna...).ok(s.t, 200).body["Status"] == "InQueue"
	},
	api.BugSODeleteNoop: func(s *site) bool {
		path := s.soSession()
		s.do("DELETE", path, "", anna...).ok(s.t, 204)
		return s.do("GET", path, "", anna...).status != 404
	},
	api.BugSOMergePatchResets: func(s *site) bool {
		path := s.soSession()
		s.do("PATCH", path, `{"CustomerName":"Q"}`, append(anna, "Content-Type", "application/merge-patch+json")...).ok(s.t, 200)
		return s.do("GET", path, "", anna...).ok(s.t, 200).body["CustomerEmail"] != "p@example.com"
	},
	api.BugSODefaultAsID:          func(s *site) bool { return s.do("GET", soSessions+"/default", "", anna...).status != 200 },
	api.BugSOUnknownSessionNoMsgs: func(s *site) bool { return s.do("GET", soUnknown+"/Messages", "", anna...).status != 404 },
	api.BugSOInvalidTypeStored: func(s *site) bool {
		return s.do("POST", soPath, `{"Type":"Invalid","Message":"probe"}`, anna...).status != 400
	},
	api.BugSOPostNextID: func(s *site) bool {
		id := num(s.do("POST", soPath, soPost, anna...).ok(s.t, 200).body, "ChatMessageId")
		return !slices.Contains(soIDsOf(s.do("GET", soPath, "", anna...).ok(s.t, 200)), id)
	},
	api.BugSOClientMessageID: func(s *site) bool {
		r := s.do("POST", soPath, `{"ChatMessageId":2147480000,"Type":"ToCustomer","Message":"probe"}`, anna...).ok(s.t, 200)
		return num(r.body, "ChatMessageId") == 2147480000
	},
	api.BugSONoWhenPosted: func(s *site) bool {
		when, _ := s.do("POST", soPath, soPost, anna...).ok(s.t, 200).body["WhenPosted"].(string)
		return strings.HasPrefix(when, "0001-")
	},
	api.BugSOJSONAsTextJSON: func(s *site) bool {
		r := s.do("GET", soPath, "", append(anna, "Accept", "application/json")...).ok(s.t, 200)
		return !strings.HasPrefix(r.header.Get("Content-Type"), "application/json")
	},
	api.BugSONoAcceptPlain: func(s *site) bool {
		ct := s.do("GET", soPath, "", anna...).ok(s.t, 200).header.Get("Content-Type")
		return !strings.Contains(ct, "/json") && !strings.Contains(ct, "/xml")
	},
	api.BugSOXMLBodyUnsupported: func(s *site) bool {
		body := `<ChatMessage xmlns="http://schemas.datacontract.org/2004/07/SuperOffice.WebApi.Data"><Message>probe</Message><Type>ToCustomer</Type></ChatMessage>`
		return s.do("POST", soPath, body, append(anna, "Content-Type", "application/xml")...).status != 200
	},
	api.BugSOMediaErrors400: func(s *site) bool {
		return s.do("GET", soPath, "", append(anna, "Accept", "text/html")...).status != 406
	},
}
