package geniusweb

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/infile"
	"github.com/entente/entente/internal/textpos"
)

// node is a parsed JSON value that remembers where it was written, so that
// problems found while interpreting it can point at the file position.
type node struct {
	kind   kind
	off    int    // byte offset of the value's first character in the file
	keyOff int    // byte offset of its key in the parent object, or -1
	text   string // string value, or number as written
	// parent, key and index say where the node sits, for path.
	parent  *node
	key     string
	index   int // position in the parent array, or -1
	members []member
	elems   []*node
}

type member struct {
	key string
	val *node
}

type kind uint8

const (
	kNull kind = iota
	kBool
	kNumber
	kString
	kArray
	kObject
)

// String names the kind for messages ("found a number").
func (k kind) String() string {
	switch k {
	case kBool:
		return "a boolean"
	case kNumber:
		return "a number"
	case kString:
		return "a string"
	case kArray:
		return "a list"
	case kObject:
		return "an object"
	}
	return "null"
}

// path returns the node's JSON path, such as
// "LinearAdditiveUtilitySpace.issueWeights.food". It is built on demand:
// storing it in every node would cost quadratic memory on deep nesting.
func (n *node) path() string {
	if n.parent == nil {
		return ""
	}
	if n.index >= 0 {
		return fmt.Sprintf("%s[%d]", n.parent.path(), n.index)
	}
	return joinPath(n.parent.path(), n.key)
}

// get returns the member with this key, or nil.
func (n *node) get(key string) *node {
	for _, m := range n.members {
		if m.key == key {
			return m.val
		}
	}
	return nil
}

// keyPos returns the offset to report for problems with the member itself
// (an unknown or misplaced key): its key, or the value for array elements
// and the root.
func (n *node) keyPos() int {
	if n.keyOff >= 0 {
		return n.keyOff
	}
	return n.off
}

// file is one input being read: its name and bytes, and where its problems
// go.
type file struct {
	name     string
	data     []byte
	bom      int // length of a leading UTF-8 byte order mark, skipped
	index    *textpos.Index
	errs     *entente.ErrorList
	warnings *entente.ErrorList
	lim      entente.Limits
}

// pos converts a byte offset into a 1-based line and column. Columns count
// characters (UTF-8 sequences), not bytes; a leading byte order mark is not
// counted.
func (f *file) pos(off int) (line, col int) {
	if f.index == nil {
		f.index = textpos.New(f.data)
	}
	return f.index.Pos(off)
}

// at records a problem of the given code at a byte offset.
func (f *file) at(code string, off int, field, format string, args ...any) {
	line, col := f.pos(off)
	e := entente.Errorf(code, f.name, line, col, field, format, args...)
	if code == entente.EWarning {
		f.warnings.Add(e)
	} else {
		f.errs.Add(e)
	}
}

// parse reads the whole file into a tree of nodes. It reports malformed JSON
// (with the position of the offending character) and duplicate keys, and
// returns nil when the file is not valid JSON.
func (f *file) parse() *node {
	data := f.data
	if bytes.HasPrefix(data, []byte("\ufeff")) {
		f.bom = 3
		data = data[3:]
	}
	if off := infile.InvalidUTF8(data); off >= 0 {
		f.at(entente.EInvalid, f.bom+off, "", "the file is not valid UTF-8 (byte 0x%02x); save it as UTF-8", data[off])
		return nil
	}
	lim := f.lim.Defaults()
	nodes := infile.NodeLimit(f.lim.Nodes, len(data))
	// The standard scanner gives absolute error offsets and consistent
	// messages; the token reader below can then assume valid input.
	var raw json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) {
			off := int(se.Offset)
			if strings.HasPrefix(se.Error(), "invalid character") && off > 0 {
				off-- // the offset counts the offending character
			}
			f.at(entente.EInvalid, f.bom+off, "", "malformed JSON: %s", se.Error())
		} else {
			f.at(entente.EInvalid, f.bom, "", "malformed JSON: %v", err)
		}
		return nil
	}
	p := &parser{f: f, data: data, dec: json.NewDecoder(bytes.NewReader(data)), nodes: nodes, width: max(lim.Options, lim.Issues)}
	p.dec.UseNumber()
	n, err := p.value(nil, "", -1, -1)
	var le *limitError
	if errors.As(err, &le) {
		f.at(entente.EInvalid, f.bom+le.off, "", "%s", le.msg)
		return nil
	}
	if err != nil {
		// Unreachable for input the scanner accepted; report it all the same.
		f.at(entente.EInvalid, f.bom+int(p.dec.InputOffset()), "", "malformed JSON: %v", err)
		return nil
	}
	return n
}

type parser struct {
	f    *file
	data []byte
	dec  *json.Decoder
	// count is the number of values read, at most nodes; width bounds
	// the members or elements of one object or array.
	count, nodes, width int
}

// limitError stops the parser at a value beyond a limit.
type limitError struct {
	off int
	msg string
}

func (e *limitError) Error() string { return e.msg }

// start returns the offset of the next token: the decoder's offset after
// the previous token, past white space and separators.
func (p *parser) start() int {
	off := int(p.dec.InputOffset())
	for off < len(p.data) {
		switch p.data[off] {
		case ' ', '\t', '\r', '\n', ',', ':':
			off++
			continue
		}
		break
	}
	return off
}

// value reads one value, the member key of parent (at keyOff) or its
// element index.
func (p *parser) value(parent *node, key string, keyOff, index int) (*node, error) {
	off := p.start()
	tok, err := p.dec.Token()
	if err != nil {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return nil, err
	}
	if p.count++; p.count > p.nodes {
		return nil, &limitError{off, infile.TooManyNodes("", -1, p.nodes).Message}
	}
	n := &node{off: p.f.bom + off, keyOff: keyOff, parent: parent, key: key, index: index}
	switch t := tok.(type) {
	case nil:
		n.kind = kNull
	case bool:
		n.kind = kBool
		n.text = fmt.Sprint(t)
	case json.Number:
		n.kind, n.text = kNumber, string(t)
	case string:
		n.kind, n.text = kString, t
	case json.Delim:
		switch t {
		case '{':
			n.kind = kObject
			first := map[string]int{}
			for p.dec.More() {
				koff := p.start()
				ktok, err := p.dec.Token()
				if err != nil {
					return nil, err
				}
				key, _ := ktok.(string)
				child, err := p.value(n, key, p.f.bom+koff, -1)
				if err != nil {
					return nil, err
				}
				if prev, dup := first[key]; dup {
					line, col := p.f.pos(prev)
					p.f.at(entente.EInvalid, p.f.bom+koff, child.path(), "duplicate key %q (first at line %d:%d); each key may appear once", key, line, col)
					continue
				}
				first[key] = p.f.bom + koff
				if len(n.members) == p.width {
					return nil, &limitError{off, entente.TooMany("", 0, 0, "", -1, p.width, "values in one object", "--max-options").Message}
				}
				n.members = append(n.members, member{key, child})
			}
		case '[':
			n.kind = kArray
			for i := 0; p.dec.More(); i++ {
				child, err := p.value(n, "", -1, i)
				if err != nil {
					return nil, err
				}
				if len(n.elems) == p.width {
					return nil, &limitError{off, entente.TooMany("", 0, 0, "", -1, p.width, "values in one list", "--max-options").Message}
				}
				n.elems = append(n.elems, child)
			}
		}
		if _, err := p.dec.Token(); err != nil { // the closing delimiter
			return nil, err
		}
	}
	return n, nil
}

// joinPath appends a key to a field path.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
