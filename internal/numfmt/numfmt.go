// Package numfmt formats numbers for people: at three significant
// figures, the precision the numbers of a negotiation model deserve (the
// report's tables and prose, explanations).
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Sig formats x at three significant figures without trailing zeros
// (0.645, 0.35, 42.8, 1200, -0.1); NaN is "–".
func Sig(x float64) string {
	switch {
	case math.IsNaN(x):
		return "–"
	case math.IsInf(x, 0):
		return strconv.FormatFloat(x, 'f', 0, 64)
	case x == 0:
		return "0"
	}
	d := max(0, 2-int(math.Floor(math.Log10(math.Abs(x)))))
	t := strconv.FormatFloat(x, 'f', d, 64)
	if strings.Contains(t, ".") {
		t = strings.TrimRight(strings.TrimRight(t, "0"), ".")
	}
	if t == "-0" {
		t = "0"
	}
	return t
}
