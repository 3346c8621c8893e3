package report

import (
	"bytes"
	"fmt"
	"math"
	"slices"

	"github.com/entente/entente"
	"github.com/entente/entente/report/plot"
	"github.com/entente/entente/robust"
)

// tornadoBars is how many numbers a tornado chart shows.
const tornadoBars = 12

// robustness draws plausible profiles from the scenario's ranges and
// reports, for the zone that decides a deal (the ratifiable zone when
// there are constituencies), how often it exists, which numbers decide it
// (parametric and structural apart, signed), a two-way map of the two most
// decisive, the size of the zone over the draws and the tipping points.
func (b *builder) robustness() error {
	ranged := slices.ContainsFunc(b.s.Params, func(p entente.Param) bool { return p.Ranged })
	if b.opt.Samples < 0 || !ranged {
		return nil
	}
	r, err := robust.Run(b.ctx, b.s, robust.Options{Samples: b.opt.Samples, Seed: b.opt.Seed, Workers: b.opt.Workers, Resolution: b.opt.Resolution, MaxOutcomes: b.opt.MaxOutcomes, Top: 5})
	if err != nil {
		return err
	}
	b.rob = r
	sec := b.doc.add(&Section{ID: "robustness", Title: "How robust are these conclusions?",
		Question: "When the numbers that shape the model are only known as ranges (weights, values and walk-away values, credibilities, and the structure: guarantors needed, guarantee functions, thresholds, voters' spread), in what share of plausible profiles does a deal exist, which package is most often acceptable, and which number decides it?"})
	b.doc.Numbers["robust.zone.share"] = r.Zone.P
	b.doc.Numbers["robust.ratifiable.share"] = r.Ratifiable.P
	line := fmt.Sprintf("Across %s profiles drawn from the stated ranges (seed %d), some package is acceptable to every party in %s of them (95%% interval %s to %s)",
		count(uint64(r.Samples)), r.Seed, pct(r.Zone.P), pct(r.Zone.Low), pct(r.Zone.High))
	if r.Constituencies {
		line += fmt.Sprintf(", and some package is also ratifiable in %s (%s to %s)", pct(r.Ratifiable.P), pct(r.Ratifiable.Low), pct(r.Ratifiable.High))
	}
	sec.callout("%s.", line)
	structural := 0
	for _, p := range r.Params {
		if p.Ref.Kind.Structural() {
			structural++
		}
	}
	sec.para("%s numbers were drawn: %d of them preferences and credibilities, %d structural. A profile's drawn weights are rescaled to the sum they are written with, so a draw changes how a party trades issues off, not the scale of its utility against its walk-away value.",
		count(uint64(len(r.Params))), len(r.Params)-structural, structural)

	zones := []bool{false}
	if r.Constituencies {
		zones = []bool{true, false}
	}
	for _, rat := range zones {
		what := zoneName(rat)
		for _, st := range []bool{false, true} {
			list := r.Ranking(rat, st)
			kind := "preferences and credibilities"
			if st {
				kind = "structure"
			}
			key := fmt.Sprintf("robust.decisive.%s.%s", map[bool]string{true: "ratifiable", false: "zone"}[rat], map[bool]string{true: "structural", false: "parametric"}[st])
			b.doc.Numbers[key+".count"] = float64(len(list))
			if len(list) == 0 {
				if st && structural > 0 {
					sec.para("No structural number moves the %s on its own across its range.", what)
				}
				continue
			}
			n := min(len(list), tornadoBars)
			tor := plot.Tornado{Title: fmt.Sprintf("What decides the %s: %s", what, kind),
				Subtitle: "correlation over the draws of each number with the zone being non-empty, largest first",
				XLabel:   "point-biserial correlation (−1 to 1): right, a larger value makes a deal likelier"}
			for _, sv := range list[:n] {
				tor.Labels = append(tor.Labels, sv.Label)
				tor.Values = append(tor.Values, finiteOr0(sv.Correlation(rat)))
			}
			svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderTornado(buf, &tor, plot.SVG) })
			if err != nil {
				return err
			}
			caption := fmt.Sprintf("The %d numbers (%s) that most decide whether the %s exists, by the signed point-biserial correlation of their drawn values with its existence.", n, kind, what)
			if len(list) > n {
				caption += fmt.Sprintf(" %d more move it less (not shown).", len(list)-n)
			}
			caption += " Numbers that cannot move it (whose one-at-a-time swing is zero, or that it does not read) are left out."
			sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "tornado: " + kind, Caption: caption, Labels: tor.Labels, Values: tor.Values})
			t := &Table{Caption: fmt.Sprintf("The %s: %s, most decisive first", what, kind),
				Head:    []string{"number", "correlation", fmt.Sprintf("%s size at low end", what), "at high end"},
				Numeric: []bool{false, true, true, true}, Widths: []int{52, 16, 18, 14}}
			for _, sv := range list[:n] {
				lo, hi := sv.Swing(rat)
				t.Rows = append(t.Rows, []string{sv.Label, num(sv.Correlation(rat)), count(lo), count(hi)})
			}
			if len(list) > n {
				t.Rows = append(t.Rows, []string{fmt.Sprintf("… and %d more", len(list)-n), "", "", ""})
			}
			sec.Blocks = append(sec.Blocks, t)
			if !st {
				b.doc.Numbers[key+".first."+list[0].Label] = list[0].Correlation(rat)
			}
		}
	}
	if err := b.twoWay(sec, r); err != nil {
		return err
	}
	// Histogram of the deciding zone's size over the draws.
	sizes, nominal, what := r.ZoneSize, r.NominalZone, "agreement zone"
	if r.Constituencies {
		sizes, nominal, what = r.RatifiableSize, r.NominalRatifiable, "ratifiable zone"
	}
	if h := histogram(sizes, 12, nominal); h != nil {
		h.Title = "Size of the " + what + " over the draws"
		h.YLabel = "share of draws"
		h.XLabel = "packages in the " + what + " (the highlighted bar holds the size under the stated numbers)"
		svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderBars(buf, h, plot.SVG) })
		if err != nil {
			return err
		}
		sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "robustness histogram", Labels: h.Labels, Values: h.Values, Bins: true, Caption: fmt.Sprintf("How many packages are in the %s, over %s plausible profiles; the first bar is the share of draws with none; the highlighted bar holds the %s packages of the stated numbers.", what, count(uint64(r.Samples)), count(nominal))})
	}
	if len(r.Packages) > 0 {
		t := &Table{Caption: "The most robust packages: share of draws in which each is acceptable (and ratifiable)", Head: []string{"acceptable", "ratifiable", "package"}, Numeric: []bool{true, true}, Widths: []int{12, 12, 76}}
		for _, pk := range r.Packages {
			t.Rows = append(t.Rows, []string{pct(float64(pk.Zone) / float64(r.Samples)), pct(float64(pk.Ratifiable) / float64(r.Samples)), b.pkg(pk.Outcome)})
		}
		if more := r.Seen - len(r.Packages); more > 0 {
			t.Rows = append(t.Rows, []string{"", "", fmt.Sprintf("… and %s more packages acceptable in at least one draw (not shown)", count(uint64(more)))})
		}
		sec.Blocks = append(sec.Blocks, t)
		b.doc.Numbers["robust.best.share"] = float64(r.Packages[0].Ratifiable) / float64(r.Samples)
	}
	if len(r.Tipping) > 0 {
		var items []string
		for _, tp := range r.Tipping {
			items = append(items, tp.String())
		}
		sec.para("Tipping points, moving one number across its range with the others as stated:")
		sec.Blocks = append(sec.Blocks, Bullets(items))
	}
	return nil
}

