// Package control is the mock's adapter for its own control API (spec/mock-control.yaml):
// resetting and loading fixtures, inspecting chats and their event logs, creating chats and
// acting as the agent or the visitor (through each vendor adapter's api.Actor), injecting
// faults, reading the request log, and holding the simulated agent's configuration. It owns
// the control API's JSON shapes and its one error envelope {"error":{"code","message"}}.
//
// It reaches the mock's internals only through the Mock interface it defines, so it must not
// import the mock package (which imports it) nor any vendor adapter.
//
//	ctl := control.New(nil)
//	m, err := mock.New(mock.WithVendors(acquire.New(), ctl))
//	if err != nil { ... }
//	ctl.Bind(m)
package control
