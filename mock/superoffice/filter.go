package superoffice

import (
	"strconv"
	"strings"

	"github.com/chatconform/chatconform/mock/api"
)

// cond is one $filter comparison: column op value.
type cond struct {
	col   column
	op    string
	value any // int64, string or bool
}

// filterHelp says what $filter supports.
const filterHelp = "use <column> eq|ne|gt|ge|lt|le <value> (a number, true, false or a 'quoted' string), joined with and"

// parseFilter parses the subset of the archive filter language the mock supports; anything
// else is a 400 naming the expression.
func parseFilter(s string) ([]cond, error) {
	toks, err := tokenize(s)
	if err != nil {
		return nil, err
	}
	var out []cond
	for i := 0; i < len(toks); {
		if len(toks)-i < 3 {
			return nil, unsupported(s)
		}
		name, op, lit := toks[i], strings.ToLower(toks[i+1].text), toks[i+2]
		if name.quoted || op == "" {
			return nil, unsupported(s)
		}
		col, ok := columnNamed(name.text)
		if !ok {
			return nil, api.Errorf(api.KindInvalid, "query $filter", "%q is not a column of the chat archive", name.text)
		}
		switch op {
		case "eq", "ne", "gt", "ge", "lt", "le":
		default:
			return nil, unsupported(s)
		}
		value, err := literal(lit, s)
		if err != nil {
			return nil, err
		}
		probe := col.value(&entity{})
		if !sameType(probe, value) {
			return nil, api.Errorf(api.KindInvalid, "query $filter", "column %s holds %s values; compare it with one", col.name, typeName(probe))
		}
		if _, isBool := value.(bool); isBool && op != "eq" && op != "ne" {
			return nil, api.Errorf(api.KindInvalid, "query $filter", "column %s is a boolean; use eq or ne", col.name)
		}
		out = append(out, cond{col, op, value})
		i += 3
		if i < len(toks) {
			if !strings.EqualFold(toks[i].text, "and") || toks[i].quoted || i == len(toks)-1 {
				return nil, unsupported(s)
			}
			i++
		}
	}
	return out, nil
}

func unsupported(s string) error {
	return api.Errorf(api.KindInvalid, "query $filter", "unsupported expression %q: %s", s, filterHelp)
}

type token struct {
	text   string
	quoted bool
}

// tokenize splits a filter into words and 'quoted' strings, in which two single quotes
// stand for one.
func tokenize(s string) ([]token, error) {
	var out []token
	for i := 0; i < len(s); {
		switch c := s[i]; {
		case c == ' ' || c == '\t':
			i++
		case c == '\'':
			var b strings.Builder
			j := i + 1
			for ; j < len(s); j++ {
				if s[j] == '\'' {
					if j+1 < len(s) && s[j+1] == '\'' {
						b.WriteByte('\'')
						j++
						continue
					}
					break
				}
				b.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, api.Errorf(api.KindInvalid, "query $filter", "unterminated string in %q", s)
			}
			out = append(out, token{b.String(), true})
			i = j + 1
		default:
			j := i
			for j < len(s) && s[j] != ' ' && s[j] != '\t' && s[j] != '\'' {
				j++
			}
			out = append(out, token{s[i:j], false})
			i = j
		}
	}
	return out, nil
}

func literal(t token, expr string) (any, error) {
	if t.quoted {
		return t.text, nil
	}
	switch strings.ToLower(t.text) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	if n, err := strconv.ParseInt(t.text, 10, 64); err == nil {
		return n, nil
	}
	return nil, unsupported(expr)
}

func sameType(a, b any) bool {
	switch a.(type) {
	case int64:
		_, ok := b.(int64)
		return ok
	case string:
		_, ok := b.(string)
		return ok
	case bool:
		_, ok := b.(bool)
		return ok
	}
	return false
}

func typeName(v any) string {
	switch v.(type) {
	case int64:
		return "number"
	case bool:
		return "boolean"
	}
	return "string"
}

// matches tells whether an entity passes every condition.
func matches(e *entity, conds []cond) bool {
	for _, c := range conds {
		got := c.col.value(e)
		var ok bool
		if s, isString := got.(string); isString && (c.op == "eq" || c.op == "ne") {
			ok = strings.EqualFold(s, c.value.(string)) == (c.op == "eq")
		} else {
			n := compareValues(got, c.value)
			switch c.op {
			case "eq":
				ok = n == 0
			case "ne":
				ok = n != 0
			case "gt":
				ok = n > 0
			case "ge":
				ok = n >= 0
			case "lt":
				ok = n < 0
			case "le":
				ok = n <= 0
			}
		}
		if !ok {
			return false
		}
	}
	return true
}
