package main

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/explain"
	"github.com/entente/entente/internal/progress"
	"github.com/entente/entente/robust"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
	"github.com/entente/entente/wire"
)

func init() {
	register(&command{
		name:    "analyze",
		args:    "[flags] SCENARIO",
		summary: "agreement zone, Pareto frontier and bargaining solutions, exactly",
		help: `Analyze enumerates every package of a scenario (real issues on a grid) and
reports each party's best and worst package and reservation value, the
agreement zone (packages every party rates at or above its reservation
value), the Pareto frontier over all packages, and the Nash,
Kalai-Smorodinsky, egalitarian and utilitarian solutions over the zone.
Utilities are undiscounted. The work streams over the space on all cores;
memory grows with the frontier, not with the space.

When all parties are analysed, the scenario's politics apply: a package
needs only the parties its rules name (affected parties when it settles
their issues), a bloc accepts by its members' rule, and the ratifiable zone
(the zone packages every constituency lets pass) gets its own count,
win-sets and bargaining solutions. --explain says why a zone is empty and
what smallest concession would open it, or which constraint shrinks it most.

A package is written as issue=value pairs separated by ";" (values may
contain commas), or as a JSON object: --package 'price=900;brand=HP'.

--set KEY=VALUE analyses a what-if variant: the number at KEY (its path in
the scenario file; entente show --numbers lists them) set to VALUE, a
party's other weights (or a constituency's other voter shares) rescaled to
keep their sum, as robustness draws do. A value outside the number's stated
range needs --allow-outside. See docs/whatif.md.`,
		example: `  entente analyze laptop
  entente analyze --set 'guarantors[0].credibility=0.5' ukraine-2025
  entente analyze --json --parties buyer,seller path/to/genius/folder
  entente analyze --package 'brand=Mac;memory=8;price=1200' --plot space.svg laptop
  entente analyze --explain talks.yaml`,
		flags: func(fs *flag.FlagSet, out *output) func([]string) error {
			o := &analyzeOptions{}
			fs.BoolVar(&o.json, "json", false, "print the result as JSON (see docs/analyze.md)")
			fs.BoolVar(&o.csv, "csv", false, "print the result as CSV")
			fs.StringVar(&o.parties, "parties", "", "comma-separated party names to analyse (default all)")
			fs.IntVar(&o.resolution, "resolution", 11, "grid points per real issue")
			fs.Uint64Var(&o.max, "max-outcomes", analysis.DefaultMaxOutcomes, "refuse spaces larger than this")
			fs.BoolVar(&o.zone, "zone", false, "list every package in the agreement zone")
			fs.BoolVar(&o.explain, "explain", false, "explain the zone: why it is empty and what would open it, or what shrinks it")
			fs.IntVar(&o.samples, "samples", 0, "robustness: draw N plausible profiles from the scenario's ranges and report how often a deal exists, the most robust packages, tipping points and sensitivity (instead of the exact analysis)")
			fs.Uint64Var(&o.seed, "seed", 1, "the seed of the robustness draws")
			fs.IntVar(&o.frontier, "frontier", 20, "frontier packages to print in the table (0 for all)")
			fs.Func("package", "a package to evaluate (repeatable)", func(s string) error {
				o.packages = append(o.packages, s)
				return nil
			})
			fs.StringVar(&o.plot, "plot", "", "draw the utility space to FILE.svg or FILE.png")
			fs.Func("fix", "analyse only packages with issue=value (repeatable)", func(s string) error {
				o.fixed = append(o.fixed, s)
				return nil
			})
			o.variant.register(fs)
			return func(args []string) error { return analyze(out, args, o) }
		},
	})
}

type analyzeOptions struct {
	json, csv, zone bool
	explain         bool
	samples         int
	seed            uint64
	parties, plot   string
	resolution      int
	max             uint64
	frontier        int
	packages        []string
	fixed           []string
	variant         variantFlags
}

