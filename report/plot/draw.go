package plot

import (
	"bytes"
	"cmp"
	"image/color"
	"image/png"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	xfont "golang.org/x/image/font"
	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Colours: light grey for the bulk of outcomes, the Okabe–Ito colour-blind
// safe palette for everything that carries meaning.
var (
	inkColor    = color.RGBA{0x22, 0x22, 0x22, 0xff}
	subtleColor = color.RGBA{0x55, 0x55, 0x55, 0xff}
	cloudColor  = color.RGBA{0xc4, 0xc4, 0xc4, 0xff}
	zoneColor   = color.RGBA{0x4d, 0xb8, 0x92, 0xff}
	zoneFill    = color.RGBA{0xdc, 0xf1, 0xe7, 0xff}
	zoneEdge    = color.RGBA{0x8c, 0xcf, 0xb4, 0xff}
	// ratifiableColor marks the ratifiable zone (Okabe–Ito vermillion).
	ratifiableColor = color.RGBA{0xd5, 0x5e, 0x00, 0xff}
	gridColor       = color.RGBA{0xe6, 0xe6, 0xe6, 0xff}
	frontierColor   = color.RGBA{0x00, 0x72, 0xb2, 0xff}
	legendEdge      = color.RGBA{0xbb, 0xbb, 0xbb, 0xff}
)

// markStyles gives the marks their look, in order; it cycles past its end.
var markStyles = []struct {
	color color.Color
	shape shape
}{
	{color.RGBA{0xd5, 0x5e, 0x00, 0xff}, circle},
	{color.RGBA{0xcc, 0x79, 0xa7, 0xff}, square},
	{color.RGBA{0xe6, 0x9f, 0x00, 0xff}, diamond},
	{color.RGBA{0x56, 0xb4, 0xe9, 0xff}, triangleUp},
	{color.RGBA{0xf0, 0xe4, 0x42, 0xff}, triangleDown},
	{color.RGBA{0x99, 0x99, 0x99, 0xff}, star},
}

// pathColors are the paths' colours, in order; they cycle past the end.
var pathColors = []color.Color{
	color.RGBA{0x00, 0x9e, 0x73, 0xff},
	color.RGBA{0xd5, 0x5e, 0x00, 0xff},
	color.RGBA{0x56, 0xb4, 0xe9, 0xff},
	color.RGBA{0xcc, 0x79, 0xa7, 0xff},
	color.RGBA{0xe6, 0x9f, 0x00, 0xff},
	color.RGBA{0x44, 0x44, 0x44, 0xff},
}

// pathStyles are the line and dots of path i.
func pathStyles(i int, sz sizes) (draw.LineStyle, draw.GlyphStyle) {
	c := pathColors[i%len(pathColors)]
	return draw.LineStyle{Color: c, Width: sz.line * 0.6}, draw.GlyphStyle{Color: c, Radius: sz.frontierDot * 1.2, Shape: draw.CircleGlyph{}}
}

// sizes are the lengths that depend on how large a panel is.
type sizes struct {
	axisFont, tickFont, legendFont vg.Length
	cloud, zone, frontierDot       vg.Length // glyph radii
	mark                           vg.Length // mark radius
	line                           vg.Length // frontier width
}

var (
	single = sizes{axisFont: 12, tickFont: 10, legendFont: 10.5, cloud: 1.5, zone: 1.7, frontierDot: 2.4,
		mark: 6.5, line: 1.6}
	matrix = sizes{axisFont: 10, tickFont: 8.5, legendFont: 10, cloud: 1.1, zone: 1.3, frontierDot: 1.8,
		mark: 5, line: 1.2}
)

const (
	singleW, singleH = 7 * vg.Inch, 6 * vg.Inch
	cellSize         = 3.5 * vg.Inch
	margin           = 0.12 * vg.Inch
	singleDPI        = 128
	matrixDPI        = 100
)

func sans(size vg.Length) font.Font {
	return font.Font{Typeface: "Liberation", Variant: "Sans", Size: size}
}

// layout says where panels and legend go.
type layout struct {
	w, h       vg.Length
	dpi        int
	rows, cols int
	at         [][2]int // (row, col) per panel
	legend     [2]int   // (row, col) of the legend's cell, or {-1, -1} for a strip on the right
	strip      vg.Length
	sz         sizes
}

func plan(f *Figure, head vg.Length) layout {
	n := len(f.Panels)
	if n == 1 {
		l := layout{rows: 1, cols: 1, at: [][2]int{{0, 0}}, legend: [2]int{-1, -1}, sz: single, dpi: singleDPI}
		l.strip = legendSize(f, single).X + 2*margin
		// Leave the data area about square.
		l.w = max(singleW, 5.2*vg.Inch+l.strip)
		l.h = singleH
		return l
	}
	l := layout{sz: matrix, dpi: matrixDPI}
	if at, m, ok := triangle(f.Panels); ok {
		l.rows, l.cols, l.at, l.legend = m-1, m-1, at, [2]int{0, m - 2}
	} else {
		l.cols = int(math.Ceil(math.Sqrt(float64(n))))
		l.rows = (n + l.cols - 1) / l.cols
		for i := range n {
			l.at = append(l.at, [2]int{i / l.cols, i % l.cols})
		}
		l.legend = [2]int{l.rows - 1, l.cols - 1}
		if l.rows*l.cols == n {
			l.legend = [2]int{-1, -1}
			l.strip = legendSize(f, matrix).X + 2*margin
		}
	}
	l.w = vg.Length(l.cols)*cellSize + l.strip
	l.h = vg.Length(l.rows)*cellSize + head
	return l
}

// triangle places the panels as the lower triangle of a matrix when they
// are exactly the pairs of the m parties they mention: the pair {a < b}
// (after renumbering those parties 0..m-1) goes to row b-1, column a.
func triangle(ps []Panel) (at [][2]int, m int, ok bool) {
	used := map[int]bool{}
	for _, p := range ps {
		used[p.X], used[p.Y] = true, true
	}
	order := make([]int, 0, len(used))
	for i := range used {
		order = append(order, i)
	}
	slices.Sort(order)
	pos := map[int]int{}
	for i, p := range order {
		pos[p] = i
	}
	m = len(order)
	if len(ps) != m*(m-1)/2 {
		return nil, 0, false
	}
	seen := map[[2]int]bool{}
	for _, p := range ps {
		a, b := pos[p.X], pos[p.Y]
		if a > b {
			a, b = b, a
		}
		if seen[[2]int{a, b}] {
			return nil, 0, false
		}
		seen[[2]int{a, b}] = true
		at = append(at, [2]int{b - 1, a})
	}
	return at, m, true
}

// cleanText replaces the characters XML does not allow (SVG is XML) and
// other control characters with spaces.
func cleanText(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r < 0x20, r == 0xfffe, r == 0xffff:
			return ' '
		}
		return r // invalid UTF-8 comes in as utf8.RuneError and goes out as U+FFFD
	}, s)
}

