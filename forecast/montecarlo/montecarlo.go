package montecarlo

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"sort"
	"sync"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/bdm"
	"github.com/entente/entente/forecast/smp"
	"github.com/entente/entente/internal/parallel"
	"github.com/entente/entente/internal/stats"
)

// Forecaster is one forecasting model as the Monte Carlo runs use it.
type Forecaster struct {
	Name string
	// Forecast returns one forecast per issue of m. It is called from
	// several goroutines at once.
	Forecast func(m *forecast.Model) ([]float64, error)
}

// Baseline returns the forecaster that applies f (forecast.Mean, Median
// or Condorcet) to each issue's positions and weights.
func Baseline(name string, f func(x, w []float64) float64) Forecaster {
	return Forecaster{Name: name, Forecast: func(m *forecast.Model) ([]float64, error) {
		out := make([]float64, len(m.Issues))
		var x, w []float64
		for k := range m.Issues {
			x, w = m.Positions(k, x), m.Weights(k, w)
			out[k] = f(x, w)
		}
		return out, nil
	}}
}

// BDM returns the forecaster that runs bdm with p on every issue and
// forecasts its final median. When p.SalienceMax is 0 (automatic) the
// salience scale of each issue is fixed from base, the point model, so that
// draws near a boundary do not switch it.
func BDM(base *forecast.Model, p bdm.Params) Forecaster {
	scale := make([]float64, len(base.Issues))
	for k := range scale {
		scale[k] = p.SalienceMax
		if scale[k] == 0 {
			scale[k] = 1
			for i := range base.Stances {
				if base.Stances[i][k].Salience > 1 {
					scale[k] = 100
				}
			}
		}
	}
	return Forecaster{Name: "bdm", Forecast: func(m *forecast.Model) ([]float64, error) {
		rs, err := bdm.RunScaled(m, p, scale)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(m.Issues))
		for k, r := range rs {
			out[k] = r.Forecast
		}
		return out, nil
	}}
}

// SMP returns the forecaster that runs smp with p (serially, keeping only
// the final state) and forecasts the expected outcome. When
// p.SalienceScale is 0 (automatic) it is fixed from base, the point model.
func SMP(base *forecast.Model, p smp.Params) Forecaster {
	p.Workers, p.FinalOnly = 1, true
	if p.SalienceScale == 0 {
		p.SalienceScale = 1
		for i := range base.Stances {
			sum := 0.0
			for _, s := range base.Stances[i] {
				sum += s.Salience
			}
			if sum > 1 {
				p.SalienceScale = 100
			}
		}
	}
	return Forecaster{Name: "smp", Forecast: func(m *forecast.Model) ([]float64, error) {
		r, err := smp.Run(m, p)
		if err != nil {
			return nil, err
		}
		return r.ExpectedOutcome, nil
	}}
}

// Defaults returns compromise (the weighted mean), median, condorcet, bdm
// and smp with their default parameters, salience scales fixed from base.
func Defaults(base *forecast.Model) []Forecaster {
	return []Forecaster{
		Baseline("compromise", forecast.Mean),
		Baseline("median", forecast.Median),
		Baseline("condorcet", forecast.Condorcet),
		BDM(base, bdm.DefaultParams()),
		SMP(base, smp.DefaultParams()),
	}
}

// Input is one uncertain input of a model.
type Input struct {
	Actor int
	// Issue is the stance's issue, or -1 for an input of the actor as a
	// whole: its risk, or its capability when the actor has the same
	// capability and the same range on every issue (as the YAML form's
	// actor-wide capability gives, and as smp needs), drawn once for all
	// issues.
	Issue int
	// Field is "position", "salience", "capability" or "risk".
	Field string
	Range forecast.Range
}

// Inputs returns the inputs of m with a range of positive width, in the
// order Run draws them: by actor, then issue, then position, salience,
// capability; each actor's actor-wide capability and risk after its
// stances.
func Inputs(m *forecast.Model) []Input {
	u := m.Uncertain
	if u == nil {
		return nil
	}
	var out []Input
	add := func(a, k int, field string, r *forecast.Range) {
		if r != nil && r.High > r.Low {
			out = append(out, Input{Actor: a, Issue: k, Field: field, Range: *r})
		}
	}
	for a, row := range u.Stances {
		shared := len(row) > 0 && row[0].Capability != nil
		for k, s := range row {
			if s.Capability == nil || *s.Capability != *row[0].Capability || m.Stances[a][k].Capability != m.Stances[a][0].Capability {
				shared = false
			}
		}
		for k, s := range row {
			add(a, k, "position", s.Position)
			add(a, k, "salience", s.Salience)
			if !shared {
				add(a, k, "capability", s.Capability)
			}
		}
		if shared {
			add(a, -1, "capability", row[0].Capability)
		}
		if a < len(u.Risk) {
			add(a, -1, "risk", u.Risk[a])
		}
	}
	return out
}

// Interval summarises one model's forecasts of one issue over the runs.
type Interval struct {
	// Median, Low and High are the 50th, 5th and 95th percentiles
	// (linear interpolation between order statistics) of the forecasts of
	// the runs in which the model succeeded; NaN when it never did.
	Median, Low, High float64
	// Failed counts the runs in which the model returned an error.
	Failed int
}

