package analysis_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
)

// synthetic builds an additive scenario with the given number of parties
// and issues of ten options each, with seeded random values and weights.
func synthetic(parties, issues int, seed uint64) *entente.Scenario {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	s := &entente.Scenario{Name: "synthetic"}
	for i := 0; i < issues; i++ {
		is := entente.Issue{Name: fmt.Sprintf("i%d", i), Kind: entente.Discrete}
		for v := 0; v < 10; v++ {
			is.Options = append(is.Options, fmt.Sprintf("v%d", v))
		}
		s.Issues = append(s.Issues, is)
	}
	for p := 0; p < parties; p++ {
		pr := entente.Preferences{Normalization: entente.Genius, Reservation: 0.3}
		sum := 0.0
		for i := 0; i < issues; i++ {
			w := rng.Float64() + 0.1
			sum += w
			pr.Weights = append(pr.Weights, w)
			vals := make([]float64, 10)
			for v := range vals {
				vals[v] = float64(rng.IntN(100))
			}
			pr.Values = append(pr.Values, entente.Table{Values: vals})
		}
		for i := range pr.Weights {
			pr.Weights[i] /= sum
		}
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("p%d", p), Preferences: pr})
	}
	return s
}

func benchAnalyze(b *testing.B, parties, issues int) {
	s := synthetic(parties, issues, 1)
	var n uint64
	b.ReportAllocs()
	for b.Loop() {
		r, err := analysis.Analyze(context.Background(), s, analysis.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n = r.Outcomes
		if b.N == 1 {
			b.Logf("%s", r)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(uint64(b.N)*n), "ns/outcome")
}

// BenchmarkAnalyze2x1e6: 2 parties, 10^6 outcomes (aim: under 0.5 s).
func BenchmarkAnalyze2x1e6(b *testing.B) { benchAnalyze(b, 2, 6) }

// BenchmarkAnalyze3x1e6: 3 parties, 10^6 outcomes (aim: under 1.5 s).
func BenchmarkAnalyze3x1e6(b *testing.B) { benchAnalyze(b, 3, 6) }

// BenchmarkAnalyze4x1e7: 4 parties, 10^7 outcomes (aim: under 200 MB).
func BenchmarkAnalyze4x1e7(b *testing.B) { benchAnalyze(b, 4, 7) }