// cleaned returns a copy of f whose texts hold only characters XML
// allows (SVG is XML), with other control characters as spaces.
func cleaned(f *Figure) *Figure {
	clean := cleanText
	c := *f
	c.Title, c.Subtitle = clean(f.Title), clean(f.Subtitle)
	c.Parties = make([]string, len(f.Parties))
	for i, p := range f.Parties {
		c.Parties[i] = clean(p)
	}
	c.Marks = make([]Mark, len(f.Marks))
	for i, m := range f.Marks {
		c.Marks[i] = Mark{Name: clean(m.Name), Utilities: m.Utilities}
	}
	return &c
}

func renderTo(w io.Writer, f *Figure, format string) error {
	f = cleaned(f)
	titleSty, subSty := headerStyles()
	head := headerHeight(f.Title, f.Subtitle, titleSty, subSty)
	l := plan(f, head)
	return output(w, format, l.w, l.h, l.dpi, func(dc draw.Canvas) {
		drawFigure(dc, f, l, head, titleSty, subSty)
	})
}

// output draws a w x h figure with paint and writes it as SVG or, at dpi
// pixels per inch, as PNG.
func output(w io.Writer, format string, wd, ht vg.Length, dpi int, paint func(draw.Canvas)) error {
	switch format {
	case SVG:
		c := vgsvg.New(wd, ht)
		paint(draw.New(c))
		var buf bytes.Buffer
		if _, err := c.WriteTo(&buf); err != nil {
			return err
		}
		// The font is not embedded (it would add half a megabyte); name
		// metric-compatible fallbacks so viewers without Liberation Sans
		// keep the layout.
		out := bytes.ReplaceAll(buf.Bytes(), []byte("font-family:Liberation Sans;"),
			[]byte("font-family:'Liberation Sans',Arial,Helvetica,sans-serif;"))
		_, err := w.Write(out)
		return err
	default:
		c := vgimg.NewWith(vgimg.UseWH(wd, ht), vgimg.UseDPI(dpi))
		paint(draw.New(c))
		enc := png.Encoder{CompressionLevel: png.BestCompression}
		return enc.Encode(w, c.Image())
	}
}

