package protocol

import (
	"math"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
)

// TestVerdictsIndex: the table's index of every package of spaces of
// options, integers, real grids and a fixed issue is the space's own
// (space.At), and values between, beyond or outside the grid are not
// packages.
func TestVerdictsIndex(t *testing.T) {
	issues := []entente.Issue{
		{Name: "d", Kind: entente.Discrete, Options: []string{"a", "b", "c"}},
		{Name: "n", Kind: entente.Integer, Min: 12, Max: 15},
		{Name: "r", Kind: entente.Real, Min: -0.3, Max: 0.7},
		{Name: "big", Kind: entente.Real, Min: 1e6, Max: 3.3e6},
		{Name: "point", Kind: entente.Real, Min: 2, Max: 2},
	}
	fixed, err := space.Discretized(issues, 7).Fix(0, 2)
	if err != nil {
		t.Fatal(err)
	}
	for name, sp := range map[string]*space.Space{"grid of 11": space.Discretized(issues, 11), "grid of 7": space.Discretized(issues, 7), "issue fixed": fixed} {
		v := &Verdicts{}
		if !v.indexing(sp) {
			t.Fatalf("%s: no index", name)
		}
		n, _ := sp.Len()
		o := make(entente.Outcome, len(issues))
		for idx := range n {
			sp.At(idx, o)
			if got, ok := v.index(o); !ok || got != idx {
				t.Fatalf("%s: package %d %v: index %d, %v", name, idx, o, got, ok)
			}
			// Off the grid, issue by issue.
			for i := range o {
				x := o[i]
				for _, off := range []float64{x + 0.5*(sp.Value(i, 1)-sp.Value(i, 0)), math.Nextafter(x, math.Inf(1)), math.NaN(), math.Inf(1), math.Inf(-1), -1e300, 1e300} {
					if sp.Radix(i) == 1 && off == x {
						continue
					}
					o[i] = off
					if got, ok := v.index(o); ok {
						t.Fatalf("%s: %v is off the grid, yet index %d", name, o, got)
					}
				}
				o[i] = x
			}
		}
	}
	// A space too large or not finite remembers nothing.
	huge := []entente.Issue{{Name: "n", Kind: entente.Integer, Min: 0, Max: 1e6}}
	if (&Verdicts{}).indexing(space.Discretized(huge, 11)) {
		t.Error("an issue of 10^6 values is indexed")
	}
	if (&Verdicts{}).indexing(space.New(issues)) {
		t.Error("a continuous space is indexed")
	}
}
