package report

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/explain"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/report/plot"
	"github.com/entente/entente/robust"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Options tunes Build. The zero value uses the defaults below.
type Options struct {
	// Resolution is the grid size for real issues (default 11).
	Resolution int
	// MaxOutcomes refuses larger spaces (default 2^26).
	MaxOutcomes uint64
	// Seed seeds every random choice (robustness draws, forecast runs,
	// simulated negotiations).
	Seed uint64
	// Samples is the number of robustness draws (default 1000; negative:
	// none).
	Samples int
	// Runs is the number of forecast Monte Carlo runs (default 1000;
	// negative: none).
	Runs int
	// Sessions is the most simulated negotiations per protocol and kind of
	// agent (default 1000; negative: none), of Rounds rounds each (default
	// 200): they run in blocks of 50 until every 95% Wilson interval of the
	// section is within ±5 points.
	Sessions, Rounds int
	// Workers bounds the workers of each part of the report (default
	// GOMAXPROCS); the parts run side by side, except with 1, when they
	// run one after the other on one core.
	Workers int
	// Progress, when set, is told what Build is doing, stage by stage.
	Progress func(stage string)
}

func (o *Options) defaults() {
	if o.Resolution <= 0 {
		o.Resolution = 11
	}
	if o.MaxOutcomes == 0 {
		o.MaxOutcomes = 1 << 26
	}
	if o.Samples == 0 {
		o.Samples = 1000
	}
	if o.Runs == 0 {
		o.Runs = 1000
	}
	if o.Sessions == 0 {
		o.Sessions = 1000
	}
	if o.Rounds <= 0 {
		o.Rounds = 200
	}
}

func (b *builder) stage(what string) {
	if b.opt.Progress != nil {
		b.opt.Progress(what)
	}
}

// builder carries what the sections share.
type builder struct {
	ctx  context.Context
	s    *entente.Scenario
	fm   *forecast.Model
	opt  Options
	doc  *Document
	fns  []*utility.Func
	an   *analysis.Result
	sp   *space.Space
	set  *ratify.Set
	name string
	// unsimulated is set when the scenario has too many parties to
	// simulate negotiations.
	unsimulated bool
	// What the summary reports, as the sections find it.
	rob     *robust.Result
	ex      *explain.Explanation
	fc      *forecastFindings
	designs []design
}

// Build analyses the scenario (and its forecast model, when fm is not nil)
// and writes the report. When ctx is cancelled, Build stops and returns
// ctx's cause and no document: a part cut short is never reported as a
// result.
func Build(ctx context.Context, s *entente.Scenario, fm *forecast.Model, opt Options) (_ *Document, err error) {
	defer func() {
		if err != nil && ctx.Err() != nil {
			err = cancelled(ctx)
		}
	}()
	opt.defaults()
	name := s.Name
	if name == "" {
		name = "Scenario"
	}
	b := &builder{ctx: ctx, s: s, fm: fm, opt: opt, name: name,
		doc: &Document{Title: name, Numbers: map[string]float64{}}}
	if b.fns, err = utility.Compile(s); err != nil {
		return nil, err
	}
	b.sp = space.Discretized(s.Issues, opt.Resolution)
	b.doc.Subtitle = fmt.Sprintf("%d parties, %d issues, %s packages", len(s.Parties), len(s.Issues), b.sp.SizeString())
	if s.Description != "" {
		b.doc.Subtitle = strings.TrimSpace(s.Description) + " — " + b.doc.Subtitle
	}
	pairs := [][2]int{}
	if len(s.Parties) >= 2 {
		pairs = append(pairs, [2]int{0, 1})
		for y := 2; y < min(len(s.Parties), 4); y++ {
			for x := 0; x < y; x++ {
				pairs = append(pairs, [2]int{x, y})
			}
		}
	}
	// The parts depend only on the scenario (robustness, forecast) or on
	// its analysis (the rest): they run side by side, each with a document
	// of its own, and their sections are put together afterwards in the
	// order of the report, so that the report does not depend on which
	// part finished first. Every part is seeded as if it ran alone.
	run := newParts(ctx, b)
	b.stage("drawing plausible profiles (robustness)")
	rob := run.start((*builder).robustness)
	b.stage("running the forecasting models")
	fc := run.start((*builder).forecast)
	b.stage("analysing every package")
	b.an, err = analysis.Analyze(run.ctx, s, analysis.Options{Resolution: opt.Resolution, MaxOutcomes: opt.MaxOutcomes, Workers: opt.Workers, CloudPairs: pairs, CloudCells: 80})
	if err == nil {
		b.set, err = ratify.Compile(s)
	}
	if err != nil {
		run.fail(err)
		run.wait()
		return nil, err
	}
	// Results first, in the order the summary tells them; the
	// assumptions last, as an appendix.
	b.stage("explaining the zone")
	ex := run.start((*builder).explain)
	b.stage("comparing guarantee designs")
	gu := run.start((*builder).guarantees)
	b.stage("simulating negotiations")
	sim := run.start((*builder).simulations)
	zone := run.start((*builder).zone)
	if err := run.wait(); err != nil {
		return nil, err
	}
	for _, p := range []*builder{zone, rob, ex, gu, fc, sim} {
		b.merge(p)
	}
	b.limits()
	b.assumptions()
	b.summary()
	if ctx.Err() != nil {
		return nil, cancelled(ctx)
	}
	return b.doc, nil
}

