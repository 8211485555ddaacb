package superoffice_test

import (
	"encoding/xml"
	"net/url"
	"strings"
	"testing"
)

// page is a decoded OData list page.
type page struct {
	Metadata string           `json:"odata.metadata"`
	NextLink string           `json:"odata.nextLink"`
	Value    []map[string]any `json:"value"`
}

func (p page) keys() string {
	var out []string
	for _, r := range p.Value {
		out = append(out, itoa(int64(r["PrimaryKey"].(float64))))
	}
	return strings.Join(out, ",")
}

func TestListSessions(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct {
		name, query, keys string
		next              bool
	}{
		{"all", "", "103,104,105,106", false},
		{"top", "?$top=2", "103,104", true},
		{"skip and top", "?$top=2&$skip=2", "105,106", false},
		{"skip past the end", "?$skip=10", "", false},
		{"top 0", "?$top=0", "", true},
		{"filter eq string", "?$filter=" + url.QueryEscape("status eq 'InQueue'"), "104", false},
		{"filter case-insensitive values", "?$filter=" + url.QueryEscape("status eq 'inqueue'"), "104", false},
		{"filter ne and int", "?$filter=" + url.QueryEscape("status ne 'Closed' and topicId eq 1"), "104,106", false},
		{"filter gt", "?$filter=" + url.QueryEscape("chatSessionId gt 104"), "105,106", false},
		{"filter quoted and", "?$filter=" + url.QueryEscape("customerName eq 'Kari and Hansen'"), "", false},
		{"filter bool", "?$filter=" + url.QueryEscape("customerConsented eq true"), "103,104,105,106", false},
		{"order desc", "?$orderBy=" + url.QueryEscape("chatSessionId desc"), "106,105,104,103", false},
		{"order two keys, lower-case name", "?$orderby=" + url.QueryEscape("topicId desc,customerName"), "103,105,104,106", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var p page
			e.do("GET", "/api/v1/ChatSession"+tc.query, "").want(t, 200).decode(t, &p)
			if got := p.keys(); got != tc.keys {
				t.Errorf("keys = %q; want %q", got, tc.keys)
			}
			if (p.NextLink != "") != tc.next {
				t.Errorf("nextLink = %q; want one: %v", p.NextLink, tc.next)
			}
			if !strings.HasSuffix(p.Metadata, "/api/v1/archive$metadata") {
				t.Errorf("odata.metadata = %q", p.Metadata)
			}
		})
	}
	t.Run("next link pages on", func(t *testing.T) {
		var p page
		e.do("GET", "/api/v1/ChatSession?$select=chatSessionId,status&$top=3", "").want(t, 200).decode(t, &p)
		u, err := url.Parse(p.NextLink)
		if err != nil || u.Query().Get("$skip") != "3" || u.Query().Get("$top") != "3" {
			t.Fatalf("nextLink = %q; want $top=3&$skip=3", p.NextLink)
		}
		var next page
		e.do("GET", u.RequestURI(), "").want(t, 200).decode(t, &next)
		if next.keys() != "106" || next.NextLink != "" {
			t.Errorf("next page = %q (next %q); want 106 and no link", next.keys(), next.NextLink)
		}
	})
	t.Run("select", func(t *testing.T) {
		var p page
		e.do("GET", "/api/v1/ChatSession?$select=ChatSessionId,customerName,STATUS&$top=1", "").want(t, 200).decode(t, &p)
		row := p.Value[0]
		if len(row) != 5 || row["chatSessionId"] != 103.0 || row["customerName"] != "Lars Nilsen" || row["status"] != "UserLast" || row["EntityName"] != "chat" {
			t.Errorf("row = %v; want PrimaryKey, EntityName, chatSessionId, customerName, status", row)
		}
	})
	t.Run("xml", func(t *testing.T) {
		for _, hdr := range [][]string{{"Accept", "application/xml"}, {"Accept", "application/json"}} {
			q := "?$top=1"
			if hdr[1] == "application/json" {
				q += "&$format=xml"
			}
			r := e.do("GET", "/api/v1/ChatSession"+q, "", hdr...).want(t, 200)
			var x struct {
				XMLName xml.Name
				Rows    []struct {
					PrimaryKey int64
					Status     string `xml:"status"`
				} `xml:"Row"`
			}
			if err := xml.Unmarshal(r.body, &x); err != nil || x.XMLName.Local != "ODataSlimResponse" || len(x.Rows) != 1 || x.Rows[0].Status != "UserLast" {
				t.Errorf("%v%s: xml %s (%v)", hdr, q, r.body, err)
			}
		}
	})
	t.Run("online tenant", func(t *testing.T) {
		var p page
		e.do("GET", "/"+online+"/api/v1/ChatSession", "", "Authorization", "Bearer "+kariToken).want(t, 200).decode(t, &p)
		if p.keys() != "201,202" || !strings.Contains(p.Metadata, "/"+online+"/api/v1/") {
			t.Errorf("online keys %q, metadata %q; want 201,202 under the prefix", p.keys(), p.Metadata)
		}
	})
}

