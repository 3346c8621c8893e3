package tree

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/infile"
	"github.com/entente/entente/internal/textpos"
	"go.yaml.in/yaml/v3"
)

// jsonParser builds a yaml.Node tree from JSON tokens, keeping positions.
type jsonParser struct {
	name  string
	data  []byte
	dec   *json.Decoder
	index *textpos.Index
	depth int
	// count is the number of nodes built, at most limit; width bounds the
	// members or elements of one object or list (0: none).
	count, limit int
	width        int
	widthFlag    string
}

// maxDepth bounds nesting, as encoding/json and the YAML parser do.
const maxDepth = 10000

func parseJSON(name string, data []byte, nodes int, opt Options) (*yaml.Node, *entente.Error) {
	p := &jsonParser{name: name, data: data, dec: json.NewDecoder(bytes.NewReader(data)), index: textpos.New(data),
		limit: nodes, width: opt.Width, widthFlag: opt.WidthFlag}
	p.dec.UseNumber()
	if len(bytes.TrimSpace(data)) == 0 && (opt.Expected != "" || opt.ExpectedJSON != "") {
		return nil, empty(name, opt, true)
	}
	n, err := p.value()
	if err != nil {
		return nil, err
	}
	off := p.next()
	if _, terr := p.dec.Token(); terr != io.EOF {
		line, col := p.index.Pos(off)
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

// fail turns the decoder's error into a positioned one: a syntax error at
// the offending character, a truncated file at its end.
func (p *jsonParser) fail(err error) *entente.Error {
	var se *json.SyntaxError
	off := len(p.data)
	msg := err.Error()
	switch {
	case errors.As(err, &se):
		off = p.offending(se)
	case err == io.ErrUnexpectedEOF || err == io.EOF:
		msg = "unexpected end of JSON input"
	}
	line, col := p.index.Pos(off)
	return entente.Errorf(entente.EInvalid, p.name, line, col, "", "malformed JSON: %s", msg)
}

// offending returns the offset of the character a syntax error is about.
// The scanner's Offset counts the bytes read, the offending one included;
// the decoder's token errors give the offending character's own offset.
// A message that quotes the character tells which.
func (p *jsonParser) offending(se *json.SyntaxError) int {
	off := int(se.Offset) - 1
	msg := se.Error()
	is := func(i int) bool {
		return i >= 0 && i < len(p.data) && strings.HasPrefix(msg, "invalid character "+quoteChar(p.data[i]))
	}
	if !is(off) && is(off+1) {
		off++
	}
	return max(off, 0)
}

// quoteChar quotes a byte as encoding/json's messages do.
func quoteChar(c byte) string {
	switch c {
	case '\'':
		return `'\''`
	case '"':
		return `'"'`
	}
	s := strconv.Quote(string(rune(c)))
	return "'" + s[1:len(s)-1] + "'"
}

// tooWide returns the error of an object or list with more than width
// entries, at the container.
func (p *jsonParser) tooWide(line, col int, what string) *entente.Error {
	return entente.TooMany(p.name, line, col, "", -1, p.width, what, p.widthFlag)
}

func (p *jsonParser) value() (*yaml.Node, *entente.Error) {
	start := p.next()
	line, col := p.index.Pos(start)
	tok, err := p.dec.Token()
	if err != nil {
		return nil, p.fail(err)
	}
	if p.count++; p.count > p.limit {
		e := infile.TooManyNodes(p.name, -1, p.limit)
		e.Line, e.Col = line, col
		e.Err = ErrTooManyNodes
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
				kl, kc := p.index.Pos(kstart)
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
				if p.width > 0 && len(n.Content) == 2*p.width {
					return nil, p.tooWide(line, col, "values in one object")
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
				if p.width > 0 && len(n.Content) == p.width {
					return nil, p.tooWide(line, col, "values in one list")
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
