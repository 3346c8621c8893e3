package xmltree

import (
	"bytes"
	"encoding/xml"
	"errors"
	"io"
	"regexp"
	"strings"
	"unicode/utf8"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/infile"
	"github.com/entente/entente/internal/textpos"
)

// Node is one XML element with the byte offsets needed to report
// positions.
type Node struct {
	// Name is the element's local name, "space:local" when it has a
	// namespace.
	Name  string
	Attrs []xml.Attr
	// Off is the offset of the '<' that opens the element, End the
	// offset just after its start tag.
	Off, End int
	// Text is the character data directly inside the element (when
	// Options.Text asks for it).
	Text string
	Kids []*Node
}

// Attr returns the value of the attribute with this (unprefixed) name.
// The last of repeated attributes wins (as GENIUS's SimpleElement has it).
func (n *Node) Attr(name string) (string, bool) {
	v, ok := "", false
	for _, a := range n.Attrs {
		if a.Name.Space == "" && a.Name.Local == name {
			v, ok = a.Value, true
		}
	}
	return v, ok
}

// Children returns the direct children with this element name.
func (n *Node) Children(name string) []*Node {
	var out []*Node
	for _, k := range n.Kids {
		if k.Name == name {
			out = append(out, k)
		}
	}
	return out
}

// Child returns the first direct child with this name, or nil.
func (n *Node) Child(name string) *Node {
	for _, k := range n.Kids {
		if k.Name == name {
			return k
		}
	}
	return nil
}

// Doc is a parsed file: its element tree and what is needed to turn byte
// offsets into line:column positions.
type Doc struct {
	Name string
	// Data is the text parsed: the file without a byte order mark, in
	// UTF-8 (ISO-8859-1 converted).
	Data []byte
	Root *Node
	pos  *textpos.Index
}

// Pos turns a byte offset of Data into a 1-based line and column (counted
// in characters).
func (d *Doc) Pos(off int) (line, col int) {
	if d.pos == nil {
		d.pos = textpos.New(d.Data)
	}
	return d.pos.Pos(off)
}

// ErrAt returns an error located at a byte offset of the file.
func (d *Doc) ErrAt(code string, off int, field, format string, args ...any) *entente.Error {
	line, col := d.Pos(off)
	return entente.Errorf(code, d.Name, line, col, field, format, args...)
}

// At returns an error located at node n (at the start of the file when n
// is nil).
func (d *Doc) At(code string, n *Node, field, format string, args ...any) *entente.Error {
	off := 0
	if n != nil {
		off = n.Off
	}
	return d.ErrAt(code, off, field, format, args...)
}

// AttrOffset returns the offset of an attribute inside n's start tag, or
// the tag's own offset when it cannot be found.
func (d *Doc) AttrOffset(n *Node, name string) int {
	if n.End > len(d.Data) || n.Off >= n.End {
		return n.Off
	}
	tag := d.Data[n.Off:n.End]
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
			return n.Off + i
		}
		from = i + 1
	}
	return n.Off
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// MaxDepth bounds element nesting; no scenario file comes near it.
const MaxDepth = 200

// Options tunes Parse.
type Options struct {
	// Nodes is the most elements the file may hold (0: infile.NodeLimit's
	// default for its size).
	Nodes int
	// Text keeps each element's character data in Node.Text.
	Text bool
	// Expected names the format in the messages about an empty file or
	// one without an element ("expected GENIUS XML").
	Expected string
	// Start, when set, sees each start element before it is added, and
	// stops the parse with its message (at the element) when it returns
	// one: a limit on one kind of element, say.
	Start func(t xml.StartElement) string
}

var encodingDecl = regexp.MustCompile(`^\s*<\?xml[^>]*encoding\s*=\s*["']([^"']*)["']`)

