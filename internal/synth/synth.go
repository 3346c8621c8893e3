// Package synth builds seeded synthetic scenarios for benchmarks and tests
// of the exact analysis: random additive spaces, spaces with heavy ties,
// spaces whose every package is Pareto-optimal, and a look-alike of the
// ANAC 2016 AgentHp2 domain (3 parties, 7^8 packages, a frontier of about
// a million tied packages).
//
// Every builder is deterministic: the same arguments give the same
// scenario. `go run ./internal/synth/write DIR` writes the benchmark
// scenarios as native files, for measuring `entente analyze` end to end.
package synth

import (
	"fmt"
	"math/rand/v2"

	"github.com/entente/entente"
)

// addEqualWeight gives each party's preferences the next issue, of
// weight 1/issues, with its table of values vals[p].
func addEqualWeight(prefs []entente.Preferences, vals [][]float64, issues int) {
	for p := range prefs {
		prefs[p].Weights = append(prefs[p].Weights, 1/float64(issues))
		prefs[p].Values = append(prefs[p].Values, entente.Table{Values: vals[p]})
	}
}

// withParties adds one party per preferences, named p0, p1, ...
func withParties(s *entente.Scenario, prefs []entente.Preferences) *entente.Scenario {
	for p := range prefs {
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("p%d", p), Preferences: prefs[p]})
	}
	return s
}

// discreteIssues returns n discrete issues of m options each.
func discreteIssues(n, m int) []entente.Issue {
	issues := make([]entente.Issue, n)
	for i := range issues {
		is := entente.Issue{Name: fmt.Sprintf("i%d", i), Kind: entente.Discrete}
		for v := 0; v < m; v++ {
			is.Options = append(is.Options, fmt.Sprintf("v%d", v))
		}
		issues[i] = is
	}
	return issues
}

