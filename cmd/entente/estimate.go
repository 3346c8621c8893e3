package main

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"runtime/debug"
	"slices"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/models"
	"github.com/entente/entente/forecast/montecarlo"
	document "github.com/entente/entente/report"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Estimates before work: a command that can run long or allocate much
// first estimates what the input asks of it and refuses, with the estimate
// and the ways out, when that exceeds the limits; what it allows runs under
// a memory guard that stops it cleanly if the estimate was wrong.

// analysisEstimate is the cost of an exact analysis, estimated before it
// runs (see space.EstimateFrontier).
type analysisEstimate struct {
	space.FrontierEstimate
	parties int
	memory  int64
	// work is the interaction terms' condition checks: every package
	// evaluates every term of every party that has them (additive parts
	// are summed incrementally and cost little).
	work float64
}

// estimateAnalysis estimates the frontier an exact analysis of sp keeps
// for the compiled utilities fs (one per analysed party), and its memory
// when it keeps points of it as points (analysis.Options.ParetoPoints:
// 0 for all, negative for none).
func estimateAnalysis(sp *space.Space, fs []*utility.Func, points int) analysisEstimate {
	k := len(fs)
	fe := space.EstimateFrontier(sp, k, space.SampleFor(k), 1, func(o entente.Outcome, u []float64) {
		for j, f := range fs {
			u[j] = f.Utility(o)
		}
	})
	kept := int64(points)
	switch {
	case points == 0:
		kept = -1
	case points < 0:
		kept = 0
	}
	terms := 0.0
	for _, f := range fs {
		if !f.Linear() {
			terms += float64(f.Cost() - len(sp.Issues()) - 1)
		}
	}
	return analysisEstimate{FrontierEstimate: fe, parties: k, memory: fe.Memory(k, kept), work: float64(fe.Outcomes) * terms}
}

// workRefusal says why the interaction terms' work exceeds the budget and
// what to do.
func (e analysisEstimate) workRefusal(budget float64) error {
	return entente.Errorf(entente.EUnsupported, "", 0, 0, "",
		"%s, more than the limit of %.2g; fix some issues (--fix issue=value), analyse fewer parties (--parties), discretise real issues more coarsely (--resolution), or raise the limit with --max-work",
		e.describeWork(), budget)
}

// describeWork says what the work estimate found.
func (e analysisEstimate) describeWork() string {
	return fmt.Sprintf("the exact analysis of %d packages would check about %.2g conditions of interaction terms (every term of every party, for every package)", e.Outcomes, e.work)
}

// refusal says why the estimate exceeds the memory budget and what to do.
func (e analysisEstimate) refusal(budget int64) error {
	return entente.Errorf(entente.EUnsupported, "", 0, 0, "",
		"%s, more than the limit of %s; fix some issues (--fix issue=value), analyse fewer parties (--parties), discretise real issues more coarsely (--resolution), or raise the limit with --max-memory",
		e.describe(), entente.FormatSize(budget))
}

// describe says what the estimate found.
func (e analysisEstimate) describe() string {
	how := fmt.Sprintf("%d of a seeded sample of %d packages are on the sample's frontier", e.OnFrontier, e.Sampled)
	if uint64(e.Sampled) == e.Outcomes {
		how = "counted on every package"
	}
	return fmt.Sprintf("the exact analysis of %d packages and %d parties would keep about %d packages on the Pareto frontier (%s), about %s of memory",
		e.Outcomes, e.parties, e.Frontier, how, entente.FormatSize(e.memory))
}

// errMemory is the cause of a computation stopped by the memory guard.
var errMemory = errors.New("memory limit")

// guardMemory returns a context that is cancelled, with a cause that names
// the limit, when the heap grows above budget bytes, and sets the garbage
// collector's soft limit to the budget so that it works harder before.
// stop releases the guard.
func guardMemory(ctx context.Context, budget int64) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(ctx)
	old := debug.SetMemoryLimit(budget)
	quit := make(chan struct{})
	done := make(chan struct{})
	go func() {
		defer close(done)
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		var ms runtime.MemStats
		for {
			select {
			case <-quit:
				return
			case <-ctx.Done():
				return
			case <-t.C:
				runtime.ReadMemStats(&ms)
				if int64(ms.HeapAlloc) > budget {
					cancel(fmt.Errorf("%w: the computation needed more than %s of memory (--max-memory); fix some issues (--fix), use fewer parties, samples or runs, or raise the limit", errMemory, entente.FormatSize(budget)))
					return
				}
			}
		}
	}()
	return ctx, func() {
		close(quit)
		<-done
		debug.SetMemoryLimit(old)
		cancel(nil)
	}
}

