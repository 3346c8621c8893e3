package native

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/infile"
	"github.com/entente/entente/internal/textpos"
	"go.yaml.in/yaml/v3"
)

// Both syntaxes are read into the same tree of yaml.Node values, which
// carry 1-based line and column numbers, so one decoder serves both. JSON is
// read by its own parser rather than as YAML (which it almost is): YAML
// limits keys to 1024 characters, treats a raw U+2028 or U+0085 inside a
// string as a line break, and rejects escaped surrogate pairs, while JSON
// does none of that.

// isJSON decides the syntax: by the extension when it says, else by the
// first character (a JSON scenario is an object).
func isJSON(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return true
	case ".yaml", ".yml":
		return false
	}
	trim := bytes.TrimLeft(bytes.TrimPrefix(data, bom), " \t\r\n")
	return len(trim) > 0 && trim[0] == '{'
}

var bom = []byte("\ufeff")

// parse reads a file into its root node with the default limit on nodes.
func parse(name string, data []byte) (*yaml.Node, *entente.Error) {
	return parseLimited(name, data, 0)
}

// parseLimited reads a file into its root node. It reports a syntax error
// (with its position) as an *entente.Error, and so it does text that is
// not UTF-8 and a file of more than nodes values (0: the default for the
// file's size) before building them.
func parseLimited(name string, data []byte, nodes int) (*yaml.Node, *entente.Error) {
	// Byte-order marks: any number of them (editors that add one to a
	// file that has one) count as none.
	for bytes.HasPrefix(data, bom) {
		data = data[len(bom):]
	}
	if err := checkUTF8(name, data); err != nil {
		return nil, err
	}
	nodes = infile.NodeLimit(nodes, len(data))
	if isJSON(name, data) {
		n, jerr := parseJSON(name, data, nodes)
		if jerr == nil {
			return n, nil
		}
		if ext := strings.ToLower(filepath.Ext(name)); ext == ".json" {
			return nil, jerr
		}
		// A YAML file may start with a flow mapping: fall back to YAML
		// and report the JSON error only when YAML fails too.
		if jerr.Err == errTooManyNodes {
			return nil, jerr
		}
		if n, err := parseYAML(name, data); err == nil {
			return n, nil
		}
		return nil, jerr
	}
	if est := infile.EstimateNodes(data); est > nodes {
		e := infile.TooManyNodes(name, est, nodes)
		e.Err = errTooManyNodes
		return nil, e
	}
	return parseYAML(name, data)
}

var errTooManyNodes = errors.New("too many nodes")

// checkUTF8 refuses text that is not valid UTF-8, at the first bad byte:
// JSON parsers would replace it silently and YAML parsers reject it, so
// both syntaxes get the same message.
func checkUTF8(name string, data []byte) *entente.Error {
	off := infile.InvalidUTF8(data)
	if off < 0 {
		return nil
	}
	line, col := textpos.New(data).Pos(off)
	return entente.Errorf(entente.EInvalid, name, line, col, "", "the file is not valid UTF-8 (byte 0x%02x); save it as UTF-8", data[off])
}

var yamlLine = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// parseYAML reads one YAML document.
func parseYAML(name string, data []byte) (root *yaml.Node, perr *entente.Error) {
	defer func() {
		// The YAML parser is third-party code: a panic on some input must
		// not take the caller down.
		if r := recover(); r != nil {
			root, perr = nil, entente.Errorf(entente.EInvalid, name, 1, 1, "", "malformed YAML: the parser failed (%v)", r)
		}
	}()
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, entente.Errorf(entente.EInvalid, name, 1, 1, "", "the file is empty; expected a mapping that starts with entente: 1")
		}
		return nil, yamlError(name, data, err)
	}
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case err == io.EOF:
	case err != nil:
		return nil, yamlError(name, data, err)
	default:
		line := docSeparator(data)
		if line < 1 {
			line = max(next.Line, 1)
		}
		return nil, entente.Errorf(entente.EInvalid, name, line, 1, "", "the file holds more than one YAML document; expected one (remove the --- line)")
	}
	if len(doc.Content) == 0 {
		return nil, entente.Errorf(entente.EInvalid, name, 1, 1, "", "the file is empty; expected a mapping that starts with entente: 1")
	}
	return doc.Content[0], nil
}

