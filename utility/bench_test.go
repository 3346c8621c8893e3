package utility_test

import (
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// additive6 is a six-issue additive profile with five options per issue
// (15,625 outcomes), the size of the ANAC Car domains.
func additive6() ([]entente.Issue, *entente.Preferences) {
	rng := rand.New(rand.NewPCG(1, 1))
	var issues []entente.Issue
	p := &entente.Preferences{Normalization: entente.Genius}
	for i := 0; i < 6; i++ {
		issues = append(issues, entente.Issue{Name: string(rune('a' + i)), Kind: entente.Discrete, Options: []string{"1", "2", "3", "4", "5"}})
		vals := make([]float64, 5)
		for k := range vals {
			vals[k] = float64(rng.IntN(100))
		}
		p.Weights = append(p.Weights, 1.0/6)
		p.Values = append(p.Values, entente.Table{Values: vals})
	}
	return issues, p
}

// BenchmarkUtility measures one evaluation of an additive profile.
func BenchmarkUtility(b *testing.B) {
	issues, p := additive6()
	f, err := utility.New(issues, p)
	if err != nil {
		b.Fatal(err)
	}
	o := entente.Outcome{1, 2, 3, 4, 0, 1}
	b.ReportAllocs()
	sink := 0.0
	for b.Loop() {
		sink += f.Utility(o)
	}
	_ = sink
}

// BenchmarkEnumerate measures enumerating 15,625 outcomes and evaluating
// each; it reports ns per outcome.
func BenchmarkEnumerate(b *testing.B) {
	issues, p := additive6()
	f, err := utility.New(issues, p)
	if err != nil {
		b.Fatal(err)
	}
	sp := space.New(issues)
	n, _ := sp.Len()
	b.ReportAllocs()
	sink := 0.0
	for b.Loop() {
		_ = sp.Each(func(_ uint64, o entente.Outcome) bool { sink += f.Utility(o); return true })
	}
	_ = sink
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(uint64(b.N)*n), "ns/outcome")
}

// BenchmarkBestNonlinear measures the exact branch-and-bound search for the
// best outcome of a GENIUS-style non-linear profile: 10 integer issues 0..9
// (10^10 outcomes) and 40 random hyper-rectangles.
func BenchmarkBestNonlinear(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	var issues []entente.Issue
	for i := 0; i < 10; i++ {
		issues = append(issues, entente.Issue{Name: string(rune('a' + i)), Kind: entente.Integer, Min: 0, Max: 9})
	}
	p := &entente.Preferences{Normalization: entente.Genius, MaxUtility: 500}
	for k := 0; k < 40; k++ {
		var box entente.Box
		for _, i := range rng.Perm(10)[:4] {
			lo := float64(rng.IntN(8))
			box = append(box, entente.Condition{Issue: i, Min: lo, Max: lo + float64(rng.IntN(int(10-lo)))})
		}
		p.Interactions = append(p.Interactions, entente.Interaction{Boxes: []entente.Box{box}, Value: float64(rng.IntN(100))})
	}
	f, err := utility.New(issues, p)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if e := f.Best(); !e.Exact {
			b.Fatal("search not exact")
		}
	}
}

// BenchmarkExtremesWideRange measures Best and Worst of a profile of 1,000
// interaction terms on an integer issue of 10^9 values and a discrete one
// (the hostile case of issue 15 that took 250 s): the search works on the
// terms' edges, not the range.
func BenchmarkExtremesWideRange(b *testing.B) {
	issues := []entente.Issue{
		{Name: "x", Kind: entente.Integer, Min: 0, Max: 1e9},
		{Name: "y", Kind: entente.Discrete, Options: []string{"p", "q"}},
	}
	p := &entente.Preferences{Weights: []float64{0.5, 0.4}, Values: []entente.ValueFunc{entente.Linear{Slope: 1e-9}, entente.Table{Values: []float64{1, 0}}}}
	for t := range 1000 {
		lo := float64(t) * 999_000
		p.Interactions = append(p.Interactions, entente.Interaction{Value: 1e-4 * float64(1+t%3), Boxes: []entente.Box{{
			{Issue: 0, Min: lo + 100, Max: lo + 200_000}, {Issue: 1, Options: []int{1}},
		}}})
	}
	f, err := utility.New(issues, p)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if bst, wst := f.Best(), f.Worst(); !bst.Exact || !wst.Exact {
			b.Fatal("search not exact")
		}
	}
}
