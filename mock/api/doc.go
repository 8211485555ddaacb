// Package api is the contract between the mock's request pipeline and its vendor adapters:
// a routed and validated Request, the HandlerFunc an adapter binds to each operationId, the
// vendor-neutral Error every failure becomes (each adapter renders it in exactly one
// function), small response writers, and the Behaviour the mock hands to adapters that
// vary (the variation mode) or misbehave on purpose (planted bugs, with their catalogue).
//
// It imports only spec, fixtures, the store and vary.
//
//	func (a *Adapter) getMessages(w http.ResponseWriter, r *api.Request) error {
//		if r.Query("index") == "" { ... }
//		return api.Errorf(api.KindNotFound, "path chatId", "chat %s not found", id)
//	}
package api
