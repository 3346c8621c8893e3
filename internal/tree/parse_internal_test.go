package tree

import (
	"strings"
	"testing"
)

// Issue 19, finding 8: a syntax error at the end of a 100 MB file took
// 248 s to locate, because the line was found by bisection over prefixes
// of the whole file. The search now starts at the line the parser reports:
// the usual case costs two parses of a prefix, whatever the length.
func TestFindErrorLineParsesLittle(t *testing.T) {
	var b strings.Builder
	b.WriteString("entente: 1\ndescription: |\n")
	for range 100_000 {
		b.WriteString("  filler\n")
	}
	b.WriteString("rules: [unclosed\n")
	lines := strings.SplitAfter(b.String(), "\n")
	want := 100_003
	parses := 0
	fails := failsWith(lines, "did not find expected ',' or ']'")
	counted := func(k int) bool { parses++; return fails(k) }
	// The parser's own report for this file.
	if got := findErrorLine(lines, want, counted); got != want || parses > 3 {
		t.Errorf("line %d after %d parses, want line %d after at most 3", got, parses, want)
	}
	// A report one line early (as the parser gives for some errors).
	parses = 0
	if got := findErrorLine(lines, want-1, counted); got != want || parses > 4 {
		t.Errorf("from one line early: line %d after %d parses, want %d after at most 4", got, parses, want)
	}
	// No report: bisection, still right.
	parses = 0
	if got := findErrorLine(lines, 0, counted); got != want {
		t.Errorf("without a report: line %d, want %d", got, want)
	}
	// Through the decoder, with the position.
	_, errs := Parse("deal.yaml", []byte(b.String()), Options{})
	if errs == nil || !strings.HasPrefix(errs.Error(), "deal.yaml:100003:1: malformed YAML: did not find expected ',' or ']'") {
		t.Errorf("got %v", errs)
	}
}