func (b *builder) partyNames() []string {
	names := make([]string, len(b.s.Parties))
	for p := range names {
		names[p] = b.s.Parties[p].Name
	}
	return names
}

func (b *builder) pkg(o entente.Outcome) string {
	parts := make([]string, len(b.s.Issues))
	for i := range b.s.Issues {
		parts[i] = b.s.Issues[i].Name + ": " + b.s.Issues[i].Format(o[i])
	}
	return strings.Join(parts, "; ")
}

func issueNames(s *entente.Scenario) []string {
	n := make([]string, len(s.Issues))
	for i := range n {
		n[i] = s.Issues[i].Name
	}
	return n
}

// zone reports the agreement zone and the ratifiable zone, the
// bargaining solutions over each (the ratifiable Nash package first, with
// every constituency's approval), and the utility-space chart.
func (b *builder) zone() error {
	r := b.an
	title, q := "Which packages can every party accept?", "Which complete packages can every party accept (above its walk-away value)?"
	if r.Ratification != nil {
		title = "Which packages can every party accept, and which survive ratification?"
		q = "Which complete packages can every party accept (above its walk-away value), and which of those also pass every constituency that must ratify them?"
	}
	sec := b.doc.add(&Section{ID: "zone", Title: title, Question: q})
	share := float64(r.Zone) / float64(r.Outcomes)
	b.doc.Numbers["packages"] = float64(r.Outcomes)
	b.doc.Numbers["zone.packages"] = float64(r.Zone)
	b.doc.Numbers["zone.share"] = share
	b.doc.Numbers["pareto.points"] = float64(len(r.Pareto))
	if r.Zone == 0 {
		sec.callout("No package is acceptable to every party: of %s complete packages, none gives each party it needs at least its walk-away value.", count(r.Outcomes))
	} else {
		sec.callout("%s of %s complete packages (%s) are acceptable to every party they need: each gets at least its walk-away value, blocs accept by their rules, and no red line is crossed.", count(r.Zone), count(r.Outcomes), pct(share))
	}
	if rt := r.Ratification; rt != nil {
		b.doc.Numbers["ratifiable.packages"] = float64(rt.Zone)
		if rt.Zone == 0 {
			sec.callout("None of them survives ratification: every acceptable package is rejected by at least one constituency whose approval the deal needs.")
		} else {
			sec.callout("%s of them also pass every ratification the deal needs: the ratifiable zone.", count(rt.Zone))
		}
		if rt.Nash != nil {
			sec.para("The Nash bargaining solution over the ratifiable zone (the package that maximises the product of the parties' gains over their walk-away values among those every constituency lets pass) is %s.", b.pkg(rt.Nash.Outcome))
			sec.Blocks = append(sec.Blocks, b.approvalTable("Each constituency's vote on the ratifiable Nash package", rt.Nash.Outcome))
			b.approvalNumbers("nash.ratifiable", rt.Nash.Outcome)
		}
		ws := &Table{Caption: "Win-sets: what each constituency would ratify", Head: []string{"constituency", "ratification of", "threshold", "packages it ratifies", "acceptable packages it lets through", "acceptable packages it blocks"},
			Numeric: []bool{false, false, true, true, true, true}}
		for _, w := range rt.WinSets {
			c := &b.s.Constituencies[w.Constituency]
			ws.Rows = append(ws.Rows, []string{c.Name, b.s.Parties[c.Party].Name, pct(c.Threshold), count(w.Size), count(w.InZone), count(w.Blocks)})
			b.doc.Numbers["winset."+c.Name+".blocks"] = float64(w.Blocks)
		}
		sec.Blocks = append(sec.Blocks, ws)
		if tb := b.solutionTable("Bargaining solutions over the ratifiable zone", rt.Nash, rt.KalaiSmorodinsky, rt.Egalitarian, rt.Utilitarian); tb != nil {
			sec.Blocks = append(sec.Blocks, tb)
		}
	}
	if r.Nash != nil {
		b.doc.Numbers["nash.product"] = r.Nash.Value
		line := fmt.Sprintf("Over the agreement zone alone, ignoring ratification, the Nash bargaining solution is %s.", b.pkg(r.Nash.Outcome))
		if r.Ratification != nil && !r.Ratifiable(r.Nash.Outcome) {
			line += " It fails ratification: " + b.failures(r.Nash.Outcome) + "."
			b.approvalNumbers("nash.zone", r.Nash.Outcome)
		}
		sec.para("%s", line)
		sec.Blocks = append(sec.Blocks, b.solutionTable("Bargaining solutions over the agreement zone", r.Nash, r.KalaiSmorodinsky, r.Egalitarian, r.Utilitarian))
	}
	if len(b.s.Parties) >= 2 {
		f := SpaceFigure(b.s, r)
		if r.Ratification != nil && r.Ratification.Zone > 0 {
			if err := b.ratifiableCloud(f); err != nil {
				return err
			}
		}
		svg, err := render(func(buf *bytes.Buffer) error { return plot.Render(buf, f, plot.SVG) })
		if err != nil {
			return err
		}
		caption := "Every package projected onto pairs of parties' utilities (0 is a party's worst package, 1 its best). Grey: packages outside the agreement zone; green shading: the agreement zone, where its packages are (in every panel all parties, rules, blocs and red lines decide, not only the two shown); dashed: the two parties' walk-away values; the line: the Pareto frontier."
		if r.Ratification != nil {
			caption += " Orange diamonds: the ratifiable zone."
		}
		sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "utility space", Caption: caption})
	}
	return nil
}