// docSeparator returns the line of the second "---" document marker (or
// of the first one after some content), or 0.
func docSeparator(data []byte) int {
	content := false
	for i, l := range strings.Split(string(data), "\n") {
		l = strings.TrimRight(l, "\r")
		if l == "---" || strings.HasPrefix(l, "--- ") {
			if content {
				return i + 1
			}
			continue
		}
		if t := strings.TrimSpace(l); t != "" && !strings.HasPrefix(t, "#") && !strings.HasPrefix(t, "%") {
			content = true
		}
	}
	return 0
}

// yamlError turns a YAML parser error into an *entente.Error with the best
// position that can be found. The parser reports lines only, not always,
// and for some errors one line early, so the line is searched for: the
// shortest prefix of the file that fails with the same message ends on it.
// The column points at a tab that indents the line (the commonest mistake)
// or else at the line's first character.
func yamlError(name string, data []byte, err error) *entente.Error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	reported := 0
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		msg = m[2]
		reported, _ = strconv.Atoi(m[1])
	}
	lines := strings.SplitAfter(string(data), "\n")
	line := findErrorLine(lines, reported, failsWith(lines, msg))
	text := strings.TrimRight(lines[line-1], "\r\n")
	indent := text[:len(text)-len(strings.TrimLeft(text, " \t"))]
	if k := strings.IndexByte(indent, '\t'); k >= 0 && (strings.Contains(msg, "tab character") || strings.Contains(msg, "cannot start any token")) {
		return entente.Errorf(entente.EInvalid, name, line, k+1, "", "malformed YAML: a tab indents this line; YAML indents with spaces only")
	}
	return entente.Errorf(entente.EInvalid, name, line, utf8.RuneCountInString(indent)+1, "", "malformed YAML: %s", msg)
}

// failsWith returns the test of findErrorLine: whether the first k lines
// fail to parse with the message msg.
func failsWith(lines []string, msg string) func(k int) bool {
	return func(k int) bool {
		var n yaml.Node
		err := safeUnmarshal([]byte(strings.Join(lines[:k], "")), &n)
		return err != nil && strings.HasSuffix(err.Error(), msg)
	}
}

// findErrorLine returns the 1-based number of the line whose inclusion
// makes a prefix of the file fail (fails(k): the first k lines fail with
// the parser's message; once the offending line is in, longer prefixes
// fail the same way). The search starts at the line the parser reported
// (0 when it gave none) and widens its steps from there, so that the
// usual case costs two parses of a prefix whatever the file's length
// (re-parsing prefixes by bisection from the start took minutes on a
// 100 MB file).
func findErrorLine(lines []string, reported int, fails func(k int) bool) int {
	lo, hi := 0, len(lines) // fails(hi) holds: the whole file fails
	if reported > 0 && reported < len(lines) {
		// Gallop from the reported line to bracket the answer.
		if fails(reported) {
			hi = reported
			for step := 1; ; step *= 2 {
				k := max(hi-step, 0)
				if k == 0 || !fails(k) {
					lo = k
					break
				}
				hi = k
			}
		} else {
			lo = reported
			for step := 1; ; step *= 2 {
				k := min(lo+step, len(lines))
				if k == len(lines) || fails(k) {
					hi = k
					break
				}
				lo = k
			}
		}
	}
	for hi-lo > 1 {
		mid := (lo + hi) / 2
		if fails(mid) {
			hi = mid
		} else {
			lo = mid
		}
	}
	return max(hi, 1)
}

func safeUnmarshal(data []byte, n *yaml.Node) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return yaml.Unmarshal(data, n)
}

