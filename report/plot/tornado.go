package plot

import (
	"fmt"
	"image/color"
	"io"
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/entente/entente"
)

// Tornado is a chart of signed effects, one horizontal bar per input,
// drawn in the order given (callers sort them, largest effect first) with
// the input's name beside its bar: bars to the right for positive values,
// to the left for negative ones.
type Tornado struct {
	Title, Subtitle string
	// XLabel names the quantity and its unit.
	XLabel string
	// Labels name the bars, top to bottom; Values are their signed
	// lengths.
	Labels []string
	Values []float64
}

func validateTornado(t *Tornado) error {
	bad := func(field, format string, args ...any) error {
		return &entente.Error{Code: entente.EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
	}
	if t == nil || len(t.Labels) == 0 {
		return bad("labels", "no bars; expected at least one label")
	}
	if len(t.Values) != len(t.Labels) {
		return bad("values", "%d values for %d labels; expected one per label", len(t.Values), len(t.Labels))
	}
	for i, v := range t.Values {
		if math.IsNaN(v) || math.IsInf(v, 0) || math.Abs(v) > maxAbs {
			return bad(fmt.Sprintf("values[%d]", i), "%v is not a number that can be drawn", v)
		}
	}
	return nil
}

var (
	positiveColor = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	negativeColor = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
)

// RenderTornado writes the chart as "svg" or "png". It returns an
// *entente.Error (code EInvalid) for no bars, mismatched lengths or values
// that cannot be drawn, and one with code EUnsupported for any other
// format.
func RenderTornado(w io.Writer, t *Tornado, format string) error {
	if err := checkFormat(format); err != nil {
		return err
	}
	if err := validateTornado(t); err != nil {
		return err
	}
	return safely(w, func(buf io.Writer) error {
		n := len(t.Labels)
		hi := 0.0
		for _, v := range t.Values {
			hi = max(hi, math.Abs(v))
		}
		if hi == 0 {
			hi = 1
		}
		label := draw.TextStyle{Color: inkColor, Font: sans(9), XAlign: draw.XRight, YAlign: draw.YCenter, Handler: gplot.DefaultTextHandler}
		valSty := draw.TextStyle{Color: inkColor, Font: sans(8), YAlign: draw.YCenter, Handler: gplot.DefaultTextHandler}
		axisSty := draw.TextStyle{Color: inkColor, Font: sans(10), XAlign: draw.XCenter, YAlign: draw.YTop, Handler: gplot.DefaultTextHandler}
		long := vg.Length(0)
		for _, l := range t.Labels {
			long = max(long, label.Width(cleanText(l)))
		}
		labelW := min(long+0.15*vg.Inch, 4.2*vg.Inch)
		const rowH = 0.26 * vg.Inch
		barW := 4.2 * vg.Inch
		wd := labelW + barW + 1.05*vg.Inch
		titleSty, subSty := headerStyles()
		head := headerHeight(cleanText(t.Title), cleanText(t.Subtitle), titleSty, subSty)
		foot := 0.55 * vg.Inch
		ht := head + vg.Length(n)*rowH + foot + 0.1*vg.Inch
		return output(buf, format, wd, ht, 144, func(dc draw.Canvas) {
			drawHeader(dc, cleanText(t.Title), cleanText(t.Subtitle), titleSty, subSty)
			top := dc.Max.Y - head - 0.05*vg.Inch
			// Room between the names and the bars for the value of the
			// longest negative bar.
			x0 := dc.Min.X + labelW + 0.55*vg.Inch
			mid := x0 + barW/2
			scale := (barW / 2) / vg.Length(hi)
			// Gridlines at round values, labelled under the bars.
			bottom := top - vg.Length(n)*rowH
			for _, tk := range (ticks{}).Ticks(-hi, hi) {
				if tk.Label == "" || math.Abs(tk.Value) > hi*1.0001 {
					continue
				}
				x := mid + vg.Length(tk.Value)*scale
				dc.StrokeLine2(draw.LineStyle{Color: gridColor, Width: 0.6}, x, bottom, x, top)
				dc.FillText(draw.TextStyle{Color: inkColor, Font: sans(8), XAlign: draw.XCenter, YAlign: draw.YTop, Handler: gplot.DefaultTextHandler},
					vg.Point{X: x, Y: bottom - 0.04*vg.Inch}, tk.Label)
			}
			for i, l := range t.Labels {
				y := top - vg.Length(i)*rowH - rowH/2
				txt := cleanText(l)
				sty := fit(label, txt, labelW-0.1*vg.Inch)
				dc.FillText(sty, vg.Point{X: x0 - 0.5*vg.Inch, Y: y}, txt)
				v := t.Values[i]
				end := mid + vg.Length(v)*scale
				rect := vg.Rectangle{Min: vg.Point{X: min(mid, end), Y: y - rowH*0.36}, Max: vg.Point{X: max(mid, end), Y: y + rowH*0.36}}
				if v >= 0 {
					dc.SetColor(positiveColor)
				} else {
					dc.SetColor(negativeColor)
				}
				dc.Fill(rect.Path())
				vs := valSty
				at := end + 0.04*vg.Inch
				vs.XAlign = draw.XLeft
				if v < 0 {
					vs.XAlign = draw.XRight
					at = end - 0.04*vg.Inch
				}
				dc.FillText(vs, vg.Point{X: at, Y: y}, strconv.FormatFloat(v, 'f', 2, 64))
			}
			dc.StrokeLine2(draw.LineStyle{Color: inkColor, Width: 0.8}, mid, bottom, mid, top)
			dc.FillText(axisSty, vg.Point{X: mid, Y: bottom - 0.24*vg.Inch}, cleanText(t.XLabel))
		})
	})
}
