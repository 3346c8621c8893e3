package wire

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/csvcell"
	"github.com/entente/entente/internal/parallel"
)

// Streaming the frontier. A frontier of millions of packages is a
// legitimate answer: WriteJSON and WriteCSV write it from the analysis's compact
// Frontier, formatted in chunks on all cores and written in order, so
// memory stays within a few chunks whatever its size. The bytes are those
// encoding/json and encoding/csv would write for the same points.

// frontierChunk is the number of frontier points formatted at a time.
const frontierChunk = 4096

// pointFormat formats packages and utilities as WriteJSON and WriteCSV do, with every issue name and option encoded once.
type pointFormat struct {
	s *entente.Scenario
	// order lists the issues by name, as encoding/json sorts map keys.
	order []int
	// keys[i] is issue i's name as a JSON string followed by ": ".
	keys [][]byte
	// options[i][v] is option v of discrete issue i as a JSON string.
	options [][][]byte
	// lines[j][v] is the whole line of the package's j-th issue in order
	// (f.order) when it is discrete and takes option v: the comma ending
	// the line before (but for the first), the indent, the key and the
	// option, so that a discrete issue costs one copy.
	lines [][][]byte
}

func newPointFormat(s *entente.Scenario) *pointFormat {
	f := &pointFormat{s: s, keys: make([][]byte, len(s.Issues)), options: make([][][]byte, len(s.Issues))}
	for i := range s.Issues {
		f.order = append(f.order, i)
		name, _ := json.Marshal(s.Issues[i].Name)
		f.keys[i] = append(name, ": "...)
		if s.Issues[i].Kind == entente.Discrete {
			for _, o := range s.Issues[i].Options {
				b, _ := json.Marshal(o)
				f.options[i] = append(f.options[i], b)
			}
		}
	}
	slices.SortFunc(f.order, func(a, b int) int {
		switch na, nb := s.Issues[a].Name, s.Issues[b].Name; {
		case na < nb:
			return -1
		case na > nb:
			return 1
		}
		return 0
	})
	f.lines = make([][][]byte, len(f.order))
	for j, i := range f.order {
		for _, opt := range f.options[i] {
			var line []byte
			if j > 0 {
				line = append(line, ',')
			}
			line = append(line, "\n        "...)
			line = append(line, f.keys[i]...)
			f.lines[j] = append(f.lines[j], append(line, opt...))
		}
	}
	return f
}

// appendJSONFloat appends x as encoding/json writes a float64: the
// shortest decimal that reads back to the same bits, in exponent form
// below 1e-6 and from 1e21 on (absolute value), with a one-digit
// exponent written without its leading zero.
func appendJSONFloat(b []byte, x float64) []byte {
	format := byte('f')
	if a := math.Abs(x); a != 0 && (a < 1e-6 || a >= 1e21) {
		format = 'e'
	}
	b = strconv.AppendFloat(b, x, format, -1, 64)
	if format == 'e' {
		// e-09 becomes e-9.
		if n := len(b); n >= 4 && b[n-4] == 'e' && b[n-3] == '-' && b[n-2] == '0' {
			b[n-2] = b[n-1]
			b = b[:n-1]
		}
	}
	return b
}

// appendPointJSON appends a Point (package and utilities) as an
// element of a top-level array of json.MarshalIndent(v, "", "  ").
func (f *pointFormat) appendPointJSON(b []byte, o entente.Outcome, u []float64) []byte {
	b = append(b, "    {\n      \"package\": {"...)
	for j, i := range f.order {
		if lines := f.lines[j]; lines != nil {
			b = append(b, lines[int(o[i])]...)
			continue
		}
		if j > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n        "...)
		b = append(b, f.keys[i]...)
		b = appendJSONFloat(b, o[i])
	}
	if len(f.order) > 0 {
		b = append(b, "\n      "...)
	}
	b = append(b, "},\n      \"utilities\": ["...)
	for p, x := range u {
		if p > 0 {
			b = append(b, ',')
		}
		b = append(b, "\n        "...)
		b = appendJSONFloat(b, x)
	}
	if len(u) > 0 {
		b = append(b, "\n      "...)
	}
	return append(b, "]\n    }"...)
}

