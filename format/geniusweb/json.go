package geniusweb

import (
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/tree"
	"go.yaml.in/yaml/v3"
)

// node is a parsed JSON value that remembers where it was written, so that
// problems found while interpreting it can point at the file position.
type node struct {
	kind  kind
	at    pos    // where the value starts
	keyAt pos    // where its key in the parent object starts, or the zero pos
	text  string // string value, or number as written
	// parent, key and index say where the node sits, for path.
	parent  *node
	key     string
	index   int // position in the parent array, or -1
	members []member
	elems   []*node
}

// pos is a 1-based line and a column counted in characters.
type pos struct{ line, col int }

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

// keyPos returns the position to report for problems with the member
// itself (an unknown or misplaced key): its key, or the value for array
// elements and the root.
func (n *node) keyPos() pos {
	if n.keyAt.line > 0 {
		return n.keyAt
	}
	return n.at
}

// file is one input being read: its name and bytes, and where its problems
// go.
type file struct {
	name     string
	data     []byte
	errs     *entente.ErrorList
	warnings *entente.ErrorList
	lim      entente.Limits
}

// at records a problem of the given code at a position.
func (f *file) at(code string, p pos, field, format string, args ...any) {
	e := entente.Errorf(code, f.name, p.line, p.col, field, format, args...)
	if code == entente.EWarning {
		f.warnings.Add(e)
	} else {
		f.errs.Add(e)
	}
}

// parse reads the whole file into a tree of nodes with internal/tree's
// JSON parser. It reports malformed JSON (with the position of the
// offending character, or the end of a truncated file), files beyond the
// limits and duplicate keys, and returns nil when the file is not valid
// JSON.
func (f *file) parse() *node {
	lim := f.lim.Defaults()
	root, err := tree.Parse(f.name, f.data, tree.Options{Syntax: tree.JSON, Nodes: f.lim.Nodes,
		Width: max(lim.Options, lim.Issues), WidthFlag: "--max-options"})
	if err != nil {
		f.errs.Add(err)
		return nil
	}
	return f.convert(root, nil, "", pos{}, -1)
}

// convert turns the parser's node into the reader's, reporting duplicate
// keys (the first is kept).
func (f *file) convert(y *yaml.Node, parent *node, key string, keyAt pos, index int) *node {
	n := &node{at: pos{y.Line, y.Column}, keyAt: keyAt, parent: parent, key: key, index: index}
	switch y.Kind {
	case yaml.MappingNode:
		n.kind = kObject
		first := make(map[string]pos, len(y.Content)/2)
		for i := 0; i+1 < len(y.Content); i += 2 {
			k := y.Content[i]
			kp := pos{k.Line, k.Column}
			child := f.convert(y.Content[i+1], n, k.Value, kp, -1)
			if prev, dup := first[k.Value]; dup {
				f.at(entente.EInvalid, kp, child.path(), "duplicate key %q (first at line %d:%d); each key may appear once", k.Value, prev.line, prev.col)
				continue
			}
			first[k.Value] = kp
			n.members = append(n.members, member{k.Value, child})
		}
	case yaml.SequenceNode:
		n.kind = kArray
		n.elems = make([]*node, len(y.Content))
		for i, c := range y.Content {
			n.elems[i] = f.convert(c, n, "", pos{}, i)
		}
	default:
		switch y.Tag {
		case "!!null":
			n.kind = kNull
		case "!!bool":
			n.kind, n.text = kBool, y.Value
		case "!!int", "!!float":
			n.kind, n.text = kNumber, y.Value
		default:
			n.kind, n.text = kString, y.Value
		}
	}
	return n
}

// joinPath appends a key to a field path.
func joinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}