func analyze(out *output, args []string, o *analyzeOptions) error {
	if o.json && o.csv {
		return usagef("choose one of --json and --csv")
	}
	if o.explain && o.csv {
		return usagef("--explain writes a table or JSON, not CSV")
	}
	if o.explain && o.parties != "" {
		return usagef("--explain explains the negotiation of all parties; leave out --parties")
	}
	if len(args) == 0 {
		return usagef("name a scenario to analyse")
	}
	if o.max == 0 {
		return usagef("--max-outcomes must be at least 1")
	}
	if o.resolution < 2 {
		return usagef("--resolution %d: use at least 2 grid points per real issue", o.resolution)
	}
	if o.samples < 0 {
		return usagef("--samples must be at least 1")
	}
	if o.samples > 0 && (o.csv || o.parties != "" || o.zone || o.explain || len(o.packages) > 0 || o.plot != "" || len(o.fixed) > 0) {
		return usagef("--samples reports robustness on its own; leave out --csv, --parties, --zone, --explain, --package, --plot and --fix")
	}
	if o.samples > 0 && len(o.variant.sets) > 0 {
		return usagef("--samples draws every uncertain number, --set fixes some: use one or the other")
	}
	res, err := loadScenario(out, args)
	if err != nil {
		return err
	}
	s := res.Scenario
	changes := out.stdout
	if o.json || o.csv {
		changes = out.stderr
	}
	if s, err = o.variant.apply(out, changes, s); err != nil {
		return err
	}
	if o.samples > 0 {
		if err := checkRobustness(s, o.samples, o.resolution, o.max, out.in.maxWork()); err != nil {
			return err
		}
		ctx, stop := signalContext()
		defer stop()
		ctx, release := guardMemory(ctx, out.in.maxMemory())
		defer release()
		r, err := robust.Run(ctx, s, robust.Options{Samples: o.samples, Seed: o.seed, Resolution: o.resolution, MaxOutcomes: o.max})
		if err := stopped(ctx); err != nil {
			return err
		}
		if err != nil {
			return err
		}
		return writeRobustness(out.stdout, s, r, o.json)
	}
	opt := analysis.Options{Resolution: o.resolution, MaxOutcomes: o.max}
	if o.parties != "" {
		for _, name := range strings.Split(o.parties, ",") {
			p := s.PartyIndex(strings.TrimSpace(name))
			if p < 0 {
				return usagef("no party %q; the parties are %s", name, partyNames(s))
			}
			if slices.Contains(opt.Parties, p) {
				return usagef("--parties names %q twice", name)
			}
			opt.Parties = append(opt.Parties, p)
		}
	}
	for _, f := range o.fixed {
		name, val, ok := strings.Cut(f, "=")
		i := s.IssueIndex(strings.TrimSpace(name))
		if !ok || i < 0 {
			return usagef("--fix %q: expected issue=value with an issue of %s", f, issueNames(s))
		}
		x, ok := s.Issues[i].Parse(val)
		if !ok {
			return usagef("--fix: %q is not a value of issue %q (%s)", val, s.Issues[i].Name, describeValues(&s.Issues[i]))
		}
		if opt.Fixed == nil {
			opt.Fixed = map[int]float64{}
		}
		if _, twice := opt.Fixed[i]; twice {
			return usagef("--fix settles issue %q twice", s.Issues[i].Name)
		}
		opt.Fixed[i] = x
	}
	var queries []entente.Outcome
	for _, q := range o.packages {
		pkg, err := parsePackage(s, q)
		if err != nil {
			return err
		}
		queries = append(queries, pkg)
	}
	if o.plot != "" {
		if err := checkPlotPath(o.plot); err != nil {
			return err
		}
		k := len(partiesOrAll(opt.Parties, s))
		if k < 2 {
			return usagef("--plot draws the utilities of two or more parties; this analysis has %d", k)
		}
		opt.CloudPairs = plotPairs(k)
	}
	// The frontier is streamed from Result.Frontier by --json and --csv;
	// the table materialises only the points it prints.
	switch {
	case o.json || o.csv:
		opt.ParetoPoints = -1
	case o.frontier > 0:
		opt.ParetoPoints = o.frontier
	}
	if err := checkAnalysis(s, opt, out.in.maxMemory(), out.in.maxWork()); err != nil {
		return err
	}
	bar := progress.New(out.stderr, "analyzing", time.Second)
	opt.Progress = bar.Update
	ctx, stop := signalContext()
	defer stop()
	ctx, release := guardMemory(ctx, out.in.maxMemory())
	defer release()
	r, err := analysis.Analyze(ctx, s, opt)
	bar.End(ctx, err)
	if err := stopped(ctx); err != nil {
		return err
	}
	if err != nil {
		return err
	}
	rep := newReport(s, r, queries)
	var ex *explain.Explanation
	if o.explain {
		if ex, err = explain.Explain(ctx, s, explain.Options{Result: r}); err != nil {
			if err := stopped(ctx); err != nil {
				return err
			}
			return err
		}
	}
	rep.explanation = ex
	rep.doc = wire.Analysis(s, r, wire.AnalysisOptions{Packages: queries, Zone: o.zone, Explanation: ex})
	if o.zone {
		rep.zoneCtx = ctx
	}
	if o.plot != "" {
		if err := writePlot(o.plot, s, r); err != nil {
			return err
		}
		fmt.Fprintf(out.stderr, "wrote %s\n", o.plot)
	}
	switch {
	case o.json:
		err = rep.doc.WriteJSON(ctx, out.stdout)
	case o.csv:
		err = rep.doc.WriteCSV(ctx, out.stdout)
	default:
		err = rep.writeTable(out.stdout, o.frontier)
	}
	// The zone is streamed: interrupted, the output is cut short, which
	// the exit code says.
	if err := stopped(ctx); err != nil {
		return err
	}
	return err
}

