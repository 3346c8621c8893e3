package main

import (
	"flag"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/models"
	"github.com/entente/entente/wire"
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
			fs.Func("model", "a model to run (repeatable, or comma-separated; default all): "+strings.Join(models.Names(), ", "), func(s string) error {
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

// modelOptions are the models' parameters the flags set.
func (o *forecastOptions) modelOptions() models.Options {
	mo := models.Options{Rounds: o.rounds, SalienceMax: o.salienceMax}
	switch {
	case o.rounds < 0:
		mo.Rounds = 0 // each model's default
	case o.rounds == 0:
		mo.Rounds = models.NoRounds
	}
	return mo
}

func modelHelp() string {
	var b strings.Builder
	for _, md := range models.All() {
		fmt.Fprintf(&b, "  %-11s %s\n", md.Name, md.About)
	}
	return b.String()
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
		names = models.Names()
	}
	seen := map[string]bool{}
	for _, n := range names {
		if models.Lookup(n) == nil {
			return usagef("unknown model %q; the models are %s", n, strings.Join(models.Names(), ", "))
		}
		if seen[n] {
			return usagef("model %q named twice", n)
		}
		seen[n] = true
	}
	path := args[0]
	data, err := out.in.readFile(path)
	if err != nil {
		return err
	}
	m, err := (forecast.Reader{Limits: out.in.limits()}).Read(path, data)
	if err != nil {
		return err
	}
	if err := models.Check(m); err != nil {
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
	mo := o.modelOptions()
	f := &models.Forecast{}
	for _, n := range names {
		md := models.Lookup(n)
		if err := checkForecastWork(md, m, o, out.in.maxWork()); err != nil {
			if len(o.models) > 0 {
				return err
			}
			fmt.Fprintf(out.stderr, "warning: %s (skipped)\n", err)
			continue
		}
		r, err := md.Run(m, mo)
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
		f.Add(md, r)
	}
	if err := checkRunsMemory(m, len(f.Models), o.runs, out.in.maxMemory()); err != nil {
		return err
	}
	if err := f.Uncertainty(m, mo, o.runs, o.seed, o.sensitivity); err != nil {
		return err
	}
	if mc := f.MonteCarlo; mc != nil {
		if len(mc.Inputs) == 0 {
			fmt.Fprintf(out.stderr, "warning: no input has a range; every Monte Carlo run gives the point forecast\n")
		}
		for j, n := range f.Models {
			if err := mc.Errors[j]; err != nil {
				fmt.Fprintf(out.stderr, "warning: model %s failed in %d of %d runs (left out of its intervals); the first: %s\n", n, mc.Intervals[j][0].Failed, o.runs, err)
			}
		}
	}
	res := wire.Forecast(path, m, f)
	if o.plot != "" {
		files, err := writeForecastPlots(o.plot, res)
		if err != nil {
			return err
		}
		fmt.Fprintf(out.stderr, "wrote %s\n", strings.Join(files, ", "))
	}
	if o.json {
		return wire.Encode(out.stdout, res)
	}
	writeForecast(out.stdout, res)
	return nil
}

// maxRuns bounds --runs: every run's draws and forecasts are kept.
const maxRuns = 1_000_000

// fnum formats a position for the tables.
func fnum(x float64) string { return strconv.FormatFloat(x, 'f', 4, 64) }

func writeForecast(w io.Writer, res *wire.ForecastDoc) {
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
			row := func(label string, f func(wire.Round) float64) {
				fmt.Fprintf(tw, "%s\t", label)
				for _, rd := range rj.Rounds {
					fmt.Fprintf(tw, "%s\t", fnum(f(rd)))
				}
				fmt.Fprintln(tw)
			}
			row("median", func(r wire.Round) float64 { return r.Median })
			row("mean", func(r wire.Round) float64 { return r.Mean })
			for a, name := range res.Actors {
				row(name, func(r wire.Round) float64 { return r.Positions[a] })
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

func writeUncertainty(w io.Writer, res *wire.ForecastDoc, is *wire.ForecastIssue) {
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

func describeMove(mv wire.Move) string {
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
