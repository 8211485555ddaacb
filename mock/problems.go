package mock

import (
	"errors"
	"fmt"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/openapi3filter"

	"github.com/chatconform/chatconform/mock/api"
)

// schemaMessage keeps kin-openapi's reason without the schema and value dumps.
func schemaMessage(e *openapi3.SchemaError) string { return e.Reason }

// requestError flattens a validation error into one api.Error whose message names every
// parameter or field concerned and the rule it broke.
func requestError(err error) error {
	var out []*api.Error
	flatten(err, "", &out)
	if len(out) == 0 {
		return api.Errorf(api.KindInvalid, "", "%v", err)
	}
	// Authentication and content type come first: they decide the status.
	sort.SliceStable(out, func(i, j int) bool { return rank(out[i].Kind) < rank(out[j].Kind) })
	return api.Join(dedupe(out))
}

func rank(k api.Kind) int {
	switch k {
	case api.KindUnauthenticated, api.KindForbidden:
		return 0
	case api.KindUnsupportedMedia:
		return 1
	case api.KindMissing:
		return 2
	}
	return 3
}

func dedupe(errs []*api.Error) []*api.Error {
	seen := map[string]bool{}
	var out []*api.Error
	for _, e := range errs {
		if !seen[e.Error()] {
			seen[e.Error()] = true
			out = append(out, e)
		}
	}
	return out
}

func flatten(err error, where string, out *[]*api.Error) {
	var (
		multi  openapi3.MultiError
		reqErr *openapi3filter.RequestError
		secErr *openapi3filter.SecurityRequirementsError
		schErr *openapi3.SchemaError
		parse  *openapi3filter.ParseError
		apiErr *api.Error
	)
	switch {
	case errors.As(err, &apiErr) && !errors.As(err, &multi):
		*out = append(*out, apiErr)
	case errors.As(err, &multi) && isMulti(err):
		for _, e := range multi {
			flatten(e, where, out)
		}
	case errors.As(err, &secErr):
		var first *api.Error
		for _, e := range secErr.Errors {
			if errors.As(e, &first) {
				break
			}
		}
		if first == nil {
			first = api.Errorf(api.KindUnauthenticated, "header Authorization", "credentials are missing or not accepted")
		}
		*out = append(*out, first)
	case errors.As(err, &reqErr):
		flattenRequestError(reqErr, out)
	case errors.As(err, &schErr):
		*out = append(*out, schemaError(schErr, where))
	case errors.As(err, &parse):
		msg := parseMessage(parse)
		if errors.Is(parse, strconv.ErrRange) {
			msg = rangeMessage(parse)
		}
		if path := parse.Path(); len(path) > 0 {
			parts := make([]string, len(path))
			for i, p := range path {
				parts[i] = fmt.Sprint(p)
			}
			where = strings.TrimSpace(where + " " + strings.Join(parts, "."))
		} else if where == "body" {
			msg = "could not be decoded: " + msg
		}
		*out = append(*out, api.Errorf(api.KindInvalid, where, "%s", msg))
	default:
		*out = append(*out, api.Errorf(api.KindInvalid, where, "%v", err))
	}
}

// isMulti tells whether err itself is a MultiError (errors.As would also find nested ones).
func isMulti(err error) bool {
	_, ok := err.(openapi3.MultiError)
	return ok
}

func flattenRequestError(e *openapi3filter.RequestError, out *[]*api.Error) {
	where := "body"
	if e.Parameter != nil {
		where = e.Parameter.In + " " + e.Parameter.Name
	}
	switch {
	case strings.HasPrefix(e.Reason, "header Content-Type has unexpected value"):
		*out = append(*out, api.Errorf(api.KindUnsupportedMedia, "header Content-Type", "%s", e.Reason))
		return
	case errors.Is(e.Err, openapi3filter.ErrInvalidEmptyValue) && e.Parameter != nil:
		*out = append(*out, api.Errorf(api.KindInvalid, where, "is given without a value; give one or leave the parameter out"))
		return
	case errors.Is(e.Err, openapi3filter.ErrInvalidRequired) || errors.Is(e.Err, openapi3filter.ErrInvalidEmptyValue):
		if e.Parameter != nil {
			*out = append(*out, api.Errorf(api.KindMissing, where, "a required parameter is missing"))
		} else {
			*out = append(*out, api.Errorf(api.KindMissing, "body", "a request body is required"))
		}
		return
	}
	var parse *openapi3filter.ParseError
	if e.Err == nil || (errors.As(e.Err, &parse) && strings.Contains(parse.Error(), "unsupported content type")) {
		msg := e.Reason
		if e.Err != nil {
			msg = e.Err.Error()
		}
		if strings.Contains(msg, "unsupported content type") || strings.Contains(msg, "Content-Type") {
			*out = append(*out, api.Errorf(api.KindUnsupportedMedia, "header Content-Type", "%s", msg))
			return
		}
		*out = append(*out, api.Errorf(api.KindInvalid, where, "%s", msg))
		return
	}
	flatten(e.Err, where, out)
}