// Random returns an additive scenario of parties parties over issues
// discrete issues of options options each, with seeded random weights
// (uniform in [0.1, 1.1), normalised) and values (integers 0 to 99 under
// the GENIUS convention, so divided by the largest), and reservation 0.3.
// With 10 options it is the scenario of the analysis benchmarks since
// their first version.
func Random(parties, issues, options int, seed uint64) *entente.Scenario {
	rng := rand.New(rand.NewPCG(seed, seed+1))
	s := &entente.Scenario{Name: "synthetic", Issues: discreteIssues(issues, options)}
	for p := 0; p < parties; p++ {
		pr := entente.Preferences{Normalization: entente.Genius, Reservation: 0.3}
		sum := 0.0
		for i := 0; i < issues; i++ {
			w := rng.Float64() + 0.1
			sum += w
			pr.Weights = append(pr.Weights, w)
			vals := make([]float64, options)
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

// Ties returns an additive scenario with heavy ties on the frontier.
// Every option's values for the parties are a random point of the grid
// with levels steps per party on the plane where they sum to half the
// parties (as if each party had a share of a fixed amount), and one
// option in four is lowered by a step for every party that has one (so
// dominated). Weights are all equal. Packages made of options on the
// plane are all Pareto-optimal, and they share few distinct utility
// vectors: many packages share each, and many more differ from one by a
// rounding error only (the same values summed in another order).
// Reservation values are 0.3.
func Ties(parties, issues, options, levels int, seed uint64) *entente.Scenario {
	rng := rand.New(rand.NewPCG(seed, seed^0x5eed))
	s := &entente.Scenario{Name: "ties", Issues: discreteIssues(issues, options)}
	prefs := make([]entente.Preferences, parties)
	for p := range prefs {
		prefs[p] = entente.Preferences{Normalization: entente.AsWritten, Reservation: 0.3}
	}
	steps := levels - 1
	total := steps * parties / 2
	for i := 0; i < issues; i++ {
		vals := make([][]float64, parties)
		for v := 0; v < options; v++ {
			// A random point of the plane: deal total units one by one
			// to parties that can take more.
			units := make([]int, parties)
			for left := total; left > 0; {
				if p := rng.IntN(parties); units[p] < steps {
					units[p]++
					left--
				}
			}
			low := rng.IntN(4) == 0
			for p := range vals {
				if low && units[p] > 0 {
					units[p]--
				}
				vals[p] = append(vals[p], float64(units[p])/float64(steps))
			}
		}
		addEqualWeight(prefs, vals, issues)
	}
	return withParties(s, prefs)
}

// AllPareto returns a two-party scenario over issues issues of options
// options each in which every package is Pareto-optimal and has a utility
// vector of its own: the first party values option v of issue i at
// v/(options-1) with weight proportional to options^-i, the second party
// the reverse, so the utilities of a package read its options as the
// digits of a number and always sum to 1.
func AllPareto(issues, options int) *entente.Scenario {
	s := &entente.Scenario{Name: "all-pareto", Issues: discreteIssues(issues, options)}
	weights := make([]float64, issues)
	sum, w := 0.0, 1.0
	for i := range weights {
		weights[i] = w
		sum += w
		w /= float64(options)
	}
	for i := range weights {
		weights[i] /= sum
	}
	up, down := make([]float64, options), make([]float64, options)
	for v := range up {
		up[v] = float64(v) / float64(options-1)
		down[v] = 1 - up[v]
	}
	for p, vals := range [][]float64{up, down} {
		pr := entente.Preferences{Normalization: entente.AsWritten, Weights: append([]float64(nil), weights...)}
		for range issues {
			pr.Values = append(pr.Values, entente.Table{Values: vals})
		}
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("p%d", p), Preferences: pr})
	}
	return s
}

// LikeAgentHp2 returns a look-alike of the ANAC 2016 AgentHp2 scenario: 3
// parties, 8 issues of 7 options (5,764,801 packages), equal weights,
// values on a grid of eighths, and on each issue a few classes of
// options that share the same values for all three parties. The
// non-dominated classes of every issue lie on the plane where the three
// values sum to the same total, so every combination of them is
// Pareto-optimal: the frontier is made of about a million packages that
// share a few hundred distinct utility vectors, as AgentHp2's (924,385
// packages, 816 vectors).
func LikeAgentHp2(seed uint64) *entente.Scenario {
	const issues, options = 8, 7
	rng := rand.New(rand.NewPCG(seed, 2016))
	s := &entente.Scenario{Name: "like-agenthp2", Issues: discreteIssues(issues, options)}
	prefs := make([]entente.Preferences, 3)
	for p := range prefs {
		prefs[p] = entente.Preferences{Normalization: entente.AsWritten}
	}
	// Value triples on the plane x+y+z = 1.5 (eighths, each in [0,1]).
	var plane [][3]float64
	for a := 0; a <= 8; a++ {
		for b := 0; b <= 8; b++ {
			c := 12 - a - b
			if c >= 0 && c <= 8 {
				plane = append(plane, [3]float64{float64(a) / 8, float64(b) / 8, float64(c) / 8})
			}
		}
	}
	for i := 0; i < issues; i++ {
		// Three classes on the plane share the first 5 (issues 0 to 2)
		// or 6 options; the rest are strictly below one of them.
		const classes = 3
		good := 6
		if i < 3 {
			good = 5
		}
		var cls [][3]float64
		for _, j := range rng.Perm(len(plane))[:classes] {
			cls = append(cls, plane[j])
		}
		vals := [3][]float64{}
		for v := 0; v < options; v++ {
			t := cls[v%classes]
			if v >= good {
				// Dominated: an eighth less for every party that has one.
				for p := range t {
					t[p] = max(0, t[p]-0.125)
				}
			}
			for p := range vals {
				vals[p] = append(vals[p], t[p])
			}
		}
		addEqualWeight(prefs, vals[:], issues)
	}
	return withParties(s, prefs)
}
