package report

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/entente/entente"
	"github.com/entente/entente/explain"
	"github.com/entente/entente/protocol"
)

// summary writes the plain-language summary from what the sections found,
// results first: the deal every party accepts and every constituency
// ratifies (with each constituency's margin), the zones, robustness, what
// blocks a deal, the guarantees, the forecast and the simulations.
func (b *builder) summary() {
	nums := b.doc.Numbers
	var paras []string
	r := b.an
	rt := r.Ratification
	switch {
	case rt != nil && rt.Nash != nil:
		o := rt.Nash.Outcome
		s := fmt.Sprintf("Under the stated assumptions, the best-balanced deal that every party accepts and every constituency ratifies (the Nash bargaining solution over the ratifiable zone) is: %s.", b.pkg(o))
		if votes := b.votes(o); votes != "" {
			s += " " + votes
		}
		paras = append(paras, s)
	case r.Nash != nil:
		s := fmt.Sprintf("Under the stated assumptions, the best-balanced deal every party accepts (the Nash bargaining solution) is: %s.", b.pkg(r.Nash.Outcome))
		if rt != nil {
			s += " But no acceptable package survives ratification: this one fails because " + b.failures(r.Nash.Outcome) + "."
		}
		paras = append(paras, s)
	default:
		paras = append(paras, fmt.Sprintf("Under the stated assumptions no complete package of %s gives every party it needs at least its walk-away value: of %s packages, none is acceptable to all.", b.name, count(uint64(nums["packages"]))))
	}

	var p []string
	zone := nums["zone.packages"]
	if zone > 0 {
		s := fmt.Sprintf("%s of %s complete packages (%s) are acceptable to every party they need", count(uint64(zone)), count(uint64(nums["packages"])), pct(nums["zone.share"]))
		if rt != nil {
			s += fmt.Sprintf("; %s of them also pass every ratification (the ratifiable zone)", count(rt.Zone))
		}
		p = append(p, s+".")
		if rt != nil && r.Nash != nil && !r.Ratifiable(r.Nash.Outcome) {
			var ref entente.Outcome
			if rt.Nash != nil {
				ref = rt.Nash.Outcome
			}
			p = append(p, fmt.Sprintf("The Nash package over the agreement zone alone (where %s) is not ratifiable: %s.", b.diff(r.Nash.Outcome, ref), b.failures(r.Nash.Outcome)))
		}
	}
	if len(p) > 0 {
		paras = append(paras, strings.Join(p, " "))
	}

	if rob := b.rob; rob != nil {
		s := fmt.Sprintf("Robustness: across %s profiles drawn from the stated ranges (seed %d), some package is acceptable to all in %s of them", count(uint64(rob.Samples)), rob.Seed, pct(rob.Zone.P))
		if rob.Constituencies {
			s += fmt.Sprintf(" and also ratifiable in %s", pct(rob.Ratifiable.P))
		}
		s += "."
		var names []string
		for _, sv := range rob.Ranking(rob.Constituencies, false)[:min(3, len(rob.Ranking(rob.Constituencies, false)))] {
			dir := "larger makes a deal likelier"
			if sv.Correlation(rob.Constituencies) < 0 {
				dir = "larger makes it rarer"
			}
			names = append(names, fmt.Sprintf("%s (%s)", sv.Label, dir))
		}
		if len(names) > 0 {
			s += " The numbers that decide it most: " + strings.Join(names, "; ") + "."
		}
		if st := rob.Ranking(rob.Constituencies, true); len(st) > 0 {
			s += fmt.Sprintf(" Of the structural numbers, %s matters most.", st[0].Label)
		}
		paras = append(paras, s)
	}

	if ex := b.ex; ex != nil {
		if s := b.blocking(ex); s != "" {
			paras = append(paras, s)
		}
	}

	if len(b.designs) > 0 {
		best := b.designs[0]
		for _, d := range b.designs[1:] {
			if d.ratifiable > best.ratifiable || (d.ratifiable == best.ratifiable && d.zone > best.zone) {
				best = d
			}
		}
		is := &b.s.Issues[best.issue]
		what := "acceptable"
		n := best.zone
		if rt != nil {
			what, n = "ratifiable", best.ratifiable
		}
		s := fmt.Sprintf("Guarantees: with %s fixed to each design, %q leaves the most %s packages (%s)", is.Name, is.Options[best.option], what, count(n))
		if !math.IsNaN(best.p) {
			s += fmt.Sprintf("; its guarantors honour it with probability %s", num(best.p))
		}
		paras = append(paras, s+".")
	}

	if fc := b.fc; fc != nil && len(fc.models) > 0 {
		var parts []string
		k := slices.Index(fc.models, "median")
		if k < 0 {
			k = 0
		}
		for i, is := range b.fm.Issues {
			parts = append(parts, fmt.Sprintf("%s %s", is.Name, num(fc.medians[k][i])))
		}
		s := fmt.Sprintf("Spatial forecast (%s of the actors' positions): %s.", fc.models[k], strings.Join(parts, ", "))
		if len(fc.warnings) > 0 {
			s += fmt.Sprintf(" The forecasting section carries %d warnings about the models' runs and inputs.", len(fc.warnings))
		}
		paras = append(paras, s)
	}

	if d, ok := nums["negotiation.direct.agreements"]; ok {
		line := fmt.Sprintf("Simulated negotiations (the same strategies and the same number of packages put forward): direct alternating offers reached agreement in %s of sessions, a mediated single text in %s (accept voting) and %s (compare voting).", pct(d), pct(nums["negotiation.mediated.agreements"]), pct(nums["negotiation.mediated_compare.agreements"]))
		if rd, ok := nums["negotiation.direct.ratified"]; ok {
			line += fmt.Sprintf(" Of those agreements, %s under direct offers and %s under the mediated text (accept voting) would survive ratification.", count(uint64(rd)), count(uint64(nums["negotiation.mediated.ratified"])))
		}
		paras = append(paras, line)
	}
	paras = append(paras, "Every number behind these findings is an assumption of the scenario's author; the appendix lists them with their sources and ranges, and the section on what the model cannot tell says where the findings stop.")
	b.doc.Summary = paras
}