// solutionTable lists bargaining solutions with every party's utility;
// nil when there is none.
func (b *builder) solutionTable(caption string, nash, ks, eg, ut *analysis.Solution) *Table {
	t := &Table{Caption: caption, Head: append([]string{"solution"}, append(b.partyNames(), "package")...)}
	for _, m := range []struct {
		name string
		sol  *analysis.Solution
	}{{"Nash", nash}, {"Kalai–Smorodinsky", ks}, {"egalitarian", eg}, {"utilitarian", ut}} {
		if m.sol == nil {
			continue
		}
		row := []string{m.name}
		for _, u := range m.sol.Utilities {
			row = append(row, num(u))
		}
		t.Rows = append(t.Rows, append(row, b.pkg(m.sol.Outcome)))
	}
	if len(t.Rows) == 0 {
		return nil
	}
	t.Numeric = make([]bool, len(t.Head))
	for i := 1; i <= len(b.s.Parties); i++ {
		t.Numeric[i] = true
	}
	return t
}

// approvalTable gives each constituency's approval share of package o,
// its threshold and margin, or why it is not asked.
func (b *builder) approvalTable(caption string, o entente.Outcome) *Table {
	t := &Table{Caption: caption, Head: []string{"constituency", "asked?", "approval", "threshold", "margin (points)", "verdict"},
		Numeric: []bool{false, false, true, true, true, false}}
	for c := range b.s.Constituencies {
		co := &b.s.Constituencies[c]
		if !b.set.Applies(c, o) {
			t.Rows = append(t.Rows, []string{co.Name, "no: outside its region", "–", pct(co.Threshold), "–", "not needed"})
			continue
		}
		a := b.set.Approval(c, o)
		verdict := "ratifies"
		if k := b.set.RedLine(c, o); k >= 0 {
			verdict = fmt.Sprintf("rejects: red line %q", co.RedLines[k].Name)
		} else if !b.set.Ratifies(c, o) {
			verdict = "rejects"
		}
		t.Rows = append(t.Rows, []string{co.Name, "yes", pct(a), pct(co.Threshold), signed(100 * (a - co.Threshold)), verdict})
	}
	return t
}

