package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

func validateComparison(c *Comparison) error {
	if c == nil {
		return badf("", "no chart to plot")
	}
	if len(c.Issues) == 0 {
		return badf("issues", "no issues; expected at least one")
	}
	for i, is := range c.Issues {
		at := fmt.Sprintf("issues[%d].", i)
		if strings.TrimSpace(is.Name) == "" {
			return badf(at+"name", "empty name; expected a title for the panel")
		}
		if err := checkScale(at, is.Min, is.Max); err != nil {
			return err
		}
		if len(is.Forecasts) == 0 {
			return badf(at+"forecasts", "no forecasts; expected at least one model's")
		}
		seen := map[string]int{}
		for j, f := range is.Forecasts {
			fat := fmt.Sprintf("%sforecasts[%d].", at, j)
			if strings.TrimSpace(f.Model) == "" {
				return badf(fat+"model", "empty name; expected the model's name")
			}
			if k, ok := seen[f.Model]; ok {
				return badf(fat+"model", "model %q is already forecasts[%d]; expected one forecast per model", f.Model, k)
			}
			seen[f.Model] = j
			if err := checkNum(fat+"value", "value", f.Value); err != nil {
				return err
			}
			if (f.Low == nil) != (f.High == nil) {
				return badf(fat+"low", "only one end of the interval is set; expected both low and high, or neither")
			}
			if f.Low == nil {
				continue
			}
			if err := checkNum(fat+"low", "interval end", *f.Low); err != nil {
				return err
			}
			if err := checkNum(fat+"high", "interval end", *f.High); err != nil {
				return err
			}
			if *f.Low > *f.High {
				return badf(fat+"high", "interval [%g, %g] is reversed; expected low <= high", *f.Low, *f.High)
			}
		}
	}
	return nil
}

// RenderComparison writes the chart as "svg" or "png": one panel per issue
// (in two columns beyond six issues), each with one row per model showing
// its forecast as a dot labelled with the value and its interval as a bar.
// A model keeps its colour and shape in every panel. It checks the chart
// first and returns an *entente.Error (code EInvalid) naming the offending
// field for no issues, an issue without a name, a valid scale or
// forecasts, a model without a name or listed twice for one issue, values
// that are not finite and intervals with one end or reversed, and one with
// code EUnsupported for any other format.
func RenderComparison(w io.Writer, c *Comparison, format string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	if err := validateComparison(c); err != nil {
		return err
	}
	return safely(w, func(buf io.Writer) error { return renderComparison(buf, c, format) })
}

const (
	panelW      = 6.4 * vg.Inch
	rowH        = 0.36 * vg.Inch
	panelTop    = 0.32 * vg.Inch // the issue's name
	panelBottom = 0.42 * vg.Inch // the axis
	panelGap    = 0.14 * vg.Inch
	twoColumns  = 6 // more issues than this go in two columns
)

func renderComparison(w io.Writer, c *Comparison, format string) error {
	cc := *c
	cc.Title, cc.Subtitle = cleanText(c.Title), cleanText(c.Subtitle)
	cc.Issues = make([]ComparisonIssue, len(c.Issues))
	models := map[string]int{} // model -> style, by first appearance
	for i, is := range c.Issues {
		is.Name = cleanText(is.Name)
		fs := make([]ModelForecast, len(is.Forecasts))
		for j, f := range is.Forecasts {
			f.Model = cleanText(f.Model)
			if _, ok := models[f.Model]; !ok {
				models[f.Model] = len(models)
			}
			fs[j] = f
		}
		is.Forecasts = fs
		cc.Issues[i] = is
	}
	c = &cc

	n := len(c.Issues)
	cols := 1
	if n > twoColumns {
		cols = 2
	}
	perCol := (n + cols - 1) / cols
	height := func(is ComparisonIssue) vg.Length {
		return panelTop + vg.Length(len(is.Forecasts))*rowH + panelBottom
	}
	colH := make([]vg.Length, cols)
	for i, is := range c.Issues {
		colH[i/perCol] += height(is) + panelGap
	}
	titleSty, subSty := headerStyles()
	head := headerHeight(c.Title, c.Subtitle, titleSty, subSty)
	wd := vg.Length(cols)*panelW + 2*margin
	ht := head + max(colH[0], colH[cols-1]) + margin

	plots := make([]*gplot.Plot, n)
	for i, is := range c.Issues {
		plots[i] = issuePlot(is, models)
	}
	nameSty := draw.TextStyle{Color: inkColor, Font: sans(12), XAlign: draw.XLeft, YAlign: draw.YTop,
		Handler: gplot.DefaultTextHandler}
	nameSty.Font.Weight = xfont.WeightBold
	scaleSty := nameSty
	scaleSty.Font = sans(10)
	scaleSty.Color = subtleColor

	return output(w, format, wd, ht, singleDPI, func(dc draw.Canvas) {
		drawHeader(dc, c.Title, c.Subtitle, titleSty, subSty)
		// Panels stack down each column; their data areas share a left
		// edge, the widest model names deciding where.
		canvases := make([]draw.Canvas, n)
		left := vg.Length(0)
		for col := range cols {
			y := dc.Max.Y - head
			x0 := dc.Min.X + margin + vg.Length(col)*panelW
			for i := col * perCol; i < min(n, (col+1)*perCol); i++ {
				h := height(c.Issues[i])
				canvases[i] = draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
					Min: vg.Point{X: x0, Y: y - h}, Max: vg.Point{X: x0 + panelW - 0.15*vg.Inch, Y: y}}}
				y -= h + panelGap
				body := draw.Crop(canvases[i], 0, 0, 0, -panelTop)
				left = max(left, plots[i].DataCanvas(body).Min.X-body.Min.X)
			}
		}
		for i, is := range c.Issues {
			pc := canvases[i]
			body := draw.Crop(pc, 0, 0, 0, -panelTop)
			body = draw.Crop(body, left-(plots[i].DataCanvas(body).Min.X-body.Min.X), 0, 0, 0)
			plots[i].Draw(body)
			x := plots[i].DataCanvas(body).Min.X
			top := pc.Max.Y - 0.06*vg.Inch
			name := fit(nameSty, is.Name, pc.Max.X-x)
			pc.FillText(name, vg.Point{X: x, Y: top}, is.Name)
			scale := fmt.Sprintf("   scale %s to %s", scaleText(is.Min), scaleText(is.Max))
			at := x + name.Width(is.Name)
			if at+scaleSty.Width(scale) <= pc.Max.X {
				pc.FillText(scaleSty, vg.Point{X: at, Y: top - (name.Height(is.Name) - scaleSty.Height(scale))}, scale)
			}
		}
	})
}

