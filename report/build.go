package report

import (
	"bytes"
	"context"
	"fmt"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/explain"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/montecarlo"
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
	// Workers bounds parallelism (default GOMAXPROCS).
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
	name string
}

// Build analyses the scenario (and its forecast model, when fm is not nil)
// and writes the report.
func Build(ctx context.Context, s *entente.Scenario, fm *forecast.Model, opt Options) (*Document, error) {
	opt.defaults()
	name := s.Name
	if name == "" {
		name = "Scenario"
	}
	b := &builder{ctx: ctx, s: s, fm: fm, opt: opt, name: name,
		doc: &Document{Title: name, Numbers: map[string]float64{}}}
	var err error
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
	b.stage("analysing every package")
	b.an, err = analysis.Analyze(ctx, s, analysis.Options{Resolution: opt.Resolution, MaxOutcomes: opt.MaxOutcomes, Workers: opt.Workers, CloudPairs: pairs, CloudCells: 80})
	if err != nil {
		return nil, err
	}
	b.assumptions()
	if err := b.zone(); err != nil {
		return nil, err
	}
	b.stage("drawing plausible profiles (robustness)")
	if err := b.robustness(); err != nil {
		return nil, err
	}
	b.stage("explaining the zone")
	if err := b.explain(); err != nil {
		return nil, err
	}
	b.stage("comparing guarantee designs")
	if err := b.guarantees(); err != nil {
		return nil, err
	}
	b.stage("running the forecasting models")
	if err := b.forecast(); err != nil {
		return nil, err
	}
	b.stage("simulating negotiations")
	if err := b.simulations(); err != nil {
		return nil, err
	}
	b.limits()
	b.summary()
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

// assumptions lists every annotated number, or, without annotations, the
// parties' weights and walk-away values.
func (b *builder) assumptions() {
	sec := b.doc.add(&Section{ID: "assumptions", Title: "Assumptions",
		Question: "Every number below is an assumption of the model's author; the analysis is only as good as they are."})
	if len(b.s.Params) > 0 {
		t := &Table{Caption: "Annotated numbers: value, plausible range, source and rationale",
			Head: []string{"number", "value", "range", "confidence", "source", "note"}, Numeric: []bool{false, true, true}}
		ranged := 0
		for i := range b.s.Params {
			p := &b.s.Params[i]
			rng := "–"
			if p.Ranged {
				ranged++
				rng = num(p.Low) + " to " + num(p.High)
				if d := p.Dist.String(); d != "" && d != "uniform" {
					rng += " (" + d + ")"
				}
			}
			t.Rows = append(t.Rows, []string{b.friendly(p.Field), num(b.s.Get(p.Ref)), rng, p.Confidence.String(), p.Source, p.Note})
		}
		sec.para("The scenario annotates %d numbers, %d of them with a plausible range; the robustness analysis draws from these ranges.", len(b.s.Params), ranged)
		sec.Blocks = append(sec.Blocks, t)
		b.doc.Numbers["assumptions.annotated"] = float64(len(b.s.Params))
		b.doc.Numbers["assumptions.ranged"] = float64(ranged)
	} else {
		sec.para("The scenario gives no sources or ranges for its numbers; its weights and walk-away values are listed here as written.")
	}
	t := &Table{Caption: "Each party's priorities (issue weights) and walk-away value",
		Head: append([]string{"party"}, append(issueNames(b.s), "walk-away")...)}
	for p := range b.s.Parties {
		row := []string{b.s.Parties[p].Name}
		pr := &b.s.Parties[p].Preferences
		for i := range b.s.Issues {
			w := math.NaN()
			if i < len(pr.Weights) {
				w = pr.Weights[i]
			}
			row = append(row, num(w))
		}
		row = append(row, num(b.fns[p].Reservation()))
		t.Rows = append(t.Rows, row)
	}
	t.Numeric = make([]bool, len(t.Head))
	for i := 1; i < len(t.Head); i++ {
		t.Numeric[i] = true
	}
	sec.Blocks = append(sec.Blocks, t)
}

func issueNames(s *entente.Scenario) []string {
	n := make([]string, len(s.Issues))
	for i := range n {
		n[i] = s.Issues[i].Name
	}
	return n
}

// zone reports the agreement zone, the frontier and the bargaining
// solutions, with the utility-space chart.
func (b *builder) zone() error {
	r := b.an
	sec := b.doc.add(&Section{ID: "zone", Title: "Which packages can every party accept?",
		Question: "Which complete packages can every party accept (above its walk-away value)?"})
	share := float64(r.Zone) / float64(r.Outcomes)
	b.doc.Numbers["packages"] = float64(r.Outcomes)
	b.doc.Numbers["zone.packages"] = float64(r.Zone)
	b.doc.Numbers["zone.share"] = share
	b.doc.Numbers["pareto.points"] = float64(len(r.Pareto))
	if r.Zone == 0 {
		sec.callout("No package is acceptable to every party: of %s complete packages, none gives each party at least its walk-away value.", count(r.Outcomes))
	} else {
		sec.callout("%s of %s complete packages (%s) give every party at least its walk-away value.", count(r.Zone), count(r.Outcomes), pct(share))
	}
	if rt := r.Ratification; rt != nil {
		b.doc.Numbers["ratifiable.packages"] = float64(rt.Zone)
		if rt.Zone == 0 {
			sec.callout("None of them survives ratification: every acceptable package is rejected by at least one constituency whose approval the deal needs.")
		} else {
			sec.callout("%s of them also pass every ratification the deal needs (the ratifiable zone).", count(rt.Zone))
		}
		ws := &Table{Caption: "Win-sets: what each constituency would ratify", Head: []string{"constituency", "ratification of", "threshold", "packages it ratifies", "acceptable packages it lets through", "acceptable packages it blocks"},
			Numeric: []bool{false, false, true, true, true, true}}
		for _, w := range rt.WinSets {
			c := &b.s.Constituencies[w.Constituency]
			ws.Rows = append(ws.Rows, []string{c.Name, b.s.Parties[c.Party].Name, num(c.Threshold), count(w.Size), count(w.InZone), count(w.Blocks)})
			b.doc.Numbers["winset."+c.Name+".blocks"] = float64(w.Blocks)
		}
		sec.Blocks = append(sec.Blocks, ws)
		if rt.Nash != nil {
			sec.para("Among the ratifiable packages, the Nash bargaining solution is %s.", b.pkg(rt.Nash.Outcome))
		}
	}
	sols := &Table{Caption: "Bargaining solutions over the agreement zone", Head: append([]string{"solution"}, append(b.partyNames(), "package")...)}
	for _, m := range []struct {
		name string
		sol  *analysis.Solution
	}{{"Nash", r.Nash}, {"Kalai–Smorodinsky", r.KalaiSmorodinsky}, {"egalitarian", r.Egalitarian}, {"utilitarian", r.Utilitarian}} {
		if m.sol == nil {
			continue
		}
		row := []string{m.name}
		for _, u := range m.sol.Utilities {
			row = append(row, num(u))
		}
		sols.Rows = append(sols.Rows, append(row, b.pkg(m.sol.Outcome)))
	}
	sols.Numeric = make([]bool, len(sols.Head))
	for i := 1; i <= len(b.s.Parties); i++ {
		sols.Numeric[i] = true
	}
	if r.Nash != nil {
		b.doc.Numbers["nash.product"] = r.Nash.Value
		sec.para("The Nash bargaining solution, the package that maximises the product of the parties' gains over their walk-away values, is %s.", b.pkg(r.Nash.Outcome))
		sec.Blocks = append(sec.Blocks, sols)
	}
	if len(b.s.Parties) >= 2 {
		f := SpaceFigure(b.s, r)
		svg, err := render(func(buf *bytes.Buffer) error { return plot.Render(buf, f, plot.SVG) })
		if err != nil {
			return err
		}
		sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "utility space",
			Caption: "Every package projected onto pairs of parties' utilities; shaded: the packages each pair would accept; the line: the Pareto frontier."})
	}
	return nil
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

