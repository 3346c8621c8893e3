package plot

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/entente/entente"
)

// synth builds a figure from a small made-up scenario: k parties, four
// issues of five options each, random additive preferences that pull in
// different directions, and brute-force frontier and solutions.
func synth(k int, seed uint64, reservation []float64) *Figure {
	rng := rand.New(rand.NewPCG(seed, 7))
	const issues, opts, cells = 4, 5, 40
	w := make([][]float64, k)   // weights
	v := make([][][]float64, k) // values by issue and option
	for p := range k {
		w[p] = make([]float64, issues)
		sum := 0.0
		for i := range w[p] {
			w[p][i] = 0.2 + rng.Float64()
			sum += w[p][i]
		}
		v[p] = make([][]float64, issues)
		for i := range v[p] {
			w[p][i] /= sum
			v[p][i] = make([]float64, opts)
			for o := range v[p][i] {
				// Party p likes option p+i (mod opts) best, with noise.
				d := math.Abs(float64((o - p - i + 2*opts) % opts))
				v[p][i][o] = math.Max(0, 1-d/float64(opts-1)*0.9-0.15*rng.Float64())
			}
			top := 0.0
			for _, x := range v[p][i] {
				top = math.Max(top, x)
			}
			for o := range v[p][i] {
				v[p][i][o] /= top
			}
		}
	}
	var us [][]float64
	n := 1
	for range issues {
		n *= opts
	}
	for idx := range n {
		u := make([]float64, k)
		for p := range k {
			rest := idx
			for i := issues - 1; i >= 0; i-- {
				u[p] += w[p][i] * v[p][i][rest%opts]
				rest /= opts
			}
		}
		us = append(us, u)
	}
	inZone := func(u []float64) bool {
		for p := range k {
			if u[p] < reservation[p] {
				return false
			}
		}
		return true
	}
	dominated := func(a, b []float64) bool { // b dominates a
		strict := false
		for p := range k {
			if b[p] < a[p] {
				return false
			}
			strict = strict || b[p] > a[p]
		}
		return strict
	}
	var frontier [][]float64
	for _, a := range us {
		dom := false
		for _, b := range us {
			if dominated(a, b) {
				dom = true
				break
			}
		}
		if !dom {
			frontier = append(frontier, a)
		}
	}
	best := func(score func([]float64) float64) []float64 {
		var arg []float64
		top := math.Inf(-1)
		for _, u := range frontier {
			if s := score(u); inZone(u) && s > top {
				arg, top = u, s
			}
		}
		return arg
	}
	f := &Figure{
		Title:       fmt.Sprintf("Made-up %d-party deal", k),
		Reservation: reservation,
		Frontier:    frontier,
		Subtitle:    "synthetic test scenario, 625 outcomes",
	}
	for p := range k {
		f.Parties = append(f.Parties, []string{"Buyer", "Seller", "Union", "Regulator", "Bank", "Town"}[p])
	}
	marks := []struct {
		name  string
		score func([]float64) float64
	}{
		{"Nash", func(u []float64) float64 {
			s := 0.0
			for p := range k {
				s += math.Log(u[p] - reservation[p] + 1e-12)
			}
			return s
		}},
		{"Kalai-Smorodinsky", func(u []float64) float64 {
			m := math.Inf(1)
			for p := range k {
				m = math.Min(m, (u[p]-reservation[p])/(1-reservation[p]))
			}
			return m
		}},
		{"egalitarian", func(u []float64) float64 {
			m := math.Inf(1)
			for p := range k {
				m = math.Min(m, u[p]-reservation[p])
			}
			return m
		}},
		{"utilitarian", func(u []float64) float64 {
			s := 0.0
			for p := range k {
				s += u[p]
			}
			return s
		}},
	}
	for _, m := range marks {
		if u := best(m.score); u != nil {
			f.Marks = append(f.Marks, Mark{Name: m.name, Utilities: slices.Clone(u)})
		}
	}
	cell := func(x float64) float64 {
		c := math.Min(math.Max(math.Floor(x*cells), 0), cells-1)
		return (c + 0.5) / cells
	}
	for y := 1; y < k; y++ {
		for x := range y {
			pn := Panel{X: x, Y: y}
			seen := map[[2]float64]int{} // 1 outside, 2 inside
			var order [][2]float64
			for _, u := range us {
				c := [2]float64{cell(u[x]), cell(u[y])}
				if seen[c] == 0 {
					order = append(order, c)
				}
				if inZone(u) {
					seen[c] = 2
				} else if seen[c] == 0 {
					seen[c] = 1
				}
			}
			for _, c := range order {
				if seen[c] == 2 {
					pn.ZoneCloud = append(pn.ZoneCloud, c)
				} else {
					pn.Cloud = append(pn.Cloud, c)
				}
			}
			f.Panels = append(f.Panels, pn)
		}
	}
	return f
}

