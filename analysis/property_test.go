package analysis_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// randomScenario builds a small scenario: 2-5 parties, up to a few thousand
// outcomes, discrete, integer and (sometimes) real issues, additive
// profiles with coarse values (so ties and duplicate vectors are common)
// and sometimes interaction terms.
func randomScenario(rng *rand.Rand) *entente.Scenario {
	s := &entente.Scenario{Name: "random"}
	nIssues := rng.IntN(4) + 1
	size := 1
	for i := 0; i < nIssues; i++ {
		is := entente.Issue{Name: fmt.Sprintf("i%d", i)}
		switch rng.IntN(5) {
		case 0, 1, 2:
			is.Kind = entente.Discrete
			for v := rng.IntN(6) + 1; v > 0; v-- {
				is.Options = append(is.Options, fmt.Sprintf("o%d", v))
			}
		case 3:
			is.Kind = entente.Integer
			is.Min = float64(rng.IntN(10) - 5)
			is.Max = is.Min + float64(rng.IntN(7))
		case 4:
			is.Kind = entente.Real
			is.Min, is.Max = 0, 10
		}
		n, ok := is.Size()
		if !ok {
			n = 11
		}
		if size*int(n) > 3000 {
			break
		}
		size *= int(n)
		s.Issues = append(s.Issues, is)
	}
	for p := rng.IntN(4) + 2; p > 0; p-- {
		pr := entente.Preferences{Normalization: entente.AsWritten, Reservation: float64(rng.IntN(5)) / 10}
		if rng.IntN(3) == 0 {
			pr.Normalization = entente.Genius
		}
		total := 0.0
		for i := range s.Issues {
			w := float64(rng.IntN(4))
			pr.Weights = append(pr.Weights, w)
			total += w
			is := &s.Issues[i]
			switch is.Kind {
			case entente.Discrete:
				vals := make([]float64, len(is.Options))
				for k := range vals {
					vals[k] = float64(rng.IntN(3)) / 2
				}
				pr.Values = append(pr.Values, entente.Table{Values: vals})
			case entente.Integer:
				pr.Values = append(pr.Values, entente.Linear{Offset: float64(rng.IntN(2)), Slope: []float64{-0.25, 0.25, 0.5}[rng.IntN(3)], Origin: is.Min, Clamp: true})
			case entente.Real:
				pr.Values = append(pr.Values, entente.Piecewise{X: []float64{0, 5, 10}, Y: []float64{float64(rng.IntN(2)), 1, float64(rng.IntN(2))}})
			}
		}
		if total == 0 {
			pr.Weights[0], total = 1, 1
		}
		for i := range pr.Weights {
			pr.Weights[i] /= total * 1.25 // leave room for bonuses
		}
		if rng.IntN(3) == 0 {
			i := rng.IntN(len(s.Issues))
			var c entente.Condition
			if s.Issues[i].Kind == entente.Discrete {
				c = entente.Condition{Issue: i, Options: []int{0}}
			} else {
				c = entente.Condition{Issue: i, Min: s.Issues[i].Min, Max: s.Issues[i].Min + 2}
			}
			pr.Interactions = append(pr.Interactions, entente.Interaction{Boxes: []entente.Box{{c}}, Value: 0.2, Outside: rng.IntN(2) == 0})
		}
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("p%d", len(s.Parties)), Preferences: pr})
	}
	return s
}

// bruteForce computes everything by definition, with O(n^2) dominance.
type brute struct {
	us                              [][]float64
	zone                            []int
	front                           []int
	nash, ks, egal, util            float64
	nashTies, ksTies, egTies, uTies uint64
}