// TestSelectIsDeduplicated: a column named twice in $select is written once (before, the
// row had the JSON member twice), and answers do not depend on map order.
func TestSelectIsDeduplicated(t *testing.T) {
	e := newEnv(t)
	r := e.do("GET", "/api/v1/ChatSession?$top=1&$select=status,chatSessionId,Status", "").want(t, 200)
	if n := strings.Count(string(r.body), `"status"`); n != 1 {
		t.Errorf(`"status" appears %d times in %s; want once`, n, r.body)
	}
	first := string(e.do("GET", "/api/v1/ChatSession?$Select=status", "").want(t, 200).body)
	for range 20 {
		if again := string(e.do("GET", "/api/v1/ChatSession?$Select=status", "").want(t, 200).body); again != first {
			t.Fatalf("identical calls differ:\n%s\n%s", first, again)
		}
	}
}

func TestListSessionsErrors(t *testing.T) {
	e := newEnv(t)
	for _, tc := range []struct{ name, query, part string }{
		{"unknown select column", "$select=chatSessionId,bogus", "bogus"},
		{"aggregate select", "$select=" + url.QueryEscape("Count(category):Footer"), "$select"},
		{"unsupported filter", "$filter=" + url.QueryEscape("customerName begins 'K'"), "unsupported expression"},
		{"filter unknown column", "$filter=" + url.QueryEscape("bogus eq 1"), "bogus"},
		{"filter type mismatch", "$filter=" + url.QueryEscape("chatSessionId eq 'x'"), "chatSessionId"},
		{"filter dangling and", "$filter=" + url.QueryEscape("topicId eq 1 and"), "unsupported expression"},
		{"filter unterminated", "$filter=" + url.QueryEscape("status eq 'InQueue"), "unterminated"},
		{"filter bool order", "$filter=" + url.QueryEscape("customerConsented gt true"), "eq or ne"},
		{"order unknown column", "$orderBy=bogus", "bogus"},
		{"order bad direction", "$orderBy=" + url.QueryEscape("topicId sideways"), "$orderBy"},
		{"negative top", "$top=-1", "$top"},
		{"top not a number", "$top=many", "$top"},
		{"top in other case", "$TOP=many", "$top"},
		{"bad mode", "$mode=Huge", "$mode"},
		{"top twice", "$top=1&$top=2", "once"},
		{"top twice in two cases", "$top=1&$TOP=2", "given 2 times ($TOP, $top); send it once"},
		{"select in two cases", "$SELECT=status&$Select=topicId", "given 2 times ($SELECT, $Select)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e.do("GET", "/api/v1/ChatSession?"+tc.query, "").wantError(t, 400, tc.part)
		})
	}
}