// twoWay maps the share of draws with a deal over the two most decisive
// numbers of the deciding zone.
func (b *builder) twoWay(sec *Section, r *robust.Result) error {
	rat := r.Constituencies
	var list []robust.Sensitivity
	list = append(list, r.Ranking(rat, false)...)
	list = append(list, r.Ranking(rat, true)...)
	slices.SortStableFunc(list, func(a, c robust.Sensitivity) int {
		x, y := math.Abs(finiteOr0(a.Correlation(rat))), math.Abs(finiteOr0(c.Correlation(rat)))
		switch {
		case x > y:
			return -1
		case x < y:
			return 1
		}
		return 0
	})
	if len(list) < 2 {
		return nil
	}
	const bins = 5
	m := r.Map(list[0].Param, list[1].Param, bins, rat)
	if m == nil {
		return nil
	}
	h := plot.Heatmap{Title: "Share of draws with a " + map[bool]string{true: "ratifiable", false: "acceptable"}[rat] + " package",
		Subtitle:  "over the two most decisive numbers; every other number varies as drawn",
		ColsLabel: list[0].Label, RowsLabel: list[1].Label, Min: 0, Max: 1}
	for i := range bins {
		h.Cols = append(h.Cols, num(m.XEdges[i])+"–"+num(m.XEdges[i+1]))
	}
	for k := bins - 1; k >= 0; k-- {
		h.Rows = append(h.Rows, num(m.YEdges[k])+"–"+num(m.YEdges[k+1]))
		row := make([]float64, bins)
		for i := range bins {
			row[i] = m.Share[i][k]
		}
		h.Values = append(h.Values, row)
	}
	svg, err := render(func(buf *bytes.Buffer) error { return plot.RenderHeatmap(buf, &h, plot.SVG) })
	if err != nil {
		return err
	}
	sec.Blocks = append(sec.Blocks, &Figure{SVG: svg, Alt: "two-way map",
		Caption: fmt.Sprintf("The share of draws in which the %s exists, for the draws whose values of %s (columns) and %s (rows) fall in each cell of a %d by %d grid over their ranges; blank: no draw fell there.", zoneName(rat), list[0].Label, list[1].Label, bins, bins)})
	return nil
}