func render(t *testing.T, f *Figure, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Render(&buf, f, format); err != nil {
		t.Fatalf("Render %s: %v", format, err)
	}
	return buf.Bytes()
}

// svgText collects the text elements of an SVG document, failing the test
// when it is not well-formed XML.
func svgText(t *testing.T, b []byte) []string {
	t.Helper()
	d := xml.NewDecoder(bytes.NewReader(b))
	var texts []string
	inText := false
	root := ""
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG is not well-formed XML: %v", err)
		}
		switch tok := tok.(type) {
		case xml.StartElement:
			if root == "" {
				root = tok.Name.Local
			}
			inText = tok.Name.Local == "text"
		case xml.EndElement:
			inText = false
		case xml.CharData:
			if inText {
				texts = append(texts, string(tok))
			}
		}
	}
	if root != "svg" {
		t.Fatalf("SVG root element is %q, want svg", root)
	}
	return texts
}

func TestRender(t *testing.T) {
	tests := []struct {
		name        string
		fig         *Figure
		minW, maxW  int // PNG width bounds in pixels
		wantPanels  int
		wantEntries []string
	}{
		{"two parties", synth(2, 1, []float64{0.3, 0.25}), 700, 1200, 1,
			[]string{"packages outside the zone", "agreement zone (every party needed accepts)", "walk-away values", "Pareto frontier"}},
		{"four parties", synth(4, 2, []float64{0.2, 0.2, 0.15, 0.1}), 900, 1300, 6,
			[]string{"walk-away values", "Pareto frontier"}},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := tt.fig
			if len(f.Marks) < 3 {
				t.Fatalf("synthetic figure has %d marks; the test wants several", len(f.Marks))
			}
			svg := render(t, f, SVG)
			texts := svgText(t, svg)
			for _, w := range append([]string{f.Title, f.Subtitle}, tt.wantEntries...) {
				if !slices.Contains(texts, w) {
					t.Errorf("SVG has no text %q", w)
				}
			}
			for _, m := range f.Marks { // a mark may be labelled "name (= other)"
				if !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, m.Name) }) {
					t.Errorf("SVG has no legend entry for mark %q", m.Name)
				}
			}
			labels := 0
			for _, s := range texts {
				if strings.HasPrefix(s, "utility of ") {
					labels++
				}
			}
			if labels != 2*tt.wantPanels {
				t.Errorf("SVG has %d axis labels, want %d", labels, 2*tt.wantPanels)
			}
			for _, p := range f.Parties {
				if !slices.Contains(texts, "utility of "+p+" (0 worst, 1 best)") {
					t.Errorf("SVG has no axis label for %s", p)
				}
			}
			if !bytes.Equal(svg, render(t, f, SVG)) {
				t.Error("SVG output differs between two runs")
			}

			pngBytes := render(t, f, PNG)
			img, err := png.Decode(bytes.NewReader(pngBytes))
			if err != nil {
				t.Fatalf("PNG does not decode: %v", err)
			}
			b := img.Bounds()
			if b.Dx() < tt.minW || b.Dx() > tt.maxW || b.Dy() < tt.minW*3/4 || b.Dy() > tt.maxW*3/2 {
				t.Errorf("PNG is %dx%d pixels, want width in [%d, %d] and a plausible height", b.Dx(), b.Dy(), tt.minW, tt.maxW)
			}
			// Something beyond the white background must have been drawn.
			colours := map[[3]uint32]bool{}
			for y := b.Min.Y; y < b.Max.Y; y += 3 {
				for x := b.Min.X; x < b.Max.X; x += 3 {
					r, g, bl, _ := img.At(x, y).RGBA()
					colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
				}
			}
			if len(colours) < 10 {
				t.Errorf("PNG has only %d distinct colours; expected a drawing", len(colours))
			}
			if !bytes.Equal(pngBytes, render(t, f, PNG)) {
				t.Error("PNG output differs between two runs")
			}
			for ext, b := range map[string][]byte{"svg": svg, "png": pngBytes} {
				if err := os.WriteFile(fmt.Sprintf("%s/%d-parties.%s", dir, len(f.Parties), ext), b, 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// TestRenderLayouts covers the layouts other than one panel and the full
// triangle, and axes stretched past [0, 1].
func TestRenderLayouts(t *testing.T) {
	f := synth(3, 3, []float64{-0.25, 0.2, 0.1})
	tri := render(t, f, SVG)

	sub := *f
	sub.Panels = f.Panels[:2] // not all pairs: near-square grid
	grid := render(t, &sub, SVG)
	if bytes.Equal(tri, grid) {
		t.Error("two panels of three render the same as all three")
	}
	for _, s := range []string{"utility of Buyer (0 worst, 1 best)", "utility of Union (0 worst, 1 best)", "-0.2"} {
		if !slices.Contains(svgText(t, grid), s) {
			t.Errorf("grid SVG has no text %q", s)
		}
	}

	// No clouds, no frontier, swapped axes and a title needing escaping
	// still draw; coinciding marks are named together.
	bare := &Figure{Title: `<Acme & "Sons">`, Parties: []string{"A", "B"}, Reservation: []float64{0, 1.5},
		Panels: []Panel{{X: 1, Y: 0}},
		Marks:  []Mark{{"first", []float64{0.5, 0.5}}, {"second", []float64{0.5, 0.6}}, {"third", []float64{0.5, 0.5}}}}
	texts := svgText(t, render(t, bare, SVG))
	for _, s := range []string{bare.Title, "utility of A (0 worst, 1 best)", "utility of B (0 worst, 1 best)", "1.5", "walk-away values", "first", "second", "third (= first)"} {
		if !slices.Contains(texts, s) {
			t.Errorf("bare SVG has no text %q", s)
		}
	}
	if slices.Contains(texts, "Pareto frontier") || slices.Contains(texts, "packages outside the zone") || slices.Contains(texts, "agreement zone (every party needed accepts)") {
		t.Error("bare SVG has legend entries for things it does not draw")
	}
	if _, err := png.Decode(bytes.NewReader(render(t, bare, PNG))); err != nil {
		t.Errorf("bare PNG does not decode: %v", err)
	}

	// Characters XML forbids must not break the SVG.
	bare.Title, bare.Parties[0] = "bad\x01byte\xff", "tab\there"
	texts = svgText(t, render(t, bare, SVG))
	for _, s := range []string{"bad byte\uFFFD", "utility of tab here (0 worst, 1 best)"} {
		if !slices.Contains(texts, s) {
			t.Errorf("SVG has no text %q", s)
		}
	}
}

func TestRenderErrors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		edit   func(f *Figure)
		format string
		field  string
		code   string
	}{
		{"format", func(*Figure) {}, "pdf", "format", entente.EUnsupported},
		{"one party", func(f *Figure) { f.Parties = f.Parties[:1]; f.Reservation = f.Reservation[:1] }, SVG, "parties", entente.EInvalid},
		{"reservations", func(f *Figure) { f.Reservation = f.Reservation[:1] }, SVG, "reservation", entente.EInvalid},
		{"reservation NaN", func(f *Figure) { f.Reservation[1] = nan }, PNG, "reservation[1]", entente.EInvalid},
		{"reservation Inf", func(f *Figure) { f.Reservation[0] = math.Inf(-1) }, SVG, "reservation[0]", entente.EInvalid},
		{"frontier length", func(f *Figure) { f.Frontier[2] = f.Frontier[2][:1] }, SVG, "frontier[2]", entente.EInvalid},
		{"frontier NaN", func(f *Figure) { f.Frontier[0][1] = nan }, SVG, "frontier[0][1]", entente.EInvalid},
		{"frontier huge", func(f *Figure) { f.Frontier[0][0] = 1e300 }, SVG, "frontier[0][0]", entente.EInvalid},
		{"mark length", func(f *Figure) { f.Marks[1].Utilities = []float64{1, 2, 3} }, SVG, "marks[1].utilities", entente.EInvalid},
		{"mark NaN", func(f *Figure) { f.Marks[0].Utilities[0] = nan }, SVG, "marks[0].utilities[0]", entente.EInvalid},
		{"mark name", func(f *Figure) { f.Marks[0].Name = " " }, SVG, "marks[0].name", entente.EInvalid},
		{"no panels", func(f *Figure) { f.Panels = nil }, SVG, "panels", entente.EInvalid},
		{"panel x", func(f *Figure) { f.Panels[0].X = 2 }, SVG, "panels[0].x", entente.EInvalid},
		{"panel y", func(f *Figure) { f.Panels[0].Y = -1 }, SVG, "panels[0].y", entente.EInvalid},
		{"panel same", func(f *Figure) { f.Panels[0].Y = 0 }, SVG, "panels[0]", entente.EInvalid},
		{"cloud NaN", func(f *Figure) { f.Panels[0].Cloud[3][1] = nan }, SVG, "panels[0].cloud[3][1]", entente.EInvalid},
		{"zone NaN", func(f *Figure) { f.Panels[0].ZoneCloud[0][0] = nan }, PNG, "panels[0].zoneCloud[0][0]", entente.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := synth(2, 4, []float64{0.2, 0.2})
			tt.edit(f)
			var buf bytes.Buffer
			err := Render(&buf, f, tt.format)
			var e *entente.Error
			if !errors.As(err, &e) {
				t.Fatalf("Render error = %v, want an *entente.Error", err)
			}
			if e.Field != tt.field || e.Code != tt.code {
				t.Errorf("error %q has field %q code %q, want field %q code %q", err, e.Field, e.Code, tt.field, tt.code)
			}
			if buf.Len() != 0 {
				t.Errorf("Render wrote %d bytes before failing", buf.Len())
			}
		})
	}
	if err := Render(io.Discard, nil, SVG); entente.ErrorCode(err) != entente.EInvalid {
		t.Errorf("Render(nil) error = %v, want an invalid-input error", err)
	}
}