// eachFrontierChunk formats the frontier in chunks on all cores with fn
// (which appends to buf) and writes the chunks to w in order. The chunks'
// buffers are reused, so the output makes no garbage however long.
func eachFrontierChunk(ctx context.Context, w io.Writer, fr *analysis.Frontier, fn func(buf []byte, lo, hi int) ([]byte, error)) error {
	free := make(chan []byte, 16)
	return parallel.Map(ctx, uint64(fr.Len()), parallel.Options{Chunk: frontierChunk},
		func(lo, hi uint64) ([]byte, error) {
			var buf []byte
			select {
			case buf = <-free:
			default:
			}
			return fn(buf[:0], int(lo), int(hi))
		},
		func(_, _ uint64, b []byte) error {
			_, err := w.Write(b)
			select {
			case free <- b:
			default:
			}
			return err
		})
}

// writeFrontierJSON writes the elements of the "pareto" array.
func (d *AnalysisDoc) writeFrontierJSON(ctx context.Context, w io.Writer) error {
	fr := d.r.Frontier
	f := newPointFormat(d.s)
	return eachFrontierChunk(ctx, w, fr, func(b []byte, lo, hi int) ([]byte, error) {
		o := make(entente.Outcome, len(d.s.Issues))
		for i := lo; i < hi; i++ {
			if i > 0 {
				b = append(b, ",\n"...)
			}
			b = f.appendPointJSON(b, fr.Outcome(i, o), fr.Utilities(i))
		}
		return b, nil
	})
}

// writeFrontierCSV writes the "pareto" rows, as csvcell.Writer writes
// csvRecord's cells, into the chunks' reused buffers: every discrete
// option's cell is encoded once (neutralised and quoted), the utilities
// are appended in place, and a numeric value's cell is formatted once per
// chunk, so a row allocates nothing.
func (d *AnalysisDoc) writeFrontierCSV(ctx context.Context, w io.Writer) error {
	fr := d.r.Frontier
	issues := d.s.Issues
	options := make([][][]byte, len(issues))
	for i := range issues {
		if issues[i].Kind == entente.Discrete {
			for _, o := range issues[i].Options {
				options[i] = append(options[i], csvCell(o))
			}
		}
	}
	return eachFrontierChunk(ctx, w, fr, func(b []byte, lo, hi int) ([]byte, error) {
		o := make(entente.Outcome, len(issues))
		numbers := map[[2]uint64][]byte{} // by issue and value's bits
		for i := lo; i < hi; i++ {
			fr.Outcome(i, o)
			b = append(b, "pareto,"...)
			for _, x := range fr.Utilities(i) {
				// Shortest form: never quoted, never a formula.
				b = strconv.AppendFloat(append(b, ','), x, 'g', -1, 64)
			}
			for j, v := range o {
				b = append(b, ',')
				if options[j] != nil {
					b = append(b, options[j][int(v)]...)
					continue
				}
				key := [2]uint64{uint64(j), math.Float64bits(v)}
				cell, ok := numbers[key]
				if !ok {
					cell = csvCell(issues[j].Format(v))
					numbers[key] = cell
				}
				b = append(b, cell...)
			}
			b = append(b, '\n')
		}
		return b, nil
	})
}

// csvCell is the text csvcell.Writer writes for one cell of a row.
func csvCell(s string) []byte {
	if s == "" {
		return nil
	}
	var b bytes.Buffer
	cw := csvcell.NewWriter(&b)
	_ = cw.Write([]string{s}) // encoding/csv quotes each field on its own
	cw.Flush()
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// spliceFrontier writes head (a json.MarshalIndent of the analysis with
// an empty "pareto" array) with the frontier streamed into that array.
func (d *AnalysisDoc) spliceFrontier(ctx context.Context, w io.Writer, head []byte) error {
	const empty = "\n  \"pareto\": [],"
	i := bytes.Index(head, []byte(empty))
	if i < 0 || d.r.Frontier.Len() == 0 {
		_, err := w.Write(head)
		return err
	}
	if _, err := fmt.Fprintf(w, "%s\n  \"pareto\": [\n", head[:i]); err != nil {
		return err
	}
	if err := d.writeFrontierJSON(ctx, w); err != nil {
		return err
	}
	if _, err := io.WriteString(w, "\n  ],"); err != nil {
		return err
	}
	_, err := w.Write(head[i+len(empty):])
	return err
}
