package tournament

import (
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/entente/entente/internal/stats"
)

// Estimate is a mean with its 95% confidence interval.
type Estimate struct {
	Mean, Low, High float64
	// N is the number of independent units the interval is over.
	N int
	// Method says how the interval was computed: "t" (Student t over the
	// units' values), "wilson" (a Wilson interval over units each of which
	// always or never succeeded), or "" (fewer than two units: no
	// interval, Low and High are the mean).
	Method string
}

// mean returns the mean of xs (NaNs skipped) with a Student t interval;
// with fewer than two values the interval is the mean.
func mean(xs []float64) Estimate {
	m, n := stats.Mean(xs)
	if n == 0 {
		return Estimate{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}
	}
	e := Estimate{Mean: m, Low: m, High: m, N: n}
	if n < 2 {
		return e
	}
	var ss float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - m) * (x - m)
		}
	}
	se := math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	e.Low, e.High, e.Method = m-t*se, m+t*se, "t"
	return e
}

// share returns the mean of per-unit shares in [0,1]. When every unit
// always or never succeeded (deterministic strategies), the units are
// Bernoulli draws and the interval is Wilson's; otherwise Student t over
// the units' shares, clipped to [0,1].
func share(xs []float64) Estimate {
	k, n := 0, 0
	binary := true
	for _, x := range xs {
		switch {
		case math.IsNaN(x):
			continue
		case x == 1:
			k++
		case x != 0:
			binary = false
		}
		n++
	}
	if n == 0 || !binary {
		e := mean(xs)
		e.Low, e.High = max(e.Low, 0), min(e.High, 1)
		return e
	}
	p, lo, hi := stats.Wilson(k, n)
	return Estimate{Mean: p, Low: lo, High: hi, N: n, Method: "wilson"}
}

// Rank orders a league table.
type Rank uint8

const (
	// ByUtility ranks by mean own utility (the default).
	ByUtility Rank = iota
	// ByRatified ranks by the share of negotiations whose agreement
	// stands after ratification, then by utility.
	ByRatified
)

// Standing is one negotiator's line of a league table. Every figure is over
// the negotiations it took part in (errors excluded), aggregated to
// independent units first (see League).
type Standing struct {
	Negotiator string
	// Played counts the negotiations it took part in; Units the matches
	// (one scenario and one assignment of negotiators to parties) they
	// make, over which the intervals are computed.
	Played, Units int
	// Utility is its own discounted utility (its reservation value,
	// discounted, without agreement; the mean over its parties when it
	// plays several).
	Utility Estimate
	// Agreements is the share of its negotiations that ended in agreement;
	// Ratified the share whose agreement every constituency lets pass.
	Agreements, Ratified Estimate
	// Welfare, Pareto and Nash are the social welfare and the distances to
	// the frontier and the Nash point of its negotiations.
	Welfare, Pareto, Nash Estimate
}

// Table is the league table of one protocol setting.
type Table struct {
	// Protocol is the setting's label (Setting.Label).
	Protocol string
	// Standings are sorted by the League's rank, best first.
	Standings []Standing
	// Scenarios and Negotiators label the heat map: Cells[n][s] is
	// negotiator n's mean utility in scenario s, over its matches there (N
	// = 0 when it did not play there).
	Scenarios, Negotiators []string
	Cells                  [][]Estimate
	// Negotiations counts the results in the table.
	Negotiations int
}

// League is a tournament's results summarised: one table per protocol
// setting, since results under different protocols do not compare.
//
// The unit of every interval is a match: one scenario, one protocol and
// one assignment of negotiators to parties. A negotiator's value in a
// match is its mean over the match's repetitions (so that repetitions of
// deterministic strategies, which repeat one result, count once) and over
// the parties it plays; an interval is over its matches (Student t for
// means; for shares, Wilson's when every match always or never succeeded,
// else Student t).
type League struct {
	Tables []Table
	// Rank is the order of the standings.
	Rank Rank
	// Negotiations counts the results; Errors those that could not run;
	// Missing those not stored yet.
	Negotiations, Errors, Missing int
}

