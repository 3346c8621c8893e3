package analysis_test

import (
	"context"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
)

// syntheticPolitics is synthetic(parties, issues) with two constituencies
// of two voter groups each (the first applying only when issue 0 takes one
// of its first five values) and a participation rule: unanimity of all but
// the last party, who must accept any package that settles issue 1.
func syntheticPolitics(parties, issues int) *entente.Scenario {
	s := synthetic(parties, issues, 1)
	extra := synthetic(4, issues, 2)
	s.Issues[1].Unsettled = s.Issues[1].Options[0]
	var all []int
	for p := 0; p < parties-1; p++ {
		all = append(all, p)
	}
	s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: all}, {Kind: entente.Affected, Parties: []int{parties - 1}, Issues: []int{1}}}
	for c := 0; c < 2; c++ {
		co := entente.Constituency{Name: []string{"referendum", "senate"}[c], Party: c, Threshold: []float64{0.5, 2.0 / 3}[c]}
		for g := 0; g < 2; g++ {
			pr := extra.Parties[2*c+g].Preferences.Clone()
			pr.Reservation = 0.45
			co.Voters = append(co.Voters, entente.VoterGroup{Name: []string{"a", "b"}[g], Share: 0.5, Preferences: pr})
		}
		if c == 0 {
			co.Applies = []entente.Box{{{Issue: 0, Options: []int{0, 1, 2, 3, 4}}}}
		}
		s.Constituencies = append(s.Constituencies, co)
	}
	return s
}

// BenchmarkRatify4x1e6: 4 parties, 10^6 packages, 2 constituencies and a
// participation rule: the agreement zone, the ratifiable zone, the
// win-sets and the solutions over both.
func BenchmarkRatify4x1e6(b *testing.B) {
	s := syntheticPolitics(4, 6)
	if errs := s.Validate(); len(errs) > 0 {
		b.Fatal(errs)
	}
	var n uint64
	b.ReportAllocs()
	for b.Loop() {
		r, err := analysis.Analyze(context.Background(), s, analysis.Options{})
		if err != nil {
			b.Fatal(err)
		}
		n = r.Outcomes
		if r.Ratification == nil {
			b.Fatal("no ratification")
		}
		b.ReportMetric(float64(r.Ratification.Zone), "ratifiable")
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(uint64(b.N)*n), "ns/outcome")
}