// robustness draws plausible profiles from the scenario's ranges.
func (b *builder) robustness() error {
	ranged := slices.ContainsFunc(b.s.Params, func(p entente.Param) bool { return p.Ranged })
	if b.opt.Samples < 0 || !ranged {
		return nil
	}
	r, err := robust.Run(b.ctx, b.s, robust.Options{Samples: b.opt.Samples, Seed: b.opt.Seed, Workers: b.opt.Workers, Resolution: b.opt.Resolution, MaxOutcomes: b.opt.MaxOutcomes, Top: 5})
	if err != nil {
		return err
	}
	sec := b.doc.add(&Section{ID: "robustness", Title: "How robust are these conclusions?",
		Question: "When every weight, value and walk-away value is only known as a range, in what share of plausible profiles does a deal exist, which package is most often acceptable, and which number decides it?"})
	b.doc.Numbers["robust.zone.share"] = r.Zone.P
	b.doc.Numbers["robust.ratifiable.share"] = r.Ratifiable.P
	line := fmt.Sprintf("Across %d profiles drawn from the stated ranges (seed %d), some package is acceptable to every party in %s of them (95%% interval %s to %s)",
		r.Samples, r.Seed, pct(r.Zone.P), pct(r.Zone.Low), pct(r.Zone.High))
	if r.Constituencies {
		line += fmt.Sprintf(", and some package is also ratifiable in %s (%s to %s)", pct(r.Ratifiable.P), pct(r.Ratifiable.Low), pct(r.Ratifiable.High))
	}
	sec.callout("%s.", line)
	// Histogram of the zone's size over the draws.
	sizes := r.ZoneSize
	what := "acceptable"
	if r.Constituencies {
		sizes, what = r.RatifiableSize, "ratifiable"
	}
	if h := histogram(sizes, 12); h != nil {
		h.Title = "Size of the " + what + " set over the draws"
		h.YLabel = "share of draws"
		svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderBars(buf, h, plot.SVG) })
		if err != nil {
			return err
		}
		sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "robustness histogram", Caption: fmt.Sprintf("How many packages are %s, over %d plausible profiles; the first bar is the share of draws with none.", what, r.Samples)})
	}
	if len(r.Packages) > 0 {
		t := &Table{Caption: "The most robust packages: share of draws in which each is acceptable (and ratifiable)", Head: []string{"acceptable", "ratifiable", "package"}, Numeric: []bool{true, true}}
		for _, pk := range r.Packages {
			t.Rows = append(t.Rows, []string{pct(float64(pk.Zone) / float64(r.Samples)), pct(float64(pk.Ratifiable) / float64(r.Samples)), b.pkg(pk.Outcome)})
		}
		sec.Blocks = append(sec.Blocks, t)
		b.doc.Numbers["robust.best.share"] = float64(r.Packages[0].Ratifiable) / float64(r.Samples)
	}
	if len(r.Tipping) > 0 {
		var items []string
		for _, tp := range r.Tipping {
			items = append(items, strings.Replace(tp.String(), tp.Field, b.friendly(tp.Field), 1))
		}
		sec.para("Tipping points, moving one number across its range with the others as stated:")
		sec.Blocks = append(sec.Blocks, Bullets(items))
	}
	if n := min(len(r.Sensitivity), 10); n > 0 {
		bars := plot.Bars{Title: "Which numbers decide whether a deal exists", YLabel: "|correlation| with a non-empty set"}
		for _, sv := range r.Sensitivity[:n] {
			v := sv.PointBiserial
			if r.Constituencies {
				v = sv.RatifiablePointBiserial
			}
			bars.Labels = append(bars.Labels, b.friendly(sv.Field))
			bars.Values = append(bars.Values, math.Abs(v))
		}
		svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderBars(buf, &bars, plot.SVG) })
		if err != nil {
			return err
		}
		sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "sensitivity", Caption: "The ten most decisive numbers: the point-biserial correlation, over the draws, of each number with the " + what + " set being non-empty."})
		b.doc.Numbers["robust.decisive."+r.Sensitivity[0].Field] = 1
	}
	return nil
}

