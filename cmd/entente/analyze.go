package main

import (
	"bufio"
	"bytes"
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
	"github.com/entente/entente/internal/csvcell"
	"github.com/entente/entente/internal/progress"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/robust"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
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
	if err := checkAnalysis(s, opt, out.in.maxMemory()); err != nil {
		return err
	}
	bar := progress.New(out.stderr, "analyzing", time.Second)
	opt.Progress = bar.Update
	ctx, stop := signalContext()
	defer stop()
	ctx, release := guardMemory(ctx, out.in.maxMemory())
	defer release()
	r, err := analysis.Analyze(ctx, s, opt)
	bar.Done()
	if err := stopped(ctx); err != nil {
		return err
	}
	if err != nil {
		return err
	}
	rep := newReport(s, r, queries)
	rep.ctx = ctx
	if o.zone {
		rep.zoneCtx = ctx
	}
	if o.explain {
		if rep.explanation, err = explain.Explain(ctx, s, explain.Options{Result: r}); err != nil {
			if err := stopped(ctx); err != nil {
				return err
			}
			return err
		}
	}
	if o.plot != "" {
		if err := writePlot(o.plot, s, r); err != nil {
			return err
		}
		fmt.Fprintf(out.stderr, "wrote %s\n", o.plot)
	}
	switch {
	case o.json:
		err = rep.writeJSON(out.stdout)
	case o.csv:
		err = rep.writeCSV(out.stdout)
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

// report turns an analysis into tables, JSON and CSV.
type report struct {
	s       *entente.Scenario
	r       *analysis.Result
	names   []string
	queries []entente.Outcome
	// ctx stops the streamed output (the frontier, the zone).
	ctx context.Context
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

// context returns the context of the streamed output.
func (rep *report) context() context.Context {
	if rep.ctx == nil {
		return context.Background()
	}
	return rep.ctx
}

// writeJSON writes the JSON object, streaming the frontier into "pareto"
// and zone_packages at its end.
func (rep *report) writeJSON(w io.Writer) error {
	head, err := json.MarshalIndent(rep.json(), "", "  ")
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	if rep.zoneCtx == nil {
		if err := rep.spliceFrontier(rep.context(), bw, append(head, '\n')); err != nil {
			return err
		}
		return bw.Flush()
	}
	// Reopen the object and append the listing element by element.
	head = bytes.TrimRight(bytes.TrimSuffix(head, []byte("}")), "\n ")
	head = append(head, ",\n  \"zone_packages\": ["...)
	if err := rep.spliceFrontier(rep.context(), bw, head); err != nil {
		return err
	}
	first := true
	err = rep.eachZone(func(p analysis.Point) error {
		jp := rep.point(p)
		if rep.r.Ratification != nil {
			ok := rep.r.Ratifiable(p.Outcome)
			jp.Ratified = &ok
		}
		b, err := json.MarshalIndent(jp, "    ", "  ")
		if err != nil {
			return err
		}
		if !first {
			bw.WriteString(",")
		}
		first = false
		_, err = fmt.Fprintf(bw, "\n    %s", b)
		return err
	})
	if err != nil {
		return err
	}
	if !first {
		bw.WriteString("\n  ")
	}
	bw.WriteString("]\n}\n")
	return bw.Flush()
}

// jsonPackage writes a package as issue -> value, numbers for numeric issues.
func (rep *report) jsonPackage(o entente.Outcome) map[string]any {
	return jsonPackage(rep.s, o)
}

// jsonPackage writes a package as issue -> value, numbers for numeric issues.
func jsonPackage(s *entente.Scenario, o entente.Outcome) map[string]any { return s.Values(o) }

type jsonPoint struct {
	Package   map[string]any `json:"package"`
	Utilities []float64      `json:"utilities"`
	// Ratified says, for zone packages of a scenario with constituencies,
	// whether every constituency lets the package pass.
	Ratified *bool `json:"ratified,omitempty"`
}

type jsonSolution struct {
	Package   map[string]any `json:"package"`
	Utilities []float64      `json:"utilities"`
	Value     float64        `json:"value"`
	Ties      uint64         `json:"ties"`
	// Degenerate names the parties left out of the Kalai–Smorodinsky
	// minimum (ideal within 1e-12 of the reservation value).
	Degenerate []string `json:"degenerate_parties,omitempty"`
}

type jsonQuery struct {
	Package        map[string]any `json:"package"`
	Utilities      []float64      `json:"utilities"`
	InZone         bool           `json:"in_zone"`
	Ratifiable     *bool          `json:"ratifiable,omitempty"`
	ParetoDistance float64        `json:"pareto_distance"`
	NashDistance   *float64       `json:"nash_distance"`
	// Votes is each constituency's vote on the package; RedLines the red
	// lines it crosses.
	Votes    []jsonVote `json:"votes,omitempty"`
	RedLines []string   `json:"red_lines,omitempty"`
}

type jsonDiscretization struct {
	Resolution int      `json:"resolution"`
	Issues     []string `json:"issues"`
}

// jsonAnalysis is the documented --json contract (docs/analyze.md).
type jsonAnalysis struct {
	Version          int                 `json:"version"`
	Scenario         string              `json:"scenario"`
	Parties          []string            `json:"parties"`
	Outcomes         uint64              `json:"outcomes"`
	Discretization   *jsonDiscretization `json:"discretization"`
	Reservation      []float64           `json:"reservation"`
	Best             []jsonPoint         `json:"best"`
	Worst            []jsonPoint         `json:"worst"`
	AgreementZone    uint64              `json:"agreement_zone"`
	Ideal            []float64           `json:"ideal"`
	Pareto           []jsonPoint         `json:"pareto"`
	ParetoOutcomes   uint64              `json:"pareto_outcomes"`
	ParetoInZone     uint64              `json:"pareto_in_zone"`
	Nash             *jsonSolution       `json:"nash"`
	KalaiSmorodinsky *jsonSolution       `json:"kalai_smorodinsky"`
	Egalitarian      *jsonSolution       `json:"egalitarian"`
	Utilitarian      *jsonSolution       `json:"utilitarian"`
	Politics         bool                `json:"politics"`
	Ratification     *jsonRatification   `json:"ratification"`
	Explanation      *jsonExplanation    `json:"explanation,omitempty"`
	Packages         []jsonQuery         `json:"packages,omitempty"`
	ZonePackages     []jsonPoint         `json:"zone_packages,omitempty"`
}

// jsonRatification is the second level (docs/analyze.md).
type jsonRatification struct {
	RatifiableZone   uint64        `json:"ratifiable_zone"`
	Ideal            []float64     `json:"ideal"`
	Constituencies   []jsonWinSet  `json:"constituencies"`
	Nash             *jsonSolution `json:"nash"`
	KalaiSmorodinsky *jsonSolution `json:"kalai_smorodinsky"`
	Egalitarian      *jsonSolution `json:"egalitarian"`
	Utilitarian      *jsonSolution `json:"utilitarian"`
}

type jsonWinSet struct {
	Name         string `json:"name"`
	Party        string `json:"party"`
	WinSet       uint64 `json:"win_set"`
	WinSetInZone uint64 `json:"win_set_in_zone"`
	Blocks       uint64 `json:"blocks"`
}

func (rep *report) point(p analysis.Point) jsonPoint {
	return jsonPoint{Package: rep.jsonPackage(p.Outcome), Utilities: p.Utilities}
}

func (rep *report) solution(s *analysis.Solution) *jsonSolution {
	if s == nil {
		return nil
	}
	return &jsonSolution{Package: rep.jsonPackage(s.Outcome), Utilities: s.Utilities, Value: s.Value, Ties: s.Ties}
}

func (rep *report) json() *jsonAnalysis {
	r := rep.r
	j := &jsonAnalysis{Version: 1, Scenario: rep.s.Name, Parties: rep.names, Outcomes: r.Outcomes,
		Reservation: r.Reservation, AgreementZone: r.Zone, Ideal: r.Ideal,
		ParetoOutcomes: r.ParetoOutcomes, ParetoInZone: r.ParetoInZone,
		Nash: rep.solution(r.Nash), KalaiSmorodinsky: rep.solution(r.KalaiSmorodinsky),
		Egalitarian: rep.solution(r.Egalitarian), Utilitarian: rep.solution(r.Utilitarian),
		Pareto: []jsonPoint{}}
	if j.KalaiSmorodinsky != nil {
		for _, p := range r.Degenerate {
			j.KalaiSmorodinsky.Degenerate = append(j.KalaiSmorodinsky.Degenerate, rep.names[p])
		}
	}
	if r.Resolution > 0 {
		d := &jsonDiscretization{Resolution: r.Resolution}
		for i := range rep.s.Issues {
			if rep.s.Issues[i].Kind == entente.Real {
				d.Issues = append(d.Issues, rep.s.Issues[i].Name)
			}
		}
		j.Discretization = d
	}
	for p := range r.Best {
		j.Best = append(j.Best, rep.point(r.Best[p]))
		j.Worst = append(j.Worst, rep.point(r.Worst[p]))
	}
	// Pareto stays empty: writeJSON streams the frontier into it.
	j.Packages = append(j.Packages, rep.queryResults()...)
	j.Politics = r.Politics
	if rt := r.Ratification; rt != nil {
		jr := &jsonRatification{RatifiableZone: rt.Zone, Ideal: rt.Ideal, Constituencies: []jsonWinSet{},
			Nash: rep.solution(rt.Nash), KalaiSmorodinsky: rep.solution(rt.KalaiSmorodinsky),
			Egalitarian: rep.solution(rt.Egalitarian), Utilitarian: rep.solution(rt.Utilitarian)}
		if jr.KalaiSmorodinsky != nil {
			for _, p := range rt.Degenerate {
				jr.KalaiSmorodinsky.Degenerate = append(jr.KalaiSmorodinsky.Degenerate, rep.names[p])
			}
		}
		for _, w := range rt.WinSets {
			c := &rep.s.Constituencies[w.Constituency]
			jr.Constituencies = append(jr.Constituencies, jsonWinSet{Name: c.Name, Party: rep.s.Parties[c.Party].Name, WinSet: w.Size, WinSetInZone: w.InZone, Blocks: w.Blocks})
		}
		j.Ratification = jr
	}
	if rep.explanation != nil {
		j.Explanation = rep.explainJSON(rep.explanation)
	}
	return j
}

func (rep *report) queryResults() []jsonQuery {
	var out []jsonQuery
	var set *ratify.Set
	if len(rep.s.Constituencies) > 0 && len(rep.queries) > 0 {
		set, _ = ratify.Compile(rep.s) // the scenario was validated when read
	}
	for _, o := range rep.queries {
		u := rep.r.Utilities(o)
		fd, nd := rep.r.Distance(u)
		q := jsonQuery{Package: rep.jsonPackage(o), Utilities: u, InZone: rep.r.Accepted(o), ParetoDistance: fd}
		if rep.r.Ratification != nil {
			ok := rep.r.Ratifiable(o)
			q.Ratifiable = &ok
		}
		if rep.r.Nash != nil {
			q.NashDistance = &nd
		}
		if set != nil {
			q.Votes = votes(rep.s, set, o)
		}
		q.RedLines = redLinesText(rep.s, o)
		out = append(out, q)
	}
	return out
}

func (rep *report) writeCSV(w io.Writer) error {
	// Cells a spreadsheet would run as formulas get an apostrophe.
	cw := csvcell.NewWriter(w)
	head := []string{"kind", "ties"}
	head = append(head, rep.names...)
	for i := range rep.s.Issues {
		head = append(head, rep.s.Issues[i].Name)
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	row := func(kind, ties string, u []float64, o entente.Outcome) {
		_ = cw.Write(rep.csvRecord(kind, ties, u, o))
	}
	r := rep.r
	for _, s := range []struct {
		name string
		sol  *analysis.Solution
	}{{"nash", r.Nash}, {"kalai_smorodinsky", r.KalaiSmorodinsky}, {"egalitarian", r.Egalitarian}, {"utilitarian", r.Utilitarian}} {
		if s.sol != nil {
			row(s.name, strconv.FormatUint(s.sol.Ties, 10), s.sol.Utilities, s.sol.Outcome)
		}
	}
	if rt := r.Ratification; rt != nil {
		for _, s := range []struct {
			name string
			sol  *analysis.Solution
		}{{"ratifiable_nash", rt.Nash}, {"ratifiable_kalai_smorodinsky", rt.KalaiSmorodinsky}, {"ratifiable_egalitarian", rt.Egalitarian}, {"ratifiable_utilitarian", rt.Utilitarian}} {
			if s.sol != nil {
				row(s.name, strconv.FormatUint(s.sol.Ties, 10), s.sol.Utilities, s.sol.Outcome)
			}
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	if err := rep.writeFrontierCSV(rep.context(), w); err != nil {
		return err
	}
	for i, q := range rep.queryResults() {
		row("package", "", q.Utilities, rep.queries[i])
	}
	err := rep.eachZone(func(p analysis.Point) error {
		row("zone", "", p.Utilities, p.Outcome)
		return cw.Error()
	})
	if err == nil && rep.zoneCtx != nil && r.Ratification != nil {
		err = r.EachRatifiable(rep.zoneCtx, func(p analysis.Point) error {
			row("ratifiable", "", p.Utilities, p.Outcome)
			return cw.Error()
		})
	}
	cw.Flush()
	if err != nil {
		return err
	}
	return cw.Error()
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
	if qs := rep.queryResults(); len(qs) > 0 {
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
func checkAnalysis(s *entente.Scenario, opt analysis.Options, budget int64) error {
	if e := estimateFor(s, opt); e != nil && e.memory > budget {
		return e.refusal(budget)
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