// approvalNumbers records each constituency's approval and margin of
// package o under key.constituency.
func (b *builder) approvalNumbers(key string, o entente.Outcome) {
	for c := range b.s.Constituencies {
		name := b.s.Constituencies[c].Name
		if !b.set.Applies(c, o) {
			continue
		}
		b.doc.Numbers[key+".approval."+name] = b.set.Approval(c, o)
		b.doc.Numbers[key+".margin."+name] = b.set.Margin(c, o)
	}
}

// failures says which constituencies reject package o, with their votes.
func (b *builder) failures(o entente.Outcome) string {
	var parts []string
	for c := range b.s.Constituencies {
		co := &b.s.Constituencies[c]
		if b.set.Ratifies(c, o) {
			continue
		}
		if k := b.set.RedLine(c, o); k >= 0 {
			parts = append(parts, fmt.Sprintf("it crosses the red line %q of the %s", co.RedLines[k].Name, co.Name))
			continue
		}
		parts = append(parts, fmt.Sprintf("the %s approves it with %s, below its threshold of %s", co.Name, pct(b.set.Approval(c, o)), pct(co.Threshold)))
	}
	return strings.Join(parts, "; ")
}

// ratifiableCloud adds the ratifiable packages to the chart's panels.
func (b *builder) ratifiableCloud(f *plot.Figure) error {
	return b.an.EachRatifiable(b.ctx, func(p analysis.Point) error {
		for k := range f.Panels {
			pn := &f.Panels[k]
			pn.RatifiableCloud = append(pn.RatifiableCloud, [2]float64{p.Utilities[pn.X], p.Utilities[pn.Y]})
		}
		return nil
	})
}