func partyNames(s *entente.Scenario) string {
	names := make([]string, len(s.Parties))
	for i := range s.Parties {
		names[i] = s.Parties[i].Name
	}
	return strings.Join(names, ", ")
}

func partiesOrAll(ps []int, s *entente.Scenario) []int {
	if ps != nil {
		return ps
	}
	all := make([]int, len(s.Parties))
	for i := range all {
		all[i] = i
	}
	return all
}

// parsePackage reads "issue=value;issue=value" or a JSON object.
func parsePackage(s *entente.Scenario, text string) (entente.Outcome, error) {
	m := map[string]string{}
	if strings.HasPrefix(strings.TrimSpace(text), "{") {
		var raw map[string]any
		if err := json.Unmarshal([]byte(text), &raw); err != nil {
			return nil, usagef("--package %s: not a JSON object: %v", text, err)
		}
		for k, v := range raw {
			switch x := v.(type) {
			case string:
				m[k] = x
			case float64:
				m[k] = strconv.FormatFloat(x, 'g', -1, 64)
			default:
				return nil, usagef("--package: issue %q: expected a string or a number", k)
			}
		}
	} else {
		for _, part := range strings.Split(text, ";") {
			if strings.TrimSpace(part) == "" {
				continue
			}
			k, v, ok := strings.Cut(part, "=")
			if !ok {
				return nil, usagef("--package %q: expected issue=value pairs separated by ';'", text)
			}
			m[strings.TrimSpace(k)] = v
		}
	}
	o := make(entente.Outcome, len(s.Issues))
	for name, v := range m {
		i := s.IssueIndex(name)
		if i < 0 {
			return nil, usagef("--package: no issue %q; the issues are %s", name, issueNames(s))
		}
		x, ok := s.Issues[i].Parse(v)
		if !ok && s.Issues[i].Kind == entente.Discrete {
			x, ok = s.Issues[i].Parse(strings.TrimSpace(v))
		}
		if !ok {
			return nil, usagef("--package: %q is not a value of issue %q (%s)", v, name, describeValues(&s.Issues[i]))
		}
		o[i] = x
	}
	for i := range s.Issues {
		if _, ok := m[s.Issues[i].Name]; !ok {
			return nil, usagef("--package: issue %q has no value; a package settles every issue", s.Issues[i].Name)
		}
	}
	return o, nil
}

func issueNames(s *entente.Scenario) string {
	n := make([]string, len(s.Issues))
	for i := range s.Issues {
		n[i] = s.Issues[i].Name
	}
	return strings.Join(n, ", ")
}

func describeValues(is *entente.Issue) string {
	if is.Kind == entente.Discrete {
		q := make([]string, len(is.Options))
		for i, o := range is.Options {
			q[i] = strconv.Quote(o)
		}
		return "one of " + strings.Join(q, ", ")
	}
	return fmt.Sprintf("a number from %v to %v", is.Min, is.Max)
}

// report prints an analysis as tables.
type report struct {
	s       *entente.Scenario
	r       *analysis.Result
	names   []string
	queries []entente.Outcome
	// doc is the analysis's document: the packages given with --package
	// are evaluated there.
	doc *wire.AnalysisDoc
	// zoneCtx is set when --zone asked for the zone's packages.
	zoneCtx context.Context
	// explanation is set with --explain.
	explanation *explain.Explanation
}

func newReport(s *entente.Scenario, r *analysis.Result, queries []entente.Outcome) *report {
	rep := &report{s: s, r: r, queries: queries}
	for _, p := range r.Parties {
		rep.names = append(rep.names, s.Parties[p].Name)
	}
	return rep
}

// eachZone streams the zone's packages when --zone asked for them:
// nothing is kept, so the listing needs no memory however large the zone.
func (rep *report) eachZone(fn func(analysis.Point) error) error {
	if rep.zoneCtx == nil {
		return nil
	}
	return rep.r.EachInZone(rep.zoneCtx, fn)
}

