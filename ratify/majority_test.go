package ratify_test

import (
	"testing"

	"github.com/entente/entente"
)

// TestMajorityIsNotDecidedByRounding: a majority bloc's accepting weight
// must exceed half of the total by more than the acceptance tolerance
// (docs/format.md), so that exactly half never passes because
// 0.2 + 0.1 rounds to 0.30000000000000004 while 0.3 + 0.2 + 0.1 rounds to
// 0.6. Members a, b, c weigh 3:2:1; b and c (half the weight) accept
// ceding, a and c (two thirds) holding.
func TestMajorityIsNotDecidedByRounding(t *testing.T) {
	for _, w := range [][3]float64{{3, 2, 1}, {0.3, 0.2, 0.1}, {0.03, 0.02, 0.01}, {30, 20, 10}} {
		s := twoLevel(entente.BlocMajority, 0, 0)
		for m := range w {
			s.Parties[1].Bloc.Members[m].Weight = w[m]
		}
		set := compile(t, s)
		if set.Accepts(1, cededYes) {
			t.Errorf("weights %v: half of the weight accepts ceding, which is not more than half", w)
		}
		if !set.Accepts(1, heldYes) {
			t.Errorf("weights %v: two thirds of the weight accept holding, a majority", w)
		}
		if set.Agreed(cededYes, []bool{true, true}, make([]bool, 2)) {
			t.Errorf("weights %v: agreed on ceding with half of the bloc", w)
		}
	}
}
