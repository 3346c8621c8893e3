package main

import (
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/bdm"
	"github.com/entente/entente/forecast/montecarlo"
	"github.com/entente/entente/forecast/smp"
)

func init() {
	register(&command{
		name:    "forecast",
		args:    "[flags] FILE",
		summary: "forecast bargaining outcomes from positions, salience and capability",
		help: `Forecast reads actors' positions, salience and capability on one or more
issues (CSV: actor,issue,position,salience,capability[,description][,risk],
one row per actor and issue; the YAML form in docs/forecast.md; or KTAB's
own CSV layout or XML scenario, recognised by content, on KTAB's 0..100
scale) and forecasts each issue's outcome with several models:

` + modelHelp() + `
Round-based models also print every actor's position, the median and the
mean after each round, and who moved toward whom. The BDM model need not
converge; when its median keeps changing direction the output says so.

Without --model every model runs, and one that cannot take the input (for
example smp when an actor's saliences sum to more than the salience scale)
is skipped with a warning; a model named with --model must succeed.

Inputs may be uncertain: a position, salience, capability or risk given as
a range (YAML {value: 40, range: [30, 50]}; CSV columns position_low,
position_high, salience_low, ...). With --runs N every model also runs on
N draws of the uncertain inputs (uniform in their ranges, reproducible from
--seed) and each issue gets the median and the 90% interval (5th to 95th
percentile) of each model's forecasts. --sensitivity ranks the actors'
salience and capability by how far they move each forecast (one at a time,
to the ends of their ranges or by 10%), and with --runs also ranks the
sampled inputs by their rank (Spearman) correlation with the forecast.`,
		example: `  entente forecast actors.csv
  entente forecast --model bdm --rounds 20 --json actors.yaml
  entente forecast --runs 1000 --seed 7 --sensitivity actors.yaml`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			o := &forecastOptions{rounds: -1}
			fs.Func("model", "a model to run (repeatable, or comma-separated; default all): "+strings.Join(modelNames(), ", "), func(s string) error {
				for _, name := range strings.Split(s, ",") {
					if name = strings.TrimSpace(name); name != "" {
						o.models = append(o.models, name)
					}
				}
				return nil
			})
			fs.Func("rounds", "rounds for round-based models (default each model's own: bdm 10, smp up to 100 turns)", func(s string) error {
				n, err := strconv.Atoi(s)
				if err != nil || n < 0 {
					return fmt.Errorf("expected a whole number >= 0, got %q", s)
				}
				o.rounds = n
				return nil
			})
			fs.BoolVar(&o.json, "json", false, "print the result as JSON (see docs/forecast.md)")
			fs.StringVar(&o.plot, "plot", "", "draw the models' forecasts to FILE.svg or FILE.png, and each round-based model's rounds beside it")
			fs.StringVar(&o.scale, "scale", "", "MIN,MAX: the scale of every issue (default the file's own; KTAB's files 0,100; otherwise the range of the positions, with a warning)")
			fs.IntVar(&o.runs, "runs", 0, "Monte Carlo runs over the input ranges (0: none)")
			fs.Uint64Var(&o.seed, "seed", 1, "seed of the Monte Carlo draws")
			fs.BoolVar(&o.sensitivity, "sensitivity", false, "rank the inputs by how much they move the forecasts")
			fs.StringVar(&o.exportKTAB, "export-ktab", "", "write the input in KTAB's CSV layout to `FILE` (positions mapped to 0..100) instead of forecasting")
			fs.Float64Var(&o.salienceMax, "salience-max", 0, "the salience that means full attention: 1 for salience on 0..1, 100 for 0..100 (default automatic)")
			return func(args []string) error { return runForecast(out, args, o) }
		},
	})
}

type forecastOptions struct {
	models      []string
	rounds      int
	json        bool
	salienceMax float64
	scale       string
	plot        string
	runs        int
	seed        uint64
	sensitivity bool
	exportKTAB  string
}