func bruteForce(t *testing.T, s *entente.Scenario, resolution int) *brute {
	fs, err := utility.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	sp := space.Discretized(s.Issues, resolution)
	b := &brute{}
	_ = sp.Each(func(_ uint64, o entente.Outcome) bool {
		u := make([]float64, len(fs))
		for p, f := range fs {
			u[p] = f.Utility(o)
		}
		b.us = append(b.us, u)
		return true
	})
	rv := make([]float64, len(fs))
	for p, f := range fs {
		rv[p] = f.Reservation()
	}
	dominates := func(q, p []float64) bool {
		strict := false
		for i := range q {
			if q[i] < p[i]-analysis.Eps {
				return false
			}
			if q[i] > p[i]+analysis.Eps {
				strict = true
			}
		}
		return strict
	}
	for i, u := range b.us {
		dom := false
		for j, v := range b.us {
			if i != j && dominates(v, u) {
				dom = true
				break
			}
		}
		if !dom {
			b.front = append(b.front, i)
		}
		in := true
		for p := range u {
			if u[p] < rv[p] {
				in = false
			}
		}
		if in {
			b.zone = append(b.zone, i)
		}
	}
	ideal := make([]float64, len(fs))
	for p := range ideal {
		ideal[p] = math.Inf(-1)
		for _, i := range b.zone {
			ideal[p] = math.Max(ideal[p], b.us[i][p])
		}
	}
	obj := func(u []float64) (nash, ks, egal, util float64) {
		nash, ks, egal = 1, math.Inf(1), math.Inf(1)
		for p, x := range u {
			nash *= x - rv[p]
			egal = math.Min(egal, x-rv[p])
			util += x
			if ideal[p]-rv[p] > analysis.Eps {
				ks = math.Min(ks, (x-rv[p])/(ideal[p]-rv[p]))
			}
		}
		if math.IsInf(ks, 1) {
			ks = 1
		}
		return
	}
	b.nash, b.ks, b.egal, b.util = math.Inf(-1), math.Inf(-1), math.Inf(-1), math.Inf(-1)
	for _, i := range b.zone {
		n, k, e, u := obj(b.us[i])
		b.nash, b.ks, b.egal, b.util = math.Max(b.nash, n), math.Max(b.ks, k), math.Max(b.egal, e), math.Max(b.util, u)
	}
	for _, i := range b.zone {
		n, k, e, u := obj(b.us[i])
		if n >= b.nash-analysis.Eps {
			b.nashTies++
		}
		if k >= b.ks-analysis.Eps {
			b.ksTies++
		}
		if e >= b.egal-analysis.Eps {
			b.egTies++
		}
		if u >= b.util-analysis.Eps {
			b.uTies++
		}
	}
	return b
}

// TestAgainstBruteForce compares Analyze with the definitions on random
// small spaces, with one, two and three workers (the last with too little
// room to keep the zone between the passes).
func TestAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 11))
	for trial := 0; trial < 250; trial++ {
		s := randomScenario(rng)
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("trial %d: %v", trial, errs)
		}
		want := bruteForce(t, s, 5)
		for _, workers := range []int{1, 2, 3} {
			restore := func() {}
			if workers == 3 {
				// Too little room to keep the zone: a full second pass.
				restore = analysis.SetZoneListMax(3)
			}
			r, err := analysis.Analyze(context.Background(), s, analysis.Options{Resolution: 5, Workers: workers})
			restore()
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("trial %d (%d workers, %d outcomes, %d parties)", trial, workers, r.Outcomes, len(r.Parties))
			if r.Outcomes != uint64(len(want.us)) {
				t.Fatalf("%s: %d outcomes, brute force %d", where, r.Outcomes, len(want.us))
			}
			if r.Zone != uint64(len(want.zone)) {
				t.Fatalf("%s: zone %d, brute force %d", where, r.Zone, len(want.zone))
			}
			if r.ParetoOutcomes != uint64(len(want.front)) {
				t.Fatalf("%s: frontier %d outcomes, brute force %d", where, r.ParetoOutcomes, len(want.front))
			}
			// Every reported frontier point is a brute-force frontier outcome.
			onFront := map[uint64]bool{}
			for _, i := range want.front {
				onFront[uint64(i)] = true
			}
			for _, p := range r.Pareto {
				if !onFront[p.Index] {
					t.Fatalf("%s: outcome %d reported on the frontier but dominated", where, p.Index)
				}
				for q, x := range p.Utilities {
					if x != want.us[p.Index][q] {
						t.Fatalf("%s: utilities of %d differ", where, p.Index)
					}
				}
			}
			if len(want.zone) == 0 {
				if r.Nash != nil || r.KalaiSmorodinsky != nil {
					t.Fatalf("%s: solutions reported for an empty zone", where)
				}
				continue
			}
			check := func(name string, got *analysis.Solution, val float64, ties uint64) {
				if math.Abs(got.Value-val) > 1e-12 || got.Ties != ties {
					t.Fatalf("%s: %s = %v (%d ties), brute force %v (%d ties)", where, name, got.Value, got.Ties, val, ties)
				}
			}
			check("nash", r.Nash, want.nash, want.nashTies)
			check("kalai-smorodinsky", r.KalaiSmorodinsky, want.ks, want.ksTies)
			check("egalitarian", r.Egalitarian, want.egal, want.egTies)
			check("utilitarian", r.Utilitarian, want.util, want.uTies)
		}
	}
}

