package report

import (
	"bytes"
	"fmt"
	"math"
	"strings"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/bdm"
	"github.com/entente/entente/forecast/montecarlo"
	"github.com/entente/entente/report/plot"
)

// forecastFindings is what the summary says of the forecast.
type forecastFindings struct {
	models   []string
	medians  [][]float64 // by model, by issue
	warnings []string
}

// forecast runs the spatial models with their Monte Carlo intervals, and
// states every model warning: a run that does not converge or cycles, a
// forecast that collapses onto one actor's position, and an input
// convention that does not fit a model.
func (b *builder) forecast() error {
	if b.fm == nil {
		return nil
	}
	m := b.fm
	sec := b.doc.add(&Section{ID: "forecast", Title: "What does a spatial bargaining forecast predict?",
		Question: "What outcome do the actors' positions, salience and capability predict on each issue, and how sensitive is it?"})
	runs := max(b.opt.Runs, 1)
	if !m.Ranged() {
		runs = 1
	}
	fcs := montecarlo.Defaults(m)
	res, err := montecarlo.RunContext(b.ctx, m, runs, b.opt.Seed, fcs, b.opt.Workers)
	if err != nil {
		return err
	}
	ff := &forecastFindings{models: res.Models}
	b.fc = ff
	sec.para("%d actors on %d issue dimensions. Models: %s. %s", len(m.Actors), len(m.Issues), strings.Join(res.Models, ", "),
		map[bool]string{true: fmt.Sprintf("Each model ran on %s draws of the uncertain inputs; the intervals hold 90%% of the forecasts.", count(uint64(runs))), false: "The inputs carry no ranges, so the forecasts are points."}[runs > 1])
	ff.warnings = append(ff.warnings, conventionWarnings(m)...)
	ff.warnings = append(ff.warnings, bdmWarnings(m)...)
	for k, e := range res.Errors {
		if e != nil {
			ff.warnings = append(ff.warnings, fmt.Sprintf("%s failed in some runs (left out of its intervals): %v", res.Models[k], e))
		}
	}
	if len(ff.warnings) > 0 {
		sec.callout("Read the forecasts with these warnings: %s", strings.Join(ff.warnings, " "))
		b.doc.Numbers["forecast.warnings"] = float64(len(ff.warnings))
	}
	t := &Table{Caption: "Forecast per issue (median of the runs; 90% interval)", Head: append([]string{"issue", "scale"}, res.Models...)}
	t.Numeric = make([]bool, len(t.Head))
	for i := 2; i < len(t.Head); i++ {
		t.Numeric[i] = true
	}
	cmp := plot.Comparison{Title: "Forecasts by model", Subtitle: "median and 90% interval over the runs"}
	ff.medians = make([][]float64, len(res.Models))
	for i, is := range m.Issues {
		row := []string{is.Name, num(is.Min) + " to " + num(is.Max)}
		ci := plot.ComparisonIssue{Name: is.Name, Min: is.Min, Max: is.Max}
		for k, name := range res.Models {
			iv := res.Intervals[k][i]
			ff.medians[k] = append(ff.medians[k], iv.Median)
			cell := num(iv.Median)
			if runs > 1 && !math.IsNaN(iv.Low) {
				cell += " [" + num(iv.Low) + ", " + num(iv.High) + "]"
			}
			row = append(row, cell)
			b.doc.Numbers[fmt.Sprintf("forecast.%s.%s", name, is.Name)] = iv.Median
			if !math.IsNaN(iv.Median) {
				mf := plot.ModelForecast{Model: name, Value: iv.Median}
				if runs > 1 && !math.IsNaN(iv.Low) {
					lo, hi := iv.Low, iv.High
					mf.Low, mf.High = &lo, &hi
				}
				ci.Forecasts = append(ci.Forecasts, mf)
			}
		}
		t.Rows = append(t.Rows, row)
		cmp.Issues = append(cmp.Issues, ci)
	}
	sec.Blocks = append(sec.Blocks, t)
	svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderComparison(buf, &cmp, plot.SVG) })
	if err != nil {
		return err
	}
	sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "forecasts", Caption: "Each model's forecast per issue on the issue's own scale, with its 90% interval over the uncertain inputs."})
	if runs > 1 {
		corr := res.Spearman()
		var items []string
		// The input that moves the last model that ran's forecast most.
		k := len(res.Models) - 1
		for k > 0 && res.Errors[k] != nil {
			k--
		}
		for i, is := range m.Issues {
			best, bestAbs := -1, 0.0
			for j, c := range corr[k][i] {
				if a := math.Abs(c.Rho); a > bestAbs {
					best, bestAbs = j, a
				}
			}
			if best >= 0 {
				in := corr[k][i][best].Input
				what := m.Actors[in.Actor].Name + "'s " + in.Field
				if in.Issue >= 0 && in.Issue != i {
					what += " on " + m.Issues[in.Issue].Name
				}
				items = append(items, fmt.Sprintf("%s: %s moves the %s forecast most (Spearman ρ = %s).", is.Name, what, res.Models[k], num(corr[k][i][best].Rho)))
			}
		}
		if len(items) > 0 {
			sec.para("Sensitivity: which uncertain input the forecast follows most closely.")
			sec.Blocks = append(sec.Blocks, Bullets(items))
		}
	}
	return nil
}

