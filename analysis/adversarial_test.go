package analysis_test

import (
	"context"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
)

// frontierHeavy3 is a three-party space of n^3 packages whose utilities
// pull against each other, so that a large share of the packages is
// Pareto-optimal: the hard case for a k-party skyline.
func frontierHeavy3(n int) *entente.Scenario {
	up := entente.Linear{Slope: 1 / float64(n-1), Clamp: true}
	down := entente.Linear{Offset: 1, Slope: -1 / float64(n-1), Clamp: true}
	s := &entente.Scenario{}
	for _, name := range []string{"a", "b", "c"} {
		s.Issues = append(s.Issues, entente.Issue{Name: name, Kind: entente.Integer, Min: 0, Max: float64(n - 1)})
	}
	prefs := [][]float64{{0.5, 0.3, 0.2}, {0.2, 0.5, 0.3}, {0.3, 0.2, 0.5}}
	dirs := [][]entente.ValueFunc{{up, down, up}, {down, up, down}, {up, up, down}}
	for p := range prefs {
		s.Parties = append(s.Parties, entente.Party{Name: string(rune('p' + p)), Preferences: entente.Preferences{Weights: prefs[p], Values: dirs[p]}})
	}
	return s
}

// BenchmarkFrontierHeavy3: 3 parties, 10^6 packages, a large frontier.
func BenchmarkFrontierHeavy3(b *testing.B) {
	s := frontierHeavy3(100)
	for b.Loop() {
		r, err := analysis.Analyze(context.Background(), s, analysis.Options{})
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(float64(len(r.Pareto)), "frontier")
	}
}