func TestSizeLimit(t *testing.T) {
	s := synthetic(2, 7, 1)
	_, err := analysis.Analyze(context.Background(), s, analysis.Options{MaxOutcomes: 1000})
	if err == nil || entente.ErrorCode(err) != entente.EUnsupported {
		t.Fatalf("got %v", err)
	}
	want := "the outcome space has 10000000 outcomes, more than the limit of 1000"
	if got := err.Error(); len(got) < len(want) || got[:len(want)] != want {
		t.Errorf("message %q", got)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := analysis.Analyze(ctx, synthetic(2, 5, 1), analysis.Options{}); err == nil {
		t.Fatal("a cancelled analysis must stop with an error")
	}
}

// TestZoneListingDistancesClouds checks the per-package queries and the
// streaming zone listing against the analysis itself.
func TestZoneListingDistancesClouds(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for trial := 0; trial < 60; trial++ {
		s := randomScenario(rng)
		r, err := analysis.Analyze(context.Background(), s, analysis.Options{Resolution: 4, CloudPairs: [][2]int{{0, 1}}, CloudCells: 20})
		if err != nil {
			t.Fatal(err)
		}
		var n uint64
		last := int64(-1)
		err = r.EachInZone(context.Background(), func(p analysis.Point) error {
			n++
			if int64(p.Index) <= last {
				t.Fatalf("zone listing out of order")
			}
			last = int64(p.Index)
			for q, x := range r.Utilities(p.Outcome) {
				if x != p.Utilities[q] || !entente.Reaches(x, r.Reservation[q]) {
					t.Fatalf("zone package %d: utilities %v", p.Index, p.Utilities)
				}
			}
			return nil
		})
		if err != nil || n != r.Zone {
			t.Fatalf("trial %d: listed %d zone packages, zone %d (%v)", trial, n, r.Zone, err)
		}
		for _, p := range r.Pareto {
			if d, _ := r.Distance(p.Utilities); d != 0 {
				t.Fatalf("a frontier point is %v from the frontier", d)
			}
		}
		if r.Nash != nil {
			if _, d := r.Distance(r.Nash.Utilities); d != 0 {
				t.Fatalf("the Nash point is %v from itself", d)
			}
		}
		zone, other := r.Clouds[0].Points()
		if (r.Zone > 0) != (len(zone) > 0) || (r.Zone < r.Outcomes) != (len(other) > 0) {
			t.Fatalf("trial %d: cloud has %d zone and %d other cells for zone %d of %d", trial, len(zone), len(other), r.Zone, r.Outcomes)
		}
	}
}

// TestFixedIssues checks that fixing an issue analyses exactly the
// packages that settle it that way.
func TestFixedIssues(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for trial := 0; trial < 60; trial++ {
		s := randomScenario(rng)
		all, err := analysis.Analyze(context.Background(), s, analysis.Options{Resolution: 4})
		if err != nil {
			t.Fatal(err)
		}
		v := all.Best[0].Outcome[0] // a value of issue 0 on the grid
		sub, err := analysis.Analyze(context.Background(), s, analysis.Options{Resolution: 4, Fixed: map[int]float64{0: v}})
		if err != nil {
			t.Fatal(err)
		}
		var n, zone uint64
		_ = all.EachInZone(context.Background(), func(p analysis.Point) error {
			if p.Outcome[0] == v {
				zone++
			}
			return nil
		})
		_ = all.Space().Each(func(_ uint64, o entente.Outcome) bool {
			if o[0] == v {
				n++
			}
			return true
		})
		if sub.Outcomes != n || sub.Zone != zone {
			t.Fatalf("trial %d: fixed analysis has %d outcomes and zone %d, filtering gives %d and %d", trial, sub.Outcomes, sub.Zone, n, zone)
		}
	}
}

// TestWholeSpaceFrontier is the worst case for a two-party frontier: with
// opposed linear preferences every package is Pareto-optimal, and
// enumeration order brings each new best-for-the-first-party point first.
// It must stay O(n log n): 250,000 frontier points in well under a second.
func TestWholeSpaceFrontier(t *testing.T) {
	const n = 500
	s := &entente.Scenario{
		Issues: []entente.Issue{
			{Name: "a", Kind: entente.Integer, Min: 0, Max: n - 1},
			{Name: "b", Kind: entente.Integer, Min: 0, Max: n - 1},
		},
	}
	// Party 1 prefers high a and low b, with different weights, so every
	// package has a distinct utility pair; party 2 the opposite.
	up := entente.Linear{Slope: 1.0 / (n - 1), Clamp: true}
	down := entente.Linear{Offset: 1, Slope: -1.0 / (n - 1), Clamp: true}
	s.Parties = []entente.Party{
		{Name: "p", Preferences: entente.Preferences{Weights: []float64{0.6, 0.4}, Values: []entente.ValueFunc{up, down}}},
		{Name: "q", Preferences: entente.Preferences{Weights: []float64{0.6, 0.4}, Values: []entente.ValueFunc{down, up}}},
	}
	r, err := analysis.Analyze(context.Background(), s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if r.ParetoOutcomes != n*n || len(r.Pareto) == 0 {
		t.Fatalf("frontier %d outcomes, %d vectors; want all %d", r.ParetoOutcomes, len(r.Pareto), n*n)
	}
}
