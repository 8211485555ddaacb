package vary

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math/rand/v2"
	"slices"
	"strings"
)

// element is an XML element as written: names keep their prefixes, attributes their order.
type element struct {
	start    xml.StartElement
	children []any // *element, xml.CharData, xml.Comment, xml.ProcInst, xml.Directive
}

// XML re-encodes an XML document with the child elements of every element in an order fixed
// by the seed and their names. Only elements whose children all have different names and no
// text between them are reordered: repeated elements are the items of a list and keep their
// order, and so does mixed content. Names, namespaces, attributes and text are kept.
func (v *Vary) XML(body []byte) ([]byte, error) {
	if v == nil || len(bytes.TrimSpace(body)) == 0 {
		return body, nil
	}
	dec := xml.NewDecoder(bytes.NewReader(body))
	root := &element{}
	stack := []*element{root}
	for {
		t, err := dec.RawToken()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("vary xml: %w", err)
		}
		top := stack[len(stack)-1]
		switch t := t.(type) {
		case xml.StartElement:
			e := &element{start: t.Copy()}
			top.children = append(top.children, e)
			stack = append(stack, e)
		case xml.EndElement:
			if len(stack) == 1 {
				return nil, fmt.Errorf("vary xml: unexpected </%s>", t.Name.Local)
			}
			stack = stack[:len(stack)-1]
		default:
			top.children = append(top.children, xml.CopyToken(t))
		}
	}
	if len(stack) != 1 {
		return nil, fmt.Errorf("vary xml: <%s> is not closed", stack[len(stack)-1].start.Name.Local)
	}
	var out bytes.Buffer
	for _, c := range root.children {
		if e, ok := c.(*element); ok {
			v.reorder(e)
		}
		writeNode(&out, c)
	}
	return out.Bytes(), nil
}

func (v *Vary) reorder(e *element) {
	var elems []*element
	var names []string
	mixed := false
	for _, c := range e.children {
		switch c := c.(type) {
		case *element:
			v.reorder(c)
			elems = append(elems, c)
			names = append(names, qname(c.start.Name))
		case xml.CharData:
			mixed = mixed || len(bytes.TrimSpace(c)) > 0
		default:
			mixed = true
		}
	}
	slices.Sort(names)
	if mixed || len(elems) < 2 || len(slices.Compact(slices.Clone(names))) != len(names) {
		return
	}
	h := v.hash("xml", qname(e.start.Name), strings.Join(names, "\x00"))
	r := rand.New(rand.NewPCG(h, h>>1|1))
	r.Shuffle(len(elems), func(i, j int) { elems[i], elems[j] = elems[j], elems[i] })
	e.children = make([]any, len(elems))
	for i, c := range elems {
		e.children[i] = c
	}
}

func qname(n xml.Name) string {
	if n.Space == "" {
		return n.Local
	}
	return n.Space + ":" + n.Local
}

func writeNode(b *bytes.Buffer, n any) {
	switch n := n.(type) {
	case *element:
		b.WriteByte('<')
		b.WriteString(qname(n.start.Name))
		for _, a := range n.start.Attr {
			b.WriteByte(' ')
			b.WriteString(qname(a.Name))
			b.WriteString(`="`)
			_ = xml.EscapeText(b, []byte(a.Value))
			b.WriteByte('"')
		}
		b.WriteByte('>')
		for _, c := range n.children {
			writeNode(b, c)
		}
		b.WriteString("</")
		b.WriteString(qname(n.start.Name))
		b.WriteByte('>')
	case xml.CharData:
		_ = xml.EscapeText(b, n)
	case xml.Comment:
		b.WriteString("<!--")
		b.Write(n)
		b.WriteString("-->")
	case xml.ProcInst:
		b.WriteString("<?" + n.Target)
		if len(n.Inst) > 0 {
			b.WriteByte(' ')
			b.Write(n.Inst)
		}
		b.WriteString("?>")
	case xml.Directive:
		b.WriteString("<!")
		b.Write(n)
		b.WriteByte('>')
	}
}