func headerStyles() (title, sub draw.TextStyle) {
	title = draw.TextStyle{Color: inkColor, Font: sans(16), XAlign: draw.XCenter, YAlign: draw.YTop,
		Handler: gplot.DefaultTextHandler}
	title.Font.Weight = xfont.WeightBold
	sub = draw.TextStyle{Color: subtleColor, Font: sans(11), XAlign: draw.XCenter, YAlign: draw.YTop,
		Handler: gplot.DefaultTextHandler}
	return title, sub
}

func headerHeight(title, subtitle string, titleSty, subSty draw.TextStyle) vg.Length {
	h := margin
	if title != "" {
		h += titleSty.Height(title) + 4
	}
	if subtitle != "" {
		h += subSty.Height(subtitle) + 4
	}
	return h + margin/2
}

// fit shrinks a style's font so that txt fits in width w.
func fit(sty draw.TextStyle, txt string, w vg.Length) draw.TextStyle {
	if tw := sty.Width(txt); tw > w && tw > 0 {
		sty.Font.Size = max(6, sty.Font.Size*w/tw)
	}
	return sty
}

// drawHeader fills the canvas white and centres the title and subtitle
// over its top.
func drawHeader(dc draw.Canvas, title, subtitle string, titleSty, subSty draw.TextStyle) {
	dc.SetColor(color.White)
	dc.Fill(dc.Rectangle.Path())
	y := dc.Max.Y - margin
	width := dc.Max.X - dc.Min.X - 2*margin
	if title != "" {
		sty := fit(titleSty, title, width)
		dc.FillText(sty, vg.Point{X: dc.Center().X, Y: y}, title)
		y -= sty.Height(title) + 4
	}
	if subtitle != "" {
		sty := fit(subSty, subtitle, width)
		dc.FillText(sty, vg.Point{X: dc.Center().X, Y: y}, subtitle)
	}
}

func drawFigure(dc draw.Canvas, f *Figure, l layout, head vg.Length, titleSty, subSty draw.TextStyle) {
	drawHeader(dc, f.Title, f.Subtitle, titleSty, subSty)

	area := draw.Crop(dc, margin, -margin-l.strip, margin, -head)
	ranges := axisRanges(f)
	plots := make([][]*gplot.Plot, l.rows)
	for r := range plots {
		plots[r] = make([]*gplot.Plot, l.cols)
	}
	for i, p := range f.Panels {
		plots[l.at[i][0]][l.at[i][1]] = panelPlot(f, p, ranges, l.sz)
	}
	leg := legendOf(f, l.sz)

	if l.rows == 1 && l.cols == 1 {
		plots[0][0].Draw(area)
		data := plots[0][0].DataCanvas(area)
		strip := draw.Crop(dc, dc.Max.X-dc.Min.X-l.strip+margin, -margin, margin, 0)
		strip.Max.Y = data.Max.Y
		drawLegend(strip, &leg, false)
		return
	}
	tiles := draw.Tiles{Rows: l.rows, Cols: l.cols, PadX: 0.1 * vg.Inch, PadY: 0.1 * vg.Inch}
	canvases := gplot.Align(plots, tiles, area)
	for r, row := range plots {
		for c, p := range row {
			if p != nil {
				p.Draw(canvases[r][c])
			}
		}
	}
	if l.legend[0] >= 0 {
		drawLegend(tiles.At(area, l.legend[1], l.legend[0]), &leg, true)
		return
	}
	strip := draw.Crop(dc, dc.Max.X-dc.Min.X-l.strip+margin, -margin, margin, -head)
	drawLegend(strip, &leg, false)
}