func render(draw func(*bytes.Buffer) error) ([]byte, error) {
	var buf bytes.Buffer
	if err := draw(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// maxFrontier caps the frontier points a chart draws.
const maxFrontier = 2000

// SpaceFigure is the utility-space chart of an analysis: the outcome
// clouds the analysis kept, the frontier (thinned to 2,000 points) and the
// bargaining solutions.
func SpaceFigure(s *entente.Scenario, r *analysis.Result) *plot.Figure {
	f := &plot.Figure{Title: s.Name, Reservation: r.Reservation}
	if r.Resolution > 0 {
		f.Subtitle = fmt.Sprintf("real issues discretised at %d points", r.Resolution)
	}
	for _, p := range r.Parties {
		f.Parties = append(f.Parties, s.Parties[p].Name)
	}
	step := (len(r.Pareto) + maxFrontier - 1) / maxFrontier
	for i, p := range r.Pareto {
		if i%max(step, 1) == 0 || i == len(r.Pareto)-1 {
			f.Frontier = append(f.Frontier, p.Utilities)
		}
	}
	if step > 1 {
		f.Subtitle = strings.TrimSpace(f.Subtitle + fmt.Sprintf(" frontier drawn through %d of its %d points", len(f.Frontier), len(r.Pareto)))
	}
	for _, m := range []struct {
		name string
		sol  *analysis.Solution
	}{{"Nash", r.Nash}, {"Kalai-Smorodinsky", r.KalaiSmorodinsky}, {"egalitarian", r.Egalitarian}, {"utilitarian", r.Utilitarian}} {
		if m.sol != nil {
			f.Marks = append(f.Marks, plot.Mark{Name: m.name, Utilities: m.sol.Utilities})
		}
	}
	for _, c := range r.Clouds {
		zone, other := c.Points()
		f.Panels = append(f.Panels, plot.Panel{X: c.X, Y: c.Y, Cloud: other, ZoneCloud: zone})
	}
	if len(f.Panels) == 0 && len(f.Parties) >= 2 {
		f.Panels = []plot.Panel{{X: 0, Y: 1}}
	}
	return f
}

// explain says what blocks a deal (or what shrinks the zone) and the
// smallest concessions that would open one.
func (b *builder) explain() error {
	ex, err := explain.Explain(b.ctx, b.s, explain.Options{Result: b.an, Analysis: analysis.Options{Resolution: b.opt.Resolution, MaxOutcomes: b.opt.MaxOutcomes, Workers: b.opt.Workers}})
	if err != nil {
		return err
	}
	b.ex = ex
	title, q := "What shrinks the set of acceptable packages?", "Which party, rule or constituency removes the most packages?"
	if ex.Empty {
		title, q = "What blocks a deal, and what would open one?", "Why is no package acceptable (or ratifiable), and what is the smallest concession that would change that?"
	}
	sec := b.doc.add(&Section{ID: "explanation", Title: title, Question: q})
	sec.Blocks = append(sec.Blocks, Bullets(ex.Sentences))
	if len(ex.Concessions) > 0 {
		b.doc.Numbers["concession.smallest"] = ex.Concessions[0].Amount
	}
	if len(ex.Effects) > 0 {
		t := &Table{Caption: "Packages each constraint alone keeps out", Head: []string{"constraint", "packages removed"}, Numeric: []bool{false, true}}
		for _, e := range ex.Effects {
			n := count(uint64(max(e.Removed, -e.Removed)))
			if e.Removed < 0 {
				n = "−" + n
			}
			t.Rows = append(t.Rows, []string{e.Constraint.Text(), n})
		}
		sec.Blocks = append(sec.Blocks, t)
	}
	return nil
}

// guarantees compares the designs of each guaranteed issue: the zone with
// each option fixed, the options' derived values, and what other terms of
// the package do to a guarantee's worth.
func (b *builder) guarantees() error {
	var issues []int
	for i := range b.s.Issues {
		if len(b.s.Issues[i].Guarantees) > 0 {
			issues = append(issues, i)
		}
	}
	if len(issues) == 0 {
		return nil
	}
	sec := b.doc.add(&Section{ID: "guarantees", Title: "How does the design of a guarantee change the deal?",
		Question: "How does the set of acceptable packages change with the design of the guarantee, and does a guarantee lose its value when it comes with other terms?"})
	for _, g := range issues {
		is := &b.s.Issues[g]
		t := &Table{Caption: fmt.Sprintf("%s: each design, fixed", is.Name),
			Head:    []string{"option", "guarantors", "P(honoured)", "acceptable packages", "ratifiable", "Nash package"},
			Numeric: []bool{false, false, true, true, true}}
		var ds []design
		for k, opt := range is.Options {
			an, err := analysis.Analyze(b.ctx, b.s, analysis.Options{Resolution: b.opt.Resolution, MaxOutcomes: b.opt.MaxOutcomes, Workers: b.opt.Workers, Fixed: map[int]float64{g: float64(k)}})
			if err != nil {
				return err
			}
			who, prob := "none", "–"
			if gu := is.Guarantee(k); gu != nil {
				var names []string
				for _, x := range gu.Guarantors {
					names = append(names, b.s.Guarantors[x].Name)
				}
				who = strings.Join(names, ", ")
				if gu.Required > 1 {
					who += fmt.Sprintf(" (%d needed)", gu.Required)
				}
				p := b.s.GuaranteeValue(g, k)
				prob = num(p)
				b.doc.Numbers[fmt.Sprintf("guarantee.%s.%s.honoured", is.Name, opt)] = p
			}
			nash := "–"
			if an.Nash != nil {
				nash = b.pkg(an.Nash.Outcome)
			}
			b.doc.Numbers[fmt.Sprintf("guarantee.%s.%s.zone", is.Name, opt)] = float64(an.Zone)
			rat := "–"
			if an.Ratification != nil {
				rat = count(an.Ratification.Zone)
				b.doc.Numbers[fmt.Sprintf("guarantee.%s.%s.ratifiable", is.Name, opt)] = float64(an.Ratification.Zone)
				if an.Ratification.Nash != nil {
					nash = b.pkg(an.Ratification.Nash.Outcome) + " (ratifiable)"
				}
			}
			t.Rows = append(t.Rows, []string{opt, who, prob, count(an.Zone), rat, nash})
			d := design{issue: g, option: k, zone: an.Zone, ratifiable: an.Zone, p: math.NaN()}
			if an.Ratification != nil {
				d.ratifiable = an.Ratification.Zone
			}
			if is.Guarantee(k) != nil {
				d.p = b.s.GuaranteeValue(g, k)
			}
			ds = append(ds, d)
		}
		b.designs = append(b.designs, ds...)
		sec.Blocks = append(sec.Blocks, t)
		if deps := b.dependence(g); deps != "" {
			sec.para("%s", deps)
		}
		// Bars sorted, largest first: the packages left by each design.
		sorted := slices.Clone(ds)
		rat := b.an.Ratification != nil
		slices.SortStableFunc(sorted, func(x, y design) int {
			if rat && x.ratifiable != y.ratifiable {
				return cmpDesc(x.ratifiable, y.ratifiable)
			}
			return cmpDesc(x.zone, y.zone)
		})
		what := "packages every party accepts"
		if rat {
			what = "ratifiable packages"
		}
		bars := plot.Bars{Title: is.Name + ": " + what + " by design", YLabel: what + " (count)", XLabel: is.Name + " (design fixed)"}
		for _, d := range sorted {
			bars.Labels = append(bars.Labels, is.Options[d.option])
			if rat {
				bars.Values = append(bars.Values, float64(d.ratifiable))
			} else {
				bars.Values = append(bars.Values, float64(d.zone))
			}
		}
		svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderBars(buf, &bars, plot.SVG) })
		if err != nil {
			return err
		}
		sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: is.Name + " designs", Caption: fmt.Sprintf("The %s when %s is settled each way, largest first.", what, is.Name), Labels: bars.Labels, Values: bars.Values})
		if rows := b.interactionEffects(g); len(rows) > 0 {
			sec.Blocks = append(sec.Blocks, &Table{
				Caption: fmt.Sprintf("What other terms do to %s: each party's average gain from a guaranteed option over %q, over all packages and where an interaction term applies", is.Name, is.Options[b.baseOption(g)]),
				Head:    []string{"party", "option", "average gain", "term", "gain where it applies"},
				Numeric: []bool{false, false, true, false, true},
				Rows:    rows,
			})
			sec.para("A gain that shrinks (or turns negative) where a term applies means the guarantee is worth less in such a package: the terms are interactions, not additive parts.")
		}
	}
	return nil
}