// votes says how each constituency votes on package o: approval share and
// threshold where it is asked, and which constituencies it does not need.
func (b *builder) votes(o entente.Outcome) string {
	var asked, skipped []string
	for c := range b.s.Constituencies {
		co := &b.s.Constituencies[c]
		if !b.set.Applies(c, o) {
			skipped = append(skipped, co.Name)
			continue
		}
		a := b.set.Approval(c, o)
		asked = append(asked, fmt.Sprintf("the %s approves it with %s against a threshold of %s (a margin of %s points)", co.Name, pct(a), pct(co.Threshold), signed(100*(a-co.Threshold))))
	}
	var s []string
	if len(asked) > 0 {
		s = append(s, capitalise(strings.Join(asked, "; "))+".")
	}
	if len(skipped) > 0 {
		s = append(s, fmt.Sprintf("It does not need the %s.", strings.Join(skipped, " or the ")))
	}
	return strings.Join(s, " ")
}

// diff names package o by how it differs from a solution's package.
func (b *builder) diff(o, ref entente.Outcome) string {
	if ref == nil {
		return b.pkg(o)
	}
	var parts []string
	for i := range b.s.Issues {
		if o[i] != ref[i] {
			parts = append(parts, b.s.Issues[i].Name+": "+b.s.Issues[i].Format(o[i]))
		}
	}
	if len(parts) == 0 {
		return b.pkg(o)
	}
	return "it differs from the ratifiable one on " + strings.Join(parts, "; ")
}

// blocking says what keeps most packages out of the deciding zone, and
// which red lines do.
func (b *builder) blocking(ex *explain.Explanation) string {
	var top *explain.Effect
	var reds []string
	for k := range ex.Effects {
		e := &ex.Effects[k]
		if e.Kind == explain.RedLineKind {
			if e.Removed > 0 {
				reds = append(reds, fmt.Sprintf("%s (%s)", e.Text(), plural(e.Removed, "package")))
			}
			continue
		}
		if e.Removed > 0 && (top == nil || e.Removed > top.Removed) {
			top = e
		}
	}
	var s []string
	if top != nil {
		s = append(s, fmt.Sprintf("What blocks a deal: %s alone keeps %s packages out of the %s, more than any other constraint.", top.Text(), count(uint64(top.Removed)), ex.Target))
	}
	if len(reds) > 0 {
		s = append(s, "Red lines keep out, on their own: "+strings.Join(reds, "; ")+".")
	}
	return strings.Join(s, " ")
}

func capitalise(t string) string {
	if t == "" {
		return t
	}
	return strings.ToUpper(t[:1]) + t[1:]
}

