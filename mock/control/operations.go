package control

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/fault"
	"github.com/chatconform/chatconform/spec"
)

// operation is a vendor operation a fault may match.
type operation struct {
	id, method string
	segments   []string // the path template's segments; "{...}" stands for any one
}

// vendorOperations are the operations of every vendor document, loaded once.
var vendorOperations = sync.OnceValues(func() ([]operation, error) {
	set, err := spec.Load()
	if err != nil {
		return nil, err
	}
	var out []operation
	for _, op := range set.Operations() {
		if op.Document.Name != "mock-control.yaml" {
			out = append(out, operation{id: op.ID, method: op.Method, segments: strings.Split(op.Path, "/")})
		}
	}
	return out, nil
})

// pathCanMatch tells whether a fault's path pattern can match a request of op: segment by
// segment, "*" and the template's parameters match anything. A SuperOffice Online path has
// one more segment first, the tenant.
func (op operation) pathCanMatch(pattern string) bool {
	ps := strings.Split(pattern, "/")
	if len(ps) == len(op.segments)+1 && len(op.segments) >= 3 && strings.Join(op.segments[:3], "/") == "/api/v1" {
		ps = append(ps[:1], ps[2:]...) // drop the tenant
	}
	if len(ps) != len(op.segments) {
		return false
	}
	for i, seg := range op.segments {
		if ps[i] != "*" && !strings.HasPrefix(seg, "{") && ps[i] != seg {
			return false
		}
	}
	return true
}

// checkMatch refuses a fault's match that no vendor request can meet, naming the field: an
// unknown operationId, a path outside the vendor APIs (control endpoints cannot be
// faulted), or fields that exclude each other.
func checkMatch(m fault.Match) error {
	ops, err := vendorOperations()
	if err != nil {
		return api.Internal(err)
	}
	var byID, byPath []operation
	for _, op := range ops {
		if m.OperationID == "" || op.id == m.OperationID {
			byID = append(byID, op)
		}
		if m.Path == "" || op.pathCanMatch(m.Path) {
			byPath = append(byPath, op)
		}
	}
	switch {
	case len(byID) == 0:
		return api.Errorf(api.KindInvalid, "body match.operationId", "%q is not an operation of the vendor APIs%s (the console lists them; so does /mock/ui/operations.json)", m.OperationID, suggest(ops, m.OperationID))
	case len(byPath) == 0:
		return api.Errorf(api.KindInvalid, "body match.path", "%q matches no path of the vendor APIs (/api/v2/..., /api/v1/..., /{tenant}/api/v1/..., /api/profile/...; * stands for one segment); control endpoints cannot be faulted", m.Path)
	}
	for _, op := range byID {
		if (m.Path == "" || op.pathCanMatch(m.Path)) && (m.Method == "" || strings.EqualFold(op.method, m.Method)) {
			return nil
		}
	}
	var what []string
	if m.OperationID != "" {
		what = append(what, "operation "+m.OperationID)
	}
	if m.Method != "" {
		what = append(what, "method "+m.Method)
	}
	if m.Path != "" {
		what = append(what, "path "+m.Path)
	}
	return api.Errorf(api.KindInvalid, "body match", "no vendor request has %s: the fault could never fire", strings.Join(what, " and "))
}

// suggest names known operationIds that differ from id only in case or a plural s.
func suggest(ops []operation, id string) string {
	var near []string
	for _, op := range ops {
		a, b := strings.ToLower(op.id), strings.ToLower(id)
		if (a == b || a == b+"s" || a+"s" == b) && !slices.Contains(near, op.id) {
			near = append(near, op.id)
		}
	}
	if len(near) == 0 {
		return ""
	}
	return fmt.Sprintf("; did you mean %s?", strings.Join(near, " or "))
}
