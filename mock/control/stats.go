package control

import (
	"net/http"
	"strconv"

	"github.com/chatconform/chatconform/mock/api"
)

// Stats is the MockStats schema: the mock process's memory and what its state holds.
type Stats struct {
	HeapAllocBytes  uint64 `json:"heapAllocBytes"`
	HeapInuseBytes  uint64 `json:"heapInuseBytes"`
	StackInuseBytes uint64 `json:"stackInuseBytes"`
	SysBytes        uint64 `json:"sysBytes"`
	Goroutines      int    `json:"goroutines"`
	BayeuxSessions  int    `json:"bayeuxSessions"`
	BayeuxHeld      int    `json:"bayeuxHeldConnects"`
	Chats           int    `json:"chats"`
	Events          int    `json:"events"`
	RequestLog      int    `json:"requestLog"`
	RequestLogBytes int64  `json:"requestLogBytes"`
}

// getStats serves GetMockStats; gc=true collects garbage first.
func (a *Adapter) getStats(w http.ResponseWriter, r *api.Request) error {
	m, err := a.mock()
	if err != nil {
		return err
	}
	gc := false
	if s := r.Query("gc"); s != "" {
		if gc, err = strconv.ParseBool(s); err != nil {
			return api.Errorf(api.KindInvalid, "query gc", "%q is not true or false", s)
		}
	}
	return api.JSON(w, http.StatusOK, m.Stats(gc))
}