// span is an axis range.
type span struct{ lo, hi float64 }

func (s *span) add(v float64) {
	s.lo, s.hi = min(s.lo, v), max(s.hi, v)
}

// axisRanges gives each party one axis range in all panels: [0, 1]
// stretched to hold every point drawn on that party's axis.
func axisRanges(f *Figure) []span {
	rs := make([]span, len(f.Parties))
	for i := range rs {
		rs[i] = span{0, 1}
		rs[i].add(f.Reservation[i])
	}
	for _, u := range f.Frontier {
		for i, v := range u {
			rs[i].add(v)
		}
	}
	for _, m := range f.Marks {
		for i, v := range m.Utilities {
			rs[i].add(v)
		}
	}
	for _, pa := range f.Paths {
		for _, u := range pa.Points {
			for i, v := range u {
				rs[i].add(v)
			}
		}
	}
	for _, p := range f.Panels {
		for _, pts := range [][][2]float64{p.Cloud, p.ZoneCloud} {
			for _, pt := range pts {
				rs[p.X].add(pt[0])
				rs[p.Y].add(pt[1])
			}
		}
	}
	return rs
}

func panelPlot(f *Figure, p Panel, ranges []span, sz sizes) *gplot.Plot {
	pl := gplot.New()
	for _, a := range []struct {
		ax    *gplot.Axis
		party int
	}{{&pl.X, p.X}, {&pl.Y, p.Y}} {
		a.ax.Label.Text = "utility of " + f.Parties[a.party] + " (0 worst, 1 best)"
		a.ax.Label.TextStyle.Font = sans(sz.axisFont)
		a.ax.Label.TextStyle.Color = inkColor
		a.ax.Tick.Label.Font = sans(sz.tickFont)
		a.ax.Tick.Label.Color = inkColor
		a.ax.Tick.Length = 4
		a.ax.Tick.Marker = ticks{}
		a.ax.Padding = 0
		a.ax.Color = inkColor
		a.ax.Tick.Color = inkColor
		r := ranges[a.party]
		pad := 0.025 * (r.hi - r.lo)
		a.ax.Min, a.ax.Max = r.lo-pad, r.hi+pad
	}

	grid := plotter.NewGrid()
	grid.Vertical = draw.LineStyle{Color: gridColor, Width: 0.5}
	grid.Horizontal = grid.Vertical
	rx, ry := f.Reservation[p.X], f.Reservation[p.Y]
	pl.Add(grid)
	pl.Add(&points{xy: p.Cloud, sty: draw.GlyphStyle{Color: cloudColor, Radius: sz.cloud, Shape: draw.CircleGlyph{}}, thin: true})
	// The zone shaded where its packages are: a halo under each, then the
	// packages themselves.
	pl.Add(&points{xy: p.ZoneCloud, sty: draw.GlyphStyle{Color: zoneFill, Radius: 2.6 * sz.zone, Shape: draw.CircleGlyph{}}, thin: true})
	pl.Add(&points{xy: p.ZoneCloud, sty: draw.GlyphStyle{Color: zoneColor, Radius: sz.zone, Shape: draw.CircleGlyph{}}, thin: true})
	pl.Add(&points{xy: p.RatifiableCloud, sty: draw.GlyphStyle{Color: ratifiableColor, Radius: 1.4 * sz.zone, Shape: outlined{diamond}}})
	pl.Add(reservation{rx, ry})
	if len(f.Frontier) > 0 {
		xy := make([][2]float64, len(f.Frontier))
		for i, u := range f.Frontier {
			xy[i] = [2]float64{u[p.X], u[p.Y]}
		}
		pl.Add(&polyline{xy: outer(xy), sty: draw.LineStyle{Color: frontierColor, Width: sz.line}})
		pl.Add(&points{xy: xy, sty: draw.GlyphStyle{Color: frontierColor, Radius: sz.frontierDot, Shape: draw.CircleGlyph{}}})
	}
	for i, pa := range f.Paths {
		xy := make([][2]float64, len(pa.Points))
		for j, u := range pa.Points {
			xy[j] = [2]float64{u[p.X], u[p.Y]}
		}
		line, dot := pathStyles(i, sz)
		pl.Add(&polyline{xy: xy, sty: line}, &points{xy: xy, sty: dot, thin: true})
	}
	// Marks at (nearly) the same point nest: each is drawn smaller than
	// the earlier marks it would hide.
	near := func(a, b []float64, i int) bool {
		return math.Abs(a[i]-b[i]) <= 0.015*(ranges[i].hi-ranges[i].lo)
	}
	for i, m := range f.Marks {
		sty := markStyle(i, sz)
		for _, e := range f.Marks[:i] {
			if near(m.Utilities, e.Utilities, p.X) && near(m.Utilities, e.Utilities, p.Y) {
				sty.Radius *= 0.62
			}
		}
		pl.Add(&points{xy: [][2]float64{{m.Utilities[p.X], m.Utilities[p.Y]}}, sty: sty})
	}
	pl.Add(frame{})
	return pl
}