// limits says what the model cannot tell: the scenario's own limits
// first, then those of every model.
func (b *builder) limits() {
	sec := b.doc.add(&Section{ID: "limits", Title: "What the model cannot tell"})
	if len(b.s.Limits) > 0 {
		sec.para("The scenario's author lists these limits of this scenario:")
		sec.Blocks = append(sec.Blocks, Bullets(slices.Clone(b.s.Limits)))
		sec.para("And the limits of every such model:")
	}
	items := []string{
		"The numbers are assumptions, not measurements: the conclusions hold under them and under the ranges tested, no further.",
		"Utilities are cardinal judgements of an analyst; real parties may weigh issues differently, change their minds, or bluff.",
		"A package is a list of options; the model knows nothing of the wording, sequencing or implementation that decide whether a deal holds.",
		"The simulated negotiators follow simple published strategies; real negotiators learn, link issues to matters outside the model, and use deadlines strategically.",
	}
	if b.unsimulated {
		items = append(items, fmt.Sprintf("No negotiation was simulated: a simulated session seats at most %d parties, and this scenario has %d.", protocol.MaxParties, len(b.s.Parties)))
	}
	if len(b.s.Guarantors) > 0 {
		dependent := slices.ContainsFunc(b.s.Guarantors, func(g entente.Guarantor) bool { return len(g.Follows) > 0 })
		if dependent {
			items = append(items, "Dependence between guarantors is modelled as followers acting on their leaders' action; other links (a common shock that stops all of them, a guarantor acting only if a majority does) are not.")
		} else {
			items = append(items, "Guarantors are treated as independent; in practice one guarantor's failure may make others' more likely.")
		}
	}
	if b.fm != nil {
		items = append(items, "The spatial forecast places every issue on one line and assumes the actors' stated positions are their true ones.")
	}
	if !slices.ContainsFunc(b.s.Params, func(p entente.Param) bool { return p.Ranged }) {
		items = append(items, "No number carries a range, so the report cannot say how robust its conclusions are.")
	}
	sec.Blocks = append(sec.Blocks, Bullets(items))
}

// assumptions lists every annotated number, or, without annotations, the
// parties' weights and walk-away values: an appendix, after the results.
func (b *builder) assumptions() {
	sec := b.doc.add(&Section{ID: "assumptions", Title: "Appendix: the assumptions",
		Question: "Every number below is an assumption of the scenario's author; the analysis is only as good as they are."})
	if len(b.s.Params) > 0 {
		t := &Table{Caption: "Annotated numbers: value, plausible range, source and rationale",
			Head: []string{"number", "value", "range", "confidence", "source", "note"}, Numeric: []bool{false, true, true},
			Widths: []int{21, 7, 12, 11, 25, 24}}
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
			t.Rows = append(t.Rows, []string{b.s.Label(p.Ref), num(b.s.Get(p.Ref)), rng, p.Confidence.String(), p.Source, p.Note})
		}
		sec.para("The scenario annotates %d numbers, %d of them with a plausible range; the robustness analysis draws from these ranges.", len(b.s.Params), ranged)
		sec.Blocks = append(sec.Blocks, t)
		b.doc.Numbers["assumptions.annotated"] = float64(len(b.s.Params))
		b.doc.Numbers["assumptions.ranged"] = float64(ranged)
	} else {
		sec.para("The scenario gives no sources or ranges for its numbers; its weights and walk-away values are listed here as written.")
	}
	if rl := b.redLines(); rl != nil {
		sec.Blocks = append(sec.Blocks, rl)
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

// redLines lists the scenario's red lines, or nil.
func (b *builder) redLines() *Table {
	t := &Table{Caption: "Red lines: packages a party never accepts, or a constituency never ratifies, whatever the compensation",
		Head: []string{"whose", "red line", "packages", "why"}, Widths: []int{18, 24, 30, 28}}
	for p := range b.s.Parties {
		for k := range b.s.Parties[p].RedLines {
			l := &b.s.Parties[p].RedLines[k]
			t.Rows = append(t.Rows, []string{b.s.Parties[p].Name, l.Name, b.s.RegionText(l.Boxes), l.Description})
		}
	}
	for c := range b.s.Constituencies {
		for k := range b.s.Constituencies[c].RedLines {
			l := &b.s.Constituencies[c].RedLines[k]
			t.Rows = append(t.Rows, []string{b.s.Constituencies[c].Name, l.Name, b.s.RegionText(l.Boxes), l.Description})
		}
	}
	if len(t.Rows) == 0 {
		return nil
	}
	return t
}

// plural writes n and a noun, with an s unless n is 1.
func plural(n int64, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return count(uint64(n)) + " " + noun + "s"
}
