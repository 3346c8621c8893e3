package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	"github.com/entente/entente"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bars is a bar chart with error bars, e.g. each negotiator's mean utility
// in a tournament with its 95% confidence interval.
type Bars struct {
	Title, Subtitle string
	// YLabel names the quantity (and its unit), XLabel what the bars are.
	YLabel, XLabel string
	// Labels name the bars, left to right.
	Labels []string
	// Values are the bars' heights; Low and High the ends of their error
	// bars (nil: none). NaN values draw no bar.
	Values, Low, High []float64
	// Highlight marks bars drawn in an accent colour (nil: none), e.g. the
	// bin of a histogram that holds the nominal value.
	Highlight []bool
}

// Heatmap is a table of numbers drawn as coloured cells, e.g. each
// negotiator's mean utility in each scenario.
type Heatmap struct {
	Title, Subtitle string
	// Rows and Cols label the cells: Values[r][c]. NaN cells are blank.
	Rows, Cols []string
	Values     [][]float64
	// Min and Max fix the colour scale (both 0: the values' range).
	Min, Max float64
	// RowsLabel and ColsLabel name what the rows and the columns are
	// (with units), drawn beside them; empty: none.
	RowsLabel, ColsLabel string
}

func finiteOrNaN(v float64) bool {
	return !math.IsInf(v, 0) && (math.IsNaN(v) || math.Abs(v) <= maxAbs)
}