// forecaster is one forecasting model as the command runs it.
type forecaster struct {
	// order places the model in the default list and in the output.
	order int
	// about is one line for the help text.
	about string
	// run forecasts every issue of m and returns one result per issue.
	run func(m *forecast.Model, o *forecastOptions) ([]modelRun, error)
	// mc is the model for Monte Carlo runs and sensitivity, with the
	// same options (nil: the model does not support them).
	mc func(m *forecast.Model, o *forecastOptions) montecarlo.Forecaster
}

// modelRun is one model's result on one issue.
type modelRun struct {
	final  float64
	rounds *roundsJSON // nil for models without rounds
	note   string      // printed under the table, and in the JSON notes
}

// forecasters are the models the command knows, by name. A new model is
// one more entry.
var forecasters = map[string]*forecaster{
	"compromise": {order: 1, about: "the capability x salience weighted mean of the positions (Stokman's compromise model)", run: baseline(forecast.Mean), mc: mcBaseline("compromise", forecast.Mean)},
	"median":     {order: 2, about: "the weighted median position: the median voter, weights capability x salience", run: baseline(forecast.Median), mc: mcBaseline("median", forecast.Median)},
	"condorcet":  {order: 3, about: "the held position unbeaten in pairwise capability x salience votes (linear loss)", run: baseline(forecast.Condorcet), mc: mcBaseline("condorcet", forecast.Condorcet)},
	"bdm":        {order: 4, about: "Bueno de Mesquita's expected-utility model as specified by Scholz, Calbert & Smith (2011); its median after the last round", run: runBDM, mc: mcBDM},
	"smp":        {order: 5, about: "KTAB's Spatial Model of Politics; the expected outcome after the last turn", run: runSMP, mc: mcSMP},
}

func modelNames() []string {
	names := make([]string, 0, len(forecasters))
	for n := range forecasters {
		names = append(names, n)
	}
	sort.Slice(names, func(i, j int) bool { return forecasters[names[i]].order < forecasters[names[j]].order })
	return names
}

func modelHelp() string {
	var b strings.Builder
	for _, n := range modelNames() {
		fmt.Fprintf(&b, "  %-11s %s\n", n, forecasters[n].about)
	}
	return b.String()
}

func baseline(f func(x, w []float64) float64) func(*forecast.Model, *forecastOptions) ([]modelRun, error) {
	return func(m *forecast.Model, _ *forecastOptions) ([]modelRun, error) {
		out := make([]modelRun, len(m.Issues))
		var x, w []float64
		for k := range m.Issues {
			x, w = m.Positions(k, x), m.Weights(k, w)
			out[k].final = f(x, w)
		}
		return out, nil
	}
}

func mcBaseline(name string, f func(x, w []float64) float64) func(*forecast.Model, *forecastOptions) montecarlo.Forecaster {
	return func(*forecast.Model, *forecastOptions) montecarlo.Forecaster { return montecarlo.Baseline(name, f) }
}

func bdmParams(m *forecast.Model, o *forecastOptions) bdm.Params {
	p := bdm.DefaultParams()
	if o.rounds >= 0 {
		p.Rounds = o.rounds
	}
	p.SalienceMax = o.salienceMax
	if m.KTAB != nil && p.SalienceMax == 0 {
		p.SalienceMax = 100 // KTAB's saliences are percentages
	}
	return p
}

func smpParams(m *forecast.Model, o *forecastOptions) smp.Params {
	p := smp.DefaultParams()
	if o.rounds >= 0 {
		p.MaxTurns = max(o.rounds, 1)
		p.MinTurns = min(p.MinTurns, p.MaxTurns)
	}
	p.SalienceScale = o.salienceMax
	// A KTAB file's own parameters, seed and ideal adjustments (checked
	// by runForecast before any model runs).
	_ = p.ApplyKTAB(m.KTAB)
	return p
}

func mcBDM(m *forecast.Model, o *forecastOptions) montecarlo.Forecaster {
	return montecarlo.BDM(m, bdmParams(m, o))
}

func mcSMP(m *forecast.Model, o *forecastOptions) montecarlo.Forecaster {
	return montecarlo.SMP(m, smpParams(m, o))
}