// Parse reads a whole XML document. It fails, with the position, on text
// in UTF-16 or in an encoding other than UTF-8 and ISO-8859-1, on
// malformed XML, on more elements or deeper nesting than the limits, on a
// document without a root element and on content after the root element.
func Parse(name string, data []byte, opt Options) (*Doc, *entente.Error) {
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	d := &Doc{Name: name, Data: data}
	if len(data) >= 2 && (data[0] == 0xff && data[1] == 0xfe || data[0] == 0xfe && data[1] == 0xff || data[0] == '<' && data[1] == 0 || data[0] == 0 && data[1] == '<') {
		d.Data = nil
		return nil, d.ErrAt(entente.EUnsupported, 0, "", "the file is in UTF-16; expected UTF-8 or ISO-8859-1 (convert it, e.g. with iconv -f UTF-16 -t UTF-8)")
	}
	nodes := infile.NodeLimit(opt.Nodes, len(data))
	if m := encodingDecl.FindSubmatch(data); m != nil {
		switch strings.ToLower(string(m[1])) {
		case "utf-8", "utf8", "us-ascii", "ascii":
		case "iso-8859-1", "iso8859-1", "latin1", "latin-1":
			d.Data = latin1ToUTF8(data)
		default:
			return nil, d.ErrAt(entente.EUnsupported, 0, "", "the file declares the encoding %q; expected UTF-8 or ISO-8859-1", m[1])
		}
	}
	dec := xml.NewDecoder(bytes.NewReader(d.Data))
	dec.CharsetReader = func(_ string, r io.Reader) (io.Reader, error) { return r, nil }
	var stack []*Node
	elements := 0
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
			return nil, d.ErrAt(entente.EInvalid, int(dec.InputOffset()), "", "malformed XML: %s", msg)
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if d.Root != nil && len(stack) == 0 {
				return nil, d.ErrAt(entente.EInvalid, off, "", "malformed XML: a second root element <%s> after </%s>; a file holds one root element", t.Name.Local, d.Root.Name)
			}
			if len(stack) >= MaxDepth {
				return nil, d.ErrAt(entente.EInvalid, off, "", "elements nested more than %d deep", MaxDepth)
			}
			if elements++; elements > nodes {
				return nil, d.ErrAt(entente.EInvalid, off, "", "%s", infile.TooManyNodes("", -1, nodes).Message)
			}
			if opt.Start != nil {
				if msg := opt.Start(t); msg != "" {
					return nil, d.ErrAt(entente.EInvalid, off, "", "%s", msg)
				}
			}
			name := t.Name.Local
			if t.Name.Space != "" {
				name = t.Name.Space + ":" + name
			}
			n := &Node{Name: name, Attrs: t.Attr, Off: off, End: int(dec.InputOffset())}
			if len(stack) == 0 {
				d.Root = n
			} else {
				p := stack[len(stack)-1]
				p.Kids = append(p.Kids, n)
			}
			stack = append(stack, n)
		case xml.EndElement:
			stack = stack[:len(stack)-1]
		case xml.CharData:
			if len(stack) == 0 && d.Root != nil && len(bytes.TrimSpace(t)) > 0 {
				return nil, d.ErrAt(entente.EInvalid, off, "", "malformed XML: text after the root element </%s>", d.Root.Name)
			}
			if opt.Text && len(stack) > 0 {
				stack[len(stack)-1].Text += string(t)
			}
		}
	}
	if d.Root == nil {
		if len(bytes.TrimSpace(d.Data)) == 0 {
			return nil, d.ErrAt(entente.EInvalid, 0, "", "the file is empty; expected %s", opt.Expected)
		}
		return nil, d.ErrAt(entente.EInvalid, 0, "", "no XML element found; expected %s", opt.Expected)
	}
	return d, nil
}

func latin1ToUTF8(b []byte) []byte {
	out := make([]byte, 0, len(b)+len(b)/8)
	for _, c := range b {
		out = utf8.AppendRune(out, rune(c))
	}
	return out
}
