package plot

import (
	"cmp"
	"fmt"
	"image/color"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/entente/entente"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Rounds is a line chart of actors' positions on one issue over the
// rounds of a forecasting model, for `entente forecast`.
type Rounds struct {
	// Title is shown on top, e.g. "bdm: emission_year".
	Title string
	// Subtitle is an optional second line under the title.
	Subtitle string
	// Issue names the issue; Min and Max are its scale. The y axis is
	// labelled with both and spans the scale, stretched to hold every
	// position.
	Issue    string
	Min, Max float64
	// Actors holds the actor names, in the order of Positions' columns.
	Actors []string
	// Positions holds one row per round (round 0 first, usually the
	// initial positions) and one position per actor in each row.
	Positions [][]float64
	// Median and Mean are optional per-round lines, one value per round;
	// nil omits them.
	Median, Mean []float64
}

// Comparison is a dot plot of each model's forecast per issue: one panel
// per issue, in the issue's own units, with one row per model and the
// model's interval, when given, as a bar through its dot.
type Comparison struct {
	// Title is shown on top.
	Title string
	// Subtitle is an optional second line under the title, e.g. what the
	// intervals mean.
	Subtitle string
	// Issues are drawn top to bottom (in two columns beyond six issues).
	Issues []ComparisonIssue
}

// ComparisonIssue holds the models' forecasts for one issue.
type ComparisonIssue struct {
	// Name is the panel's title.
	Name string
	// Min and Max are the issue's scale; the panel's axis spans it,
	// stretched to hold every value and interval.
	Min, Max float64
	// Forecasts holds one forecast per model, drawn top to bottom.
	Forecasts []ModelForecast
}

// ModelForecast is one model's forecast for an issue.
type ModelForecast struct {
	// Model names the model; a model keeps its colour and shape in every
	// panel.
	Model string
	// Value is the forecast position.
	Value float64
	// Low and High bound an optional interval: both nil, or both set with
	// Low <= High.
	Low, High *float64
}

// maxLabelled is how many actors get their own colour and legend entry;
// with more actors, only the ones that move most do and the rest are
// drawn in light grey.
const (
	maxLabelled = 12
	maxMovers   = 8
)

// lineColors are the actors' colours: the Okabe–Ito palette without its
// black and yellow, then darker tones from Paul Tol's muted palette.
var lineColors = []color.Color{
	color.RGBA{0x00, 0x72, 0xb2, 0xff},
	color.RGBA{0xd5, 0x5e, 0x00, 0xff},
	color.RGBA{0x00, 0x9e, 0x73, 0xff},
	color.RGBA{0xcc, 0x79, 0xa7, 0xff},
	color.RGBA{0xe6, 0x9f, 0x00, 0xff},
	color.RGBA{0x56, 0xb4, 0xe9, 0xff},
	color.RGBA{0x88, 0x22, 0x55, 0xff},
	color.RGBA{0x11, 0x77, 0x33, 0xff},
	color.RGBA{0x33, 0x22, 0x88, 0xff},
	color.RGBA{0x99, 0x99, 0x33, 0xff},
	color.RGBA{0x44, 0xaa, 0x99, 0xff},
	color.RGBA{0xaa, 0x44, 0x99, 0xff},
}

var (
	otherColor   = color.RGBA{0xcf, 0xcf, 0xcf, 0xff}
	scaleFill    = color.RGBA{0xf4, 0xf4, 0xf4, 0xff}
	summaryColor = color.RGBA{0x33, 0x33, 0x33, 0xff}
)

// seriesStyle is the look of the i-th coloured series: a colour, a shape
// for its markers and, from the seventh on, a dashed line, so that no two
// of the first twelve look alike even to a colour-blind reader.
func seriesStyle(i int) (draw.LineStyle, shape) {
	ls := draw.LineStyle{Color: lineColors[i%len(lineColors)], Width: 1.8}
	if i%len(lineColors) >= 6 {
		ls.Dashes = []vg.Length{6, 2.5}
	}
	return ls, shape(i % 6)
}

func badf(field, format string, args ...any) error {
	return &entente.Error{Code: entente.EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
}

// checkNum rejects numbers that are not finite or too large to plot.
func checkNum(field, what string, v float64) error {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return badf(field, "%s is %v; expected a finite number", what, v)
	}
	if math.Abs(v) > maxAbs {
		return badf(field, "%s %g is out of range; expected a value between %g and %g", what, v, -maxAbs, maxAbs)
	}
	return nil
}

// checkScale checks an issue's scale.
func checkScale(field string, lo, hi float64) error {
	if err := checkNum(field+"min", "scale minimum", lo); err != nil {
		return err
	}
	if err := checkNum(field+"max", "scale maximum", hi); err != nil {
		return err
	}
	if !(lo < hi) {
		return badf(field+"max", "scale maximum %g is not above the minimum %g; expected min < max", hi, lo)
	}
	if hi-lo < 1e-9*max(math.Abs(lo), math.Abs(hi)) {
		return badf(field+"max", "scale %g to %g is too narrow to plot; expected a width of at least a billionth of its ends", lo, hi)
	}
	return nil
}

func validateRounds(r *Rounds) error {
	if r == nil {
		return badf("", "no chart to plot")
	}
	if err := checkScale("", r.Min, r.Max); err != nil {
		return err
	}
	n := len(r.Actors)
	if n == 0 {
		return badf("actors", "no actors; expected at least one")
	}
	for i, a := range r.Actors {
		if strings.TrimSpace(a) == "" {
			return badf(fmt.Sprintf("actors[%d]", i), "empty name; expected a label for the legend")
		}
	}
	if len(r.Positions) == 0 {
		return badf("positions", "no rounds; expected at least one row of positions")
	}
	for t, row := range r.Positions {
		if len(row) != n {
			return badf(fmt.Sprintf("positions[%d]", t), "%d positions for %d actors; expected one per actor", len(row), n)
		}
		for i, v := range row {
			if err := checkNum(fmt.Sprintf("positions[%d][%d]", t, i), "position", v); err != nil {
				return err
			}
		}
	}
	for _, s := range []struct {
		name string
		v    []float64
	}{{"median", r.Median}, {"mean", r.Mean}} {
		if s.v == nil {
			continue
		}
		if len(s.v) != len(r.Positions) {
			return badf(s.name, "%d values for %d rounds; expected one per round, or none", len(s.v), len(r.Positions))
		}
		for t, v := range s.v {
			if err := checkNum(fmt.Sprintf("%s[%d]", s.name, t), s.name, v); err != nil {
				return err
			}
		}
	}
	return nil
}

// RenderRounds writes the chart as "svg" or "png". Up to twelve actors
// each get a colour, a marker shape and a legend entry; beyond that only
// the (at most eight) actors whose position changes most from the first
// round to the last do, and the others are drawn in light grey under one
// legend entry. The legend lists the median and mean first, then the
// actors by their final position, highest first, as the lines end. It
// checks the chart first and returns an *entente.Error (code EInvalid)
// naming the offending field for an empty or inverted scale, no actors or
// rounds, rows or per-round lines of the wrong length and numbers that are
// not finite, and one with code EUnsupported for any other format.
func RenderRounds(w io.Writer, r *Rounds, format string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	if err := validateRounds(r); err != nil {
		return err
	}
	return safely(w, func(buf io.Writer) error { return renderRounds(buf, r, format) })
}

// scaleText formats a scale end or a value compactly.
func scaleText(v float64) string {
	return strconv.FormatFloat(v, 'g', 6, 64)
}

// movers returns which actors get a colour and legend entry.
func movers(r *Rounds) []int {
	n := len(r.Actors)
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	if n <= maxLabelled {
		return all
	}
	first, last := r.Positions[0], r.Positions[len(r.Positions)-1]
	net, path := make([]float64, n), make([]float64, n)
	for i := range n {
		net[i] = math.Abs(last[i] - first[i])
		for t := 1; t < len(r.Positions); t++ {
			path[i] += math.Abs(r.Positions[t][i] - r.Positions[t-1][i])
		}
	}
	slices.SortStableFunc(all, func(a, b int) int {
		if c := cmp.Compare(net[b], net[a]); c != 0 {
			return c
		}
		return cmp.Compare(path[b], path[a])
	})
	var out []int
	for _, i := range all[:maxMovers] {
		if path[i] > 0 {
			out = append(out, i)
		}
	}
	slices.Sort(out)
	return out
}

const (
	roundsW, roundsH = 6.6 * vg.Inch, 5.2 * vg.Inch
	markerRounds     = 30 // more rounds than this: lines without markers
)

func renderRounds(w io.Writer, r *Rounds, format string) error {
	c := *r
	c.Title, c.Subtitle, c.Issue = cleanText(r.Title), cleanText(r.Subtitle), cleanText(r.Issue)
	c.Actors = make([]string, len(r.Actors))
	for i, a := range r.Actors {
		c.Actors[i] = cleanText(a)
	}
	r = &c

	titleSty, subSty := headerStyles()
	head := headerHeight(r.Title, r.Subtitle, titleSty, subSty)
	pl, leg := roundsPlot(r)
	strip := legendBoxSize(&leg).X + 2*margin
	wd := roundsW + strip
	return output(w, format, wd, roundsH+head, singleDPI, func(dc draw.Canvas) {
		drawHeader(dc, r.Title, r.Subtitle, titleSty, subSty)
		area := draw.Crop(dc, margin, -margin-strip, 1.5*margin, -head)
		pl.Draw(area)
		data := pl.DataCanvas(area)
		s := draw.Crop(dc, dc.Max.X-dc.Min.X-strip+margin, -margin, margin, 0)
		s.Max.Y = data.Max.Y
		drawLegend(s, &leg, false)
	})
}

// styleAxis gives an axis the look of the utility plots.
func styleAxis(ax *gplot.Axis, label string, sz sizes) {
	ax.Label.Text = label
	ax.Label.TextStyle.Font = sans(sz.axisFont)
	ax.Label.TextStyle.Color = inkColor
	ax.Tick.Label.Font = sans(sz.tickFont)
	ax.Tick.Label.Color = inkColor
	ax.Tick.Length = 4
	ax.Tick.Marker = ticks{}
	ax.Padding = 0
	ax.Color = inkColor
	ax.Tick.Color = inkColor
}

// padded returns [lo, hi] widened by 3% on each side.
func padded(lo, hi float64) (float64, float64) {
	pad := 0.03 * (hi - lo)
	return lo - pad, hi + pad
}

func roundsPlot(r *Rounds) (*gplot.Plot, gplot.Legend) {
	sz := single
	nr := len(r.Positions)
	pl := gplot.New()
	styleAxis(&pl.X, "round", sz)
	pl.X.Tick.Marker = intTicks{}
	label := "position"
	if strings.TrimSpace(r.Issue) != "" {
		label = r.Issue
	}
	styleAxis(&pl.Y, fmt.Sprintf("%s (scale %s to %s)", label, scaleText(r.Min), scaleText(r.Max)), sz)

	y := span{r.Min, r.Max}
	for _, row := range append(slices.Clone(r.Positions), r.Median, r.Mean) {
		for _, v := range row {
			y.add(v)
		}
	}
	pl.Y.Min, pl.Y.Max = padded(y.lo, y.hi)
	if nr == 1 {
		pl.X.Min, pl.X.Max = -0.5, 0.5
	} else {
		pl.X.Min, pl.X.Max = padded(0, float64(nr-1))
	}

	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: gridColor, Width: 0.5}
	grid.Horizontal = grid.Vertical
	if y.lo < r.Min || y.hi > r.Max {
		pl.Add(band{r.Min, r.Max})
	}
	pl.Add(grid)

	series := func(get func(t int) float64) [][2]float64 {
		xy := make([][2]float64, nr)
		for t := range xy {
			xy[t] = [2]float64{float64(t), get(t)}
		}
		return xy
	}
	actor := func(i int) [][2]float64 { return series(func(t int) float64 { return r.Positions[t][i] }) }
	marks := nr <= markerRounds

	leg := gplot.NewLegend()
	leg.TextStyle.Font = sans(sz.legendFont)
	leg.TextStyle.Color = inkColor
	leg.Top, leg.Left = true, true
	leg.ThumbnailWidth = 30
	leg.Padding = sz.legendFont * 0.35

	var thumbs [][]gplot.Thumbnailer // legend entries, in order
	var names []string
	for _, s := range []struct {
		name string
		v    []float64
		sty  draw.LineStyle
	}{
		{"median", r.Median, draw.LineStyle{Color: summaryColor, Width: 3.4}},
		{"mean", r.Mean, draw.LineStyle{Color: summaryColor, Width: 2.4, Dashes: []vg.Length{2.5, 2.5}}},
	} {
		if s.v != nil {
			names = append(names, s.name)
			thumbs = append(thumbs, []gplot.Thumbnailer{&polyline{xy: series(func(t int) float64 { return s.v[t] }), sty: s.sty}})
		}
	}
	summaries := thumbs

	named := movers(r)
	others := len(r.Actors) - len(named)
	grey := draw.LineStyle{Color: otherColor, Width: 1}
	for i := range r.Actors {
		if _, ok := slices.BinarySearch(named, i); !ok {
			pl.Add(&polyline{xy: actor(i), sty: grey})
		}
	}
	// Actors by final position, highest first, as their lines end; ties
	// keep the actors' order.
	order := slices.Clone(named)
	slices.SortStableFunc(order, func(a, b int) int {
		return cmp.Compare(r.Positions[nr-1][b], r.Positions[nr-1][a])
	})
	style := map[int]int{} // actor -> series style, by actor order
	for k, i := range named {
		style[i] = k
	}
	var actorThumbs [][]gplot.Thumbnailer
	for _, i := range order {
		ls, sh := seriesStyle(style[i])
		th := []gplot.Thumbnailer{&polyline{xy: actor(i), sty: ls}}
		if marks {
			th = append(th, &points{xy: actor(i), sty: draw.GlyphStyle{Color: ls.Color, Radius: 3, Shape: filled{sh}}})
		}
		names = append(names, r.Actors[i])
		thumbs = append(thumbs, th)
		actorThumbs = append(actorThumbs, th)
	}
	// The median and mean over the grey actors, the coloured actors on
	// top: an actor on the median stays visible.
	for _, th := range append(summaries, actorThumbs...) {
		for _, t := range th {
			pl.Add(t.(gplot.Plotter))
		}
	}
	for k, th := range thumbs {
		leg.Add(names[k], th...)
	}
	if others > 0 {
		leg.Add(fmt.Sprintf("%d other actors", others), &polyline{sty: grey})
	}
	pl.Add(frame{})
	return pl, leg
}

