package tree

import (
	"bytes"
	"context"
	"io"

	"github.com/entente/entente/internal/parallel"
	"go.yaml.in/yaml/v3"
)

// Parsing a large YAML file on all cores. A scenario is a mapping in block
// style whose top-level keys start unindented lines: the text from one such
// line to the next is a YAML document of its own (a mapping of one key),
// so the sections are parsed at once and their keys joined into one
// mapping, each node's line moved by where its section starts. This is
// tried only when every unindented line that is not blank or a comment
// starts with a plain key and a colon (no document markers, directives,
// flow collections or text that continues at the margin), and any section
// that does not parse on its own, or parses into anything but a mapping of
// one key, sends the whole file to the ordinary parse: an alias of an
// anchor in another section, a quoted or flow value broken at the margin,
// any error at all. What the ordinary parse would return (its errors
// included) is then what Parse returns. Comments may attach to other
// nodes than in the ordinary parse; nothing that reads the tree reads
// them.

// minSectioned is the smallest file parsed by sections: below it, starting
// the goroutines costs more than they save.
const minSectioned = 32 << 10

// parseSections parses data by top-level sections, or returns false.
func parseSections(data []byte) (*yaml.Node, bool) {
	if len(data) < minSectioned || (parallel.Options{}).WorkerCount() < 2 {
		return nil, false
	}
	return sectioned(data)
}

// sectioned is parseSections whatever the file's size.
func sectioned(data []byte) (*yaml.Node, bool) {
	if !onlyNewlines(data) {
		return nil, false
	}
	starts, ok := sectionStarts(data)
	if !ok || len(starts) < 2 {
		return nil, false
	}
	type part struct {
		line int // the line the section starts at, from 1
		root *yaml.Node
	}
	parts := make([]part, len(starts))
	line := 1
	for k, at := range starts {
		if k > 0 {
			line += bytes.Count(data[starts[k-1]:at], []byte{'\n'})
		}
		parts[k].line = line
	}
	failed := make([]bool, len(starts))
	parallel.For(context.Background(), uint64(len(starts)), parallel.Options{Chunk: 1}, func(_ int, lo, hi uint64) error { //nolint:errcheck // never fails
		for k := lo; k < hi; k++ {
			end := len(data)
			if int(k)+1 < len(starts) {
				end = starts[k+1]
			}
			parts[k].root = parseSection(data[starts[k]:end])
			failed[k] = parts[k].root == nil
		}
		return nil
	})
	root := &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map"}
	for k, p := range parts {
		if failed[k] {
			return nil, false
		}
		shift(p.root, p.line-1)
		if k == 0 {
			root.Line, root.Column = p.root.Line, p.root.Column
		}
		root.Content = append(root.Content, p.root.Content...)
	}
	return root, true
}

// onlyNewlines reports whether every line break of data is a newline (or
// a carriage return and a newline), so that counting newlines counts the
// lines as the YAML parser does: it also breaks lines at a lone carriage
// return and at U+0085, U+2028 and U+2029.
func onlyNewlines(data []byte) bool {
	for i := bytes.IndexByte(data, '\r'); i >= 0; {
		if i+1 == len(data) || data[i+1] != '\n' {
			return false
		}
		j := bytes.IndexByte(data[i+1:], '\r')
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return !bytes.Contains(data, []byte("\u0085")) && !bytes.Contains(data, []byte("\u2028")) && !bytes.Contains(data, []byte("\u2029"))
}

// sectionStarts returns the offsets of the lines that start top-level
// keys (the first section also holds what comes before its key: blank
// lines and comments), or false when an unindented line is something
// else.
func sectionStarts(data []byte) ([]int, bool) {
	var starts []int
	for at := 0; at < len(data); {
		end := bytes.IndexByte(data[at:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += at
		}
		line := data[at:end]
		switch {
		case len(line) == 0 || line[0] == ' ' || line[0] == '#' || line[0] == '\r':
			// Blank, indented or a comment.
		case plainKeyLine(line):
			if len(starts) == 0 {
				starts = append(starts, 0)
			} else {
				starts = append(starts, at)
			}
		default:
			return nil, false
		}
		at = end + 1
	}
	return starts, true
}

// plainKeyLine reports whether an unindented line starts with a plain key
// (letters, digits, _ and -, starting with a letter or digit) followed by
// a colon and then a space or the end of the line.
func plainKeyLine(line []byte) bool {
	i := 0
	for i < len(line) {
		c := line[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || i > 0 && (c == '_' || c == '-')) {
			break
		}
		i++
	}
	if i == 0 || i >= len(line) || line[i] != ':' {
		return false
	}
	return i+1 == len(line) || line[i+1] == ' ' || line[i+1] == '\r'
}

// parseSection parses one section, or returns nil when it is not exactly
// one document holding a mapping of one key, or the parser fails (or
// panics: it is third-party code, and this runs on its own goroutine).
func parseSection(data []byte) (root *yaml.Node) {
	defer func() {
		if recover() != nil {
			root = nil
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil || len(doc.Content) != 1 {
		return nil
	}
	var next yaml.Node
	if err := dec.Decode(&next); err != io.EOF {
		return nil
	}
	r := doc.Content[0]
	if r.Kind != yaml.MappingNode || r.Tag != "!!map" || r.Style != 0 || r.Anchor != "" || len(r.Content) != 2 {
		return nil
	}
	return r
}

// shift moves the lines of n and the nodes under it by d (an alias's
// target is under the mapping too, and moved once).
func shift(n *yaml.Node, d int) {
	n.Line += d
	for _, c := range n.Content {
		shift(c, d)
	}
}