// outer keeps the points of xy that no other point beats on both axes,
// sorted by x. With two parties that is every frontier point; with more, a
// projection of the frontier is a scatter, and a line through all of it
// sorted by x zigzags meaninglessly, so the line follows its outer edge
// and the markers show the rest.
func outer(xy [][2]float64) [][2]float64 {
	s := slices.Clone(xy)
	slices.SortStableFunc(s, func(a, b [2]float64) int { // x, then y, descending
		if c := cmp.Compare(b[0], a[0]); c != 0 {
			return c
		}
		return cmp.Compare(b[1], a[1])
	})
	var out [][2]float64
	for _, p := range s {
		if len(out) == 0 || p[1] > out[len(out)-1][1] {
			out = append(out, p)
		}
	}
	slices.Reverse(out)
	return out
}

// ticks puts about six labelled ticks on an axis at a round step (1, 2,
// 2.5 or 5 times a power of ten), with one unlabelled tick between each.
type ticks struct{}

func (ticks) Ticks(lo, hi float64) []gplot.Tick {
	raw := (hi - lo) / 6
	if !(raw > 0) || math.IsInf(raw, 0) {
		return nil
	}
	mag := math.Pow(10, math.Floor(math.Log10(raw)))
	step := mag
	for _, m := range []float64{2, 2.5, 5, 10} {
		if math.Abs(math.Log(m*mag/raw)) < math.Abs(math.Log(step/raw)) {
			step = m * mag
		}
	}
	decimals := max(0, int(-math.Floor(math.Log10(step)+1e-9)))
	if step/math.Pow(10, math.Floor(math.Log10(step)+1e-9)) == 2.5 {
		decimals++
	}
	var ts []gplot.Tick
	half := step / 2
	// Far from zero relative to the step, i++ would stop changing i.
	if first, last := math.Ceil(lo/half), math.Floor(hi/half); math.Abs(first) > 1e12 || math.Abs(last) > 1e12 || last-first > 1e4 {
		return nil
	}
	for i := math.Ceil(lo / half); i <= math.Floor(hi/half); i++ {
		v := i * half
		t := gplot.Tick{Value: v}
		if math.Mod(i, 2) == 0 {
			t.Label = strconv.FormatFloat(v, 'f', decimals, 64)
			if strings.Contains(t.Label, ".") {
				t.Label = strings.TrimRight(strings.TrimRight(t.Label, "0"), ".")
			}
			if t.Label == "-0" {
				t.Label = "0"
			}
		}
		ts = append(ts, t)
	}
	return ts
}

// markStyle is the look of mark i: its own colour and shape.
func markStyle(i int, sz sizes) draw.GlyphStyle {
	s := markStyles[i%len(markStyles)]
	return draw.GlyphStyle{Color: s.color, Radius: sz.mark, Shape: outlined{s.shape}}
}