var indexed = regexp.MustCompile(`(parties|constituencies|guarantors|members|voters)\[(\d+)\]`)

// friendly rewrites a field path with names: parties[2].reservation
// becomes Ukraine.reservation.
func (b *builder) friendly(field string) string {
	var party *entente.Party
	var cons *entente.Constituency
	return indexed.ReplaceAllStringFunc(field, func(m string) string {
		sub := indexed.FindStringSubmatch(m)
		k, _ := strconv.Atoi(sub[2])
		switch sub[1] {
		case "parties":
			if k < len(b.s.Parties) {
				party = &b.s.Parties[k]
				return party.Name
			}
		case "constituencies":
			if k < len(b.s.Constituencies) {
				cons = &b.s.Constituencies[k]
				return cons.Name
			}
		case "guarantors":
			if k < len(b.s.Guarantors) {
				return b.s.Guarantors[k].Name
			}
		case "members":
			if party != nil && party.Bloc != nil && k < len(party.Bloc.Members) {
				return party.Bloc.Members[k].Name
			}
		case "voters":
			if cons != nil && k < len(cons.Voters) {
				return cons.Voters[k].Name
			}
		}
		return m
	})
}

// histogram bins sizes (the first bin holds the zeros alone) as shares.
func histogram(sizes []uint64, bins int) *plot.Bars {
	if len(sizes) == 0 {
		return nil
	}
	hi := slices.Max(sizes)
	h := &plot.Bars{}
	zeros := 0
	for _, v := range sizes {
		if v == 0 {
			zeros++
		}
	}
	h.Labels = append(h.Labels, "0")
	h.Values = append(h.Values, float64(zeros)/float64(len(sizes)))
	if hi == 0 {
		return h
	}
	width := max((hi+uint64(bins)-1)/uint64(bins), 1)
	counts := make([]int, (hi+width-1)/width+1)
	for _, v := range sizes {
		if v > 0 {
			counts[(v-1)/width]++
		}
	}
	for k, c := range counts {
		lo := uint64(k)*width + 1
		if lo > hi {
			break
		}
		label := count(lo)
		if width > 1 {
			label += "–" + count(min(lo+width-1, hi))
		}
		h.Labels = append(h.Labels, label)
		h.Values = append(h.Values, float64(c)/float64(len(sizes)))
	}
	return h
}

