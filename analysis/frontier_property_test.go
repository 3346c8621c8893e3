package analysis_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// tieScenario builds a small scenario made for ties: 1 to 5 parties,
// discrete issues whose values come from a short list (so many packages
// share a vector), equal or small integer weights (so the same values
// summed in another order differ by a rounding error), values nudged by
// amounts around 1e-12 (so utilities lie within, at, and just beyond the
// tolerance of each other), GENIUS profiles whose cap binds, and
// sometimes an interaction term (the streamed frontier) or a politics
// rule (zones that depend on the package).
func tieScenario(rng *rand.Rand) *entente.Scenario {
	s := &entente.Scenario{Name: "ties"}
	size := 1
	for i := rng.IntN(5) + 1; i > 0; i-- {
		n := rng.IntN(5) + 2
		if size*n > 2500 {
			break
		}
		size *= n
		is := entente.Issue{Name: fmt.Sprintf("i%d", len(s.Issues)), Kind: entente.Discrete}
		for v := 0; v < n; v++ {
			is.Options = append(is.Options, fmt.Sprintf("o%d", v))
		}
		s.Issues = append(s.Issues, is)
	}
	base := []float64{0, 0.5, 1, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3}
	nudges := []float64{0, 0, 0, 1e-13, 5e-13, 1e-12, -1e-12, 1.5e-12, 3e-12, 2e-16}
	for p := rng.IntN(5) + 1; p > 0; p-- {
		pr := entente.Preferences{Normalization: entente.AsWritten, Reservation: float64(rng.IntN(4)) / 10}
		switch rng.IntN(3) {
		case 0:
			pr.Normalization = entente.Genius
		case 1:
			// Weights summing to more than 1 under GENIUS: the cap binds.
			pr.Normalization = entente.Genius
			pr.Reservation = 0.5
		}
		equal := rng.IntN(2) == 0
		for i := range s.Issues {
			w := 1.0
			if !equal {
				w = float64(rng.IntN(3) + 1)
			}
			pr.Weights = append(pr.Weights, w/float64(len(s.Issues)))
			vals := make([]float64, len(s.Issues[i].Options))
			for v := range vals {
				vals[v] = math.Min(1, math.Max(0, base[rng.IntN(len(base))]+nudges[rng.IntN(len(nudges))]))
			}
			vals[rng.IntN(len(vals))] = 1 // GENIUS tables reach 1
			pr.Values = append(pr.Values, entente.Table{Values: vals})
		}
		if pr.Normalization == entente.Genius && pr.Reservation == 0.5 {
			for i := range pr.Weights {
				pr.Weights[i] *= 1.5
			}
		}
		if rng.IntN(12) == 0 {
			pr.Interactions = append(pr.Interactions, entente.Interaction{
				Boxes: []entente.Box{{{Issue: 0, Options: []int{0}}}}, Value: []float64{0.1, 1e-12, 0.5e-12}[rng.IntN(3)]})
		}
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("p%d", len(s.Parties)), Preferences: pr})
	}
	if len(s.Parties) >= 2 && rng.IntN(5) == 0 {
		// Only the first two parties are needed: the zone then depends on
		// more than the utilities of every party.
		s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0, 1}}}
	}
	return s
}

// frontierBrute is the frontier by definition (docs/analyze.md), with
// O(n^2) dominance over every package.
type frontierBrute struct {
	us     [][]float64
	front  []bool // on the frontier with tolerance
	maxima []bool // no package dominates it exactly
}

func bruteFrontier(us [][]float64) *frontierBrute {
	b := &frontierBrute{us: us, front: make([]bool, len(us)), maxima: make([]bool, len(us))}
	for i, p := range us {
		b.front[i], b.maxima[i] = true, true
		for j, q := range us {
			if i == j {
				continue
			}
			tol, ge, gt := true, true, false
			strict := false
			for x := range p {
				if q[x] < p[x]-analysis.Eps {
					tol = false
				}
				if q[x] > p[x]+analysis.Eps {
					strict = true
				}
				if q[x] < p[x] {
					ge = false
				}
				if q[x] > p[x] {
					gt = true
				}
			}
			if tol && strict {
				b.front[i] = false
			}
			if ge && gt {
				b.maxima[i] = false
			}
		}
	}
	return b
}