func legendOf(f *Figure, sz sizes) gplot.Legend {
	l := gplot.NewLegend()
	l.TextStyle.Font = sans(sz.legendFont)
	l.TextStyle.Color = inkColor
	l.Top, l.Left = true, true
	l.ThumbnailWidth = 24
	l.Padding = sz.legendFont * 0.35
	var cloud, zoned, ratified bool
	for _, p := range f.Panels {
		cloud = cloud || len(p.Cloud) > 0
		zoned = zoned || len(p.ZoneCloud) > 0
		ratified = ratified || len(p.RatifiableCloud) > 0
	}
	if cloud {
		l.Add("packages outside the zone", &points{sty: draw.GlyphStyle{Color: cloudColor, Radius: 2.5, Shape: draw.CircleGlyph{}}})
	}
	if zoned {
		l.Add("agreement zone (every party needed accepts)", zone{})
	}
	if ratified {
		l.Add("ratifiable zone (also ratified)", &points{sty: draw.GlyphStyle{Color: ratifiableColor, Radius: 3, Shape: outlined{diamond}}})
	}
	l.Add("walk-away values", reservation{})
	if len(f.Frontier) > 0 {
		l.Add("Pareto frontier",
			&polyline{sty: draw.LineStyle{Color: frontierColor, Width: sz.line}},
			&points{sty: draw.GlyphStyle{Color: frontierColor, Radius: sz.frontierDot, Shape: draw.CircleGlyph{}}})
	}
	for i, pa := range f.Paths {
		line, dot := pathStyles(i, sz)
		l.Add(cleanText(pa.Name), &polyline{sty: line}, &points{sty: dot})
	}
	for i := range f.Marks {
		sty := markStyle(i, sz)
		sty.Radius = min(sty.Radius, sz.legendFont*0.45)
		l.Add(markLabel(f.Marks, i), &points{sty: sty})
	}
	return l
}

// markLabel is mark i's legend text: its name, and the earlier mark it
// coincides with, since the plot can show only one of them clearly.
func markLabel(ms []Mark, i int) string {
	for _, e := range ms[:i] {
		if slices.Equal(e.Utilities, ms[i].Utilities) {
			return ms[i].Name + " (= " + e.Name + ")"
		}
	}
	return ms[i].Name
}

const legendPad = 6

// legendSize is the size of the framed legend.
func legendSize(f *Figure, sz sizes) vg.Point {
	l := legendOf(f, sz)
	s := l.Rectangle(draw.Canvas{}).Size()
	return vg.Point{X: s.X + 2*legendPad, Y: s.Y + 2*legendPad}
}

// drawLegend draws the legend framed on a white background at the top of
// c, on its right edge when right is set, else on its left.
func drawLegend(c draw.Canvas, l *gplot.Legend, right bool) {
	s := l.Rectangle(c).Size()
	box := vg.Rectangle{Min: vg.Point{X: c.Min.X, Y: c.Max.Y - s.Y - 2*legendPad}, Max: vg.Point{X: c.Min.X + s.X + 2*legendPad, Y: c.Max.Y}}
	if right {
		box.Min.X, box.Max.X = c.Max.X-s.X-2*legendPad, c.Max.X
	}
	c.SetColor(color.White)
	c.Fill(box.Path())
	c.SetLineStyle(draw.LineStyle{Color: legendEdge, Width: 0.6})
	c.Stroke(box.Path())
	inner := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: box.Min.X + legendPad, Y: box.Min.Y + legendPad},
		Max: vg.Point{X: box.Max.X - legendPad, Y: box.Max.Y - legendPad},
	}}
	l.Draw(inner)
}

// points draws a glyph at each point.
type points struct {
	xy  [][2]float64
	sty draw.GlyphStyle
	// thin skips points whose glyph would land almost exactly on an
	// earlier one, which bounds the size of the output for clouds of a
	// fine grid (hundreds of cells per axis) without changing the picture.
	thin bool
}

func (p *points) Plot(c draw.Canvas, pl *gplot.Plot) {
	trX, trY := pl.Transforms(&c)
	cell := float64(p.sty.Radius) * 1.5
	seen := map[[2]int]bool{}
	for _, q := range p.xy {
		pt := vg.Point{X: trX(q[0]), Y: trY(q[1])}
		if p.thin && cell > 0 {
			k := [2]int{int(math.Floor(float64(pt.X) / cell)), int(math.Floor(float64(pt.Y) / cell))}
			if seen[k] {
				continue
			}
			seen[k] = true
		}
		c.DrawGlyph(p.sty, pt)
	}
}

func (p *points) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(p.sty, c.Center())
}

