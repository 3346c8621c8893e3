package tournament

import (
	"math"
	"slices"
	"sort"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/entente/entente/internal/stats"
)

// Estimate is a mean with its 95% confidence interval.
type Estimate struct {
	Mean, Low, High float64
	// N is the number of observations.
	N int
}

// estimate returns the mean of xs (NaNs skipped) with a Student t
// interval; with fewer than two observations the interval is the mean.
func estimate(xs []float64) Estimate {
	var sum float64
	n := 0
	for _, x := range xs {
		if !math.IsNaN(x) {
			sum += x
			n++
		}
	}
	if n == 0 {
		return Estimate{Mean: math.NaN(), Low: math.NaN(), High: math.NaN()}
	}
	mean := sum / float64(n)
	e := Estimate{Mean: mean, Low: mean, High: mean, N: n}
	if n < 2 {
		return e
	}
	var ss float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			ss += (x - mean) * (x - mean)
		}
	}
	se := math.Sqrt(ss/float64(n-1)) / math.Sqrt(float64(n))
	t := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: float64(n - 1)}.Quantile(0.975)
	e.Low, e.High = mean-t*se, mean+t*se
	return e
}

// proportion returns a share of successes with its 95% Wilson interval.
func proportion(k, n int) Estimate {
	p, lo, hi := stats.Wilson(k, n)
	return Estimate{Mean: p, Low: lo, High: hi, N: n}
}

// Standing is one negotiator's line of the league table. Every figure is
// over the parties it played, in every negotiation that ran (errors
// excluded).
type Standing struct {
	Negotiator string
	// Played counts the parties played.
	Played int
	// Utility is its own discounted utility (its reservation value,
	// discounted, without agreement).
	Utility Estimate
	// Agreements is the share of its negotiations that ended in agreement.
	Agreements Estimate
	// Welfare, Pareto and Nash are the social welfare and the distances to
	// the frontier and the Nash point of its negotiations.
	Welfare, Pareto, Nash Estimate
}

// Cell is one negotiator's mean utility in one scenario.
type Cell struct {
	Utility Estimate
}

// League is a tournament's results summarised.
type League struct {
	// Standings are sorted by mean utility, best first.
	Standings []Standing
	// Scenarios and Negotiators label the heat map: Cells[n][s] is
	// negotiator n's mean utility in scenario s (N = 0 when it did not
	// play there).
	Scenarios, Negotiators []string
	Cells                  [][]Estimate
	// Negotiations counts the results; Errors those that could not run.
	Negotiations, Errors, Missing int
}

// Summarise computes the league table of a set of results; total is the
// number of negotiations in the plan (to count the missing ones).
func Summarise(rs []Record, total int) *League {
	type acc struct {
		util, welfare, pareto, nash []float64
		agreed, n                   int
		byScenario                  map[string][]float64
	}
	accs := map[string]*acc{}
	var scenarios []string
	l := &League{Negotiations: len(rs), Missing: total - len(rs)}
	for i := range rs {
		r := &rs[i]
		if r.Status == "error" {
			l.Errors++
			continue
		}
		if !slices.Contains(scenarios, r.Scenario) {
			scenarios = append(scenarios, r.Scenario)
		}
		for q, name := range r.Roles {
			a := accs[name]
			if a == nil {
				a = &acc{byScenario: map[string][]float64{}}
				accs[name] = a
			}
			a.n++
			if r.Agreement {
				a.agreed++
			}
			a.util = append(a.util, r.Discounted[q])
			a.welfare = append(a.welfare, r.SocialWelfare)
			a.pareto = append(a.pareto, r.ParetoDistance)
			a.nash = append(a.nash, r.NashDistance)
			a.byScenario[r.Scenario] = append(a.byScenario[r.Scenario], r.Discounted[q])
		}
	}
	for name, a := range accs {
		l.Standings = append(l.Standings, Standing{
			Negotiator: name, Played: a.n, Utility: estimate(a.util), Agreements: proportion(a.agreed, a.n),
			Welfare: estimate(a.welfare), Pareto: estimate(a.pareto), Nash: estimate(a.nash),
		})
	}
	sort.Slice(l.Standings, func(i, j int) bool {
		a, b := l.Standings[i], l.Standings[j]
		if a.Utility.Mean != b.Utility.Mean {
			return a.Utility.Mean > b.Utility.Mean
		}
		return a.Negotiator < b.Negotiator
	})
	l.Scenarios = scenarios
	for _, st := range l.Standings {
		l.Negotiators = append(l.Negotiators, st.Negotiator)
		row := make([]Estimate, len(scenarios))
		for s, sc := range scenarios {
			row[s] = estimate(accs[st.Negotiator].byScenario[sc])
		}
		l.Cells = append(l.Cells, row)
	}
	return l
}
