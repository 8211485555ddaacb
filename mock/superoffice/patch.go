package superoffice

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"net/http"
	"strings"
	"time"

	"github.com/chatconform/chatconform/mock/api"
	"github.com/chatconform/chatconform/mock/store"
)

// patchSession serves PatchChatSessionEntity with an RFC 6902 JSON Patch (add, replace,
// remove, test; move and copy are refused with 400; a failed test is 409) or an RFC 7396
// merge patch. Both are applied to the entity as a JSON document, paths case-insensitive
// with an optional leading slash; the fields that end up different are checked and stored
// in one transaction, so a patch applies completely or not at all. A stale
// If-Unmodified-Since is 412.
func (a *Adapter) patchSession(w http.ResponseWriter, r *api.Request) error {
	t, _, err := a.caller(r)
	if err != nil {
		return err
	}
	keep, err := parseSelect(r.Query("$select"))
	if err != nil {
		return err
	}
	k, err := a.sessionKey(r)
	if err != nil {
		return err
	}
	since, err := unmodifiedSince(r.Header.Get("If-Unmodified-Since"))
	if err != nil {
		return err
	}
	mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	_, c, err := a.store().Update(k, func(tx *store.Tx) error {
		if !since.IsZero() && tx.C.UpdatedAt.Truncate(time.Second).After(since) {
			return &api.Error{Kind: api.KindConflict, Status: http.StatusPreconditionFailed, Where: "header If-Unmodified-Since",
				Msg: fmt.Sprintf("chat session %s has changed since %s", k.ID, since.Format(http.TimeFormat))}
		}
		doc, err := asDocument(a.entity(&tx.C, view{loc: time.UTC}))
		if err != nil {
			return api.Internal(err)
		}
		work := clone(doc).(map[string]any)
		if mt == "application/merge-patch+json" {
			body, _ := r.Body.(map[string]any)
			mergePatch(work, body)
			if a.bugs.Has(api.BugSOMergePatchResets) {
				resetCustomer(work, body)
			}
		} else if err := jsonPatch(work, r.Body); err != nil {
			return err
		}
		var sets []setter
		for _, f := range fields {
			if equalJSON(doc[f.name], work[f.name]) {
				continue
			}
			s, err := a.prepare(t.ID, f, work[f.name], "body /"+f.name)
			if err != nil {
				return err
			}
			sets = append(sets, s)
		}
		for _, s := range sets {
			s(tx)
		}
		if len(sets) > 0 {
			touch(tx)
		}
		return nil
	})
	if err != nil {
		return notFound(err, k)
	}
	v := a.view(r.Request, r.Tenant)
	return a.reply(w, r.Request, http.StatusOK, selectFields(withLinks(a.entity(&c, v), v), keep).root())
}

func unmodifiedSince(h string) (time.Time, error) {
	if h == "" {
		return time.Time{}, nil
	}
	t, err := http.ParseTime(h)
	if err != nil {
		return t, api.Errorf(api.KindInvalid, "header If-Unmodified-Since", "%q is not an HTTP date", h)
	}
	return t, nil
}

// jsonPatch applies RFC 6902 operations to doc in order.
func jsonPatch(doc map[string]any, body any) error {
	ops, _ := body.([]any)
	for i, raw := range ops {
		op, _ := raw.(map[string]any)
		name, _ := op["op"].(string)
		path, _ := op["path"].(string)
		where := fmt.Sprintf("body [%d]", i)
		switch name {
		case "add", "replace", "remove", "test":
		default:
			return api.Errorf(api.KindInvalid, where+".op", "JSON Patch operation %q is not supported; use add, replace, remove or test", name)
		}
		parent, key, f, err := locate(doc, path, where)
		if err != nil {
			return err
		}
		value, hasValue := op["value"]
		if name != "remove" && !hasValue {
			return api.Errorf(api.KindMissing, where+".value", "required for %s", name)
		}
		cur, exists := parent[key]
		switch name {
		case "add":
			parent[key] = value
		case "replace":
			if !exists {
				return api.Errorf(api.KindInvalid, where+".path", "%q does not exist, so it cannot be replaced", path)
			}
			parent[key] = value
		case "remove":
			switch {
			case f != nil:
				parent[key] = defaultOf(*f)
			case !exists:
				return api.Errorf(api.KindInvalid, where+".path", "%q does not exist, so it cannot be removed", path)
			default:
				delete(parent, key)
			}
		case "test":
			if !exists || !equalJSON(cur, value) {
				return api.Errorf(api.KindConflict, where, "test operation failed at path %q: expected %s but was %s", path, show(value), showMissing(cur, exists))
			}
		}
	}
	return nil
}

