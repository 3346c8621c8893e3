package montecarlo

import (
	"math"
	"sort"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/stats"
)

// Correlation is the Spearman rank correlation between one sampled input
// and one model's forecast of one issue over the runs.
type Correlation struct {
	Input Input
	Rho   float64
}

// Spearman returns, per model and issue ([model][issue]), the rank
// correlation of every sampled input with the forecast, strongest (largest
// |Rho|) first; ties in the ranks get their average rank. Runs in which
// the model failed (or gave NaN on some issue) are left out; an input or forecast that does not vary
// has no correlation and is left out.
func (r *Result) Spearman() [][][]Correlation {
	inRanks := make([][]float64, len(r.Inputs))
	col := make([]float64, r.Runs)
	for j := range r.Inputs {
		for run := range r.Runs {
			col[run] = r.Samples[run][j]
		}
		inRanks[j] = Ranks(col)
	}
	out := make([][][]Correlation, len(r.Models))
	for mi := range r.Models {
		issues := 0
		if r.Runs > 0 {
			issues = len(r.Forecasts[mi][0])
		}
		out[mi] = make([][]Correlation, issues)
		// Runs where the model failed leave the sample: rank the inputs
		// over the runs that remain.
		var keep []int
	runs:
		for run := range r.Runs {
			for _, v := range r.Forecasts[mi][run] {
				if math.IsNaN(v) {
					continue runs
				}
			}
			keep = append(keep, run)
		}
		xr := inRanks
		if len(keep) < r.Runs {
			xr = make([][]float64, len(r.Inputs))
			sub := make([]float64, len(keep))
			for j := range r.Inputs {
				for i, run := range keep {
					sub[i] = r.Samples[run][j]
				}
				xr[j] = Ranks(sub)
			}
		}
		y := make([]float64, len(keep))
		for k := range issues {
			for i, run := range keep {
				y[i] = r.Forecasts[mi][run][k]
			}
			yr := Ranks(y)
			var cs []Correlation
			for j, in := range r.Inputs {
				if rho := Pearson(xr[j], yr); !math.IsNaN(rho) {
					cs = append(cs, Correlation{Input: in, Rho: rho})
				}
			}
			sort.SliceStable(cs, func(a, b int) bool { return math.Abs(cs[a].Rho) > math.Abs(cs[b].Rho) })
			out[mi][k] = cs
		}
	}
	return out
}

// Ranks returns the ranks of x (1-based, ties get their average rank), the
// first step of Spearman's rank correlation: the Pearson correlation of the
// ranks. It is stats.Ranks, kept here for callers of this package.
func Ranks(x []float64) []float64 { return stats.Ranks(x) }

// Pearson returns the Pearson correlation of x and y (equal lengths), NaN
// when either is constant or there are fewer than two pairs (see
// stats.Pearson, which it is).
func Pearson(x, y []float64) float64 { return stats.Pearson(x, y) }

// Effect is how far moving one actor's salience or capability moves one
// model's forecast of one issue.
type Effect struct {
	Actor int
	// Field is "salience" or "capability".
	Field string
	// Low and High are the forecasts with the input at the low and at the
	// high end; NaN where the model failed.
	Low, High float64
	// Change is High - Low.
	Change float64
}

// Relative is the relative move, 10% either way, of an input that has no
// range in OneAtATime.
const Relative = 0.1

// OneAtATime measures one-at-a-time sensitivity: for each actor and for
// its salience and its capability in turn, it sets that input on every
// issue to the low end and then to the high end of its range (the value
// -10% and +10%, see Relative, where no range is given), everything else
// at its point value, and runs every forecaster. It returns per model and
// issue ([model][issue]) the effects, largest |Change| first (NaN last).
// m must be valid; forecasters that fail on a perturbed model give NaN.
func OneAtATime(m *forecast.Model, models []Forecaster) ([][][]Effect, error) {
	if errs := m.Validate(); len(errs) > 0 {
		return nil, errs
	}
	out := make([][][]Effect, len(models))
	for mi := range models {
		out[mi] = make([][]Effect, len(m.Issues))
	}
	d := newDrawer(m)
	for a := range m.Actors {
		for _, field := range []string{"salience", "capability"} {
			var ends [2][][]float64 // [low/high][model][issue]
			for e := range 2 {
				for k := range m.Issues {
					s := m.Stances[a][k]
					v, r := s.Salience, (*forecast.Range)(nil)
					if m.Uncertain != nil {
						r = m.Uncertain.Stances[a][k].Salience
					}
					if field == "capability" {
						v = s.Capability
						if m.Uncertain != nil {
							r = m.Uncertain.Stances[a][k].Capability
						}
					}
					lo, hi := v*(1-Relative), v*(1+Relative)
					if r != nil {
						lo, hi = r.Low, r.High
					}
					x := &d.m.Stances[a][k]
					x.Salience, x.Capability = s.Salience, s.Capability
					if field == "salience" {
						x.Salience = [2]float64{lo, hi}[e]
					} else {
						x.Capability = [2]float64{lo, hi}[e]
					}
				}
				ends[e] = make([][]float64, len(models))
				for mi, f := range models {
					fc, err := f.Forecast(&d.m)
					if err != nil || len(fc) != len(m.Issues) {
						fc = nil
					}
					ends[e][mi] = fc
				}
			}
			for k := range m.Issues {
				x := &d.m.Stances[a][k]
				x.Salience, x.Capability = m.Stances[a][k].Salience, m.Stances[a][k].Capability
			}
			for mi := range models {
				for k := range m.Issues {
					lo, hi := at(ends[0][mi], k), at(ends[1][mi], k)
					out[mi][k] = append(out[mi][k], Effect{Actor: a, Field: field, Low: lo, High: hi, Change: hi - lo})
				}
			}
		}
	}
	for mi := range out {
		for _, es := range out[mi] {
			sort.SliceStable(es, func(i, j int) bool {
				ci, cj := math.Abs(es[i].Change), math.Abs(es[j].Change)
				if math.IsNaN(cj) {
					return !math.IsNaN(ci)
				}
				return ci > cj
			})
		}
	}
	return out, nil
}

func at(x []float64, k int) float64 {
	if x == nil {
		return math.NaN()
	}
	return x[k]
}
