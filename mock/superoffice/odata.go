package superoffice

import (
	"cmp"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// column is one archive column of the "chat" entity: the lower-camel name of an entity
// field and its display value (int64, string or bool).
type column struct {
	name  string
	value func(e *entity) any
}

func text(t dateTime) any {
	b, _ := t.MarshalText()
	return string(b)
}

func idOf[T any](p *T, id func(*T) int64) int64 {
	if p == nil {
		return 0
	}
	return id(p)
}

// columns are every column, in the order a list without $select shows them.
var columns = []column{
	{"chatSessionId", func(e *entity) any { return e.ChatSessionId }},
	{"topicId", func(e *entity) any { return e.TopicId }},
	{"associateId", func(e *entity) any { return idOf(e.User, func(a *associate) int64 { return a.AssociateId }) }},
	{"customerAlias", func(e *entity) any { return e.CustomerAlias }},
	{"customerHost", func(e *entity) any { return e.CustomerHost }},
	{"customerName", func(e *entity) any { return e.CustomerName }},
	{"customerEmail", func(e *entity) any { return e.CustomerEmail }},
	{"customerPhone", func(e *entity) any { return e.CustomerPhone }},
	{"customerConsented", func(e *entity) any { return e.CustomerConsented }},
	{"customerCompanyName", func(e *entity) any { return e.CustomerCompanyName }},
	{"status", func(e *entity) any { return e.Status }},
	{"firstMessage", func(e *entity) any { return e.FirstMessage }},
	{"lastMessage", func(e *entity) any { return e.LastMessage }},
	{"whenRequested", func(e *entity) any { return text(e.WhenRequested) }},
	{"whenStarted", func(e *entity) any { return text(e.WhenStarted) }},
	{"whenEnded", func(e *entity) any { return text(e.WhenEnded) }},
	{"whenIdle", func(e *entity) any { return text(e.WhenIdle) }},
	{"whenFetched", func(e *entity) any { return text(e.WhenFetched) }},
	{"sessionKey", func(e *entity) any { return e.SessionKey }},
	{"initialQueuePos", func(e *entity) any { return e.InitialQueuePos }},
	{"alertLevel", func(e *entity) any { return e.AlertLevel }},
	{"rank", func(e *entity) any { return e.Rank }},
	{"flags", func(e *entity) any { return e.Flags }},
	{"personId", func(e *entity) any { return idOf(e.Person, func(p *person) int64 { return p.PersonId }) }},
	{"contactId", func(e *entity) any { return idOf(e.Contact, func(c *contact) int64 { return c.ContactId }) }},
	{"projectId", func(e *entity) any { return idOf(e.Project, func(p *project) int64 { return p.ProjectId }) }},
	{"saleId", func(e *entity) any { return idOf(e.Sale, func(s *sale) int64 { return s.SaleId }) }},
	{"ticketId", func(e *entity) any { return idOf(e.Ticket, func(t *ticket) int64 { return t.TicketId }) }},
	{"transferToId", func(e *entity) any { return idOf(e.TransferTo, func(a *associate) int64 { return a.AssociateId }) }},
	{"chatbotIsActive", func(e *entity) any { return e.ChatbotIsActive }},
	{"rating", func(e *entity) any { return e.Rating }},
}

func columnNamed(name string) (column, bool) {
	for _, c := range columns {
		if strings.EqualFold(c.name, name) {
			return c, true
		}
	}
	return column{}, false
}

// listSessions serves GetChatSessionList: the tenant's sessions as archive rows, filtered
// ($filter: column eq|ne|gt|ge|lt|le value, joined with and), sorted ($orderBy), paged
// ($skip, $top, with odata.nextLink while rows remain) and projected ($select). Query
// names are case-insensitive, as ASP.NET binds them; $format overrides Accept.
func (a *Adapter) listSessions(w http.ResponseWriter, r *api.Request) error {
	t, err := a.tenant(r.Tenant)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	if err := checkOData(q); err != nil {
		return err
	}
	cols, err := selectColumns(param(q, "$select"))
	if err != nil {
		return err
	}
	conds, err := parseFilter(param(q, "$filter"))
	if err != nil {
		return err
	}
	order, err := parseOrder(param(q, "$orderBy"))
	if err != nil {
		return err
	}
	skip, err := count(q, "$skip")
	if err != nil {
		return err
	}
	top, err := count(q, "$top")
	if err != nil {
		return err
	}
	mediaType := chooseType(strings.Join(r.Header.Values("Accept"), ","))
	switch f := param(q, "$format"); {
	case strings.EqualFold(f, "xml"):
		mediaType = "application/xml"
	case strings.EqualFold(f, "json"):
		mediaType = "application/json"
	}
	v := a.view(r.Request, r.Tenant)
	var rows []entity
	for _, c := range a.store().List(store.Filter{Vendor: Vendor, Tenant: t.ID}) {
		e := a.entity(&c, v)
		if matches(&e, conds) {
			rows = append(rows, e)
		}
	}
	slices.SortStableFunc(rows, func(x, y entity) int { return compareRows(&x, &y, order) })
	total := len(rows)
	rows = rows[min(skip, total):]
	if top >= 0 && top < len(rows) {
		rows = rows[:top]
	}
	page := odataPage{Metadata: v.base + "/api/v1/archive$metadata", Value: make([]row, 0, len(rows))}
	for i := range rows {
		rw := row{key: rows[i].ChatSessionId}
		for _, c := range cols {
			rw.cols = append(rw.cols, cell{c.name, c.value(&rows[i])})
		}
		page.Value = append(page.Value, rw)
	}
	if next := min(skip, total) + len(rows); next < total {
		page.NextLink = v.base + "/api/v1/ChatSession?" + withSkip(r.URL.RawQuery, next)
	}
	return a.replyAs(w, http.StatusOK, mediaType, page)
}

// checkOData refuses a query option given more than once, whatever the case of its names
// ($top=1&$TOP=2): ASP.NET binds names case-insensitively, so which one wins is not
// something a client should lean on (and Go's map order would pick one at random).
func checkOData(q url.Values) error {
	given := map[string][]string{}
	for k, v := range q {
		if strings.HasPrefix(k, "$") {
			lower := strings.ToLower(k)
			for range v {
				given[lower] = append(given[lower], k)
			}
		}
	}
	for _, lower := range slices.Sorted(maps.Keys(given)) {
		if names := given[lower]; len(names) > 1 {
			slices.Sort(names)
			return api.Errorf(api.KindInvalid, "query "+names[0], "given %d times (%s); send it once", len(names), strings.Join(names, ", "))
		}
	}
	return nil
}

// param returns a query parameter by case-insensitive name.
func param(q url.Values, name string) string {
	if v, ok := q[name]; ok {
		return v[0]
	}
	for k, v := range q {
		if strings.EqualFold(k, name) {
			return v[0]
		}
	}
	return ""
}

// count reads $top or $skip: -1 when absent.
func count(q url.Values, name string) (int, error) {
	s := param(q, name)
	if s == "" {
		if name == "$skip" {
			return 0, nil
		}
		return -1, nil
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 {
		return 0, api.Errorf(api.KindInvalid, "query "+name, "%q is not a count (an integer >= 0)", s)
	}
	return n, nil
}

// withSkip returns a raw query with $skip set to n.
func withSkip(raw string, n int) string {
	var parts []string
	for _, p := range strings.Split(raw, "&") {
		name, _, _ := strings.Cut(p, "=")
		if unescaped, err := url.QueryUnescape(name); p == "" || (err == nil && strings.EqualFold(unescaped, "$skip")) {
			continue
		}
		parts = append(parts, p)
	}
	return strings.Join(append(parts, "$skip="+strconv.Itoa(n)), "&")
}

func selectColumns(sel string) ([]column, error) {
	if strings.TrimSpace(sel) == "" {
		return columns, nil
	}
	var out []column
	for _, name := range strings.Split(sel, ",") {
		if name = strings.TrimSpace(name); name == "" {
			continue
		}
		c, ok := columnNamed(name)
		if !ok {
			return nil, api.Errorf(api.KindInvalid, "query $select", "%q is not a column of the chat archive", name)
		}
		if !slices.ContainsFunc(out, func(o column) bool { return o.name == c.name }) {
			out = append(out, c) // a column once, however often it is named
		}
	}
	return out, nil
}

// sortKey is one $orderBy column.
type sortKey struct {
	col  column
	desc bool
}

func parseOrder(s string) ([]sortKey, error) {
	var out []sortKey
	for _, part := range strings.Split(s, ",") {
		words := strings.Fields(part)
		if len(words) == 0 {
			continue
		}
		c, ok := columnNamed(words[0])
		if !ok {
			return nil, api.Errorf(api.KindInvalid, "query $orderBy", "%q is not a column of the chat archive", words[0])
		}
		k := sortKey{col: c}
		switch {
		case len(words) == 1:
		case len(words) == 2 && strings.EqualFold(words[1], "asc"):
		case len(words) == 2 && strings.EqualFold(words[1], "desc"):
			k.desc = true
		default:
			return nil, api.Errorf(api.KindInvalid, "query $orderBy", "%q: want a column, optionally followed by asc or desc", strings.TrimSpace(part))
		}
		out = append(out, k)
	}
	return out, nil
}

func compareRows(x, y *entity, order []sortKey) int {
	for _, k := range order {
		c := compareValues(k.col.value(x), k.col.value(y))
		if k.desc {
			c = -c
		}
		if c != 0 {
			return c
		}
	}
	return 0
}

// compareValues orders two values of one column (int64, string or bool).
func compareValues(a, b any) int {
	switch x := a.(type) {
	case int64:
		y, _ := b.(int64)
		return cmp.Compare(x, y)
	case string:
		y, _ := b.(string)
		return cmp.Compare(strings.ToLower(x), strings.ToLower(y))
	case bool:
		y, _ := b.(bool)
		switch {
		case x == y:
			return 0
		case !x:
			return -1
		}
		return 1
	}
	return 0
}