// Result is the outcome of Run.
type Result struct {
	Runs   int
	Seed   uint64
	Models []string
	// Inputs are the sampled inputs (see Inputs).
	Inputs []Input
	// Samples[run][j] is the value drawn for Inputs[j] in that run.
	Samples [][]float64
	// Forecasts[model][run][issue] is the forecast of that run, NaN where
	// the model failed.
	Forecasts [][][]float64
	// Intervals[model][issue].
	Intervals [][]Interval
	// Errors[model] is the first error of the model (by run), nil if none.
	Errors []error
}

// Run runs each forecaster on runs draws of m's uncertain inputs (see the
// package documentation), on workers goroutines (0: GOMAXPROCS). m must be
// valid. The result does not depend on workers.
func Run(m *forecast.Model, runs int, seed uint64, models []Forecaster, workers int) (*Result, error) {
	return RunContext(context.Background(), m, runs, seed, models, workers)
}

// RunContext is Run that stops when ctx is cancelled, returning ctx's
// cause and no result.
func RunContext(ctx context.Context, m *forecast.Model, runs int, seed uint64, models []Forecaster, workers int) (*Result, error) {
	if errs := m.Validate(); len(errs) > 0 {
		return nil, errs
	}
	if runs < 1 {
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "runs", "%d runs; expected at least 1", runs)
	}
	res := &Result{Runs: runs, Seed: seed, Inputs: Inputs(m), Samples: make([][]float64, runs),
		Forecasts: make([][][]float64, len(models)), Intervals: make([][]Interval, len(models)), Errors: make([]error, len(models))}
	for j, f := range models {
		res.Models = append(res.Models, f.Name)
		res.Forecasts[j] = make([][]float64, runs)
	}
	firstErr := make([]int, len(models))
	for j := range firstErr {
		firstErr[j] = runs
	}
	var mu sync.Mutex
	_, err := parallel.Each(ctx, runs, parallel.Options{Workers: workers, Chunk: 1}, func() *drawer { return newDrawer(m) }, func(d *drawer, r int) error {
		rng := rand.New(rand.NewPCG(seed, uint64(r)))
		sample := make([]float64, len(res.Inputs))
		for j, in := range res.Inputs {
			sample[j] = in.Range.Low + in.Range.Width()*rng.Float64()
		}
		res.Samples[r] = sample
		dm := d.model(res.Inputs, sample)
		for j, f := range models {
			out, err := f.Forecast(dm)
			if err == nil && len(out) != len(m.Issues) {
				err = fmt.Errorf("model %s returned %d forecasts for %d issues", f.Name, len(out), len(m.Issues))
			}
			if err != nil {
				mu.Lock()
				if r < firstErr[j] {
					firstErr[j], res.Errors[j] = r, err
				}
				mu.Unlock()
				out = make([]float64, len(m.Issues))
				for k := range out {
					out[k] = math.NaN()
				}
			}
			res.Forecasts[j][r] = out
		}
		return nil
	})
	if err != nil {
		return nil, context.Cause(ctx)
	}
	col := make([]float64, 0, runs)
	for j := range models {
		res.Intervals[j] = make([]Interval, len(m.Issues))
		for k := range m.Issues {
			col = col[:0]
			for r := range runs {
				if v := res.Forecasts[j][r][k]; !math.IsNaN(v) {
					col = append(col, v)
				}
			}
			sort.Float64s(col)
			res.Intervals[j][k] = Interval{Median: Quantile(col, 0.5), Low: Quantile(col, 0.05), High: Quantile(col, 0.95), Failed: runs - len(col)}
		}
	}
	return res, nil
}

// Quantile returns the q-quantile of sorted (linear interpolation between
// the order statistics at (n-1)q), NaN when sorted is empty. It is
// stats.Quantile, kept here for callers of this package.
func Quantile(sorted []float64, q float64) float64 { return stats.Quantile(sorted, q) }

// drawer builds models with drawn inputs, reusing its buffers: the model
// it returns is valid until the next call.
type drawer struct {
	base *forecast.Model
	m    forecast.Model
	risk []float64
}

func newDrawer(base *forecast.Model) *drawer {
	d := &drawer{base: base, m: *base}
	d.m.Uncertain = nil
	d.m.Stances = make([][]forecast.Stance, len(base.Stances))
	for a := range base.Stances {
		d.m.Stances[a] = append([]forecast.Stance(nil), base.Stances[a]...)
	}
	d.m.Actors = append([]forecast.Actor(nil), base.Actors...)
	d.risk = make([]float64, len(base.Actors))
	for a := range d.m.Actors {
		if r := base.Actors[a].Risk; r != nil {
			d.risk[a] = *r
			d.m.Actors[a].Risk = &d.risk[a]
		}
	}
	return d
}

func (d *drawer) model(inputs []Input, sample []float64) *forecast.Model {
	for j, in := range inputs {
		v := sample[j]
		switch {
		case in.Field == "risk":
			d.risk[in.Actor] = v
			continue
		case in.Issue < 0:
			for k := range d.m.Stances[in.Actor] {
				d.m.Stances[in.Actor][k].Capability = v
			}
			continue
		}
		s := &d.m.Stances[in.Actor][in.Issue]
		switch in.Field {
		case "position":
			s.Position = v
		case "salience":
			s.Salience = v
		default:
			s.Capability = v
		}
	}
	return &d.m
}