func (rep *report) pkgText(o entente.Outcome) string { return packageText(rep.s, o) }

// packageText writes a package as issue=value pairs for tables.
func packageText(s *entente.Scenario, o entente.Outcome) string {
	parts := make([]string, len(s.Issues))
	for i := range s.Issues {
		parts[i] = s.Issues[i].Name + "=" + s.Issues[i].Format(o[i])
	}
	return strings.Join(parts, ", ")
}

func (rep *report) utilCells(u []float64) string {
	c := make([]string, len(u))
	for i, x := range u {
		c[i] = strconv.FormatFloat(x, 'f', 4, 64)
	}
	return strings.Join(c, "\t")
}

func (rep *report) writeTable(w io.Writer, frontier int) error {
	r, s := rep.r, rep.s
	fmt.Fprintf(w, "%s: %d outcomes, %d parties\n", s.Name, r.Outcomes, len(r.Parties))
	if r.Resolution > 0 {
		fmt.Fprintf(w, "(real issues discretised at %d points each)\n", r.Resolution)
	}
	fmt.Fprintln(w)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "party\treservation\tbest\tworst\n")
	for p, name := range rep.names {
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%.4f\n", name, r.Reservation[p], r.Best[p].Utilities[p], r.Worst[p].Utilities[p])
	}
	tw.Flush()
	pct := 0.0
	if r.Outcomes > 0 {
		pct = 100 * float64(r.Zone) / float64(r.Outcomes)
	}
	fmt.Fprintf(w, "\nagreement zone: %d of %d packages (%.1f%%)\n", r.Zone, r.Outcomes, pct)
	if r.Politics {
		fmt.Fprintf(w, "(rules, blocs and constituencies applied)\n")
	}
	rep.writeRatification(w)
	fmt.Fprintf(w, "Pareto frontier: %d packages (%d in the zone), %d distinct utility vectors\n", r.ParetoOutcomes, r.ParetoInZone, r.Frontier.Len())
	fmt.Fprintln(w)
	if r.Nash == nil {
		fmt.Fprintf(w, "No package is acceptable to every party, so there are no bargaining solutions.\n")
	} else {
		fmt.Fprintf(w, "Bargaining solutions over the agreement zone\n")
		rep.writeSolutions(w, r.Nash, r.KalaiSmorodinsky, r.Egalitarian, r.Utilitarian)
	}
	if rt := r.Ratification; rt != nil && r.Nash != nil {
		if rt.Nash == nil {
			fmt.Fprintf(w, "No package of the agreement zone passes every constituency, so there are no ratifiable solutions.\n\n")
		} else {
			fmt.Fprintf(w, "Bargaining solutions over the ratifiable zone\n")
			rep.writeSolutions(w, rt.Nash, rt.KalaiSmorodinsky, rt.Egalitarian, rt.Utilitarian)
		}
	}
	if rep.explanation != nil {
		if r.Nash == nil {
			fmt.Fprintln(w)
		}
		rep.writeExplanation(w, rep.explanation)
		fmt.Fprintln(w)
	}
	fmt.Fprintf(w, "Pareto frontier\n")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "%s\tzone\tpackage\n", strings.Join(rep.names, "\t"))
	// Only the points printed are materialised (Options.ParetoPoints).
	for i, p := range r.Pareto {
		if frontier > 0 && i == frontier {
			break
		}
		z := ""
		if r.Accepted(p.Outcome) {
			z = "yes"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", rep.utilCells(p.Utilities), z, rep.pkgText(p.Outcome))
	}
	tw.Flush()
	if frontier > 0 && r.Frontier.Len() > frontier {
		fmt.Fprintf(w, "... and %d more (--frontier 0, --json or --csv for all)\n", r.Frontier.Len()-frontier)
	}
	if qs := rep.doc.Packages; len(qs) > 0 {
		fmt.Fprintf(w, "\nPackages\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintf(tw, "%s\tzone\tto frontier\tto Nash\tpackage\n", strings.Join(rep.names, "\t"))
		for i, q := range qs {
			z, nd := "no", "-"
			if q.InZone {
				z = "yes"
			}
			if q.NashDistance != nil {
				nd = strconv.FormatFloat(*q.NashDistance, 'f', 4, 64)
			}
			fmt.Fprintf(tw, "%s\t%s\t%.4f\t%s\t%s\n", rep.utilCells(q.Utilities), z, q.ParetoDistance, nd, rep.pkgText(rep.queries[i]))
		}
		tw.Flush()
		if err := rep.writeVotes(w); err != nil {
			return err
		}
	}
	if rep.zoneCtx == nil {
		return nil
	}
	// Streamed in fixed-width columns: a tabwriter would hold every row.
	fmt.Fprintf(w, "\nAgreement zone (%d packages)\n", r.Zone)
	bw := bufio.NewWriter(w)
	for _, n := range rep.names {
		fmt.Fprintf(bw, "%-8s  ", n)
	}
	if r.Ratification != nil {
		bw.WriteString("ratified  ")
	}
	bw.WriteString("package\n")
	err := rep.eachZone(func(p analysis.Point) error {
		for _, x := range p.Utilities {
			fmt.Fprintf(bw, "%-8.4f  ", x)
		}
		if r.Ratification != nil {
			ok := "no"
			if r.Ratifiable(p.Outcome) {
				ok = "yes"
			}
			fmt.Fprintf(bw, "%-8s  ", ok)
		}
		_, err := fmt.Fprintf(bw, "%s\n", rep.pkgText(p.Outcome))
		return err
	})
	if err != nil {
		return err
	}
	return bw.Flush()
}

// writeSolutions writes the four bargaining solutions as a table.
func (rep *report) writeSolutions(w io.Writer, nash, ks, egal, util *analysis.Solution) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "solution\t%s\tties\tpackage\n", strings.Join(rep.names, "\t"))
	for _, x := range []struct {
		name string
		sol  *analysis.Solution
	}{{"Nash", nash}, {"Kalai-Smorodinsky", ks}, {"egalitarian", egal}, {"utilitarian", util}} {
		fmt.Fprintf(tw, "%s\t%s\t%d\t%s\n", x.name, rep.utilCells(x.sol.Utilities), x.sol.Ties, rep.pkgText(x.sol.Outcome))
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// writeRatification writes the ratifiable zone and the win-sets.
func (rep *report) writeRatification(w io.Writer) {
	rt := rep.r.Ratification
	if rt == nil {
		return
	}
	pct := 0.0
	if rep.r.Outcomes > 0 {
		pct = 100 * float64(rt.Zone) / float64(rep.r.Outcomes)
	}
	fmt.Fprintf(w, "ratifiable zone: %d of %d packages (%.1f%%)\n\n", rt.Zone, rep.r.Outcomes, pct)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "constituency\tparty\twin-set\tin zone\tblocks\n")
	for _, ws := range rt.WinSets {
		c := &rep.s.Constituencies[ws.Constituency]
		fmt.Fprintf(tw, "%s\t%s\t%d\t%d\t%d\n", c.Name, rep.s.Parties[c.Party].Name, ws.Size, ws.InZone, ws.Blocks)
	}
	tw.Flush()
	fmt.Fprintln(w)
}

