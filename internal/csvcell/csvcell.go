// Package csvcell keeps CSV output from running as spreadsheet formulas.
//
// A spreadsheet opening a CSV file runs a cell that starts with =, +, -
// or @ (and, in some, a tab or a carriage return) as a formula, so a
// scenario, party or option named "=HYPERLINK(...)" would run when the
// file is opened ("CSV injection"). Every CSV writer of entente writes its
// cells through Neutralize, which puts an apostrophe before such a cell
// (the spreadsheet shows the text, without the apostrophe). Numbers, such
// as -0.25, are left as they are. Restore undoes Neutralize exactly, for
// readers of entente's own CSV.
package csvcell

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
)

// triggers are the first characters that make a spreadsheet cell a
// formula.
const triggers = "=+-@\t\r"

// risky reports whether a spreadsheet would run s as a formula, or s is a
// neutralized cell (so that Restore(Neutralize(s)) == s for every s).
func risky(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '\'' {
		return risky(s[1:])
	}
	if strings.IndexByte(triggers, s[0]) < 0 {
		return false
	}
	_, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	return err != nil
}

// Neutralize returns the cell to write for s: s with an apostrophe before
// it when a spreadsheet would run it as a formula, else s.
func Neutralize(s string) string {
	if risky(s) {
		return "'" + s
	}
	return s
}

// Restore returns the text of a cell Neutralize wrote.
func Restore(s string) string {
	if strings.HasPrefix(s, "'") && risky(s[1:]) {
		return s[1:]
	}
	return s
}

// Writer is a csv.Writer that neutralizes every cell.
type Writer struct {
	*csv.Writer
	buf []string
}

// NewWriter returns a Writer writing to w.
func NewWriter(w io.Writer) *Writer { return &Writer{Writer: csv.NewWriter(w)} }

// Write writes one record, each cell neutralized.
func (w *Writer) Write(record []string) error {
	w.buf = w.buf[:0]
	for _, c := range record {
		w.buf = append(w.buf, Neutralize(c))
	}
	return w.Writer.Write(w.buf)
}
