package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// gridScenario writes a two-party scenario of 10^6 packages (two integer
// issues of 1,000 values) whose first party has terms interaction boxes
// over both issues.
func gridScenario(t *testing.T, terms int) string {
	t.Helper()
	var b strings.Builder
	wy := "0.5"
	if terms > 0 {
		wy = "0.4" // the terms add up to 0.1 at most
	}
	fmt.Fprintf(&b, `entente: 1
name: grid
issues:
  - {name: x, kind: integer, range: [0, 999]}
  - {name: y, kind: integer, range: [0, 999]}
parties:
  - name: a
    weights: {x: 0.5, y: %s}
    values:
      x: {linear: {offset: 0, slope: 0.001, origin: 0}}
      y: {linear: {offset: 1, slope: -0.001, origin: 0}}
`, wy)
	if terms > 0 {
		b.WriteString("    interactions:\n")
	}
	for k := range terms {
		x0, y0 := k*37%900, k*53%900
		fmt.Fprintf(&b, "      - {name: t%d, when: {x: [%d, %d], y: [%d, %d]}, value: %g}\n", k, x0, x0+100, y0, y0+100, 0.1/float64(terms))
	}
	b.WriteString(`  - name: b
    weights: {x: 0.5, y: 0.5}
    values:
      x: {linear: {offset: 1, slope: -0.001, origin: 0}}
      y: {linear: {offset: 0, slope: 0.001, origin: 0}}
`)
	path := filepath.Join(t.TempDir(), "grid.yaml")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestAnalysisWorkIsEstimated: the exact analysis evaluates every
// interaction term of every package. 20,000 boxes over 10^6 packages (6·10^10
// condition checks, minutes of work) are within every count limit, so the
// work itself is estimated first and refused above --max-work, by analyze,
// report and negotiate (whose strategies sort the packages by utility
// first), with the estimate and the ways out; before, all three ran for
// minutes with no estimate. The same space without terms is analysed.
func TestAnalysisWorkIsEstimated(t *testing.T) {
	heavy := gridScenario(t, 20000)
	for _, args := range [][]string{
		{"analyze", heavy},
		{"analyze", "--json", heavy},
		{"report", "-o", filepath.Join(t.TempDir(), "r.html"), heavy},
	} {
		var out, errb bytes.Buffer
		code := run(args, &out, &errb)
		msg := errb.String()
		if code != 1 || !strings.Contains(msg, "1000000 packages would check about 6e+10 conditions of interaction terms") || !strings.Contains(msg, "--max-work") {
			t.Errorf("%v: exit code %d:\n%s", args[0], code, msg)
		}
	}
	// negotiate: its strategies sort the packages first, the same work.
	var out, errb bytes.Buffer
	if code := run([]string{"negotiate", heavy}, &out, &errb); code != 1 || !strings.Contains(errb.String(), "sort the 1000000 packages") || !strings.Contains(errb.String(), "--max-work") {
		t.Errorf("negotiate: exit code %d:\n%s", code, errb.String())
	}
	out.Reset()
	errb.Reset()
	if code := run([]string{"analyze", gridScenario(t, 0)}, &out, &errb); code != 0 || !strings.Contains(out.String(), "agreement zone") {
		t.Errorf("without terms: exit code %d:\n%s", code, errb.String())
	}
}
