package mock_test

import (
	"strings"
	"testing"
)

// TestErrorMessagesNameTheProblem: messages that used to be vague name the field and the
// rule: an allOf part's own error (was "doesn't match all schemas from allOf"), an empty
// query value (was "a required parameter is missing", of an optional one), and an integer
// out of range with the range of its format (was "value out of range").
func TestErrorMessagesNameTheProblem(t *testing.T) {
	s := newSite(t)
	messages := "/api/v2/chats/" + gwsChat + "/messages"
	acq := []string{"Authorization", "Bearer " + acqToken}
	for _, tc := range []struct {
		name, method, path, body string
		header                   []string
		want                     string
	}{
		{"allOf part", "POST", soSessions, `{"CustomerName":"P","Status":"InQueue","User":{"AssociateId":"x"}}`, anna, "Body User.AssociateId: value must be an integer"},
		{"allOf of the wrong type", "POST", soSessions, `{"CustomerName":"P","Status":"InQueue","User":7}`, anna, "Body User: value must be an object"},
		{"empty query value", "GET", messages + "?index=", "", []string{"ContactCenterId", cc1}, "query index: is given without a value; give one or leave the parameter out"},
		{"int32 out of range", "GET", messages + "?index=3000000000", "", []string{"ContactCenterId", cc1}, "query index: 3000000000 is out of range: want an integer from -2147483648 to 2147483647"},
		{"int32 path out of range", "GET", soSessions + "/3000000000", "", anna, "Path chatSessionId: 3000000000 is out of range: want an integer from -2147483648 to 2147483647"},
		{"int64 form field out of range", "POST", "/api/profile/lead/message", "visitor_id=1&last_chat_id=99999999999999999999", acq,
			"last_chat_id: 99999999999999999999 is out of range: want an integer from -9223372036854775808 to 9223372036854775807"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := s.do(tc.method, tc.path, tc.body, tc.header...)
			if r.status != 400 || !strings.Contains(r.raw, tc.want) {
				t.Errorf("%d %s; want 400 saying %q", r.status, r.raw, tc.want)
			}
		})
	}
}