func runBDM(m *forecast.Model, o *forecastOptions) ([]modelRun, error) {
	res, err := bdm.RunAll(m, bdmParams(m, o))
	if err != nil {
		return nil, err
	}
	out := make([]modelRun, len(m.Issues))
	for k, r := range res {
		rj := &roundsJSON{Converged: r.Converged, Reversals: r.Reversals}
		if r.CycleLength > 0 {
			rj.Cycle = &cycleJSON{Start: r.CycleStart, Length: r.CycleLength}
		}
		for _, rd := range r.Rounds {
			j := roundJSON{Round: rd.Round, Median: rd.Median, Mean: rd.Mean, Positions: rd.Positions, Risk: rd.Risk}
			for _, of := range rd.Offers {
				j.Moves = append(j.Moves, moveJSON{
					Actor: m.Actors[of.Receiver].Name, Toward: m.Actors[of.Proposer].Name, Kind: of.Kind.String(),
					EUActor: ptr(of.EUReceiver), EUToward: ptr(of.EUProposer), Position: []float64{of.Position},
				})
			}
			rj.Rounds = append(rj.Rounds, j)
		}
		last := len(r.Rounds) - 1
		var note string
		switch {
		case r.Converged:
			note = fmt.Sprintf("stopped after round %d: converged", last)
		case r.CycleLength > 0:
			note = fmt.Sprintf("not converged after %d rounds: the positions after round %d repeat those after round %d (a cycle of %d rounds)", last, r.CycleStart+r.CycleLength, r.CycleStart, r.CycleLength)
		case r.Reversals > 0:
			note = fmt.Sprintf("not converged after %d rounds: the median changed direction %s (cycling; the forecast depends on the number of rounds)", last, plural(r.Reversals, "time"))
		default:
			note = fmt.Sprintf("not converged after %d rounds", last)
		}
		if r.SalienceMax != 1 {
			note += fmt.Sprintf("; saliences read on 0..%v", r.SalienceMax)
		}
		out[k] = modelRun{final: r.Forecast, rounds: rj, note: note}
	}
	return out, nil
}

func runSMP(m *forecast.Model, o *forecastOptions) ([]modelRun, error) {
	r, err := smp.Run(m, smpParams(m, o))
	if err != nil {
		return nil, err
	}
	out := make([]modelRun, len(m.Issues))
	var x, w []float64
	for k := range m.Issues {
		w = m.Weights(k, w)
		rj := &roundsJSON{Converged: r.Stop == smp.Converged}
		for t, s := range r.States {
			x = x[:0]
			for i := range s.Positions {
				x = append(x, s.Positions[i][k])
			}
			j := roundJSON{Round: t, Median: forecast.Median(x, w), Mean: forecast.Mean(x, w), Positions: append([]float64(nil), x...), Risk: s.Risk}
			if t > 0 {
				prev := r.States[t-1]
				for i, bi := range prev.Adopted {
					if bi < 0 {
						continue
					}
					b := prev.Bargains[bi]
					other, pos := b.Target, b.InitiatorPosition
					if i == b.Target {
						other, pos = b.Initiator, b.TargetPosition
					}
					j.Moves = append(j.Moves, moveJSON{Actor: m.Actors[i].Name, Toward: m.Actors[other].Name, Kind: "bargain", Position: []float64{pos[k]}})
				}
			}
			rj.Rounds = append(rj.Rounds, j)
		}
		rj.Reversals = reversals(rj.Rounds)
		out[k] = modelRun{final: r.ExpectedOutcome[k], rounds: rj,
			note: fmt.Sprintf("%s after %s; most probable position %s", r.Stop, plural(r.Turns, "turn"), fnum(r.MostProbable[k]))}
	}
	return out, nil
}

func ptr(x float64) *float64 { return &x }

// reversals counts the rounds in which the median changed direction.
func reversals(rounds []roundJSON) int {
	n, dir := 0, 0.0
	for i := 1; i < len(rounds); i++ {
		d := rounds[i].Median - rounds[i-1].Median
		if d == 0 {
			continue
		}
		if dir != 0 && (d > 0) != (dir > 0) {
			n++
		}
		dir = d
	}
	return n
}