// utilitiesOf enumerates every package's utilities with utility.Func.
func utilitiesOf(t *testing.T, s *entente.Scenario) [][]float64 {
	t.Helper()
	fs, err := utility.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	var us [][]float64
	_ = space.Discretized(s.Issues, 4).Each(func(_ uint64, o entente.Outcome) bool {
		u := make([]float64, len(fs))
		for p, f := range fs {
			u[p] = f.Utility(o)
		}
		us = append(us, u)
		return true
	})
	return us
}

// TestFrontierAgainstBruteForce compares the frontier of Analyze (its
// package count, the count in the zone, and the listed vectors with their
// first packages) with the definition on scenarios full of ties,
// duplicates and values within 1e-12 of each other, with 1, 2 and 3
// workers (the issue-by-issue merge then cuts its levels into bands); the
// lists must be the same whatever the number of workers.
func TestFrontierAgainstBruteForce(t *testing.T) {
	// Merge every level of more than a few candidates on several cores.
	defer analysis.SetParallelLevel(8)()
	rng := rand.New(rand.NewPCG(14, 2026))
	paths := map[string]int{}
	for trial := 0; trial < 400; trial++ {
		s := tieScenario(rng)
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("trial %d: %v", trial, errs)
		}
		us := utilitiesOf(t, s)
		b := bruteFrontier(us)
		var zone []bool
		if len(s.Rules) > 0 {
			zone = bruteFromDefinitions(t, s, 4).zone
		} else {
			fs, _ := utility.Compile(s)
			for _, u := range us {
				in := true
				for p, f := range fs {
					// docs/format.md: a utility reaches its walk-away value
					// when it falls short by at most 1e-9, except under the
					// genius convention, which compares exactly.
					tol := 1e-9
					if s.Parties[p].Preferences.Normalization == entente.Genius {
						tol = 0
					}
					if u[p] < f.Reservation()-tol {
						in = false
					}
				}
				zone = append(zone, in)
			}
		}
		var front, inZone uint64
		first := map[string]uint64{} // listed vectors: maximal and on the frontier
		for i, u := range us {
			if !b.front[i] {
				continue
			}
			front++
			if zone[i] {
				inZone++
			}
			if b.maxima[i] {
				if _, ok := first[fmt.Sprint(u)]; !ok {
					first[fmt.Sprint(u)] = uint64(i)
				}
			}
		}
		path := "merged"
		for p := range s.Parties {
			if len(s.Parties[p].Preferences.Interactions) > 0 || len(s.Rules) > 0 {
				path = "streamed"
			}
		}
		paths[path]++
		var lists [][]analysis.Point
		for _, workers := range []int{1, 2, 3} {
			r, err := analysis.Analyze(context.Background(), s, analysis.Options{Resolution: 4, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("trial %d (%s, %d workers, %d packages, %d parties)", trial, path, workers, len(us), len(s.Parties))
			if r.ParetoOutcomes != front || r.ParetoInZone != inZone {
				t.Fatalf("%s: frontier %d packages (%d in the zone), brute force %d (%d)", where, r.ParetoOutcomes, r.ParetoInZone, front, inZone)
			}
			if len(r.Pareto) != len(first) || r.Frontier.Len() != len(first) {
				t.Fatalf("%s: %d frontier vectors listed (%d in Frontier), brute force %d", where, len(r.Pareto), r.Frontier.Len(), len(first))
			}
			for i, p := range r.Pareto {
				idx, ok := first[fmt.Sprint(p.Utilities)]
				if !ok || idx != p.Index {
					t.Fatalf("%s: listed vector %v at package %d; brute force: listed %v, first package %d", where, p.Utilities, p.Index, ok, idx)
				}
				if !slices.Equal(p.Utilities, us[p.Index]) || !slices.Equal(r.Frontier.Utilities(i), p.Utilities) || r.Frontier.Index(i) != p.Index {
					t.Fatalf("%s: point %d is not its package's", where, i)
				}
				if i > 0 && !lexDescending(r.Pareto[i-1].Utilities, p.Utilities) {
					t.Fatalf("%s: vectors %d and %d out of order", where, i-1, i)
				}
			}
			lists = append(lists, r.Pareto)
		}
		for w := 1; w < len(lists); w++ {
			if !slices.EqualFunc(lists[0], lists[w], func(a, b analysis.Point) bool {
				return a.Index == b.Index && slices.Equal(a.Utilities, b.Utilities)
			}) {
				t.Fatalf("trial %d: the frontier depends on the number of workers", trial)
			}
		}
	}
	if paths["merged"] < 200 || paths["streamed"] < 80 {
		t.Fatalf("too few trials of a path: %v", paths)
	}
}

func lexDescending(a, b []float64) bool {
	for p := range a {
		if a[p] != b[p] {
			return a[p] > b[p]
		}
	}
	return false
}

// TestParetoPoints checks that Options.ParetoPoints limits the
// materialised points only.
func TestParetoPoints(t *testing.T) {
	s := synthetic(3, 4, 7)
	all, err := analysis.Analyze(context.Background(), s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(all.Pareto) < 3 {
		t.Fatalf("only %d frontier points", len(all.Pareto))
	}
	for _, tc := range []struct{ limit, want int }{{0, len(all.Pareto)}, {2, 2}, {-1, 0}, {1 << 20, len(all.Pareto)}} {
		r, err := analysis.Analyze(context.Background(), s, analysis.Options{ParetoPoints: tc.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(r.Pareto) != tc.want || r.Frontier.Len() != len(all.Pareto) || r.ParetoOutcomes != all.ParetoOutcomes {
			t.Fatalf("limit %d: %d points, %d in Frontier; want %d of %d", tc.limit, len(r.Pareto), r.Frontier.Len(), tc.want, len(all.Pareto))
		}
		for i, p := range r.Pareto {
			if p.Index != all.Pareto[i].Index {
				t.Fatalf("limit %d: point %d differs", tc.limit, i)
			}
		}
	}
}

// TestFullSecondPass checks the solutions of profiles that are not
// additive, under politics, against their definitions when pass 1 has
// too little room to keep the zone and pass 2 walks the whole space again
// (the default keeps small zones, see TestPoliticsAgainstBruteForce).
func TestFullSecondPass(t *testing.T) {
	defer analysis.SetZoneListMax(3)()
	rng := rand.New(rand.NewPCG(2026, 14))
	full := 0
	for trial := 0; trial < 150; trial++ {
		s := randomScenario(rng)
		addPolitics(rng, s)
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("trial %d: %v", trial, errs)
		}
		want := bruteFromDefinitions(t, s, 4)
		r, err := analysis.Analyze(context.Background(), s, analysis.Options{Resolution: 4, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		where := fmt.Sprintf("trial %d (%d outcomes)", trial, r.Outcomes)
		if r.Zone != count(want.zone) {
			t.Fatalf("%s: zone %d, brute force %d", where, r.Zone, count(want.zone))
		}
		if r.Zone > 3 {
			full++
		}
		if !r.Politics {
			continue
		}
		checkSolutions(t, where, "zone", want, want.zone, [4]*analysis.Solution{r.Nash, r.KalaiSmorodinsky, r.Egalitarian, r.Utilitarian})
		if rt := r.Ratification; rt != nil {
			checkSolutions(t, where, "ratifiable", want, want.ratified, [4]*analysis.Solution{rt.Nash, rt.KalaiSmorodinsky, rt.Egalitarian, rt.Utilitarian})
		}
	}
	if full < 50 {
		t.Fatalf("only %d zones too large to keep", full)
	}
}
