package stats

import (
	"math"
	"testing"
)

func TestWilson(t *testing.T) {
	// 8 of 10: the interval worked by hand from Wilson's formula.
	p, lo, hi := Wilson(8, 10)
	if p != 0.8 || math.Abs(lo-0.4901624) > 1e-6 || math.Abs(hi-0.9433178) > 1e-6 {
		t.Errorf("Wilson(8, 10) = %v [%v, %v]", p, lo, hi)
	}
	if _, lo, hi := Wilson(0, 5); lo != 0 || hi <= 0 || hi >= 1 {
		t.Errorf("Wilson(0, 5): [%v, %v]", lo, hi)
	}
	if _, lo, hi := Wilson(5, 5); hi != 1 || lo <= 0 {
		t.Errorf("Wilson(5, 5): [%v, %v]", lo, hi)
	}
	if p, _, _ := Wilson(0, 0); !math.IsNaN(p) {
		t.Error("Wilson(0, 0) is not NaN")
	}
}