func schemaError(e *openapi3.SchemaError, where string) *api.Error {
	if d := discriminated(e, where); d != nil {
		return d
	}
	ptr := e.JSONPointer()
	loc := where
	if len(ptr) > 0 {
		loc = where + " " + strings.Join(ptr, ".")
	}
	if e.SchemaField == "allOf" {
		// "doesn't match all schemas from allOf" names no field: say what each part said.
		var parts openapi3.MultiError
		if errors.As(e.Origin, &parts) {
			var out []*api.Error
			for _, p := range parts {
				flatten(p, where, &out)
			}
			if len(out) > 0 {
				return api.Join(dedupe(out))
			}
		}
	}
	kind := api.KindInvalid
	if e.SchemaField == "required" {
		kind = api.KindMissing
		if prop, ok := strings.CutPrefix(e.Reason, "property \""); ok {
			name, _, _ := strings.Cut(prop, "\"")
			if len(ptr) == 0 || ptr[len(ptr)-1] != name {
				ptr = append(ptr, name)
			}
			loc = where + " " + strings.Join(ptr, ".")
			return api.Errorf(kind, loc, "a required field is missing")
		}
	}
	return api.Errorf(kind, loc, "%s", e.Reason)
}

func parseMessage(e *openapi3filter.ParseError) string {
	msg := e.Error()
	if root := e.RootCause(); root != nil && root != e {
		msg = fmt.Sprintf("%s: %v", strings.TrimSuffix(e.Reason, ":"), root)
		if e.Reason == "" {
			msg = root.Error()
		}
	}
	return msg
}

// rangeMessage says which integers a value out of range had to be within: a value that
// fits 64 bits was refused for 32. The value is the innermost parse error's (a form field's
// error wraps its value's).
func rangeMessage(e *openapi3filter.ParseError) string {
	value := e.Value
	for p := e; value == nil; {
		var inner *openapi3filter.ParseError
		if !errors.As(p.Cause, &inner) {
			break
		}
		p, value = inner, inner.Value
	}
	if value == nil {
		return "is out of range for an integer"
	}
	lo, hi := int64(math.MinInt64), int64(math.MaxInt64)
	if _, err := strconv.ParseInt(fmt.Sprint(value), 10, 64); err == nil {
		lo, hi = math.MinInt32, math.MaxInt32
	}
	return fmt.Sprintf("%v is out of range: want an integer from %d to %d", value, lo, hi)
}

func sortedStrings(s []string) []string {
	out := append([]string(nil), s...)
	sort.Strings(out)
	return out
}

// discriminated explains a oneOf failure on a schema with a discriminator by the branch the
// discriminator selects: an unknown discriminator value is named with the allowed ones, a
// known one is validated against its branch alone, so the message names the field at fault
// instead of "doesn't match any schema from oneOf".
func discriminated(e *openapi3.SchemaError, where string) *api.Error {
	s := e.Schema
	if s == nil || s.Discriminator == nil || (e.SchemaField != "oneOf" && e.SchemaField != "discriminator") {
		return nil
	}
	prop := s.Discriminator.PropertyName
	loc := where
	if ptr := e.JSONPointer(); len(ptr) > 0 {
		loc = where + " " + strings.Join(ptr, ".")
	}
	field := strings.TrimSpace(loc + " " + prop)
	if strings.HasSuffix(loc, " ") || loc == "" {
		field = prop
	}
	allowed := make([]string, 0, len(s.Discriminator.Mapping))
	for k := range s.Discriminator.Mapping {
		allowed = append(allowed, k)
	}
	sort.Strings(allowed)
	var value any
	present := true
	if e.SchemaField == "discriminator" {
		value, present = e.Value, e.Value != nil
	} else if obj, isObj := e.Value.(map[string]any); isObj {
		value, present = obj[prop]
	} else {
		return nil
	}
	if !present {
		return api.Errorf(api.KindMissing, field, "a required field is missing; one of %s", strings.Join(allowed, ", "))
	}
	name, _ := value.(string)
	target, known := s.Discriminator.Mapping[name]
	if !known {
		return api.Errorf(api.KindInvalid, field, "%q is not one of %s", fmt.Sprint(value), strings.Join(allowed, ", "))
	}
	for _, branch := range s.OneOf {
		if branch.Ref != target.Ref || branch.Value == nil {
			continue
		}
		err := branch.Value.VisitJSON(e.Value, openapi3.MultiErrors(), openapi3.SetSchemaErrorMessageCustomizer(schemaMessage))
		if err == nil {
			return nil
		}
		var out []*api.Error
		flatten(err, loc, &out)
		if len(out) > 0 {
			return api.Join(dedupe(out))
		}
	}
	return nil
}
