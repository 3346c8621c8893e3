package ratify_test

import (
	"math"
	"sync"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
	"github.com/entente/entente/space"
)

// TestTabulateSameBits checks that a tabulated Set gives every package
// the approval an untabulated one computes, bit for bit, whether its cell
// is filled by that package or was filled before by another, and from two
// goroutines at once; and that Ratifies, which stops once the verdict is
// certain, decides as the whole approval does.
func TestTabulateSameBits(t *testing.T) {
	res, err := load.Paths("ukraine-2025")
	if err != nil {
		t.Fatal(err)
	}
	s := res.Scenario
	plain := compile(t, s)
	tab := compile(t, s)
	tab.Tabulate(1 << 20)
	sp := space.New(s.Issues)
	n, _ := sp.Len()
	step := uint64(1)
	if testing.Short() || raceDetector {
		step = 7
	}
	var wg sync.WaitGroup
	for w := range 2 {
		wg.Go(func() {
			o := make(entente.Outcome, len(s.Issues))
			for round := range 2 {
				for idx := uint64(w) * step / 2; idx < n; idx += step {
					sp.At(idx, o)
					for c := range s.Constituencies {
						want, got := plain.Approval(c, o), tab.Approval(c, o)
						if math.Float64bits(got) != math.Float64bits(want) {
							t.Errorf("round %d, package %d, constituency %d: approval %v, want %v", round, idx, c, got, want)
							return
						}
						// Ratifies stops early: its verdict is still that of
						// the whole approval.
						w := !plain.Applies(c, o) || plain.RedLine(c, o) < 0 && entente.Reaches(want, plain.Threshold(c))
						if g := tab.Ratifies(c, o); g != w {
							t.Errorf("round %d, package %d, constituency %d: tabulated, ratifies %v, want %v", round, idx, c, g, w)
							return
						}
						if g := plain.Ratifies(c, o); g != w {
							t.Errorf("round %d, package %d, constituency %d: ratifies %v, want %v", round, idx, c, g, w)
							return
						}
					}
				}
			}
		})
	}
	wg.Wait()
}

// TestTabulateOffGrid checks that a value between an integer issue's
// whole numbers is evaluated directly, as without
// tables, and that a group whose table would exceed the limit is
// evaluated the same.
func TestTabulateOffGrid(t *testing.T) {
	s := &entente.Scenario{
		Issues: []entente.Issue{
			{Name: "years", Kind: entente.Integer, Min: 2, Max: 6},
			{Name: "guarantee", Kind: entente.Discrete, Options: []string{"none", "yes"}},
		},
		Parties: []entente.Party{{Name: "west", Preferences: entente.Preferences{
			Weights: []float64{0.5, 0.5},
			Values:  []entente.ValueFunc{entente.Linear{Slope: 0.25, Origin: 2, Clamp: true}, entente.Table{Values: []float64{0, 1}}},
		}}},
		Constituencies: []entente.Constituency{{Name: "voters", Party: 0, Threshold: 0.5,
			Voters: []entente.VoterGroup{
				{Name: "a", Share: 0.6, Preferences: entente.Preferences{
					Weights:     []float64{0.7, 0.3},
					Values:      []entente.ValueFunc{entente.Linear{Offset: 1, Slope: -0.25, Origin: 2, Clamp: true}, entente.Table{Values: []float64{0.2, 1}}},
					Reservation: 0.5,
				}},
				{Name: "b", Share: 0.4, Preferences: entente.Preferences{
					Weights:     []float64{1, 0},
					Values:      []entente.ValueFunc{entente.Linear{Slope: 0.25, Origin: 2, Clamp: true}, nil},
					Reservation: 0.4,
				}},
			}}},
		Params: []entente.Param{{
			Ref:   entente.Ref{Kind: entente.RefReservation, Profile: entente.ProfileRef{Kind: entente.VoterProfile, Index: 0, Sub: 0}},
			Value: 0.5, Dist: entente.DistNormal, SD: 0.1, Low: 0.2, High: 0.9,
		}},
	}
	plain := compile(t, s)
	for _, limit := range []int{1, 5, 10, 1 << 10} {
		tab := compile(t, s)
		tab.Tabulate(limit)
		for round := range 2 {
			for _, o := range []entente.Outcome{{2, 0}, {3, 1}, {3.5, 1}, {6, 0}, {6, 1}, {4, 1}, {4, 0}} {
				want, got := plain.Approval(0, o), tab.Approval(0, o)
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("limit %d, round %d, package %v: approval %v, want %v", limit, round, o, got, want)
				}
			}
		}
	}
}

// BenchmarkRatifiesFlagship judges every package of the flagship example
// for each of its constituencies, as an analysis's pass 1 does for the
// win-sets, with and without tables.
func BenchmarkRatifiesFlagship(b *testing.B) {
	res, err := load.Paths("ukraine-2025")
	if err != nil {
		b.Fatal(err)
	}
	s := res.Scenario
	sp := space.New(s.Issues)
	n, _ := sp.Len()
	for _, tabulated := range []bool{false, true} {
		name := "direct"
		if tabulated {
			name = "tabulated"
		}
		b.Run(name, func(b *testing.B) {
			set := compile(b, s)
			if tabulated {
				set.Tabulate(int(n / 2))
			}
			o := make(entente.Outcome, len(s.Issues))
			yes := 0
			for b.Loop() {
				for idx := range n {
					sp.At(idx, o)
					for c := range s.Constituencies {
						if set.Ratifies(c, o) {
							yes++
						}
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(uint64(b.N)*n), "ns/package")
			b.ReportMetric(float64(yes)/float64(b.N), "ratified")
		})
	}
}