func TestFormatOf(t *testing.T) {
	for _, tt := range []struct{ path, want string }{
		{"out.svg", SVG}, {"dir.v1/OUT.PNG", PNG}, {"a.Svg", SVG},
		{"out.pdf", ""}, {"out", ""}, {"svg", ""}, {"out.svg.gz", ""},
	} {
		got, err := FormatOf(tt.path)
		if got != tt.want {
			t.Errorf("FormatOf(%q) = %q, want %q", tt.path, got, tt.want)
		}
		if tt.want == "" && (err == nil || !strings.Contains(err.Error(), ".svg or .png")) {
			t.Errorf("FormatOf(%q) error = %v, want one naming .svg and .png", tt.path, err)
		}
		if tt.want != "" && err != nil {
			t.Errorf("FormatOf(%q) error = %v", tt.path, err)
		}
	}
}

// TestWriteExamples writes /tmp/plot-2.png and /tmp/plot-3.png for a person
// to look at. It runs only with ENTENTE_PLOT_EXAMPLES=1.
func TestWriteExamples(t *testing.T) {
	if os.Getenv("ENTENTE_PLOT_EXAMPLES") == "" {
		t.Skip("set ENTENTE_PLOT_EXAMPLES=1 to write /tmp/plot-*.png")
	}
	for _, ex := range []struct {
		k  int
		rv []float64
	}{{2, []float64{0.3, 0.25}}, {3, []float64{0.25, -0.1, 0.2}}, {4, []float64{0.2, 0.2, 0.15, 0.1}}} {
		f := synth(ex.k, uint64(ex.k), ex.rv)
		for _, format := range []string{PNG, SVG} {
			name := fmt.Sprintf("/tmp/plot-%d.%s", ex.k, format)
			if err := os.WriteFile(name, render(t, f, format), 0o644); err != nil {
				t.Fatal(err)
			}
			t.Log("wrote", name)
		}
	}
}