// forecastJSON is the --json output (a documented contract: see
// docs/forecast.md).
type forecastJSON struct {
	Version int      `json:"version"`
	Input   string   `json:"input"`
	Name    string   `json:"name"`
	Actors  []string `json:"actors"`
	Models  []string `json:"models"`
	// Runs and Seed are the Monte Carlo settings (--runs, --seed), absent
	// without --runs.
	Runs   int         `json:"runs,omitempty"`
	Seed   *uint64     `json:"seed,omitempty"`
	Issues []issueJSON `json:"issues"`
}

type issueJSON struct {
	Issue     string                 `json:"issue"`
	Min       float64                `json:"min"`
	Max       float64                `json:"max"`
	Forecasts map[string]float64     `json:"forecasts"`
	Rounds    map[string]*roundsJSON `json:"rounds"`
	Notes     map[string]string      `json:"notes"`
	// Intervals (with --runs) are per model the median and 90% interval
	// of the Monte Carlo forecasts.
	Intervals map[string]intervalJSON `json:"intervals,omitempty"`
	// Sensitivity (with --sensitivity) ranks the inputs by effect, per
	// model and method, largest first.
	Sensitivity []sensitivityJSON `json:"sensitivity,omitempty"`
}

type intervalJSON struct {
	Median float64 `json:"median"`
	Low    float64 `json:"low"`
	High   float64 `json:"high"`
	Failed int     `json:"failed,omitempty"`
}

type sensitivityJSON struct {
	Model  string `json:"model"`
	Method string `json:"method"` // "one-at-a-time" or "spearman"
	Rank   int    `json:"rank"`
	Actor  string `json:"actor"`
	Input  string `json:"input"`
	// Issue is the issue of a sampled stance input (spearman); absent for
	// actor-wide inputs.
	Issue string `json:"issue,omitempty"`
	// One at a time: the forecasts at the input's low and high ends and
	// their difference (absent where the model failed).
	Low    *float64 `json:"low,omitempty"`
	High   *float64 `json:"high,omitempty"`
	Change *float64 `json:"change,omitempty"`
	// Spearman: the rank correlation.
	Rho *float64 `json:"rho,omitempty"`
}

type roundsJSON struct {
	Converged bool        `json:"converged"`
	Reversals int         `json:"reversals"`
	Cycle     *cycleJSON  `json:"cycle"`
	Rounds    []roundJSON `json:"rounds"`
}

type cycleJSON struct {
	Start  int `json:"start"`
	Length int `json:"length"`
}

type roundJSON struct {
	Round     int        `json:"round"`
	Median    float64    `json:"median"`
	Mean      float64    `json:"mean"`
	Positions []float64  `json:"positions"`
	Risk      []float64  `json:"risk,omitempty"`
	Moves     []moveJSON `json:"moves,omitempty"`
}

type moveJSON struct {
	Actor    string    `json:"actor"`
	Toward   string    `json:"toward"`
	Kind     string    `json:"kind"`
	EUActor  *float64  `json:"eu_actor,omitempty"`
	EUToward *float64  `json:"eu_toward,omitempty"`
	Position []float64 `json:"position"`
}