func zoneName(ratifiable bool) string {
	if ratifiable {
		return "ratifiable zone"
	}
	return "agreement zone"
}

func finiteOr0(x float64) float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return 0
	}
	return x
}

// histogram bins sizes as shares: the first bin holds the zeros alone,
// then bins of equal width from 1, aligned so that the nominal size opens
// a bin (and is highlighted) when it is not 0.
func histogram(sizes []uint64, bins int, nominal uint64) *plot.Bars {
	if len(sizes) == 0 {
		return nil
	}
	hi := max(slices.Max(sizes), nominal)
	h := &plot.Bars{}
	zeros := 0
	for _, v := range sizes {
		if v == 0 {
			zeros++
		}
	}
	h.Labels = append(h.Labels, "0")
	h.Values = append(h.Values, float64(zeros)/float64(len(sizes)))
	h.Highlight = append(h.Highlight, nominal == 0)
	if hi == 0 {
		return h
	}
	width := max((hi+uint64(bins)-1)/uint64(bins), 1)
	// Bins start at 1 + shift + k·width; shift puts nominal at a bin's
	// start, so the bin reads "nominal–…".
	shift := uint64(0)
	if nominal > 0 {
		shift = (nominal - 1) % width
	}
	// Edges: [1, 1+shift) when shift > 0, then [1+shift+k·w, 1+shift+(k+1)·w).
	var edges []uint64
	if shift > 0 {
		edges = append(edges, 1)
	}
	for e := 1 + shift; e <= hi; e += width {
		edges = append(edges, e)
	}
	counts := make([]int, len(edges))
	for _, v := range sizes {
		if v == 0 {
			continue
		}
		k, _ := slices.BinarySearch(edges, v+1)
		counts[k-1]++
	}
	for k, lo := range edges {
		up := hi
		if k+1 < len(edges) {
			up = edges[k+1] - 1
		}
		label := count(lo)
		if up > lo {
			label += "–" + count(up)
		}
		h.Labels = append(h.Labels, label)
		h.Values = append(h.Values, float64(counts[k])/float64(len(sizes)))
		h.Highlight = append(h.Highlight, nominal >= lo && nominal <= up)
	}
	return h
}
