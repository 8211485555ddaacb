package probe_test

import (
	"io"
	"net/http"
	"testing"

	"github.com/chatconform/chatconform/mock/probe"
	"github.com/chatconform/chatconform/spec"
)

// TestSeedsCoverEveryOperation routes every seed of each vendor document with the
// document's router: each must reach an operation, and every operation must have a seed.
func TestSeedsCoverEveryOperation(t *testing.T) {
	set, err := spec.Load()
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"gws-chat.yaml", "superoffice-chat.yaml", "acquire-chat.yaml"} {
		t.Run(name, func(t *testing.T) {
			target, err := probe.New(probe.Config{Document: name})
			if err != nil {
				t.Fatal(err)
			}
			doc := set.Document(name)
			seen := map[string]int{}
			for _, in := range target.Seeds() {
				req, err := target.Request(in)
				if err != nil {
					t.Fatalf("seed %+v: %v", in, err)
				}
				route, _, err := doc.Router().FindRoute(req)
				if err != nil {
					t.Fatalf("%s %s: %v", req.Method, req.URL, err)
				}
				seen[route.Operation.OperationID]++
			}
			for _, op := range set.Operations() {
				if op.Document.Name == name && seen[op.ID] == 0 {
					t.Errorf("operation %s: no seed", op.ID)
				}
			}
		})
	}
}

// TestRequest checks how an input becomes a request: parameters escaped, the query kept
// raw but for what cannot stand in a request line, junk substituted, control characters
// left out of headers, the body as given.
func TestRequest(t *testing.T) {
	target, err := probe.New(probe.Config{
		Document:    "gws-chat.yaml",
		Credentials: []http.Header{{"Contactcenterid": {"cc-" + probe.Junk}}},
		Prefixes:    []string{""},
	})
	if err != nil {
		t.Fatal(err)
	}
	in := target.Input("GET", "/api/v2/chats/{chatId}/messages")
	in.Param, in.Query, in.Junk, in.Body = "a/b c", "index=1 2&x=%zz#", "x\r\ny", []byte("body")
	req, err := target.Request(in)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct{ what, got, want string }{
		{"method", req.Method, "GET"},
		{"path", req.URL.Path, "/api/v2/chats/a/b c/messages"},
		{"raw path", req.URL.EscapedPath(), "/api/v2/chats/a%2Fb%20c/messages"},
		{"raw query", req.URL.RawQuery, "index=1%202&x=%zz%23"},
		{"ContactCenterId", req.Header.Get("ContactCenterId"), "cc-xy"},
	} {
		if tc.got != tc.want {
			t.Errorf("%s = %q; want %q", tc.what, tc.got, tc.want)
		}
	}
	if b, _ := io.ReadAll(req.Body); string(b) != "body" || req.ContentLength != 4 {
		t.Errorf("body = %q (ContentLength %d); want \"body\" (4)", b, req.ContentLength)
	}
	if _, err := probe.NewRequest("GET", "/x", "", nil, nil); err != nil {
		t.Errorf("NewRequest(/x): %v", err)
	}
	if _, err := probe.NewRequest("GET", "/a b", "", nil, nil); err == nil {
		t.Errorf("NewRequest(\"/a b\") = nil error; want the request line refused")
	}
}