// dense returns a figure whose clouds fill a fine grid, as the analysis
// hands over for a large space.
func dense(k, cells int) *Figure {
	f := synth(k, 9, make([]float64, k))
	for i := range f.Panels {
		p := &f.Panels[i]
		p.Cloud, p.ZoneCloud = nil, nil
		for y := range cells {
			for x := range cells {
				c := [2]float64{(float64(x) + 0.5) / float64(cells), (float64(y) + 0.5) / float64(cells)}
				if d := c[0] + c[1]; d > 1.4 {
					continue
				} else if d > 0.6 {
					p.ZoneCloud = append(p.ZoneCloud, c)
				} else {
					p.Cloud = append(p.Cloud, c)
				}
			}
		}
	}
	return f
}

func TestRenderDense(t *testing.T) {
	if testing.Short() {
		t.Skip("slow")
	}
	for _, k := range []int{2, 4} {
		svg := render(t, dense(k, 300), SVG)
		panels := k * (k - 1) / 2
		// Unthinned, each of the ~80,000 points per panel would take over
		// 100 bytes.
		if per := len(svg) / panels; per > 3<<20 {
			t.Errorf("%d parties: SVG takes %d bytes per panel; the clouds are not thinned", k, per)
		}
	}
}

func BenchmarkRender(b *testing.B) {
	for _, bc := range []struct {
		name   string
		f      *Figure
		format string
	}{
		{"2-svg", dense(2, 300), SVG}, {"2-png", dense(2, 300), PNG},
		{"4-svg", dense(4, 300), SVG}, {"4-png", dense(4, 300), PNG},
	} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				if err := Render(io.Discard, bc.f, bc.format); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