func runForecast(out *output, args []string, o *forecastOptions) error {
	if len(args) != 1 {
		return usagef("name one input file (CSV or YAML)")
	}
	if o.runs < 0 || o.runs > maxRuns {
		return usagef("--runs %d: expected a whole number from 0 to %d", o.runs, maxRuns)
	}
	if o.salienceMax < 0 {
		return usagef("--salience-max %v: expected a positive number, or 0 for automatic", o.salienceMax)
	}
	if o.plot != "" {
		if err := checkPlotPath(o.plot); err != nil {
			return err
		}
	}
	names := o.models
	if len(names) == 0 {
		names = modelNames()
	}
	seen := map[string]bool{}
	for _, n := range names {
		if forecasters[n] == nil {
			return usagef("unknown model %q; the models are %s", n, strings.Join(modelNames(), ", "))
		}
		if seen[n] {
			return usagef("model %q named twice", n)
		}
		seen[n] = true
	}
	path := args[0]
	data, err := os.ReadFile(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return entente.Errorf(entente.ENotFound, path, 0, 0, "", "no such file")
		}
		return entente.Errorf(entente.EInvalid, path, 0, 0, "", "cannot read: %v", err)
	}
	m, err := forecast.Read(path, data)
	if err != nil {
		return err
	}
	if err := checkKTAB(m); err != nil {
		return err
	}
	if o.scale == "" {
		for _, a := range m.Assumptions() {
			fmt.Fprintf(out.stderr, "warning: %s (--scale MIN,MAX sets another)\n", a)
		}
	}
	if o.scale != "" {
		lo, hi, ok := strings.Cut(o.scale, ",")
		min, err1 := strconv.ParseFloat(strings.TrimSpace(lo), 64)
		max, err2 := strconv.ParseFloat(strings.TrimSpace(hi), 64)
		if !ok || err1 != nil || err2 != nil || !(min < max) {
			return usagef("--scale %q: expected MIN,MAX with MIN < MAX, e.g. 0,100", o.scale)
		}
		for k := range m.Issues {
			for a := range m.Actors {
				if x := m.Stances[a][k].Position; x < min || x > max {
					return usagef("--scale %v,%v: actor %q holds %v on issue %q, outside the scale", min, max, m.Actors[a].Name, x, m.Issues[k].Name)
				}
				if u := m.Uncertain; u != nil {
					if r := u.Stances[a][k].Position; r != nil && (r.Low < min || r.High > max) {
						return usagef("--scale %v,%v: actor %q's position range [%v, %v] on issue %q reaches outside the scale", min, max, m.Actors[a].Name, r.Low, r.High, m.Issues[k].Name)
					}
				}
			}
			m.Issues[k].Min, m.Issues[k].Max = min, max
		}
	}
	if o.exportKTAB != "" {
		return exportKTAB(out, m, o.exportKTAB)
	}
	runs := map[string][]modelRun{}
	var ran []string
	for _, n := range names {
		r, err := forecasters[n].run(m, o)
		if err != nil {
			err = m.Locate(err)
			for _, e := range flatten(err) {
				e.Message = "model " + n + ": " + e.Message
			}
			if len(o.models) > 0 {
				return err
			}
			// Running every model by default: one that cannot handle
			// this input is skipped, with its reasons.
			for _, e := range flatten(err) {
				fmt.Fprintf(out.stderr, "warning: %s (skipped)\n", e)
			}
			continue
		}
		runs[n] = r
		ran = append(ran, n)
	}
	names = ran
	res := forecastJSON{Version: 1, Input: path, Name: m.Name, Models: names, Actors: []string{}}
	for _, a := range m.Actors {
		res.Actors = append(res.Actors, a.Name)
	}
	for k, is := range m.Issues {
		ij := issueJSON{Issue: is.Name, Min: is.Min, Max: is.Max, Forecasts: map[string]float64{}, Rounds: map[string]*roundsJSON{}, Notes: map[string]string{}}
		for _, n := range names {
			r := runs[n][k]
			ij.Forecasts[n] = r.final
			if r.rounds != nil {
				ij.Rounds[n] = r.rounds
			}
			if r.note != "" {
				ij.Notes[n] = r.note
			}
		}
		res.Issues = append(res.Issues, ij)
	}
	if err := uncertainty(out, m, o, &res); err != nil {
		return err
	}
	if o.plot != "" {
		files, err := writeForecastPlots(o.plot, &res)
		if err != nil {
			return err
		}
		fmt.Fprintf(out.stderr, "wrote %s\n", strings.Join(files, ", "))
	}
	if o.json {
		enc := json.NewEncoder(out.stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(res)
	}
	writeForecast(out.stdout, &res)
	return nil
}

// maxRuns bounds --runs: every run's draws and forecasts are kept.
const maxRuns = 1_000_000

// spearmanTop is how many of the inputs most correlated with a forecast
// the output lists per model and issue.
const spearmanTop = 10