// polyline joins the points in order.
type polyline struct {
	xy  [][2]float64
	sty draw.LineStyle
}

func (p *polyline) Plot(c draw.Canvas, pl *gplot.Plot) {
	trX, trY := pl.Transforms(&c)
	pts := make([]vg.Point, len(p.xy))
	for i, q := range p.xy {
		pts[i] = vg.Point{X: trX(q[0]), Y: trY(q[1])}
	}
	c.StrokeLines(p.sty, c.ClipLinesXY(pts)...)
}

func (p *polyline) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(p.sty, c.Min.X, y, c.Max.X, y)
}

// zone is the legend entry of the agreement zone, which the plot shades
// where its packages are (Panel.ZoneCloud).
type zone struct{}

func (zone) Plot(draw.Canvas, *gplot.Plot) {}

func (zone) Thumbnail(c *draw.Canvas) {
	r := vg.Rectangle{Min: vg.Point{X: c.Min.X + 2, Y: c.Min.Y + 1}, Max: vg.Point{X: c.Max.X - 2, Y: c.Max.Y - 1}}
	c.SetColor(zoneFill)
	c.Fill(r.Path())
	c.SetLineStyle(draw.LineStyle{Color: zoneEdge, Width: 0.6})
	c.Stroke(r.Path())
}

// reservation draws the reservation values as dashed lines across the
// plot.
type reservation struct{ rx, ry float64 }

var reservationLine = draw.LineStyle{Color: subtleColor, Width: 1, Dashes: []vg.Length{5, 3}}

func (r reservation) Plot(c draw.Canvas, pl *gplot.Plot) {
	trX, trY := pl.Transforms(&c)
	x, y := trX(r.rx), trY(r.ry)
	c.StrokeLines(reservationLine, c.ClipLinesXY(
		[]vg.Point{{X: x, Y: c.Min.Y}, {X: x, Y: c.Max.Y}},
		[]vg.Point{{X: c.Min.X, Y: y}, {X: c.Max.X, Y: y}},
	)...)
}

func (reservation) Thumbnail(c *draw.Canvas) {
	y := c.Center().Y
	c.StrokeLine2(reservationLine, c.Min.X, y, c.Max.X, y)
}

// frame outlines the data area.
type frame struct{}

func (frame) Plot(c draw.Canvas, _ *gplot.Plot) {
	c.SetLineStyle(draw.LineStyle{Color: inkColor, Width: 0.7})
	c.Stroke(c.Rectangle.Path())
}

// shape is a mark's outline.
type shape int

const (
	circle shape = iota
	square
	diamond
	triangleUp
	triangleDown
	star
)

// path traces the shape around pt. Polygons are scaled so that all shapes
// of one radius look about equally heavy.
func (s shape) path(pt vg.Point, r vg.Length) vg.Path {
	var p vg.Path
	poly := func(n int, rot float64, radii ...vg.Length) {
		for i := range n {
			a := rot + 2*math.Pi*float64(i)/float64(n)
			rr := radii[i%len(radii)]
			q := vg.Point{X: pt.X + rr*vg.Length(math.Cos(a)), Y: pt.Y + rr*vg.Length(math.Sin(a))}
			if i == 0 {
				p.Move(q)
			} else {
				p.Line(q)
			}
		}
		p.Close()
	}
	switch s {
	case circle:
		p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
		p.Arc(pt, r, 0, 2*math.Pi)
		p.Close()
	case square:
		poly(4, math.Pi/4, r*1.2)
	case diamond:
		poly(4, math.Pi/2, r*1.3)
	case triangleUp:
		poly(3, math.Pi/2, r*1.4)
	case triangleDown:
		poly(3, -math.Pi/2, r*1.4)
	case star:
		poly(10, math.Pi/2, r*1.5, r*0.65)
	}
	return p
}

// outlined draws a filled shape with a dark outline, so light colours
// stand out on the shading and overlapping marks stay apart.
type outlined struct{ shape shape }

func (o outlined) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	p := o.shape.path(pt, sty.Radius)
	c.SetColor(sty.Color)
	c.Fill(p)
	c.SetLineStyle(draw.LineStyle{Color: inkColor, Width: 0.8})
	c.Stroke(p)
}
