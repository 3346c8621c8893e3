package robust

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
)

// benchScenario builds issues × options packages and parties whose
// weights and reservations carry ranges, every table random (seeded).
func benchScenario(issues, options, parties int) *entente.Scenario {
	rng := rand.New(rand.NewPCG(1, 2))
	s := &entente.Scenario{Name: "bench"}
	for i := range issues {
		is := entente.Issue{Name: fmt.Sprintf("i%d", i)}
		for k := range options {
			is.Options = append(is.Options, fmt.Sprintf("o%d", k))
		}
		s.Issues = append(s.Issues, is)
	}
	for p := range parties {
		pr := entente.Preferences{Reservation: 0.75}
		for i := range issues {
			pr.Weights = append(pr.Weights, 1/float64(issues))
			t := make([]float64, options)
			for k := range t {
				t[k] = rng.Float64()
			}
			t[rng.IntN(options)] = 1
			pr.Values = append(pr.Values, entente.Table{Values: t})
			ref := entente.Ref{Kind: entente.RefWeight, Profile: entente.ProfileRef{Index: p}, Index: i}
			s.Params = append(s.Params, entente.Param{Ref: ref, Field: fmt.Sprintf("parties[%d].weights.i%d", p, i),
				Value: pr.Weights[i], Low: 0.1, High: 0.3, Ranged: true, Dist: entente.DistUniform})
		}
		ref := entente.Ref{Kind: entente.RefReservation, Profile: entente.ProfileRef{Index: p}}
		s.Params = append(s.Params, entente.Param{Ref: ref, Field: fmt.Sprintf("parties[%d].reservation", p),
			Value: 0.75, Low: 0.65, High: 0.9, Ranged: true, Dist: entente.DistUniform})
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("p%d", p), Preferences: pr})
	}
	return s
}

// BenchmarkRobust runs 1,000 draws of a scenario with 10^5 packages
// (5 issues of 10 options) and 4 parties, with ranges on every weight and
// reservation, on GOMAXPROCS workers.
func BenchmarkRobust(b *testing.B) {
	s := benchScenario(5, 10, 4)
	if errs := s.Validate(); len(errs) > 0 {
		b.Fatal(errs)
	}
	// The same scenario with an affected rule on the last issue takes the
	// general path (rules evaluated package by package).
	general := benchScenario(5, 10, 4)
	general.Rules = []entente.Rule{{Kind: entente.Unanimity}, {Kind: entente.Affected, Parties: []int{0}, Issues: []int{4}}}
	for _, tc := range []struct {
		name string
		s    *entente.Scenario
		opt  Options
	}{
		{"draws", s, Options{Samples: 1000, Seed: 1, NoTipping: true}},
		{"all", s, Options{Samples: 1000, Seed: 1}},
		{"general", general, Options{Samples: 1000, Seed: 1, NoTipping: true}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			b.ReportAllocs()
			var r *Result
			for b.Loop() {
				var err error
				if r, err = Run(context.Background(), tc.s, tc.opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(r.Zone.P, "zone-share")
			b.ReportMetric(float64(len(r.Tipping)), "tipping-points")
		})
	}
}

// BenchmarkFlagship runs the robustness analysis of the flagship example
// (examples/ukraine-2025) as the report does: 1,000 draws, then the
// tipping points and swings of every uncertain number.
func BenchmarkFlagship(b *testing.B) {
	res, err := load.Example("ukraine-2025")
	if err != nil {
		b.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		opt  Options
	}{
		{"draws", Options{Samples: 1000, Seed: 1, NoTipping: true}},
		{"all", Options{Samples: 1000, Seed: 1}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			var r *Result
			for b.Loop() {
				if r, err = Run(context.Background(), res.Scenario, tc.opt); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(r.Ratifiable.P, "ratifiable-share")
		})
	}
}
