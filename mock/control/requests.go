package control

import (
	"net/http"
	"slices"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/reqlog"
)

// defaultLimit is ListRequests' page size when limit is not given.
const defaultLimit = 100

// listRequests serves ListRequests: without since the newest limit entries, with since the
// first limit entries after it; ascending by seq.
func (a *Adapter) listRequests(w http.ResponseWriter, r *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	if err := knownQuery(r); err != nil {
		return err
	}
	q := reqlog.Query{Limit: defaultLimit, OperationID: r.Query("operationId"), Vendor: r.Query("vendor"), ChatID: r.Query("chatId")}
	if s := r.Query("status"); s != "" {
		if class, ok := strings.CutSuffix(s, "xx"); ok {
			q.StatusClass, _ = strconv.Atoi(class) // the schema's pattern: one digit 1-5
		} else if q.Status, err = strconv.Atoi(s); err != nil {
			return api.Errorf(api.KindInvalid, "query status", "%q is not a status such as 500 or a class such as 5xx", s)
		}
	}
	if s := r.Query("limit"); s != "" {
		if q.Limit, err = strconv.Atoi(s); err != nil || q.Limit < 1 {
			return api.Errorf(api.KindInvalid, "query limit", "%q is not a positive integer", s)
		}
	}
	if s := r.Query("since"); s != "" {
		if q.Since, err = strconv.ParseInt(s, 10, 64); err != nil || q.Since < 0 {
			return api.Errorf(api.KindInvalid, "query since", "%q is not a non-negative integer", s)
		}
	}
	entries, dropped := m.Requests().List(q)
	if entries == nil {
		entries = []reqlog.Entry{}
	}
	return api.JSON(w, http.StatusOK, map[string]any{"requests": entries, "dropped": dropped})
}

// clearRequests serves ClearRequests; sequence numbers continue.
func (a *Adapter) clearRequests(w http.ResponseWriter, _ *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	m.Requests().Clear()
	return noContent(w)
}

// knownQuery refuses a query parameter the operation does not define: a misspelt filter
// must not return everything.
func knownQuery(r *api.Request) error {
	if r.Route == nil {
		return nil
	}
	var known []string
	for _, p := range r.Route.Operation.Parameters {
		if p.Value != nil && p.Value.In == "query" {
			known = append(known, p.Value.Name)
		}
	}
	slices.Sort(known)
	for name := range r.QueryValues() {
		if !slices.Contains(known, name) {
			if len(known) == 0 {
				return api.Errorf(api.KindInvalid, "query "+name, "unknown parameter; this operation takes none")
			}
			return api.Errorf(api.KindInvalid, "query "+name, "unknown parameter; this operation takes %s", strings.Join(known, ", "))
		}
	}
	return nil
}