// explain says what blocks a deal (or what shrinks the zone) and the
// smallest concessions that would open one.
func (b *builder) explain() error {
	ex, err := explain.Explain(b.ctx, b.s, explain.Options{Result: b.an, Analysis: analysis.Options{Resolution: b.opt.Resolution, MaxOutcomes: b.opt.MaxOutcomes, Workers: b.opt.Workers}})
	if err != nil {
		return err
	}
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
			t.Rows = append(t.Rows, []string{e.Constraint.Text(), fmt.Sprint(e.Removed)})
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
		bars := plot.Bars{Title: is.Name + ": acceptable packages by design", YLabel: "packages every party accepts"}
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
			bars.Labels = append(bars.Labels, opt)
			bars.Values = append(bars.Values, float64(an.Zone))
		}
		sec.Blocks = append(sec.Blocks, t)
		svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderBars(buf, &bars, plot.SVG) })
		if err != nil {
			return err
		}
		sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: is.Name + " designs", Caption: "Packages every party accepts when the issue is settled each way."})
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

// forecast runs the spatial models with their Monte Carlo intervals.
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
	res, err := montecarlo.Run(m, runs, b.opt.Seed, fcs, b.opt.Workers)
	if err != nil {
		return err
	}
	sec.para("%d actors on %d issue dimensions. Models: %s. %s", len(m.Actors), len(m.Issues), strings.Join(res.Models, ", "),
		map[bool]string{true: fmt.Sprintf("Each model ran on %d draws of the uncertain inputs; the intervals hold 90%% of the forecasts.", runs), false: "The inputs carry no ranges, so the forecasts are points."}[runs > 1])
	t := &Table{Caption: "Forecast per issue (median of the runs; 90% interval)", Head: append([]string{"issue", "scale"}, res.Models...)}
	t.Numeric = make([]bool, len(t.Head))
	for i := 2; i < len(t.Head); i++ {
		t.Numeric[i] = true
	}
	cmp := plot.Comparison{Title: "Forecasts by model", Subtitle: "median and 90% interval over the runs"}
	for i, is := range m.Issues {
		row := []string{is.Name, num(is.Min) + " to " + num(is.Max)}
		ci := plot.ComparisonIssue{Name: is.Name, Min: is.Min, Max: is.Max}
		for k, name := range res.Models {
			iv := res.Intervals[k][i]
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
	for k, e := range res.Errors {
		if e != nil {
			sec.para("Model %s could not run on this input: %v", res.Models[k], e)
		}
	}
	svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderComparison(buf, &cmp, plot.SVG) })
	if err != nil {
		return err
	}
	sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "forecasts", Caption: "Each model's forecast per issue, with its 90% interval over the uncertain inputs."})
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