// uncertainty adds the Monte Carlo intervals and the sensitivity rankings
// to res, as o asks.
func uncertainty(out *output, m *forecast.Model, o *forecastOptions, res *forecastJSON) error {
	if o.runs == 0 && !o.sensitivity {
		return nil
	}
	var fcs []montecarlo.Forecaster
	for _, n := range res.Models {
		f := forecasters[n]
		if f.mc == nil {
			return fmt.Errorf("model %s does not support --runs or --sensitivity", n)
		}
		fcs = append(fcs, f.mc(m, o))
	}
	var mc *montecarlo.Result
	if o.runs > 0 {
		var err error
		mc, err = montecarlo.Run(m, o.runs, o.seed, fcs, 0)
		if err != nil {
			return m.Locate(err)
		}
		res.Runs, res.Seed = o.runs, &o.seed
		if len(mc.Inputs) == 0 {
			fmt.Fprintf(out.stderr, "warning: no input has a range; every Monte Carlo run gives the point forecast\n")
		}
		for j, n := range res.Models {
			if err := mc.Errors[j]; err != nil {
				fmt.Fprintf(out.stderr, "warning: model %s failed in %d of %d runs (left out of its intervals); the first: %s\n", n, mc.Intervals[j][0].Failed, o.runs, err)
			}
			for k := range res.Issues {
				iv := mc.Intervals[j][k]
				if iv.Failed == o.runs {
					continue
				}
				if res.Issues[k].Intervals == nil {
					res.Issues[k].Intervals = map[string]intervalJSON{}
				}
				res.Issues[k].Intervals[n] = intervalJSON{Median: iv.Median, Low: iv.Low, High: iv.High, Failed: iv.Failed}
			}
		}
	}
	if !o.sensitivity {
		return nil
	}
	oat, err := montecarlo.OneAtATime(m, fcs)
	if err != nil {
		return m.Locate(err)
	}
	for j, n := range res.Models {
		for k := range res.Issues {
			for r, e := range oat[j][k] {
				res.Issues[k].Sensitivity = append(res.Issues[k].Sensitivity, sensitivityJSON{Model: n, Method: "one-at-a-time", Rank: r + 1,
					Actor: m.Actors[e.Actor].Name, Input: e.Field, Low: finite(e.Low), High: finite(e.High), Change: finite(e.Change)})
			}
		}
	}
	if mc == nil {
		return nil
	}
	sp := mc.Spearman()
	for j, n := range res.Models {
		for k := range res.Issues {
			for r, c := range sp[j][k] {
				if r == spearmanTop {
					break
				}
				sj := sensitivityJSON{Model: n, Method: "spearman", Rank: r + 1, Actor: m.Actors[c.Input.Actor].Name, Input: c.Input.Field, Rho: finite(c.Rho)}
				if c.Input.Issue >= 0 {
					sj.Issue = m.Issues[c.Input.Issue].Name
				}
				res.Issues[k].Sensitivity = append(res.Issues[k].Sensitivity, sj)
			}
		}
	}
	return nil
}

// num formats a position for the tables.
func fnum(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

func writeForecast(w io.Writer, res *forecastJSON) {
	fmt.Fprintf(w, "%s: %s, %s\n", res.Name, plural(len(res.Actors), "actor"), plural(len(res.Issues), "issue"))
	for _, is := range res.Issues {
		fmt.Fprintf(w, "\n== %s (scale %v to %v)\n\n", is.Issue, is.Min, is.Max)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "model\tforecast\t")
		for _, n := range res.Models {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", n, fnum(is.Forecasts[n]), is.Notes[n])
		}
		tw.Flush()
		writeUncertainty(w, res, &is)
		for _, n := range res.Models {
			rj := is.Rounds[n]
			if rj == nil {
				continue
			}
			fmt.Fprintf(w, "\n%s rounds:\n", n)
			tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', tabwriter.AlignRight)
			fmt.Fprint(tw, "round\t")
			for _, rd := range rj.Rounds {
				fmt.Fprintf(tw, "%d\t", rd.Round)
			}
			fmt.Fprintln(tw)
			row := func(label string, f func(roundJSON) float64) {
				fmt.Fprintf(tw, "%s\t", label)
				for _, rd := range rj.Rounds {
					fmt.Fprintf(tw, "%s\t", fnum(f(rd)))
				}
				fmt.Fprintln(tw)
			}
			row("median", func(r roundJSON) float64 { return r.Median })
			row("mean", func(r roundJSON) float64 { return r.Mean })
			for a, name := range res.Actors {
				row(name, func(r roundJSON) float64 { return r.Positions[a] })
			}
			tw.Flush()
			moved := false
			for _, rd := range rj.Rounds {
				if len(rd.Moves) == 0 {
					continue
				}
				if !moved {
					fmt.Fprintf(w, "\n%s moves:\n", n)
					moved = true
				}
				for _, mv := range rd.Moves {
					fmt.Fprintf(w, "  round %d: %s\n", rd.Round, describeMove(mv))
				}
			}
		}
	}
}

