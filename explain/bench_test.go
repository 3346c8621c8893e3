package explain_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/explain"
)

// benchScenario: 4 parties with random additive profiles over 6 issues of
// 10 options (10^6 packages), reservation 0.75 each so that the zone is
// empty, and a constituency of two groups.
func benchScenario() *entente.Scenario {
	rng := rand.New(rand.NewPCG(1, 2))
	s := &entente.Scenario{Name: "bench"}
	for i := 0; i < 6; i++ {
		is := entente.Issue{Name: fmt.Sprintf("i%d", i), Kind: entente.Discrete}
		for v := 0; v < 10; v++ {
			is.Options = append(is.Options, fmt.Sprintf("v%d", v))
		}
		s.Issues = append(s.Issues, is)
	}
	profile := func(rv float64) entente.Preferences {
		pr := entente.Preferences{Reservation: rv}
		for range s.Issues {
			pr.Weights = append(pr.Weights, 1.0/6)
			vals := make([]float64, 10)
			for v := range vals {
				vals[v] = float64(rng.IntN(101)) / 100
			}
			pr.Values = append(pr.Values, entente.Table{Values: vals})
		}
		return pr
	}
	for p := 0; p < 4; p++ {
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("p%d", p), Preferences: profile(0.75)})
	}
	s.Constituencies = []entente.Constituency{{Name: "c", Party: 0, Threshold: 0.5, Voters: []entente.VoterGroup{
		{Name: "a", Share: 0.5, Preferences: profile(0.5)}, {Name: "b", Share: 0.5, Preferences: profile(0.5)},
	}}}
	return s
}

// BenchmarkExplainEmpty4x1e6: the analysis and the explanation of an empty
// zone over 10^6 packages, 4 parties and a constituency.
func BenchmarkExplainEmpty4x1e6(b *testing.B) {
	s := benchScenario()
	if errs := s.Validate(); len(errs) > 0 {
		b.Fatal(errs)
	}
	for b.Loop() {
		e, err := explain.Explain(context.Background(), s, explain.Options{})
		if err != nil {
			b.Fatal(err)
		}
		if !e.Empty || len(e.Concessions) == 0 {
			b.Fatalf("zone %d, %d concessions", e.Zone, len(e.Concessions))
		}
	}
}
