package utility_test

import (
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/utility"
)

// TestDepends: an issue counts when a weight gives it a non-zero entry,
// when an interaction term conditions it, or when it is real; a weight of
// zero, a table of zeros or no value function leave it out.
func TestDepends(t *testing.T) {
	issues := []entente.Issue{
		{Name: "a", Kind: entente.Discrete, Options: []string{"x", "y"}},
		{Name: "b", Kind: entente.Discrete, Options: []string{"x", "y"}},
		{Name: "c", Kind: entente.Integer, Min: 0, Max: 3},
		{Name: "d", Kind: entente.Discrete, Options: []string{"x", "y"}},
		{Name: "e", Kind: entente.Real, Min: 0, Max: 1},
		{Name: "f", Kind: entente.Discrete, Options: []string{"x", "y"}},
	}
	p := &entente.Preferences{
		Weights: []float64{0.5, 0, 0.5, 0.2, 0, 0},
		Values: []entente.ValueFunc{
			entente.Table{Values: []float64{0, 1}},
			entente.Table{Values: []float64{0, 1}},
			entente.Linear{Slope: 1.0 / 3},
			entente.Table{Values: []float64{0, 0}},
			entente.Linear{Slope: 1},
			nil,
		},
		Interactions: []entente.Interaction{{Boxes: []entente.Box{{{Issue: 5, Options: []int{1}}}}, Value: 0.1}},
	}
	f, err := utility.New(issues, p)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []bool{true, false, true, false, true, true} {
		if got := f.Depends(i); got != want {
			t.Errorf("issue %s: Depends %v, want %v", issues[i].Name, got, want)
		}
	}
}
