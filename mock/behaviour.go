package mock

import (
	"encoding/json"
	"mime"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/bayeux"
	"github.com/chatconform/chatconform/spec"
)

// KnownBugs returns every bug WithBugs can plant, with the API it breaks and what it does,
// in a stable order.
func KnownBugs() []api.BugInfo { return api.Bugs() }

// Behaviour returns how the mock departs from its defaults: the variation mode (nil when
// off) and the planted bugs.
func (m *Mock) Behaviour() api.Behaviour { return api.Behaviour{Vary: m.vary, Bugs: m.bugs} }

// configure hands the Behaviour to every adapter that takes one, and finds the payload
// schemas of notifications for the variation mode.
func (m *Mock) configure() {
	b := m.Behaviour()
	for _, v := range m.vendors {
		if c, ok := v.Vendor.(api.Configurable); ok {
			c.Configure(b)
		}
	}
	m.eventSchemas = nil
	for _, d := range m.specs.Documents() {
		if d.Kind != spec.KindAsyncAPI {
			continue
		}
		names := make([]string, 0, len(d.AsyncAPI.Messages))
		for name := range d.AsyncAPI.Messages {
			names = append(names, name)
		}
		sort.Strings(names)
		for _, name := range names {
			if p := d.AsyncAPI.Messages[name].Payload; p != nil {
				m.eventSchemas = append(m.eventSchemas, p)
			}
		}
	}
}

// bayeuxOptions are the options of a notifier's Bayeux server: the caller's, with the
// variation mode's one event per connect reply and re-encoded events, and the planted
// Bayeux bugs.
func (m *Mock) bayeuxOptions() bayeux.Options {
	o := m.opts.bayeux
	if o.Logger == nil {
		o.Logger = m.log
	}
	if m.vary != nil {
		if o.MaxEventsPerReply == 0 {
			o.MaxEventsPerReply = 1
		}
		o.Transform = m.varyEvent
	}
	o.Deviations.NoIDEcho = o.Deviations.NoIDEcho || m.bugs.Has(api.BugBayeuxNoIDEcho)
	o.Deviations.No402Advice = o.Deviations.No402Advice || m.bugs.Has(api.BugBayeuxNo402)
	o.Deviations.UnsubscribeNoop = o.Deviations.UnsubscribeNoop || m.bugs.Has(api.BugBayeuxUnsubscribeNoop)
	return o
}

// varyEvent re-encodes an event's data as the variation mode does a response: members in
// another order, and an extra member wherever the payload schema of the AsyncAPI message
// the event matches allows one. Data that matches no message only has its members reordered.
func (m *Mock) varyEvent(channel string, data any) any {
	event, err := json.Marshal(struct {
		Channel string `json:"channel"`
		Data    any    `json:"data"`
	}{channel, data})
	if err != nil {
		return data // the Bayeux server logs what it cannot encode
	}
	var generic any
	_ = json.Unmarshal(event, &generic)
	var schema *openapi3.SchemaRef
	for _, s := range m.eventSchemas {
		if s.Value.VisitJSON(generic) == nil {
			schema = s
			break
		}
	}
	out, err := m.vary.JSON(event, schema, schema != nil)
	if err != nil {
		m.log.Error("vary: event could not be re-encoded", "channel", channel, "err", err)
		return data
	}
	var varied struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(out, &varied); err != nil {
		return data
	}
	return varied.Data
}

// varyResponse re-encodes a buffered vendor response in the variation mode: JSON members and
// XML elements in another order, and, in a success response, an extra member in every
// object its schema lets carry one.
func (m *Mock) varyResponse(w *recorder, req *api.Request) {
	mt, _, _ := mime.ParseMediaType(w.Header().Get("Content-Type"))
	var (
		out []byte
		err error
	)
	switch {
	case mt == "application/json" || mt == "text/json":
		out, err = m.vary.JSON(w.body.Bytes(), responseSchema(req, w.status(), mt), w.status() < 300)
	case mt == "application/xml" || mt == "text/xml":
		out, err = m.vary.XML(w.body.Bytes())
	default:
		return
	}
	if err != nil {
		m.log.Error("vary: response could not be re-encoded", "operation", req.OperationID, "err", err)
		return
	}
	w.replace(out)
}

// responseSchema is the schema of an operation's response with the status and media type,
// or nil.
func responseSchema(req *api.Request, status int, mediaType string) *openapi3.SchemaRef {
	if req.Route == nil || req.Route.Operation == nil || req.Route.Operation.Responses == nil {
		return nil
	}
	resp := req.Route.Operation.Responses.Status(status)
	if resp == nil {
		resp = req.Route.Operation.Responses.Default()
	}
	if resp == nil || resp.Value == nil {
		return nil
	}
	if mt := resp.Value.Content.Get(strings.ToLower(mediaType)); mt != nil {
		return mt.Schema
	}
	return nil
}