func issuePlot(is ComparisonIssue, models map[string]int) *gplot.Plot {
	sz := single
	pl := gplot.New()
	styleAxis(&pl.X, "", sz)
	styleAxis(&pl.Y, "", sz)
	x := span{is.Min, is.Max}
	for _, f := range is.Forecasts {
		x.add(f.Value)
		if f.Low != nil {
			x.add(*f.Low)
			x.add(*f.High)
		}
	}
	pl.X.Min, pl.X.Max = padded(x.lo, x.hi)
	k := len(is.Forecasts)
	pl.Y.Min, pl.Y.Max = -0.6, float64(k)-0.4
	labels := make([]string, k)
	for j, f := range is.Forecasts {
		labels[j] = f.Model
	}
	pl.Y.Tick.Marker = rowTicks(labels)
	pl.Y.Tick.Length = 0
	pl.Y.Tick.Label.Font = sans(sz.axisFont * 0.92)

	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: gridColor, Width: 0.5}
	grid.Horizontal.Color = nil
	if x.lo < is.Min || x.hi > is.Max {
		pl.Add(vband{is.Min, is.Max})
	}
	pl.Add(grid, &rows{is: is, models: models, digits: digits(is.Min, is.Max)}, frame{})
	return pl
}

// digits is how many decimals a value on the scale [lo, hi] is shown
// with: about three significant digits of the scale's width.
func digits(lo, hi float64) int {
	return max(0, min(6, 2-int(math.Floor(math.Log10(hi-lo)))))
}

// rowTicks labels row j (counted from the top) with the j-th name.
type rowTicks []string

func (r rowTicks) Ticks(_, _ float64) []gplot.Tick {
	ts := make([]gplot.Tick, len(r))
	for j, s := range r {
		ts[j] = gplot.Tick{Value: float64(len(r) - 1 - j), Label: s}
	}
	return ts
}

// rows draws each model's interval, dot and value on its row.
type rows struct {
	is     ComparisonIssue
	models map[string]int
	digits int
}

func (r *rows) Plot(c draw.Canvas, pl *gplot.Plot) {
	trX, trY := pl.Transforms(&c)
	k := len(r.is.Forecasts)
	txt := draw.TextStyle{Color: inkColor, Font: sans(9), XAlign: draw.XCenter, YAlign: draw.YBottom,
		Handler: gplot.DefaultTextHandler}
	for j, f := range r.is.Forecasts {
		ls, sh := seriesStyle(r.models[f.Model])
		ls.Dashes = nil
		y := trY(float64(k - 1 - j))
		// A faint guide along the row helps the eye from name to dot.
		c.StrokeLine2(draw.LineStyle{Color: gridColor, Width: 0.6}, c.Min.X, y, c.Max.X, y)
		if f.Low != nil {
			lo, hi := trX(*f.Low), trX(*f.High)
			bar := ls
			bar.Width = 2.4
			c.StrokeLine2(bar, lo, y, hi, y)
			cap := ls
			cap.Width = 1.4
			c.StrokeLine2(cap, lo, y-4, lo, y+4)
			c.StrokeLine2(cap, hi, y-4, hi, y+4)
		}
		pt := vg.Point{X: trX(f.Value), Y: y}
		c.DrawGlyph(draw.GlyphStyle{Color: ls.Color, Radius: 5, Shape: outlined{sh}}, pt)
		// The value goes above the dot, on white so grid lines do not
		// cut through it.
		v := strconv.FormatFloat(f.Value, 'f', r.digits, 64)
		at := vg.Point{X: pt.X, Y: y + 7.5}
		tw, th := txt.Width(v), txt.Height(v)
		halo := vg.Rectangle{Min: vg.Point{X: at.X - tw/2 - 1.5, Y: at.Y + 0.5}, Max: vg.Point{X: at.X + tw/2 + 1.5, Y: at.Y + th - 0.5}}
		c.SetColor(color.White)
		c.Fill(halo.Path())
		c.FillText(txt, at, v)
	}
}

// vband shades an issue's scale across a panel; it is drawn only when
// the axis had to be stretched.
type vband struct{ lo, hi float64 }

func (b vband) Plot(c draw.Canvas, pl *gplot.Plot) {
	trX, _ := pl.Transforms(&c)
	lo, hi := max(b.lo, pl.X.Min), min(b.hi, pl.X.Max)
	if lo >= hi {
		return
	}
	r := vg.Rectangle{Min: vg.Point{X: trX(lo), Y: c.Min.Y}, Max: vg.Point{X: trX(hi), Y: c.Max.Y}}
	c.SetColor(scaleFill)
	c.Fill(r.Path())
}
