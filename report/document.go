package report

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/entente/entente/internal/numfmt"
)

// Document is a report.
type Document struct {
	// Title and Subtitle head the document.
	Title, Subtitle string
	// Summary holds the plain-language summary's paragraphs.
	Summary []string
	// Sections follow the summary, in order.
	Sections []*Section
	// Numbers are the key numbers by name (e.g. "zone.packages"), as
	// computed: what the text states.
	Numbers map[string]float64
}

// Section is one part of a report, usually answering one question.
type Section struct {
	// ID is the section's anchor (and the name of its screenshot in tests).
	ID string
	// Title heads the section; Question, when set, is the question it
	// answers.
	Title, Question string
	// Blocks are its content, in order.
	Blocks []Block
}

// Block is a piece of a section: Paragraph, Bullets, Table, Figure or
// Callout.
type Block interface{ block() }

// Paragraph is text.
type Paragraph string

// Bullets is a list.
type Bullets []string

// Callout is a highlighted finding.
type Callout string

// Table is a table with a caption.
type Table struct {
	Caption string
	Head    []string
	Rows    [][]string
	// Numeric marks the columns to align right.
	Numeric []bool
	// Widths, when set, are the columns' shares of the table's width in
	// percent (HTML), so that long text wraps in readable columns.
	Widths []int
}

// Figure is a chart with a caption; SVG holds the drawing.
type Figure struct {
	Caption, Alt string
	SVG          []byte
	// Labels and Values are a bar chart's bars, in the order drawn (nil
	// for other charts), so that tests and other programs can read what
	// the chart shows. Bins marks a histogram, whose bars follow its bins;
	// other bar charts are sorted, largest first (by size for signed
	// values).
	Labels []string
	Values []float64
	Bins   bool
}

func (Paragraph) block() {}
func (Bullets) block()   {}
func (Callout) block()   {}
func (*Table) block()    {}
func (*Figure) block()   {}

// dataURI returns the figure as an image address that needs no request.
func (f *Figure) dataURI() string {
	return "data:image/svg+xml;base64," + base64.StdEncoding.EncodeToString(f.SVG)
}

func (d *Document) add(s *Section) *Section {
	d.Sections = append(d.Sections, s)
	return s
}

func (s *Section) para(format string, args ...any) {
	s.Blocks = append(s.Blocks, Paragraph(fmt.Sprintf(format, args...)))
}

func (s *Section) callout(format string, args ...any) {
	s.Blocks = append(s.Blocks, Callout(fmt.Sprintf(format, args...)))
}

// num formats a number for text and tables at three significant figures,
// without trailing zeros (0.645, 0.35, 42.8, 1200).
func num(x float64) string { return numfmt.Sig(x) }

// signed formats a difference at three significant figures with its
// sign (+0.042, −0.1).
func signed(x float64) string {
	if x > 0 {
		return "+" + num(x)
	}
	return num(x)
}

// count formats an integer with thousands separators.
func count(n uint64) string {
	s := strconv.FormatUint(n, 10)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// pct formats a share as a percentage.
func pct(x float64) string {
	if math.IsNaN(x) {
		return "–"
	}
	if x > 0 && x < 0.001 {
		return "<0.1%"
	}
	return strconv.FormatFloat(100*x, 'f', 1, 64) + "%"
}
