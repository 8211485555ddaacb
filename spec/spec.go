package spec

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"
	"github.com/getkin/kin-openapi/routers/legacy"
)

//go:embed *.yaml
var embedded embed.FS

// FS returns the embedded documents, for serving or printing them as they are.
func FS() fs.FS { return embedded }

// Kind tells an OpenAPI document from an AsyncAPI one.
type Kind string

// The kinds of document in the set.
const (
	KindOpenAPI  Kind = "openapi"
	KindAsyncAPI Kind = "asyncapi"
)

// ErrNoDocuments is returned by LoadFS when the file system holds no *.yaml document.
var ErrNoDocuments = errors.New("no *.yaml documents")

// Document is one loaded and validated document.
type Document struct {
	// Name is the file name, e.g. "gws-chat.yaml".
	Name string
	// Kind says which of OpenAPI and AsyncAPI fields is set.
	Kind Kind
	// Raw is the file as embedded.
	Raw []byte
	// OpenAPI is the parsed document; nil for AsyncAPI documents.
	OpenAPI *openapi3.T
	// AsyncAPI is the parsed document; nil for OpenAPI documents.
	AsyncAPI *AsyncAPI

	router routers.Router
}

// Router returns the document's router. It ignores the document's servers, so it matches a
// request by path and method alone, whatever host and port serve it. Nil for AsyncAPI.
func (d *Document) Router() routers.Router { return d.router }

// Operation is one operation of an OpenAPI document.
type Operation struct {
	Document *Document
	Method   string
	Path     string
	ID       string
	// Sources are the x-source values: seed file names and vendor documentation URLs.
	Sources   []string
	Operation *openapi3.Operation
}

// Set is every document of a directory, loaded and validated.
type Set struct {
	docs   []*Document
	byName map[string]*Document
	ops    []Operation
	byID   map[string]Operation
}

// Load returns the embedded documents, loaded and validated on the first call; later calls
// return the same Set. A Set is read-only, so sharing it is safe, and a process (a test
// binary starting many mocks) pays for parsing and validation once.
func Load() (*Set, error) {
	loadOnce.Do(func() { loaded, loadErr = LoadFS(embedded) })
	return loaded, loadErr
}

// The embedded documents never change, so loading them is done once per process.
var (
	loadOnce sync.Once
	loaded   *Set
	loadErr  error
)

// LoadFS loads and validates every *.yaml document at the root of fsys. A document named
// *.asyncapi.yaml is read as AsyncAPI, every other one as OpenAPI. It fails, naming the file
// and the place in it, on the first document that does not load or validate, on an
// operation without operationId or x-source, and on an operationId used twice in the set.
func LoadFS(fsys fs.FS) (*Set, error) {
	names, err := fs.Glob(fsys, "*.yaml")
	if err != nil {
		return nil, fmt.Errorf("list documents: %w", err)
	}
	if len(names) == 0 {
		return nil, ErrNoDocuments
	}
	sort.Strings(names)
	s := &Set{byName: make(map[string]*Document), byID: make(map[string]Operation)}
	var async []*Document
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", name, err)
		}
		d := &Document{Name: name, Raw: raw}
		if strings.HasSuffix(name, ".asyncapi.yaml") {
			d.Kind = KindAsyncAPI
			if d.AsyncAPI, err = parseAsyncAPI(raw); err != nil {
				return nil, fmt.Errorf("load %s: %w", name, err)
			}
			async = append(async, d)
		} else {
			d.Kind = KindOpenAPI
			if err := s.loadOpenAPI(fsys, d); err != nil {
				return nil, err
			}
		}
		s.docs = append(s.docs, d)
		s.byName[name] = d
	}
	for _, d := range async {
		if err := d.AsyncAPI.check(s); err != nil {
			return nil, fmt.Errorf("validate %s: %w", d.Name, err)
		}
	}
	return s, nil
}

func (s *Set) loadOpenAPI(fsys fs.FS, d *Document) error {
	tree, err := parseTree(d.Raw)
	if err != nil {
		return fmt.Errorf("load %s: %w", d.Name, err)
	}
	if err := checkLocalRefs(tree); err != nil {
		return fmt.Errorf("load %s: %w", d.Name, err)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = true
	loader.ReadFromURIFunc = func(_ *openapi3.Loader, u *url.URL) ([]byte, error) {
		return fs.ReadFile(fsys, path.Clean(strings.TrimPrefix(u.Path, "/")))
	}
	doc, err := loader.LoadFromDataWithPath(d.Raw, &url.URL{Path: d.Name})
	if err != nil {
		return fmt.Errorf("load %s: %w", d.Name, err)
	}
	if err := doc.Validate(loader.Context, openapi3.EnableMultiError()); err != nil {
		return fmt.Errorf("validate %s: %w", d.Name, err)
	}
	d.OpenAPI = doc
	// The router sees a copy without servers: the mock and any target serve the paths on
	// whatever host and port they listen, which servers: entries would not match.
	routed := *doc
	routed.Servers = nil
	if d.router, err = legacy.NewRouter(&routed); err != nil {
		return fmt.Errorf("route %s: %w", d.Name, err)
	}
	for _, p := range doc.Paths.InMatchingOrder() {
		item := doc.Paths.Value(p)
		for _, method := range sortedMethods(item) {
			op := item.GetOperation(method)
			where := fmt.Sprintf("%s: paths.%s.%s", d.Name, p, strings.ToLower(method))
			if op.OperationID == "" {
				return fmt.Errorf("validate %s: no operationId", where)
			}
			sources, err := sourcesOf(op.Extensions["x-source"])
			if err != nil {
				return fmt.Errorf("validate %s (%s): x-source: %w", where, op.OperationID, err)
			}
			if prev, dup := s.byID[op.OperationID]; dup {
				return fmt.Errorf("validate %s: operationId %s already used by %s %s %s",
					where, op.OperationID, prev.Document.Name, prev.Method, prev.Path)
			}
			o := Operation{Document: d, Method: method, Path: p, ID: op.OperationID, Sources: sources, Operation: op}
			s.ops = append(s.ops, o)
			s.byID[o.ID] = o
		}
	}
	return nil
}

func sortedMethods(item *openapi3.PathItem) []string {
	ops := item.Operations()
	methods := make([]string, 0, len(ops))
	for m := range ops {
		methods = append(methods, m)
	}
	sort.Strings(methods)
	return methods
}

// sourcesOf reads an x-source value: a non-empty string or a non-empty list of them.
func sourcesOf(v any) ([]string, error) {
	switch v := v.(type) {
	case nil:
		return nil, errors.New("missing")
	case string:
		if v == "" {
			return nil, errors.New("empty")
		}
		return []string{v}, nil
	case []any:
		out := make([]string, 0, len(v))
		for i, e := range v {
			s, ok := e.(string)
			if !ok || s == "" {
				return nil, fmt.Errorf("item %d: want a non-empty string", i)
			}
			out = append(out, s)
		}
		if len(out) == 0 {
			return nil, errors.New("empty list")
		}
		return out, nil
	default:
		return nil, fmt.Errorf("want a string or a list of strings, got %T", v)
	}
}

// Documents returns every document, sorted by name.
func (s *Set) Documents() []*Document { return s.docs }

// Document returns the named document, or nil.
func (s *Set) Document(name string) *Document { return s.byName[name] }

// Operations returns every operation of every OpenAPI document, by document name, then path
// in matching order, then method.
func (s *Set) Operations() []Operation { return s.ops }

// Operation returns the operation with the given operationId.
func (s *Set) Operation(id string) (Operation, bool) {
	o, ok := s.byID[id]
	return o, ok
}
