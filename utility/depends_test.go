package utility_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
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
		if got := f.TermsOn(i); got != (i == 5) {
			t.Errorf("issue %s: TermsOn %v, want %v", issues[i].Name, got, i == 5)
		}
	}
}

// TestAppendTerms: adding the applying terms' values one by one to a total
// is AddTerms, bit for bit, and no outcome that differs only in issues no
// term conditions (TermsOn) changes which terms apply.
func TestAppendTerms(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for trial := range 300 {
		issues := randomIssues(rng)
		f, err := utility.New(issues, randomProfile(rng, issues))
		if err != nil {
			t.Fatal(err)
		}
		sp := space.New(issues)
		var prev []float64
		var prevOut entente.Outcome
		if err := sp.Each(func(_ uint64, o entente.Outcome) bool {
			applied := f.AppendTerms(nil, o)
			base := rng.Float64()
			s := base
			for _, v := range applied {
				s += v
			}
			if got, want := s, f.AddTerms(base, o); math.Float64bits(got) != math.Float64bits(want) {
				t.Fatalf("trial %d, outcome %v: %v, want %v", trial, o, got, want)
			}
			if prevOut != nil {
				same := true
				for i := range o {
					if o[i] != prevOut[i] && f.TermsOn(i) {
						same = false
					}
				}
				if same && !slices.Equal(applied, prev) {
					t.Fatalf("trial %d: outcomes %v and %v differ only off the terms' issues, but apply %v and %v", trial, prevOut, o, prev, applied)
				}
			}
			prev, prevOut = applied, slices.Clone(o)
			return true
		}); err != nil {
			t.Fatal(err)
		}
	}
}
