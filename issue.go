package entente

import (
	"fmt"
	"math"
	"strconv"
)

// IssueKind says what values an issue takes.
type IssueKind uint8

const (
	// Discrete issues take one of a list of named options, in a stated order.
	Discrete IssueKind = iota
	// Integer issues take a whole number in an inclusive range.
	Integer
	// Real issues take any number in an inclusive range (a continuum).
	Real
)

// String returns the kind's name as used in files: discrete, integer or real.
func (k IssueKind) String() string {
	switch k {
	case Discrete:
		return "discrete"
	case Integer:
		return "integer"
	case Real:
		return "real"
	}
	return fmt.Sprintf("IssueKind(%d)", uint8(k))
}

// ParseIssueKind is the inverse of IssueKind.String.
func ParseIssueKind(s string) (IssueKind, bool) {
	switch s {
	case "discrete":
		return Discrete, true
	case "integer":
		return Integer, true
	case "real":
		return Real, true
	}
	return 0, false
}

// Issue is one dimension of a negotiation: a question every package must
// answer.
type Issue struct {
	// Name identifies the issue within its scenario. It may contain spaces.
	Name string
	// Description is free text for people; it never affects utilities.
	Description string
	// Kind says which of the fields below apply.
	Kind IssueKind
	// Options are the values of a Discrete issue, in their stated order.
	// An option's identity is its exact text (no trimming).
	Options []string
	// Min and Max bound Integer (whole numbers) and Real issues, inclusive.
	Min, Max float64
	// Unsettled names the option of a Discrete issue that leaves the issue
	// open ("status deferred"): a package with this option does not settle
	// the issue, so Affected rules on it do not apply. Empty when every
	// option settles the issue.
	Unsettled string
	// Guarantees say who guarantees which options of a Discrete issue, at
	// most one per option.
	Guarantees []Guarantee
}

// Clone returns a deep copy of the issue: nothing is shared with is.
func (is *Issue) Clone() Issue {
	c := *is
	c.Options = cloneSlice(is.Options)
	if is.Guarantees != nil {
		c.Guarantees = make([]Guarantee, len(is.Guarantees))
		for k, g := range is.Guarantees {
			g.Guarantors = cloneSlice(g.Guarantors)
			c.Guarantees[k] = g
		}
	}
	return c
}

// Settles reports whether value x settles the issue (see Unsettled).
func (is *Issue) Settles(x float64) bool {
	return is.Unsettled == "" || is.Kind != Discrete || is.Options[int(x)] != is.Unsettled
}

// Size returns the number of values the issue can take, and false for a
// Real issue (a continuum) or a size that does not fit in an int64.
func (is *Issue) Size() (int64, bool) {
	switch is.Kind {
	case Discrete:
		return int64(len(is.Options)), true
	case Integer:
		n := is.Max - is.Min + 1
		if n < 0 || n > math.MaxInt64/2 {
			return 0, false
		}
		return int64(n), true
	}
	return 0, false
}

// Finite reports whether the issue has a finite set of values.
func (is *Issue) Finite() bool { return is.Kind != Real }

// OptionIndex returns the index of the option with exactly this text, or -1.
func (is *Issue) OptionIndex(name string) int {
	for i, o := range is.Options {
		if o == name {
			return i
		}
	}
	return -1
}

// Valid reports whether v is a value of the issue: an option index for a
// Discrete issue, a whole number in range for an Integer issue, a number in
// range for a Real issue.
func (is *Issue) Valid(v float64) bool {
	switch is.Kind {
	case Discrete:
		return v >= 0 && v < float64(len(is.Options)) && v == math.Trunc(v)
	case Integer:
		return v >= is.Min && v <= is.Max && v == math.Trunc(v)
	case Real:
		return v >= is.Min && v <= is.Max
	}
	return false
}

// Format writes v the way files and people see it: the option text for a
// Discrete issue, the number otherwise.
func (is *Issue) Format(v float64) string {
	if is.Kind == Discrete {
		if i := int(v); is.Valid(v) {
			return is.Options[i]
		}
		return fmt.Sprintf("<option %v>", v)
	}
	return FormatNumber(GridValue(v))
}

// GridValue returns a numeric issue's value as meant: rounded to 12
// significant digits, so that a grid point computed by interpolation
// (42.800000000000004) reads as the grid value it stands for (42.8).
// Values written with at most 12 significant digits come back unchanged.
func GridValue(v float64) float64 {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return v
	}
	r, err := strconv.ParseFloat(strconv.FormatFloat(v, 'g', 12, 64), 64)
	if err != nil {
		return v
	}
	return r
}

// Parse reads a value as Format writes it. It reports false when the text
// is not a value of the issue.
func (is *Issue) Parse(s string) (float64, bool) {
	if is.Kind == Discrete {
		i := is.OptionIndex(s)
		return float64(i), i >= 0
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || !is.Valid(v) {
		return 0, false
	}
	return v, true
}

// Outcome is a complete package: one value per issue of its scenario, in
// issue order. A Discrete issue's value is the index of its option; an
// Integer or Real issue's value is the number itself. Nothing is agreed
// until everything is agreed, so an outcome always covers every issue.
type Outcome []float64

// Source is a named input: a path (used in messages) and its bytes.
type Source struct {
	Name string
	Data []byte
}

// FormatNumber writes a number in the shortest form that reads back to the
// same bits, with whole numbers below 10^21 written out in full (1000000,
// not 1e+06), as people and files expect.
func FormatNumber(v float64) string {
	if v == math.Trunc(v) && math.Abs(v) < 1e21 {
		return strconv.FormatFloat(v, 'f', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', -1, 64)
}
