package numfmt

import (
	"math"
	"testing"
)

func TestSig(t *testing.T) {
	for _, tc := range []struct {
		x    float64
		want string
	}{
		{0, "0"}, {0.6446, "0.645"}, {0.35, "0.35"}, {42.800000000000004, "42.8"}, {1234, "1234"},
		{-0.1, "-0.1"}, {0.000143, "0.000143"}, {0.0996, "0.0996"}, {-0.0000001, "-0.0000001"},
		{1e-9 / 3, "0.000000000333"}, {math.NaN(), "–"}, {0.99999, "1"}, {-0.0004, "-0.0004"},
	} {
		if got := Sig(tc.x); got != tc.want {
			t.Errorf("Sig(%v) = %q, want %q", tc.x, got, tc.want)
		}
	}
}