// Summarise computes the league tables of a set of results; total is the
// number of negotiations in the plan (to count the missing ones).
func Summarise(rs []Record, total int, rank Rank) *League {
	l := &League{Rank: rank, Negotiations: len(rs), Missing: total - len(rs)}
	// match: one protocol, scenario and role assignment; within it, by
	// negotiator, the sums over repetitions.
	type acc struct {
		util, welfare, pareto, nash, agreed, ratified []float64 // by repetition
	}
	type match struct {
		scenario string
		by       map[string]*acc
		names    []string
	}
	type proto struct {
		label     string
		matches   []*match
		index     map[string]*match
		n         int
		scenarios []string
	}
	var protos []*proto
	for i := range rs {
		r := &rs[i]
		if r.Status == "error" {
			l.Errors++
			continue
		}
		k := slices.IndexFunc(protos, func(p *proto) bool { return p.label == r.Protocol })
		if k < 0 {
			protos = append(protos, &proto{label: r.Protocol, index: map[string]*match{}})
			k = len(protos) - 1
		}
		pr := protos[k]
		pr.n++
		if !slices.Contains(pr.scenarios, r.Scenario) {
			pr.scenarios = append(pr.scenarios, r.Scenario)
		}
		key := r.Scenario + "\x00" + strings.Join(r.Roles, "\x00")
		m := pr.index[key]
		if m == nil {
			m = &match{scenario: r.Scenario, by: map[string]*acc{}}
			pr.index[key] = m
			pr.matches = append(pr.matches, m)
		}
		// The negotiator's mean over the parties it plays in this session.
		sums := map[string][2]float64{}
		var order []string
		for q, name := range r.Roles {
			if _, ok := sums[name]; !ok {
				order = append(order, name)
			}
			s := sums[name]
			sums[name] = [2]float64{s[0] + r.Discounted[q], s[1] + 1}
		}
		for _, name := range order {
			a := m.by[name]
			if a == nil {
				a = &acc{}
				m.by[name] = a
				m.names = append(m.names, name)
			}
			s := sums[name]
			a.util = append(a.util, s[0]/s[1])
			a.welfare = append(a.welfare, r.SocialWelfare)
			a.pareto = append(a.pareto, r.ParetoDistance)
			a.nash = append(a.nash, r.NashDistance)
			a.agreed = append(a.agreed, b2f(r.Agreement))
			a.ratified = append(a.ratified, b2f(r.Agreement && r.Stands))
		}
	}
	for _, pr := range protos {
		t := Table{Protocol: pr.label, Scenarios: pr.scenarios, Negotiations: pr.n}
		type units struct {
			played                                        int
			util, welfare, pareto, nash, agreed, ratified []float64 // by match
			byScenario                                    map[string][]float64
		}
		by := map[string]*units{}
		var names []string
		for _, m := range pr.matches {
			for _, name := range m.names {
				a := m.by[name]
				u := by[name]
				if u == nil {
					u = &units{byScenario: map[string][]float64{}}
					by[name] = u
					names = append(names, name)
				}
				u.played += len(a.util)
				avg := mean(a.util).Mean
				u.util = append(u.util, avg)
				u.welfare = append(u.welfare, mean(a.welfare).Mean)
				u.pareto = append(u.pareto, mean(a.pareto).Mean)
				u.nash = append(u.nash, mean(a.nash).Mean)
				u.agreed = append(u.agreed, mean(a.agreed).Mean)
				u.ratified = append(u.ratified, mean(a.ratified).Mean)
				u.byScenario[m.scenario] = append(u.byScenario[m.scenario], avg)
			}
		}
		for _, name := range names {
			u := by[name]
			t.Standings = append(t.Standings, Standing{
				Negotiator: name, Played: u.played, Units: len(u.util),
				Utility: mean(u.util), Agreements: share(u.agreed), Ratified: share(u.ratified),
				Welfare: mean(u.welfare), Pareto: mean(u.pareto), Nash: mean(u.nash),
			})
		}
		sort.Slice(t.Standings, func(i, j int) bool {
			a, b := t.Standings[i], t.Standings[j]
			if rank == ByRatified && a.Ratified.Mean != b.Ratified.Mean {
				return a.Ratified.Mean > b.Ratified.Mean
			}
			if a.Utility.Mean != b.Utility.Mean {
				return a.Utility.Mean > b.Utility.Mean
			}
			return a.Negotiator < b.Negotiator
		})
		for _, st := range t.Standings {
			t.Negotiators = append(t.Negotiators, st.Negotiator)
			row := make([]Estimate, len(t.Scenarios))
			for s, sc := range t.Scenarios {
				row[s] = mean(by[st.Negotiator].byScenario[sc])
				if row[s].N == 0 {
					row[s] = Estimate{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}
				}
			}
			t.Cells = append(t.Cells, row)
		}
		l.Tables = append(l.Tables, t)
	}
	return l
}

func b2f(b bool) float64 {
	if b {
		return 1
	}
	return 0
}