// checkForecastWork refuses a model whose estimated work exceeds the
// budget, saying what costs and how to bring it down.
func checkForecastWork(md *models.Model, m *forecast.Model, o *forecastOptions, budget float64) error {
	w := md.Work(m, o.modelOptions(), o.runs, o.sensitivity)
	if w <= budget {
		return nil
	}
	return entente.Errorf(entente.EUnsupported, "", 0, 0, "",
		"model %s on %d actors and %d issues would take about %.2g steps (actors³ × rounds × issues for the round-based models, times the Monte Carlo runs and the sensitivity's perturbations), more than the limit of %.2g; use fewer actors, fewer rounds (--rounds), runs (--runs) or no --sensitivity, or raise the limit with --max-work",
		md.Name, len(m.Actors), len(m.Issues), w, budget)
}

// checkRobustness refuses robustness draws whose estimated work exceeds the
// budget: every draw evaluates every package for every party.
func checkRobustness(s *entente.Scenario, samples, resolution int, maxOutcomes uint64, budget float64) error {
	n, fits := space.Discretized(s.Issues, resolution).Len()
	if !fits || n > maxOutcomes || samples <= 0 {
		return nil // the analysis refuses it itself
	}
	w := float64(samples) * float64(n) * float64(len(s.Parties))
	if w <= budget {
		return nil
	}
	return entente.Errorf(entente.EUnsupported, "", 0, 0, "",
		"robustness over %d draws of %d packages and %d parties would take about %.2g steps (draws × packages × parties), more than the limit of %.2g; draw fewer profiles (--samples), discretise real issues more coarsely (--resolution), or raise the limit with --max-work",
		samples, n, len(s.Parties), w, budget)
}

// checkReport estimates the report's heaviest parts before it starts: the
// exact analysis (its frontier's memory), the robustness draws and the
// forecast's Monte Carlo runs of every model.
func checkReport(s *entente.Scenario, fm *forecast.Model, o document.Options, in *inputOptions) error {
	maxOut := o.MaxOutcomes
	if maxOut == 0 {
		maxOut = 1 << 26
	}
	res := o.Resolution
	if res == 0 {
		res = 11
	}
	if err := checkAnalysis(s, analysis.Options{Resolution: res, MaxOutcomes: maxOut}, in.maxMemory(), in.maxWork()); err != nil {
		return err
	}
	if o.Samples > 0 && slices.ContainsFunc(s.Params, func(p entente.Param) bool { return p.Ranged }) {
		if err := checkRobustness(s, o.Samples, res, maxOut, in.maxWork()); err != nil {
			return err
		}
	}
	if fm != nil {
		runs := max(o.Runs, 1)
		if !fm.Ranged() {
			runs = 1
		}
		w := 0.0
		for _, md := range models.All() {
			w += md.Work(fm, models.Options{}, 0, false) * float64(runs)
		}
		if w > in.maxWork() {
			return entente.Errorf(entente.EUnsupported, "", 0, 0, "",
				"the forecast of %d actors on %d issues over %d Monte Carlo runs would take about %.2g steps (actors³ × rounds × issues for the round-based models, times the runs), more than the limit of %.2g; use fewer runs (--runs), or raise the limit with --max-work",
				len(fm.Actors), len(fm.Issues), runs, w, in.maxWork())
		}
	}
	return nil
}

// checkRunsMemory refuses Monte Carlo runs whose kept draws and forecasts
// (every run's sampled inputs, and each model's forecast of each issue)
// would exceed the memory budget.
func checkRunsMemory(m *forecast.Model, models, runs int, budget int64) error {
	if runs <= 0 {
		return nil
	}
	per := float64(len(montecarlo.Inputs(m))+models*len(m.Issues)) * 8
	mem := float64(runs) * (per + 48)
	if mem <= float64(budget) {
		return nil
	}
	return entente.Errorf(entente.EUnsupported, "", 0, 0, "",
		"%d Monte Carlo runs keep every run's draws and forecasts, about %s, more than the limit of %s; use fewer runs (--runs), or raise the limit with --max-memory",
		runs, entente.FormatSize(int64(mem)), entente.FormatSize(budget))
}