// jsonParser builds a yaml.Node tree from JSON tokens, keeping positions.
type jsonParser struct {
	name  string
	data  []byte
	dec   *json.Decoder
	index *textpos.Index
	depth int
	// count is the number of nodes built, at most limit.
	count, limit int
}

// maxDepth bounds nesting, as encoding/json and the YAML parser do.
const maxDepth = 10000

func parseJSON(name string, data []byte, nodes int) (*yaml.Node, *entente.Error) {
	data = bytes.TrimPrefix(data, bom)
	p := &jsonParser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data)), index: textpos.New(data), limit: nodes}
	p.dec.UseNumber()
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, entente.Errorf(entente.EInvalid, name, 1, 1, "", "the file is empty; expected a JSON object with \"entente\": 1")
	}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	off := p.next()
	if _, terr := p.dec.Token(); terr != io.EOF {
		line, col := p.pos(off)
		return nil, entente.Errorf(entente.EInvalid, name, line, col, "", "malformed JSON: unexpected data after the top-level value; expected the end of the file")
	}
	return n, nil
}

// next returns the offset where the next token starts: past white space
// and the separators the decoder consumes with the token.
func (p *jsonParser) next() int {
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

// pos turns a byte offset into a 1-based line and a column counted in
// characters.
func (p *jsonParser) pos(off int) (line, col int) { return p.index.Pos(off) }

func (p *jsonParser) fail(err error) *entente.Error {
	var se *json.SyntaxError
	off := len(p.data)
	msg := err.Error()
	switch {
	case errors.As(err, &se):
		// Offset counts the bytes read, the offending one included.
		off = int(se.Offset) - 1
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		msg = "unexpected end of file; the JSON value is incomplete"
	}
	line, col := p.pos(off)
	return entente.Errorf(entente.EInvalid, p.name, line, col, "", "malformed JSON: %s", msg)
}

func (p *jsonParser) value() (*yaml.Node, *entente.Error) {
	start := p.next()
	line, col := p.pos(start)
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.fail(err)
	}
	if p.count++; p.count > p.limit {
		e := infile.TooManyNodes(p.name, -1, p.limit)
		e.Line, e.Col = line, col
		e.Err = errTooManyNodes
		return nil, e
	}
	n := &yaml.Node{Line: line, Column: col}
	switch t := tok.(type) {
	case json.Delim:
		if p.depth++; p.depth > maxDepth {
			return nil, entente.Errorf(entente.EInvalid, p.name, line, col, "", "malformed JSON: nested more than %d levels deep", maxDepth)
		}
		defer func() { p.depth-- }()
		if t == '{' {
			n.Kind, n.Tag = yaml.MappingNode, "!!map"
			for p.dec.More() {
				kstart := p.next()
				kl, kc := p.pos(kstart)
				kt, err := p.dec.Token()
				if err != nil {
					return nil, p.fail(err)
				}
				key, ok := kt.(string)
				if !ok {
					return nil, entente.Errorf(entente.EInvalid, p.name, kl, kc, "", "malformed JSON: expected a string key")
				}
				v, jerr := p.value()
				if jerr != nil {
					return nil, jerr
				}
				p.count++
				n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Style: yaml.DoubleQuotedStyle, Value: key, Line: kl, Column: kc}, v)
			}
		} else {
			n.Kind, n.Tag = yaml.SequenceNode, "!!seq"
			for p.dec.More() {
				v, jerr := p.value()
				if jerr != nil {
					return nil, jerr
				}
				n.Content = append(n.Content, v)
			}
		}
		if _, err := p.dec.Token(); err != nil {
			return nil, p.fail(err)
		}
	case string:
		n.Kind, n.Tag, n.Style, n.Value = yaml.ScalarNode, "!!str", yaml.DoubleQuotedStyle, t
	case json.Number:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!float", string(t)
		if !strings.ContainsAny(string(t), ".eE") {
			n.Tag = "!!int"
		}
	case bool:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!bool", strconv.FormatBool(t)
	case nil:
		n.Kind, n.Tag, n.Value = yaml.ScalarNode, "!!null", "null"
	}
	return n, nil
}
