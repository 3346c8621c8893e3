package robust

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/zonewalk"
	"github.com/entente/entente/load"
)

// TestDrawsKeepStatedSums: in every draw, every profile with a drawn
// weight keeps the sum its weights are written with, interaction terms
// or not, unless it says its weights are free.
func TestDrawsKeepStatedSums(t *testing.T) {
	res, err := load.Example("ukraine-2025")
	if err != nil {
		t.Fatal(err)
	}
	s := res.Scenario
	var ps []entente.Param
	for j := range s.Params {
		if sampled(s, &s.Params[j]) {
			ps = append(ps, s.Params[j])
		}
	}
	// One profile (Russia's, which has an interaction term) says its
	// weights are free.
	free := s.Clone()
	free.Parties[1].Preferences.FreeWeights = true
	for _, sc := range []*entente.Scenario{s, free} {
		m := zonewalk.NewMutator(sc, refsOf(ps))
		c := sc.Clone()
		drawn := map[entente.ProfileRef]bool{}
		for _, p := range ps {
			if p.Ref.Kind == entente.RefWeight {
				drawn[p.Ref.Profile] = true
			}
		}
		if len(drawn) < 10 {
			t.Fatalf("only %d profiles with drawn weights", len(drawn))
		}
		moved := false
		for d := range 50 {
			rng := rand.New(rand.NewPCG(7, uint64(d)))
			vals := make([]float64, len(ps))
			for j := range ps {
				vals[j] = ps[j].Sample(rng)
			}
			m.ApplyAll(c, vals)
			for pr := range drawn {
				got, want := sum(c.Profile(pr).Weights), sum(sc.Profile(pr).Weights)
				if sc.Profile(pr).FreeWeights {
					moved = moved || math.Abs(got-want) > 1e-6
					continue
				}
				if math.Abs(got-want) > 1e-12 {
					t.Fatalf("draw %d: %s's weights sum to %v, written %v", d, sc.ProfileName(pr), got, want)
				}
			}
		}
		if sc == free && !moved {
			t.Error("free weights were rescaled")
		}
	}
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// TestStructuralPointRangesReproduceNominal: when the structural numbers
// are drawn from ranges shrunk to their values (and nothing else varies),
// every draw is the nominal analysis.
func TestStructuralPointRangesReproduceNominal(t *testing.T) {
	res, err := load.Example("ukraine-2025")
	if err != nil {
		t.Fatal(err)
	}
	s := res.Scenario.Clone()
	structural := 0
	for j := range s.Params {
		p := &s.Params[j]
		if p.Ref.Kind.Structural() && !p.Ref.Population() {
			structural++
			v := s.Get(p.Ref)
			p.Value, p.Low, p.High, p.Ranged, p.Dist, p.SD = v, v, v, true, entente.DistUniform, 0
			continue
		}
		if !p.Ref.Population() {
			p.Ranged, p.Dist, p.SD = false, entente.DistPoint, 0
		}
	}
	if structural < 10 {
		t.Fatalf("the flagship has only %d structural numbers", structural)
	}
	an, err := analysis.Analyze(context.Background(), s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	r, err := Run(context.Background(), s, Options{Samples: 20, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Params) != structural {
		t.Fatalf("%d numbers drawn, %d structural", len(r.Params), structural)
	}
	for d := range r.ZoneSize {
		if r.ZoneSize[d] != an.Zone || r.RatifiableSize[d] != an.Ratification.Zone {
			t.Fatalf("draw %d: zones %d and %d, nominal analysis %d and %d", d, r.ZoneSize[d], r.RatifiableSize[d], an.Zone, an.Ratification.Zone)
		}
	}
	for _, tp := range r.Tipping {
		t.Errorf("a number at a point has a tipping point: %v", tp)
	}
}