// sensitivityTop is how many entries per model and method the table
// shows.
const sensitivityTop = 5

func writeUncertainty(w io.Writer, res *forecastJSON, is *issueJSON) {
	if len(is.Intervals) > 0 {
		fmt.Fprintf(w, "\nMonte Carlo, %s (seed %d): median and 90%% interval\n", plural(res.Runs, "run"), *res.Seed)
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "model\tmedian\t5%\t95%\t")
		for _, n := range res.Models {
			iv, ok := is.Intervals[n]
			if !ok {
				fmt.Fprintf(tw, "%s\t-\t-\t-\tfailed in every run\n", n)
				continue
			}
			note := ""
			if iv.Failed > 0 {
				note = fmt.Sprintf("failed in %d runs", iv.Failed)
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", n, fnum(iv.Median), fnum(iv.Low), fnum(iv.High), note)
		}
		tw.Flush()
	}
	for _, method := range []string{"one-at-a-time", "spearman"} {
		header := false
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		for _, s := range is.Sensitivity {
			if s.Method != method || s.Rank > sensitivityTop {
				continue
			}
			if !header {
				if method == "one-at-a-time" {
					fmt.Fprintf(w, "\nsensitivity, one at a time (to the ends of the range, or -/+10%%), top %d per model:\n", sensitivityTop)
					fmt.Fprintln(tw, "model\trank\tactor\tinput\tlow\thigh\tchange\t")
				} else {
					fmt.Fprintf(w, "\nsensitivity, rank correlation (Spearman) of the sampled inputs, top %d per model:\n", sensitivityTop)
					fmt.Fprintln(tw, "model\trank\tactor\tinput\tissue\trho\t")
				}
				header = true
			}
			if method == "one-at-a-time" {
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t\n", s.Model, s.Rank, s.Actor, s.Input, pnum(s.Low), pnum(s.High), pnum(s.Change))
			} else {
				issue := s.Issue
				if issue == "" {
					issue = "(all)"
				}
				fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t\n", s.Model, s.Rank, s.Actor, s.Input, issue, pnum(s.Rho))
			}
		}
		tw.Flush()
	}
}

func pnum(x *float64) string {
	if x == nil {
		return "-"
	}
	return fnum(*x)
}

func describeMove(mv moveJSON) string {
	var s string
	switch mv.Kind {
	case "confrontation":
		s = fmt.Sprintf("%s loses a confrontation to %s", mv.Actor, mv.Toward)
	case "compromise":
		s = fmt.Sprintf("%s compromises with %s", mv.Actor, mv.Toward)
	case "capitulation":
		s = fmt.Sprintf("%s capitulates to %s", mv.Actor, mv.Toward)
	default:
		s = fmt.Sprintf("%s takes the %s with %s", mv.Actor, mv.Kind, mv.Toward)
	}
	pos := make([]string, len(mv.Position))
	for i, p := range mv.Position {
		pos[i] = fnum(p)
	}
	s += " -> " + strings.Join(pos, ", ")
	if mv.EUActor != nil && mv.EUToward != nil {
		s += fmt.Sprintf(" (EU %.4f vs %.4f)", *mv.EUActor, *mv.EUToward)
	}
	return s
}
