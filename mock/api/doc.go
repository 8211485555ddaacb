// Package api is the contract between the mock's request pipeline and its vendor adapters:
// a routed and validated Request, the HandlerFunc an adapter binds to each operationId, the
// vendor-neutral Error every failure becomes (each adapter renders it in exactly one
// function), and small response writers.
//
// It imports only spec, fixtures and the store.
//
//	func (a *Adapter) getMessages(w http.ResponseWriter, r *api.Request) error {
//		if r.Query("index") == "" { ... }
//		return api.Errorf(api.KindNotFound, "path chatId", "chat %s not found", id)
//	}
package api
