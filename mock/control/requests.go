package control

import (
	"net/http"
	"strconv"

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
	q := reqlog.Query{Limit: defaultLimit, OperationID: r.Query("operationId")}
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