// locate resolves a patch path: the object holding the target, the target's key (matched
// case-insensitively), and the entity field when the target is a top-level property.
func locate(doc map[string]any, path, where string) (map[string]any, string, *field, error) {
	segs := strings.Split(strings.TrimPrefix(path, "/"), "/")
	if path == "" || path == "/" {
		return nil, "", nil, api.Errorf(api.KindInvalid, where+".path", "the whole entity cannot be patched; name a property such as /Status")
	}
	for i := range segs {
		segs[i] = strings.NewReplacer("~1", "/", "~0", "~").Replace(segs[i])
	}
	f, ok := fieldNamed(segs[0])
	if !ok {
		return nil, "", nil, api.Errorf(api.KindInvalid, where+".path", "%q is not a ChatSessionEntity property", segs[0])
	}
	parent, key := doc, f.name
	for _, seg := range segs[1:] {
		next, ok := parent[key].(map[string]any)
		if !ok {
			return nil, "", nil, api.Errorf(api.KindInvalid, where+".path", "%q: %s is not an object", path, key)
		}
		parent, key = next, seg
		for k := range next {
			if strings.EqualFold(k, seg) {
				key = k
			}
		}
	}
	if len(segs) > 1 {
		return parent, key, nil, nil
	}
	return parent, key, &f, nil
}

// mergePatch applies an RFC 7396 merge patch: null resets a top-level property to its
// default (removes a nested member), objects merge, anything else replaces.
func mergePatch(doc, patch map[string]any) {
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			if f, ok := fieldNamed(k); ok && doc != nil {
				doc[f.name] = defaultOf(f)
			}
		case map[string]any:
			target, ok := doc[k].(map[string]any)
			if !ok {
				target = map[string]any{}
			}
			mergeNested(target, pv)
			doc[k] = target
		default:
			doc[k] = clone(v)
		}
	}
}

func mergeNested(doc, patch map[string]any) {
	for k, v := range patch {
		switch pv := v.(type) {
		case nil:
			delete(doc, k)
		case map[string]any:
			target, ok := doc[k].(map[string]any)
			if !ok {
				target = map[string]any{}
			}
			mergeNested(target, pv)
			doc[k] = target
		default:
			doc[k] = clone(v)
		}
	}
}

// asDocument renders an entity as a generic JSON document.
func asDocument(e entity) (map[string]any, error) {
	b, err := json.Marshal(e)
	if err != nil {
		return nil, err
	}
	var doc map[string]any
	return doc, json.Unmarshal(b, &doc)
}

// clone deep-copies a JSON value.
func clone(v any) any {
	switch x := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(x))
		for k, e := range x {
			out[k] = clone(e)
		}
		return out
	case []any:
		out := make([]any, len(x))
		for i, e := range x {
			out[i] = clone(e)
		}
		return out
	}
	return v
}

// equalJSON compares two values as JSON (numbers by value, objects by members).
func equalJSON(a, b any) bool {
	x, errA := json.Marshal(a)
	y, errB := json.Marshal(b)
	return errA == nil && errB == nil && bytes.Equal(x, y)
}

func showMissing(v any, exists bool) string {
	if !exists {
		return "absent"
	}
	return show(v)
}
