package genius

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/infile"
	"github.com/entente/entente/internal/textpos"
)

// node is one XML element with the byte offsets needed to report positions.
type node struct {
	name  string
	attrs []xml.Attr
	off   int // offset of the '<' that opens the element
	end   int // offset just after its start tag
	kids  []*node
}

// attr returns the value of the attribute with this (unprefixed) name. Like
// GENIUS's SimpleElement, the last of repeated attributes wins.
func (n *node) attr(name string) (string, bool) {
	v, ok := "", false
	for _, a := range n.attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			v, ok = a.Value, true
		}
	}
	return v, ok
}

// children returns the direct children with this element name.
func (n *node) children(name string) []*node {
	var out []*node
	for _, k := range n.kids {
		if k.name == name {
			out = append(out, k)
		}
	}
	return out
}

// child returns the first direct child with this name, or nil.
func (n *node) child(name string) *node {
	for _, k := range n.kids {
		if k.name == name {
			return k
		}
	}
	return nil
}

// doc is a parsed file: its element tree and what is needed to turn byte
// offsets into line:column positions.
type doc struct {
	name string
	data []byte
	root *node
	pos  *textpos.Index
}

// maxDepth bounds element nesting; no GENIUS file comes near it.
const maxDepth = 200

var encodingDecl = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']*)["']`)

// parseXML reads a whole XML document. It fails, with the position, on
// malformed XML, on a document without a root element and on content after
// the root element.
func parseXML(src entente.Source, lim entente.Limits) (*doc, *entente.Error) {
	data := src.Data
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	if len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff || data[0] == '<' && data[1] == 0 || data[0] == 0 && data[1] == '<') {
		d := &doc{name: src.Name}
		return nil, d.errAt(entente.EUnsupported, 0, "", "the file is in UTF-16; expected UTF-8 or ISO-8859-1 (convert it, e.g. with iconv -f UTF-16 -t UTF-8)")
	}
	nodes := infile.NodeLimit(lim.Nodes, len(data))
	lim = lim.Defaults()
	elements, boxes := 0, 0
	if m := encodingDecl.FindSubmatch(data); m != nil {
		switch strings.ToLower(string(m[1])) {
		case "utf-8", "utf8", "us-ascii", "ascii":
		case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
			data = latin1ToUTF8(data)
		default:
			d := &doc{name: src.Name, data: data}
			return nil, d.errAt(entente.EUnsupported, 0, "", "the file declares the encoding %q; expected UTF-8 or ISO-8859-1", m[1])
		}
	}
	d := &doc{name: src.Name, data: data}
	dec := xml.NewDecoder(bytes.NewReader(data))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var stack []*node
	for {
		off := int(dec.InputOffset())
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			msg := err.Error()
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				msg = se.Msg
			}
			return nil, d.errAt(entente.EInvalid, int(dec.InputOffset()), "", "malformed XML: %s", msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if d.root != nil && len(stack) == 0 {
				return nil, d.errAt(entente.EInvalid, off, "", "malformed XML: a second root element <%s> after </%s>; a file holds one root element", t.Name.Local, d.root.name)
			}
			if len(stack) >= maxDepth {
				return nil, d.errAt(entente.EInvalid, off, "", "elements nested more than %d deep", maxDepth)
			}
			if elements++; elements > nodes {
				return nil, d.errAt(entente.EInvalid, off, "", "%s", infile.TooManyNodes("", -1, nodes).Message)
			}
			if t.Name.Local == "hyperRectangle" && t.Name.Space == "" {
				// Stop at the limit, before reading the rest of a file
				// of a million rectangles.
				if boxes++; boxes > lim.Terms {
					return nil, d.errAt(entente.EInvalid, off, "", "%s", entente.TooMany("", 0, 0, "", -1, lim.Terms, "hyperRectangle elements", "--max-terms").Message)
				}
			}
			name := t.Name.Local
			if t.Name.Space != "" {
				name = t.Name.Space + ":" + name
			}
			n := &node{name: name, attrs: t.Attr, off: off, end: int(dec.InputOffset())}
			if len(stack) == 0 {
				d.root = n
			} else {
				p := stack[len(stack)-1]
				p.kids = append(p.kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 && d.root != nil && len(bytes.TrimSpace(t)) > 0 {
				return nil, d.errAt(entente.EInvalid, off, "", "malformed XML: text after the root element </%s>", d.root.name)
			}
		}
	}
	if d.root == nil {
		if len(bytes.TrimSpace(data)) == 0 {
			return nil, d.errAt(entente.EInvalid, 0, "", "the file is empty; expected GENIUS XML")
		}
		return nil, d.errAt(entente.EInvalid, 0, "", "no XML element found; expected GENIUS XML")
	}
	if err := d.checkCounts(d.root, lim); err != nil {
		return nil, err
	}
	return d, nil
}

// checkCounts refuses, before anything is read from them, more issues or
// items of one issue than the limits allow.
func (d *doc) checkCounts(n *node, lim entente.Limits) *entente.Error {
	issues, items := 0, 0
	for _, k := range n.kids {
		switch k.name {
		case "issue":
			if issues++; issues > lim.Issues {
				return d.errAt(entente.EInvalid, k.off, "", "%s", entente.TooMany("", 0, 0, "", len(n.children("issue")), lim.Issues, "issue elements", "--max-issues").Message)
			}
		case "item":
			if items++; items > lim.Options {
				return d.errAt(entente.EInvalid, k.off, "", "%s", entente.TooMany("", 0, 0, "", len(n.children("item")), lim.Options, "item elements in one issue", "--max-options").Message)
			}
		}
		if err := d.checkCounts(k, lim); err != nil {
			return err
		}
	}
	return nil
}

func latin1ToUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		out = utf8.AppendRune(out, rune(c))
	}
	return out
}

// position turns a byte offset into a 1-based line and column (counted in
// characters).
func (d *doc) position(off int) (line, col int) {
	if d.pos == nil {
		d.pos = textpos.New(d.data)
	}
	return d.pos.Pos(off)
}

// errAt returns an error located at a byte offset of the file.
func (d *doc) errAt(code string, off int, field, format string, args ...any) *entente.Error {
	line, col := d.position(off)
	return entente.Errorf(code, d.name, line, col, field, format, args...)
}

// attrOffset returns the offset of an attribute inside n's start tag, or
// the tag's own offset when it cannot be found.
func (d *doc) attrOffset(n *node, name string) int {
	if n.end > len(d.data) || n.off >= n.end {
		return n.off
	}
	tag := d.data[n.off:n.end]
	for from := 0; from < len(tag); {
		i := bytes.Index(tag[from:], []byte(name))
		if i < 0 {
			break
		}
		i += from
		j := i + len(name)
		for j < len(tag) && isSpace(tag[j]) {
			j++
		}
		if i > 0 && isSpace(tag[i-1]) && j < len(tag) && tag[j] == '=' {
			return n.off + i
		}
		from = i + 1
	}
	return n.off
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// parseInt reads an integer as Java's Integer.valueOf does: an optional
// sign and decimal digits, within the 32-bit range, no spaces.
func parseInt(s string) (int, bool) {
	if s == "" || strings.TrimSpace(s) != s || strings.HasPrefix(s, "+-") || strings.HasPrefix(s, "-+") {
		return 0, false
	}
	v, err := strconv.ParseInt(strings.TrimPrefix(s, "+"), 10, 32)
	if err != nil {
		return 0, false
	}
	return int(v), true
}

// parseFloat reads a number as Java's Double.valueOf does (surrounding
// white space and a trailing d or f are allowed) and accepts only finite
// values.
func parseFloat(s string) (float64, bool) {
	t := strings.TrimSpace(s)
	if n := len(t); n > 1 && strings.ContainsRune("dDfF", rune(t[n-1])) && !strings.HasPrefix(strings.ToLower(t), "0x") {
		t = t[:n-1]
	}
	if t == "" || strings.Contains(t, "_") {
		return 0, false
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil {
		return 0, false
	}
	if v != v || v > 1.7976931348623157e308 || v < -1.7976931348623157e308 {
		return 0, false
	}
	return v, true
}

// describeAttr quotes an attribute value for a message.
func describeAttr(v string) string {
	if len(v) > 40 {
		v = v[:37] + "..."
	}
	return fmt.Sprintf("%q", v)
}