func validateBars(b *Bars) error {
	bad := func(field, format string, args ...any) error {
		return &entente.Error{Code: entente.EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
	}
	if b == nil || len(b.Labels) == 0 {
		return bad("labels", "no bars; expected at least one label")
	}
	n := len(b.Labels)
	if len(b.Values) != n {
		return bad("values", "%d values for %d labels; expected one per label", len(b.Values), n)
	}
	if (b.Low == nil) != (b.High == nil) || (b.Low != nil && (len(b.Low) != n || len(b.High) != n)) {
		return bad("low", "error bars need both low and high, one per label")
	}
	for i, v := range b.Values {
		if !finiteOrNaN(v) {
			return bad(fmt.Sprintf("values[%d]", i), "%v is not a number that can be drawn", v)
		}
		if b.Low != nil && (!finiteOrNaN(b.Low[i]) || !finiteOrNaN(b.High[i]) || b.Low[i] > b.High[i]) {
			return bad(fmt.Sprintf("low[%d]", i), "error bar [%v, %v] is not an interval", b.Low[i], b.High[i])
		}
	}
	return nil
}

// RenderBars writes the chart as "svg" or "png". It returns an
// *entente.Error (code EInvalid) for no bars, mismatched lengths, values
// that cannot be drawn or reversed error bars, and one with code
// EUnsupported for any other format.
func RenderBars(w io.Writer, b *Bars, format string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	if err := validateBars(b); err != nil {
		return err
	}
	return safely(w, func(buf io.Writer) error {
		pl := gplot.New()
		styleAxes(pl)
		pl.Y.Label.Text = cleanText(b.YLabel)
		pl.X.Label.Text = cleanText(b.XLabel)
		lo, hi := 0.0, 0.0
		for i, v := range b.Values {
			if math.IsNaN(v) {
				continue
			}
			lo, hi = min(lo, v), max(hi, v)
			if b.Low != nil && !math.IsNaN(b.Low[i]) {
				lo, hi = min(lo, b.Low[i]), max(hi, b.High[i])
			}
		}
		if hi == lo {
			hi = lo + 1
		}
		pad := 0.05 * (hi - lo)
		pl.Y.Min, pl.Y.Max = min(lo, lo-pad*boolf(lo < 0)), hi+pad
		pl.X.Min, pl.X.Max = -0.6, float64(len(b.Labels))-0.4
		grid := plotter.NewGrid()
		grid.Vertical.Color = nil
		grid.Horizontal = draw.LineStyle{Color: gridColor, Width: 0.5}
		pl.Add(grid, &barsPlotter{b: b})
		var ticks []gplot.Tick
		for i, l := range b.Labels {
			ticks = append(ticks, gplot.Tick{Value: float64(i), Label: cleanText(l)})
		}
		pl.X.Tick.Marker = gplot.ConstantTicks(ticks)
		long := 0
		for _, l := range b.Labels {
			long = max(long, len([]rune(l)))
		}
		if long*len(b.Labels) > 60 {
			// Slanted labels, so that long ones do not run into each other.
			pl.X.Tick.Label.Rotation = math.Pi / 6
			pl.X.Tick.Label.XAlign = draw.XRight
			pl.X.Tick.Label.YAlign = draw.YCenter
		}
		pl.Y.Tick.Marker = niceTicks{}
		wd := max(4.5*vg.Inch, vg.Length(len(b.Labels))*0.75*vg.Inch)
		ht := 4 * vg.Inch
		titleSty, subSty := headerStyles()
		head := headerHeight(cleanText(b.Title), cleanText(b.Subtitle), titleSty, subSty)
		return output(buf, format, wd, ht+head, 144, func(dc draw.Canvas) {
			drawHeader(dc, cleanText(b.Title), cleanText(b.Subtitle), titleSty, subSty)
			pl.Draw(roomForLabels(pl, draw.Crop(dc, 0, 0, 0, -head)))
		})
	})
}

// roomForLabels narrows c from the left until the x axis's labels fit in
// it: gonum pads a plot for them on the right only, so a long slanted
// label of the first bar ran past the chart's left edge ("offers
// (stacked), aware" for "direct offers (stacked), aware").
func roomForLabels(pl *gplot.Plot, c draw.Canvas) draw.Canvas {
	const margin = 2 // points
	for range 4 {
		data := pl.DataCanvas(c)
		left := c.Min.X
		for _, t := range pl.X.Tick.Marker.Ticks(pl.X.Min, pl.X.Max) {
			if !t.IsMinor() {
				left = min(left, data.X(pl.X.Norm(t.Value))+pl.X.Tick.Label.Rectangle(t.Label).Min.X)
			}
		}
		over := c.Min.X + margin - left
		if over <= 0 {
			break
		}
		c = draw.Crop(c, over, 0, 0, 0)
	}
	return c
}

func boolf(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// styleAxes gives a plot entente's fonts and colours.
func styleAxes(pl *gplot.Plot) {
	for _, ax := range []*gplot.Axis{&pl.X, &pl.Y} {
		ax.Label.TextStyle.Font = sans(11)
		ax.Label.TextStyle.Color = inkColor
		ax.Tick.Label.Font = sans(9)
		ax.Tick.Label.Color = inkColor
		ax.Color = inkColor
		ax.Tick.Color = inkColor
	}
}

// niceTicks labels round values, as the utility-space plots do.
type niceTicks struct{}

func (niceTicks) Ticks(lo, hi float64) []gplot.Tick { return ticks{}.Ticks(lo, hi) }

var (
	barColor       = color.RGBA{0x56, 0xb4, 0xe9, 0xff}
	highlightColor = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
)

type barsPlotter struct{ b *Bars }

func (p *barsPlotter) Plot(c draw.Canvas, pl *gplot.Plot) {
	trX, trY := pl.Transforms(&c)
	b := p.b
	half := (trX(1) - trX(0)) * 0.32
	for i, v := range b.Values {
		if math.IsNaN(v) {
			continue
		}
		x := trX(float64(i))
		y0, y1 := trY(max(0, pl.Y.Min)), trY(v)
		rect := vg.Rectangle{Min: vg.Point{X: x - half, Y: min(y0, y1)}, Max: vg.Point{X: x + half, Y: max(y0, y1)}}
		c.SetColor(barColor)
		if i < len(b.Highlight) && b.Highlight[i] {
			c.SetColor(highlightColor)
		}
		c.Fill(rect.Path())
		if b.Low != nil && !math.IsNaN(b.Low[i]) {
			sty := draw.LineStyle{Color: inkColor, Width: 1.2}
			lo, hi := trY(b.Low[i]), trY(b.High[i])
			c.StrokeLine2(sty, x, lo, x, hi)
			c.StrokeLine2(sty, x-half/3, lo, x+half/3, lo)
			c.StrokeLine2(sty, x-half/3, hi, x+half/3, hi)
		}
	}
}

func validateHeatmap(h *Heatmap) error {
	bad := func(field, format string, args ...any) error {
		return &entente.Error{Code: entente.EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
	}
	if h == nil || len(h.Rows) == 0 || len(h.Cols) == 0 {
		return bad("rows", "an empty table; expected at least one row and one column")
	}
	if len(h.Values) != len(h.Rows) {
		return bad("values", "%d rows of values for %d row labels", len(h.Values), len(h.Rows))
	}
	for r, row := range h.Values {
		if len(row) != len(h.Cols) {
			return bad(fmt.Sprintf("values[%d]", r), "%d values for %d columns", len(row), len(h.Cols))
		}
		for c, v := range row {
			if !finiteOrNaN(v) {
				return bad(fmt.Sprintf("values[%d][%d]", r, c), "%v is not a number that can be drawn", v)
			}
		}
	}
	if !finiteOrNaN(h.Min) || !finiteOrNaN(h.Max) || h.Min > h.Max {
		return bad("min", "colour scale [%v, %v] is not an interval", h.Min, h.Max)
	}
	return nil
}

// RenderHeatmap writes the table as "svg" or "png": one cell per value,
// coloured from light (low) to dark blue (high) and labelled with the
// value. It returns an *entente.Error (code EInvalid) for an empty table,
// mismatched lengths or values that cannot be drawn, and one with code
// EUnsupported for any other format.
func RenderHeatmap(w io.Writer, h *Heatmap, format string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	if err := validateHeatmap(h); err != nil {
		return err
	}
	return safely(w, func(buf io.Writer) error {
		lo, hi := h.Min, h.Max
		if lo == 0 && hi == 0 {
			lo, hi = math.Inf(1), math.Inf(-1)
			for _, row := range h.Values {
				for _, v := range row {
					if !math.IsNaN(v) {
						lo, hi = min(lo, v), max(hi, v)
					}
				}
			}
			if math.IsInf(lo, 1) {
				lo, hi = 0, 1
			}
		}
		if hi == lo {
			hi = lo + 1
		}
		const cellW, cellH = 0.9 * vg.Inch, 0.32 * vg.Inch
		rowLabelW, colLabelH := 1.6*vg.Inch, 0.9*vg.Inch
		wd := rowLabelW + vg.Length(len(h.Cols))*cellW + 0.2*vg.Inch
		titleSty, subSty := headerStyles()
		head := headerHeight(cleanText(h.Title), cleanText(h.Subtitle), titleSty, subSty)
		axisH := vg.Length(0)
		if h.ColsLabel != "" {
			axisH = 0.3 * vg.Inch
		}
		ht := head + axisH + colLabelH + vg.Length(len(h.Rows))*cellH + 0.2*vg.Inch
		if h.RowsLabel != "" {
			ht += 0.3 * vg.Inch
		}
		label := draw.TextStyle{Color: inkColor, Font: sans(9), XAlign: draw.XRight, YAlign: draw.YCenter, Handler: gplot.DefaultTextHandler}
		colSty := draw.TextStyle{Color: inkColor, Font: sans(9), XAlign: draw.XLeft, YAlign: draw.YCenter, Rotation: math.Pi / 4, Handler: gplot.DefaultTextHandler}
		return output(buf, format, wd, ht, 144, func(dc draw.Canvas) {
			drawHeader(dc, cleanText(h.Title), cleanText(h.Subtitle), titleSty, subSty)
			axis := draw.TextStyle{Color: inkColor, Font: sans(10), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: gplot.DefaultTextHandler}
			if h.ColsLabel != "" {
				dc.FillText(axis, vg.Point{X: dc.Min.X + rowLabelW + vg.Length(len(h.Cols))*cellW/2, Y: dc.Max.Y - head - axisH/2}, cleanText(h.ColsLabel))
			}
			top := dc.Max.Y - head - axisH - colLabelH
			if h.RowsLabel != "" {
				ra := axis
				ra.XAlign = draw.XLeft
				dc.FillText(ra, vg.Point{X: dc.Min.X + 0.1*vg.Inch, Y: top - vg.Length(len(h.Rows))*cellH - 0.2*vg.Inch}, "rows: "+cleanText(h.RowsLabel))
			}
			for c, name := range h.Cols {
				x := dc.Min.X + rowLabelW + vg.Length(c)*cellW + cellW/2
				dc.FillText(colSty, vg.Point{X: x, Y: top + 0.08*vg.Inch}, cleanText(name))
			}
			for r, name := range h.Rows {
				y := top - vg.Length(r)*cellH - cellH/2
				dc.FillText(label, vg.Point{X: dc.Min.X + rowLabelW - 0.08*vg.Inch, Y: y}, cleanText(name))
				for c, v := range h.Values[r] {
					x0 := dc.Min.X + rowLabelW + vg.Length(c)*cellW
					rect := vg.Rectangle{Min: vg.Point{X: x0 + 1, Y: y - cellH/2 + 1}, Max: vg.Point{X: x0 + cellW - 1, Y: y + cellH/2 - 1}}
					if math.IsNaN(v) {
						dc.SetColor(color.RGBA{0xf4, 0xf4, 0xf4, 0xff})
						dc.Fill(rect.Path())
						continue
					}
					f := (v - lo) / (hi - lo)
					dc.SetColor(shade(f))
					dc.Fill(rect.Path())
					txt := draw.TextStyle{Color: inkColor, Font: sans(8.5), XAlign: draw.XCenter, YAlign: draw.YCenter, Handler: gplot.DefaultTextHandler}
					if f > 0.55 {
						txt.Color = color.White
					}
					dc.FillText(txt, vg.Point{X: x0 + cellW/2, Y: y}, strconv.FormatFloat(v, 'f', 3, 64))
				}
			}
		})
	})
}

// shade maps f in [0,1] from a pale to a deep blue.
func shade(f float64) color.Color {
	f = min(max(f, 0), 1)
	mix := func(a, b uint8) uint8 { return uint8(float64(a) + f*(float64(b)-float64(a)) + 0.5) }
	return color.RGBA{mix(0xef, 0x08), mix(0xf3, 0x30), mix(0xff, 0x6b), 0xff}
}
