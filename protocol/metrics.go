package protocol

import (
	"math"

	"github.com/entente/entente/analysis"
	"github.com/entente/entente/utility"
)

// Metrics measures a session's outcome against the analysis of its
// scenario, as GENIUS does (docs/negotiate.md), with both conventions for a
// session without agreement.
type Metrics struct {
	// ParetoDistance is the Euclidean distance from the outcome's
	// discounted utility vector (the discounted reservation values without
	// agreement) to the nearest Pareto-frontier vector, discounted to the
	// session's end.
	ParetoDistance float64
	// NashDistance is the distance from the same vector to the Nash point:
	// the discounted frontier vector that maximises the product of gains
	// over the undiscounted reservation values (under the scenario's
	// politics, the analysis's Nash solution over the agreement zone,
	// discounted); NaN when there is none.
	NashDistance float64
	// SocialWelfare is the sum of the discounted utilities (reservation
	// values without agreement).
	SocialWelfare float64
	// Nash is the Nash point used (nil when there is none).
	Nash []float64
	// The GENIUS versions: without agreement the outcome is the origin and
	// the welfare 0.
	GeniusParetoDistance, GeniusNashDistance, GeniusSocialWelfare float64
}

// Measure compares a session's result with the analysis of its scenario
// (over all parties, in scenario order) and the parties' utility functions
// (nil: the analysis's own). When they do not fit together (a different
// number of parties) every metric is NaN.
func Measure(r *Result, a *analysis.Result, fns []*utility.Func) Metrics {
	if fns == nil && a != nil {
		fns = a.Funcs()
	}
	n := len(fns)
	if a == nil || r == nil || n == 0 || len(r.Discounted) != n || len(a.Parties) != n || len(a.Reservation) != n {
		nan := math.NaN()
		return Metrics{ParetoDistance: nan, NashDistance: nan, SocialWelfare: nan, GeniusParetoDistance: nan, GeniusNashDistance: nan, GeniusSocialWelfare: nan}
	}
	scale := make([]float64, n)
	for p, f := range fns {
		scale[p] = f.Discounted(1, r.Time)
	}
	m := Metrics{Nash: nashPoint(a, fns, scale)}
	origin := make([]float64, n)
	genius := r.Discounted
	if r.Status != Agreement {
		genius = origin
	}
	m.ParetoDistance = a.FrontierDistance(r.Discounted, scale)
	m.GeniusParetoDistance = a.FrontierDistance(genius, scale)
	m.NashDistance, m.GeniusNashDistance = math.NaN(), math.NaN()
	if m.Nash != nil {
		m.NashDistance = analysis.Euclid(m.Nash, r.Discounted)
		m.GeniusNashDistance = analysis.Euclid(m.Nash, genius)
	}
	for p := range r.Discounted {
		m.SocialWelfare += r.Discounted[p]
		m.GeniusSocialWelfare += genius[p]
	}
	return m
}

// nashPoint returns the discounted frontier vector with the largest product
// of gains over the reservation values, among those that give every party
// at least its reservation value; the first of equals wins. When the
// analysis applies the scenario's politics (rules, blocs), the frontier may
// hold packages no bloc accepts: the Nash point is then the analysis's Nash
// solution over the agreement zone, discounted.
func nashPoint(a *analysis.Result, fns []*utility.Func, scale []float64) []float64 {
	if a.Politics {
		if a.Nash == nil {
			return nil
		}
		v := make([]float64, len(fns))
		for p := range v {
			v[p] = a.Nash.Utilities[p] * scale[p]
		}
		return v
	}
	best, at := -1.0, -1
	for k := range a.Pareto {
		u := a.Pareto[k].Utilities
		prod := 1.0
		for p, f := range fns {
			g := u[p]*scale[p] - f.Reservation()
			if g < -analysis.Eps {
				prod = -1
				break
			}
			prod *= max(g, 0)
		}
		if prod > best {
			best, at = prod, k
		}
	}
	if at < 0 {
		return nil
	}
	v := make([]float64, len(fns))
	for p := range v {
		v[p] = a.Pareto[at].Utilities[p] * scale[p]
	}
	return v
}
