package robust

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/zonewalk"
)

// randomScenario builds a valid scenario from a seed: 1 to 4 issues
// (discrete, integer, real), 2 to 4 additive parties, and, as the flags
// say, an interaction term, an affected rule, a bloc and a constituency,
// with ranges on reservations, weights, thresholds and shares.
func randomScenario(seed uint64, flags uint8) *entente.Scenario {
	rng := rand.New(rand.NewPCG(seed, 3))
	s := &entente.Scenario{Name: "random"}
	ni := 1 + rng.IntN(4)
	for i := range ni {
		is := entente.Issue{Name: fmt.Sprintf("i%d", i)}
		switch rng.IntN(4) {
		case 0:
			is.Kind, is.Min, is.Max = entente.Integer, 0, float64(1+rng.IntN(3))
		case 1:
			is.Kind, is.Min, is.Max = entente.Real, 0, 1
		default:
			for k := range 1 + rng.IntN(4) {
				is.Options = append(is.Options, fmt.Sprintf("o%d", k))
			}
			if len(is.Options) > 1 && rng.IntN(2) == 0 {
				is.Unsettled = is.Options[len(is.Options)-1]
			}
		}
		s.Issues = append(s.Issues, is)
	}
	profile := func() entente.Preferences {
		p := entente.Preferences{Reservation: rng.Float64() * 0.7}
		for i := range s.Issues {
			p.Weights = append(p.Weights, 1/float64(ni))
			is := &s.Issues[i]
			switch is.Kind {
			case entente.Discrete, entente.Integer:
				n := len(is.Options)
				if is.Kind == entente.Integer {
					n = int(is.Max-is.Min) + 1
				}
				t := entente.Table{Base: is.Min}
				if is.Kind == entente.Discrete {
					t.Base = 0
				}
				for range n {
					t.Values = append(t.Values, float64(rng.IntN(5))/4)
				}
				p.Values = append(p.Values, t)
			default:
				p.Values = append(p.Values, entente.Linear{Slope: float64(rng.IntN(3) - 1), Offset: float64(rng.IntN(2)), Clamp: true})
			}
		}
		return p
	}
	ref := func(kind entente.RefKind, pr entente.ProfileRef, index int, field string, lo, hi float64) {
		s.Params = append(s.Params, entente.Param{Ref: entente.Ref{Kind: kind, Profile: pr, Index: index}, Field: field,
			Value: (lo + hi) / 2, Low: lo, High: hi, Ranged: true, Dist: entente.DistUniform})
	}
	np := 2 + rng.IntN(3)
	for p := range np {
		pr := profile()
		pr.Reservation = 0.3
		if flags&1 != 0 && p == 0 {
			// A bonus where issue 0 takes its first value: weights shrink
			// so the total stays in [0,1].
			for i := range pr.Weights {
				pr.Weights[i] *= 0.8
			}
			cond := entente.Condition{Issue: 0, Min: s.Issues[0].Min, Max: s.Issues[0].Min}
			if s.Issues[0].Kind == entente.Discrete {
				cond = entente.Condition{Issue: 0, Options: []int{0}}
			}
			pr.Interactions = []entente.Interaction{{Boxes: []entente.Box{{cond}}, Value: 0.2}}
		}
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("p%d", p), Preferences: pr})
		ref(entente.RefReservation, entente.ProfileRef{Index: p}, 0, fmt.Sprintf("parties[%d].reservation", p), 0.1, 0.6)
		if p == 1 {
			ref(entente.RefWeight, entente.ProfileRef{Index: p}, 0, "parties[1].weights.i0", 0, 1)
		}
	}
	if flags&2 != 0 {
		s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0}},
			{Kind: entente.Affected, Parties: []int{1}, Issues: []int{ni - 1}}}
	}
	if flags&4 != 0 {
		b := &entente.Bloc{Rule: entente.BlocRule(rng.IntN(4))}
		if b.Rule == entente.BlocQualified {
			b.Threshold = 0.6
			ref(entente.RefBlocThreshold, entente.ProfileRef{}, np-1, "bloc threshold", 0.3, 1)
		}
		for m := range 3 {
			b.Members = append(b.Members, entente.Member{Name: fmt.Sprintf("m%d", m), Weight: float64(1 + m), Preferences: profile()})
		}
		s.Parties[np-1].Bloc = b
	}
	if flags&8 != 0 {
		c := entente.Constituency{Name: "c", Party: 0, Threshold: 0.5}
		for g := range 2 {
			c.Voters = append(c.Voters, entente.VoterGroup{Name: fmt.Sprintf("g%d", g), Share: 0.5, Preferences: profile()})
		}
		s.Constituencies = []entente.Constituency{c}
		ref(entente.RefThreshold, entente.ProfileRef{}, 0, "constituencies[0].threshold", 0.2, 0.9)
		ref(entente.RefShare, entente.ProfileRef{Kind: entente.VoterProfile, Index: 0, Sub: 0}, 0, "constituencies[0].voters[0].share", 0.2, 0.8)
	}
	return s
}

// FuzzRun checks Run against the slow reference (Scenario.Required and
// ratify package by package) on random scenarios, and that the result does
// not depend on the number of workers.
func FuzzRun(f *testing.F) {
	for flags := range uint8(16) {
		f.Add(uint64(flags), flags)
	}
	f.Fuzz(func(t *testing.T, seed uint64, flags uint8) {
		s := randomScenario(seed, flags)
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("random scenario invalid: %v", errs)
		}
		opt := Options{Samples: 6, Seed: seed, Resolution: 3, Steps: 4, Workers: 1}
		r, err := Run(context.Background(), s, opt)
		if err != nil {
			t.Fatal(err)
		}
		z, rt := reference(t, s, 3)
		if r.NominalZone != z || r.NominalRatifiable != rt {
			t.Fatalf("nominal zone %d/%d, reference %d/%d", r.NominalZone, r.NominalRatifiable, z, rt)
		}
		m := zonewalk.NewMutator(s, refsOf(r.Params))
		for d := range r.Draws {
			c := s.Clone()
			m.ApplyAll(c, r.Draws[d])
			z, rt := reference(t, c, 3)
			if r.ZoneSize[d] != z || r.RatifiableSize[d] != rt {
				t.Fatalf("draw %d: zone %d/%d, reference %d/%d", d, r.ZoneSize[d], r.RatifiableSize[d], z, rt)
			}
		}
		opt.Workers = 3
		r2, err := Run(context.Background(), s, opt)
		if err != nil {
			t.Fatal(err)
		}
		if r2.Zone != r.Zone || r2.Ratifiable != r.Ratifiable || len(r2.Tipping) != len(r.Tipping) || len(r2.Packages) != len(r.Packages) {
			t.Fatalf("workers 1 and 3 differ")
		}
	})
}