// checkAnalysis estimates the memory of the exact analysis before it runs
// and refuses it above the budget (see estimateAnalysis).
func checkAnalysis(s *entente.Scenario, opt analysis.Options, budget int64, maxWork float64) error {
	e := estimateFor(s, opt)
	switch {
	case e == nil:
	case e.memory > budget:
		return e.refusal(budget)
	case e.work > maxWork:
		return e.workRefusal(maxWork)
	}
	return nil
}

// estimateFor estimates the exact analysis of s with opt, or returns nil
// when the analysis would refuse the space itself (above --max-outcomes,
// or a bad --fix or profile, which it reports).
func estimateFor(s *entente.Scenario, opt analysis.Options) *analysisEstimate {
	res := opt.Resolution
	if res == 0 {
		res = 11
	}
	sp := space.Discretized(s.Issues, res)
	for i, v := range opt.Fixed {
		fixed, err := sp.Fix(i, v)
		if err != nil {
			return nil
		}
		sp = fixed
	}
	limit := opt.MaxOutcomes
	if limit == 0 {
		limit = analysis.DefaultMaxOutcomes
	}
	if n, fits := sp.Len(); !fits || n > limit || n == 0 {
		return nil
	}
	var fs []*utility.Func
	for _, p := range partiesOrAll(opt.Parties, s) {
		if p < 0 || p >= len(s.Parties) {
			return nil
		}
		f, err := utility.New(s.Issues, &s.Parties[p].Preferences)
		if err != nil {
			return nil
		}
		fs = append(fs, f)
	}
	e := estimateAnalysis(sp, fs, opt.ParetoPoints)
	return &e
}