// conventionWarnings detects inputs written for one model's convention
// that another model reads differently. Saliences that are a budget of
// attention (every actor's saliences summing to at most 100, as KTAB's
// Spatial Model of Politics asks) are read by BDM as each actor's resolve
// on the issue (salience/100, the probability of resisting a challenge):
// small shares of a budget then make every actor yield, which is not what
// the author meant.
func conventionWarnings(m *forecast.Model) []string {
	if len(m.Issues) < 2 || len(m.Actors) == 0 {
		return nil
	}
	budget := true
	top := 0.0
	for a := range m.Actors {
		sum := 0.0
		for k := range m.Issues {
			sum += m.Stances[a][k].Salience
			top = max(top, m.Stances[a][k].Salience)
		}
		if sum > 100+1e-9 || sum < 50 {
			budget = false
		}
	}
	if !budget || top <= 1 {
		return nil
	}
	return []string{fmt.Sprintf("The saliences are written as a budget of attention (each actor's sum to at most 100 across %d issues, the convention of KTAB's SMP). BDM reads a salience as the actor's resolve on that issue (salience/100), so budget shares of %s or less make every actor yield to challenges: BDM's forecast here says more about that reading than about the talks.", len(m.Issues), num(top))}
}

// bdmWarnings runs BDM on the point inputs and states what its runs do:
// no convergence, cycling, and forecasts where every actor ends at one
// position.
func bdmWarnings(m *forecast.Model) []string {
	rs, err := bdm.RunAll(m, bdm.DefaultParams())
	if err != nil {
		return []string{"BDM could not run on the point inputs: " + err.Error() + "."}
	}
	var out []string
	var cycles, open, collapsed []string
	for k, r := range rs {
		name := m.Issues[k].Name
		last := r.Rounds[len(r.Rounds)-1]
		switch {
		case r.Converged:
		case r.CycleLength > 0:
			cycles = append(cycles, fmt.Sprintf("%s (a cycle of %d rounds from round %d)", name, r.CycleLength, r.CycleStart))
		case r.Reversals > 0:
			cycles = append(cycles, fmt.Sprintf("%s (the median changed direction %d times)", name, r.Reversals))
		default:
			open = append(open, name)
		}
		if len(m.Actors) > 2 && spread(last.Positions) == 0 && spread(r.Rounds[0].Positions) > 0 {
			who := ""
			for a, x := range r.Rounds[0].Positions {
				if x == last.Positions[0] {
					who = m.Actors[a].Name
					break
				}
			}
			c := fmt.Sprintf("%s (at %s", name, num(last.Positions[0]))
			if who != "" {
				c += ", " + who + "'s starting position"
			}
			collapsed = append(collapsed, c+")")
		}
	}
	if len(cycles) > 0 {
		out = append(out, "BDM does not converge but cycles on "+strings.Join(cycles, ", ")+": its forecast there depends on the number of rounds.")
	}
	if len(open) > 0 {
		out = append(out, fmt.Sprintf("BDM has not converged after %d rounds on %s.", bdm.DefaultParams().Rounds, strings.Join(open, ", ")))
	}
	if len(collapsed) > 0 {
		out = append(out, "BDM's run is degenerate on "+strings.Join(collapsed, ", ")+": every actor ends at one position.")
	}
	return out
}

func spread(x []float64) float64 {
	if len(x) == 0 {
		return 0
	}
	lo, hi := x[0], x[0]
	for _, v := range x {
		lo, hi = min(lo, v), max(hi, v)
	}
	return hi - lo
}