// intTicks labels whole rounds only: every round up to twelve, then a
// round step of 2, 5 or 10 times a power of ten, with unlabelled ticks
// between.
type intTicks struct{}

func (intTicks) Ticks(lo, hi float64) []gplot.Tick {
	first, last := math.Ceil(lo)+0, math.Floor(hi) // +0 turns -0 into 0
	if !(last >= first) || last-first > 1e7 {
		return nil
	}
	step, minor := 1.0, 0.0
	for mag := 1.0; (last-first)/step > 12; mag *= 10 {
		for _, m := range []float64{2, 5, 10} {
			step = m * mag
			if (last-first)/step <= 12 {
				break
			}
		}
	}
	if step > 1 {
		minor = step / 2
		if minor != math.Floor(minor) { // step 5
			minor = 1
		}
	}
	var ts []gplot.Tick
	for v := first; v <= last; v++ {
		switch {
		case math.Mod(v, step) == 0:
			ts = append(ts, gplot.Tick{Value: v, Label: strconv.FormatFloat(v, 'f', 0, 64)})
		case minor > 0 && math.Mod(v, minor) == 0:
			ts = append(ts, gplot.Tick{Value: v})
		}
	}
	return ts
}

// band shades an issue's scale across the plot, so that positions
// outside it stand out; it is drawn only when the axis had to be
// stretched.
type band struct{ lo, hi float64 }

func (b band) Plot(c draw.Canvas, pl *gplot.Plot) {
	trX, trY := pl.Transforms(&c)
	lo, hi := max(b.lo, pl.Y.Min), min(b.hi, pl.Y.Max)
	if lo >= hi {
		return
	}
	pts := []vg.Point{
		{X: trX(pl.X.Min), Y: trY(lo)}, {X: trX(pl.X.Max), Y: trY(lo)},
		{X: trX(pl.X.Max), Y: trY(hi)}, {X: trX(pl.X.Min), Y: trY(hi)},
	}
	c.FillPolygon(scaleFill, c.ClipPolygonXY(pts))
}

// filled draws a shape filled, without an outline.
type filled struct{ shape shape }

func (f filled) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	c.SetColor(sty.Color)
	c.Fill(f.shape.path(pt, sty.Radius))
}

// legendBoxSize is the size of a framed legend.
func legendBoxSize(l *gplot.Legend) vg.Point {
	s := l.Rectangle(draw.Canvas{}).Size()
	return vg.Point{X: s.X + 2*legendPad, Y: s.Y + 2*legendPad}
}