// mean of the finite values (NaN when none).
func mean(xs []float64) float64 {
	var s float64
	n := 0
	for _, x := range xs {
		if !math.IsNaN(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN()
	}
	return s / float64(n)
}

// limits says what the model cannot tell.
func (b *builder) limits() {
	sec := b.doc.add(&Section{ID: "limits", Title: "What the model cannot tell"})
	items := []string{
		"The numbers are assumptions, not measurements: the conclusions hold under them and under the ranges tested, no further.",
		"Utilities are cardinal judgements of an analyst; real parties may weigh issues differently, change their minds, or bluff.",
		"A package is a list of options; the model knows nothing of the wording, sequencing or implementation that decide whether a deal holds.",
		"The simulated negotiators follow simple published strategies; real negotiators learn, link issues to matters outside the model, and use deadlines strategically.",
	}
	if len(b.s.Guarantors) > 0 {
		items = append(items, "Guarantors are treated as independent; in practice one guarantor's failure may make others' more likely.")
	}
	if b.fm != nil {
		items = append(items, "The spatial forecast places every issue on one line and assumes the actors' stated positions are their true ones.")
	}
	if !slices.ContainsFunc(b.s.Params, func(p entente.Param) bool { return p.Ranged }) {
		items = append(items, "No number carries a range, so the report cannot say how robust its conclusions are.")
	}
	sec.Blocks = append(sec.Blocks, Bullets(items))
}

// summary writes the plain-language summary from the numbers.
func (b *builder) summary() {
	nums := b.doc.Numbers
	var p []string
	zone := nums["zone.packages"]
	if zone == 0 {
		p = append(p, fmt.Sprintf("Under the stated assumptions no complete package gives every party of %s at least its walk-away value: of %s packages, none is acceptable to all.", b.name, count(uint64(nums["packages"]))))
	} else {
		s := fmt.Sprintf("Under the stated assumptions %s of %s complete packages (%s) are acceptable to every party.", count(uint64(zone)), count(uint64(nums["packages"])), pct(nums["zone.share"]))
		if b.an.Nash != nil {
			s += " The Nash bargaining solution among them is " + b.pkg(b.an.Nash.Outcome) + "."
		}
		p = append(p, s)
	}
	if rz, ok := nums["ratifiable.packages"]; ok {
		if rz == 0 {
			p = append(p, "None of the acceptable packages survives every ratification the deal needs.")
		} else {
			p = append(p, fmt.Sprintf("Of these, %s also survive every ratification the deal needs.", count(uint64(rz))))
		}
	}
	if z, ok := nums["robust.zone.share"]; ok {
		s := fmt.Sprintf("When the numbers are drawn from their stated ranges, some package is acceptable to all in %s of plausible profiles", pct(z))
		if rz, ok := nums["robust.ratifiable.share"]; ok && b.s.Constituencies != nil {
			s += fmt.Sprintf(" and also ratifiable in %s", pct(rz))
		}
		p = append(p, s+".")
	}
	if d, ok := nums["negotiation.direct.agreements"]; ok {
		line := fmt.Sprintf("In simulated negotiations with the same strategies and the same number of packages put forward, direct alternating offers reached agreement in %s of sessions, a mediated single text in %s (accept voting) and %s (compare voting).", pct(d), pct(nums["negotiation.mediated.agreements"]), pct(nums["negotiation.mediated_compare.agreements"]))
		if rd, ok := nums["negotiation.direct.ratified"]; ok {
			line += fmt.Sprintf(" Of those agreements, %s under direct offers and %s under the mediated text (accept voting) would survive ratification.", count(uint64(rd)), count(uint64(nums["negotiation.mediated.ratified"])))
		}
		p = append(p, line)
	}
	b.doc.Summary = append(b.doc.Summary, strings.Join(p, " "))
}