// design is what fixing one option of a guaranteed issue leaves.
type design struct {
	issue, option    int
	zone, ratifiable uint64
	p                float64 // P(honoured); NaN without a guarantee
}

func cmpDesc(a, b uint64) int {
	switch {
	case a > b:
		return -1
	case a < b:
		return 1
	}
	return 0
}

// dependence says which guarantors of issue g follow others, and what the
// guarantees would be worth if they acted independently.
func (b *builder) dependence(g int) string {
	var follows []string
	for i := range b.s.Guarantors {
		gu := &b.s.Guarantors[i]
		if len(gu.Follows) == 0 {
			continue
		}
		var leaders []string
		for _, l := range gu.Follows {
			leaders = append(leaders, b.s.Guarantors[l].Name)
		}
		follows = append(follows, fmt.Sprintf("%s acts with probability %s when %s does, %s otherwise", gu.Name, num(gu.Credibility), strings.Join(leaders, " or "), num(gu.Alone)))
	}
	if len(follows) == 0 {
		return ""
	}
	// The same guarantees with every guarantor independent, at its
	// credibility when its leaders act.
	ind := b.s.Clone()
	for i := range ind.Guarantors {
		ind.Guarantors[i].Follows, ind.Guarantors[i].Alone = nil, 0
	}
	is := &b.s.Issues[g]
	var alt []string
	for k := range is.Guarantees {
		o := is.Guarantees[k].Option
		alt = append(alt, fmt.Sprintf("%s %s (independent: %s)", is.Options[o], num(b.s.GuaranteeValue(g, o)), num(ind.GuaranteeValue(g, o))))
	}
	return fmt.Sprintf("The guarantors are not independent: %s. The probabilities above are computed exactly under this dependence: %s.", strings.Join(follows, "; "), strings.Join(alt, ", "))
}

