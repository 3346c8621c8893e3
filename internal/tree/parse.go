package tree

import (
	"bytes"
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

// Syntax says how Parse reads a file.
type Syntax uint8

const (
	// Auto decides by the extension (.json, .yaml, .yml), else by the
	// first character: "{" reads as JSON, falling back to YAML (a YAML
	// file may start with a flow mapping) when JSON fails.
	Auto Syntax = iota
	// YAML reads the file as YAML only.
	YAML
	// JSON reads the file as JSON only.
	JSON
)

// Options tunes Parse. The zero value decides the syntax by the file and
// applies the default node limit.
type Options struct {
	Syntax Syntax
	// Nodes is the most values (keys, list items, scalars) the file may
	// hold; 0: infile.NodeLimit's default for the file's size.
	Nodes int
	// Width, when positive, bounds the members of one JSON object or the
	// elements of one JSON list (named by WidthFlag in the message).
	Width     int
	WidthFlag string
	// Expected says what the file should hold, for the message about an
	// empty file ("the file is empty; expected ..."); ExpectedJSON, when
	// set, says it for a JSON file.
	Expected, ExpectedJSON string
}

// IsJSON decides the syntax: by the extension when it says, else by the
// first character (a JSON file of entente's is an object).
func IsJSON(name string, data []byte) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".json":
		return true
	case ".yaml", ".yml":
		return false
	}
	trim := bytes.TrimLeft(TrimBOM(data), " \t\r\n")
	return len(trim) > 0 && trim[0] == '{'
}

var bom = []byte("\ufeff")

// TrimBOM drops leading byte-order marks: any number of them (editors
// that add one to a file that has one) count as none.
func TrimBOM(data []byte) []byte {
	for bytes.HasPrefix(data, bom) {
		data = data[len(bom):]
	}
	return data
}

// Parse reads a YAML or JSON file into its root node, whose nodes carry
// 1-based lines and columns (counted in characters), so that one decoder
// serves both syntaxes. It reports, as an *entente.Error with its
// position: text that is not UTF-8 (at the first bad byte), a file of more
// than opt.Nodes values (before building them), malformed YAML or JSON, an
// empty file and a file of several YAML documents. YAML aliases are left
// for the caller (see Aliases).
//
// JSON is read by its own parser rather than as YAML (which it almost
// is): YAML limits keys to 1024 characters, treats a raw U+2028 or U+0085
// inside a string as a line break, and rejects escaped surrogate pairs,
// while JSON does none of that.
func Parse(name string, data []byte, opt Options) (*yaml.Node, *entente.Error) {
	data = TrimBOM(data)
	if err := checkUTF8(name, data); err != nil {
		return nil, err
	}
	nodes := infile.NodeLimit(opt.Nodes, len(data))
	asJSON := opt.Syntax == JSON || opt.Syntax == Auto && IsJSON(name, data)
	if asJSON {
		n, jerr := parseJSON(name, data, nodes, opt)
		if jerr == nil {
			return n, nil
		}
		if opt.Syntax == JSON || strings.ToLower(filepath.Ext(name)) == ".json" || errors.Is(jerr, ErrTooManyNodes) {
			return nil, jerr
		}
		// A YAML file may start with a flow mapping: fall back to YAML
		// and report the JSON error only when YAML fails too.
		if n, err := parseYAML(name, data, opt); err == nil {
			return n, nil
		}
		return nil, jerr
	}
	if est := infile.EstimateNodes(data); est > nodes {
		e := infile.TooManyNodes(name, est, nodes)
		e.Err = ErrTooManyNodes
		return nil, e
	}
	return parseYAML(name, data, opt)
}

// ErrTooManyNodes is wrapped by the error of a file above the node limit.
var ErrTooManyNodes = errors.New("too many nodes")

// empty returns the error of an empty file.
func empty(name string, opt Options, json bool) *entente.Error {
	want := opt.Expected
	if json && opt.ExpectedJSON != "" {
		want = opt.ExpectedJSON
	}
	if want == "" {
		return entente.Errorf(entente.EInvalid, name, 1, 1, "", "the file is empty")
	}
	return entente.Errorf(entente.EInvalid, name, 1, 1, "", "the file is empty; expected %s", want)
}

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
func parseYAML(name string, data []byte, opt Options) (root *yaml.Node, perr *entente.Error) {
	defer func() {
		// The YAML parser is third-party code: a panic on some input must
		// not take the caller down.
		if r := recover(); r != nil {
			root, perr = nil, entente.Errorf(entente.EInvalid, name, 1, 1, "", "malformed YAML: the parser failed (%v)", r)
		}
	}()
	if root, ok := parseSections(data); ok {
		return root, nil
	}
	dec := yaml.NewDecoder(bytes.NewReader(data))
	var doc yaml.Node
	if err := dec.Decode(&doc); err != nil {
		if err == io.EOF {
			return nil, empty(name, opt, false)
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
		return nil, empty(name, opt, false)
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