// baseOption is the option an issue's guaranteed options are compared
// with: its first option without a guarantee (else the first).
func (b *builder) baseOption(g int) int {
	is := &b.s.Issues[g]
	for k := range is.Options {
		if is.Guarantee(k) == nil {
			return k
		}
	}
	return 0
}

// interactionEffects measures, for each party whose interaction terms
// involve issue g, the average utility gain of each guaranteed option over
// the base option, over all packages and over those where each such term
// applies.
func (b *builder) interactionEffects(g int) [][]string {
	is := &b.s.Issues[g]
	base := b.baseOption(g)
	n, ok := b.sp.Len()
	if !ok || n > 1<<20 {
		return nil
	}
	var rows [][]string
	o := make(entente.Outcome, len(b.s.Issues))
	alt := make(entente.Outcome, len(b.s.Issues))
	for p := range b.s.Parties {
		terms := b.s.Parties[p].Preferences.Interactions
		var touching []int
		for k := range terms {
			if mentions(&terms[k], g) {
				touching = append(touching, k)
			}
		}
		if len(touching) == 0 {
			continue
		}
		for k := range is.Options {
			if is.Guarantee(k) == nil {
				continue
			}
			var all float64
			var cnt uint64
			sums := make([]float64, len(touching))
			ns := make([]uint64, len(touching))
			for idx := uint64(0); idx < n; idx++ {
				b.sp.At(idx, o)
				if o[g] != float64(k) {
					continue
				}
				copy(alt, o)
				alt[g] = float64(base)
				gain := b.fns[p].Utility(o) - b.fns[p].Utility(alt)
				all += gain
				cnt++
				for j, t := range touching {
					if terms[t].Applies(o) {
						sums[j] += gain
						ns[j]++
					}
				}
			}
			if cnt == 0 {
				continue
			}
			for j, t := range touching {
				where := "–"
				if ns[j] > 0 {
					where = num(sums[j] / float64(ns[j]))
				}
				label := terms[t].Name
				if label == "" {
					label = fmt.Sprintf("term %d", t+1)
				}
				rows = append(rows, []string{b.s.Parties[p].Name, is.Options[k], num(all / float64(cnt)), label, where})
			}
		}
	}
	return rows
}

func mentions(in *entente.Interaction, issue int) bool {
	for _, box := range in.Boxes {
		for _, c := range box {
			if c.Issue == issue {
				return true
			}
		}
	}
	return false
}

// sortBars orders a chart's bars by value, largest first (stable), with
// their intervals when they have them.
func sortBars(b *plot.Bars) {
	idx := make([]int, len(b.Values))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(x, y int) int {
		switch {
		case b.Values[x] > b.Values[y]:
			return -1
		case b.Values[x] < b.Values[y]:
			return 1
		}
		return 0
	})
	permute := func(xs []float64) []float64 {
		if len(xs) != len(idx) {
			return xs
		}
		out := make([]float64, len(idx))
		for k, i := range idx {
			out[k] = xs[i]
		}
		return out
	}
	labels := make([]string, len(idx))
	for k, i := range idx {
		labels[k] = b.Labels[i]
	}
	b.Labels, b.Values, b.Low, b.High = labels, permute(b.Values), permute(b.Low), permute(b.High)
}
