package plot

import (
	"bytes"
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

// synthRounds makes up k actors converging from random starts on a 2030
// to 2060 scale over n rounds, with one stubborn actor and per-round
// median and mean.
func synthRounds(k, n int, seed uint64) *Rounds {
	rng := rand.New(rand.NewPCG(seed, 11))
	r := &Rounds{Title: "bdm: emission_year", Subtitle: "made-up actors", Issue: "emission_year", Min: 2030, Max: 2060}
	names := []string{"USA", "China", "EU", "India", "Russia", "Brazil", "Japan", "Canada", "Australia",
		"Mexico", "Indonesia", "Saudi Arabia", "South Africa", "Korea", "Turkey", "Argentina", "Norway", "Chile"}
	pos := make([]float64, k)
	for i := range k {
		if i < len(names) {
			r.Actors = append(r.Actors, names[i])
		} else {
			r.Actors = append(r.Actors, fmt.Sprintf("Actor %d", i+1))
		}
		pos[i] = 2030 + 30*rng.Float64()
	}
	target := 2045.0
	for range n {
		r.Positions = append(r.Positions, slices.Clone(pos))
		s := slices.Sorted(slices.Values(pos))
		r.Median = append(r.Median, (s[(k-1)/2]+s[k/2])/2)
		m := 0.0
		for _, v := range pos {
			m += v / float64(k)
		}
		r.Mean = append(r.Mean, m)
		for i := 1; i < k; i++ { // actor 0 never moves
			if rng.Float64() < 0.6 {
				pos[i] += (target - pos[i]) * 0.5 * rng.Float64()
			}
		}
	}
	return r
}

func f64(v float64) *float64 { return &v }

func synthComparison(issues int) *Comparison {
	c := &Comparison{Title: "Forecasts by model", Subtitle: "bars: 90% interval over 200 perturbed runs"}
	names := []string{"emission_year", "carbon_price", "fund_share", "review_period", "phase_out", "offsets", "border_tax", "aid"}
	scales := [][2]float64{{2030, 2060}, {0, 200}, {0, 1}, {1, 10}, {0, 100}, {-1, 1}, {0, 50}, {0, 1000}}
	for i := range issues {
		lo, hi := scales[i%len(scales)][0], scales[i%len(scales)][1]
		at := func(f float64) float64 { return lo + f*(hi-lo) }
		name := names[i%len(names)]
		if i >= len(names) {
			name += fmt.Sprintf("_%d", i/len(names)+1)
		}
		is := ComparisonIssue{Name: name, Min: lo, Max: hi, Forecasts: []ModelForecast{
			{Model: "bdm", Value: at(0.55), Low: f64(at(0.45)), High: f64(at(0.62))},
			{Model: "smp", Value: at(0.5), Low: f64(at(0.4)), High: f64(at(0.58))},
			{Model: "median", Value: at(0.6)},
			{Model: "mean", Value: at(0.52)},
		}}
		if i == 1 {
			is.Forecasts = append(is.Forecasts, ModelForecast{Model: "condorcet", Value: at(0.58)})
		}
		c.Issues = append(c.Issues, is)
	}
	return c
}

func renderR(t *testing.T, r *Rounds, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderRounds(&buf, r, format); err != nil {
		t.Fatalf("RenderRounds %s: %v", format, err)
	}
	return buf.Bytes()
}

func renderC(t *testing.T, c *Comparison, format string) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := RenderComparison(&buf, c, format); err != nil {
		t.Fatalf("RenderComparison %s: %v", format, err)
	}
	return buf.Bytes()
}

// checkPNG decodes a PNG and checks it is about w pixels wide and has a
// drawing on it.
func checkPNG(t *testing.T, b []byte, minW, maxW int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("PNG does not decode: %v", err)
	}
	bd := img.Bounds()
	if bd.Dx() < minW || bd.Dx() > maxW || bd.Dy() < 200 {
		t.Errorf("PNG is %dx%d pixels, want width in [%d, %d]", bd.Dx(), bd.Dy(), minW, maxW)
	}
	colours := map[[3]uint32]bool{}
	for y := bd.Min.Y; y < bd.Max.Y; y += 3 {
		for x := bd.Min.X; x < bd.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	if len(colours) < 10 {
		t.Errorf("PNG has only %d distinct colours; expected a drawing", len(colours))
	}
}

func TestRenderRounds(t *testing.T) {
	t.Run("few actors", func(t *testing.T) {
		r := synthRounds(5, 8, 1)
		svg := renderR(t, r, SVG)
		texts := svgText(t, svg)
		for _, w := range append([]string{r.Title, r.Subtitle, "round", "emission_year (scale 2030 to 2060)", "median", "mean", "0", "7"}, r.Actors...) {
			if !slices.Contains(texts, w) {
				t.Errorf("SVG has no text %q", w)
			}
		}
		if slices.ContainsFunc(texts, func(s string) bool { return strings.Contains(s, "other actors") }) {
			t.Error("SVG greys out actors though there are only five")
		}
		// Legend: median, mean, then actors by final position, highest first.
		final := r.Positions[len(r.Positions)-1]
		byFinal := slices.Clone(r.Actors)
		slices.SortStableFunc(byFinal, func(a, b string) int {
			return -cmpF(final[slices.Index(r.Actors, a)], final[slices.Index(r.Actors, b)])
		})
		var legend []string
		for _, s := range texts {
			if s == "median" || s == "mean" || slices.Contains(r.Actors, s) {
				legend = append(legend, s)
			}
		}
		if want := append([]string{"median", "mean"}, byFinal...); !slices.Equal(legend, want) {
			t.Errorf("legend order %q, want %q", legend, want)
		}
		if !bytes.Equal(svg, renderR(t, r, SVG)) {
			t.Error("SVG output differs between two runs")
		}
		p := renderR(t, r, PNG)
		checkPNG(t, p, 900, 1300)
		if !bytes.Equal(p, renderR(t, r, PNG)) {
			t.Error("PNG output differs between two runs")
		}
	})
	t.Run("many actors", func(t *testing.T) {
		r := synthRounds(30, 40, 2)
		texts := svgText(t, renderR(t, r, SVG))
		if !slices.Contains(texts, fmt.Sprintf("%d other actors", 30-maxMovers)) {
			t.Errorf("SVG has no entry for the %d greyed-out actors", 30-maxMovers)
		}
		named := 0
		for _, a := range r.Actors {
			if slices.Contains(texts, a) {
				named++
			}
		}
		if named != maxMovers {
			t.Errorf("legend names %d actors, want %d", named, maxMovers)
		}
		if slices.Contains(texts, r.Actors[0]) {
			t.Error("the actor who never moves is named in the legend")
		}
		checkPNG(t, renderR(t, r, PNG), 900, 1300)
	})
	t.Run("bare", func(t *testing.T) {
		// One round, one actor, no median or mean, a position off the
		// scale, an empty issue name and text XML forbids.
		r := &Rounds{Title: "a\x01<b>", Min: 0, Max: 1, Actors: []string{"A & B"}, Positions: [][]float64{{1.5}}}
		texts := svgText(t, renderR(t, r, SVG))
		for _, w := range []string{"a <b>", "A & B", "position (scale 0 to 1)", "1.5", "0"} {
			if !slices.Contains(texts, w) {
				t.Errorf("SVG has no text %q", w)
			}
		}
		if slices.Contains(texts, "median") || slices.Contains(texts, "mean") {
			t.Error("SVG has legend entries for lines it does not draw")
		}
		checkPNG(t, renderR(t, r, PNG), 700, 1300)
	})
}

func cmpF(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestIntTicks(t *testing.T) {
	for _, tt := range []struct {
		lo, hi float64
		want   []string // labels
	}{
		{-0.1, 3.1, []string{"0", "1", "2", "3"}},
		{-0.5, 0.5, []string{"0"}},
		{0, 20, []string{"0", "2", "4", "6", "8", "10", "12", "14", "16", "18", "20"}},
		{0, 40, []string{"0", "5", "10", "15", "20", "25", "30", "35", "40"}},
		{-3, 250, []string{"0", "50", "100", "150", "200", "250"}},
	} {
		var got []string
		for _, tk := range (intTicks{}).Ticks(tt.lo, tt.hi) {
			if tk.Value != math.Round(tk.Value) {
				t.Errorf("Ticks(%g, %g) has a tick at %g", tt.lo, tt.hi, tk.Value)
			}
			if tk.Label != "" {
				got = append(got, tk.Label)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("Ticks(%g, %g) labels %q, want %q", tt.lo, tt.hi, got, tt.want)
		}
	}
}

func TestRenderComparison(t *testing.T) {
	for _, n := range []int{3, 9} {
		t.Run(fmt.Sprint(n, " issues"), func(t *testing.T) {
			c := synthComparison(n)
			svg := renderC(t, c, SVG)
			texts := svgText(t, svg)
			for _, w := range []string{c.Title, c.Subtitle, "bdm", "smp", "median", "condorcet",
				"emission_year", "   scale 2030 to 2060", "2046.5", "110", "0.60"} {
				if !slices.Contains(texts, w) {
					t.Errorf("SVG has no text %q", w)
				}
			}
			for _, is := range c.Issues {
				if !slices.Contains(texts, is.Name) {
					t.Errorf("SVG has no panel title %q", is.Name)
				}
			}
			if !bytes.Equal(svg, renderC(t, c, SVG)) {
				t.Error("SVG output differs between two runs")
			}
			p := renderC(t, c, PNG)
			if n <= twoColumns {
				checkPNG(t, p, 800, 1000)
			} else {
				checkPNG(t, p, 1600, 1800)
			}
			if !bytes.Equal(p, renderC(t, c, PNG)) {
				t.Error("PNG output differs between two runs")
			}
		})
	}
	// Values off the scale stretch the axis.
	c := &Comparison{Issues: []ComparisonIssue{{Name: "x", Min: 0, Max: 1,
		Forecasts: []ModelForecast{{Model: "m", Value: 1.8, Low: f64(-0.9), High: f64(2)}}}}}
	texts := svgText(t, renderC(t, c, SVG))
	for _, w := range []string{"1.80", "2"} {
		if !slices.Contains(texts, w) {
			t.Errorf("SVG has no text %q", w)
		}
	}
	if !slices.ContainsFunc(texts, func(s string) bool { return strings.HasPrefix(s, "-0.") }) {
		t.Errorf("SVG has no negative tick label; texts %q", texts)
	}
}

func TestRenderRoundsErrors(t *testing.T) {
	nan := math.NaN()
	tests := []struct {
		name   string
		edit   func(r *Rounds)
		format string
		field  string
		code   string
	}{
		{"format", func(*Rounds) {}, "jpg", "format", entente.EUnsupported},
		{"min NaN", func(r *Rounds) { r.Min = nan }, SVG, "min", entente.EInvalid},
		{"max Inf", func(r *Rounds) { r.Max = math.Inf(1) }, SVG, "max", entente.EInvalid},
		{"scale empty", func(r *Rounds) { r.Max = r.Min }, SVG, "max", entente.EInvalid},
		{"scale reversed", func(r *Rounds) { r.Min, r.Max = r.Max, r.Min }, PNG, "max", entente.EInvalid},
		{"scale narrow", func(r *Rounds) { r.Min, r.Max = 1e5, 1e5+1e-6 }, SVG, "max", entente.EInvalid},
		{"no actors", func(r *Rounds) { r.Actors = nil }, SVG, "actors", entente.EInvalid},
		{"actor name", func(r *Rounds) { r.Actors[2] = "" }, SVG, "actors[2]", entente.EInvalid},
		{"no rounds", func(r *Rounds) { r.Positions = nil }, SVG, "positions", entente.EInvalid},
		{"row length", func(r *Rounds) { r.Positions[3] = r.Positions[3][:2] }, SVG, "positions[3]", entente.EInvalid},
		{"position NaN", func(r *Rounds) { r.Positions[1][4] = nan }, PNG, "positions[1][4]", entente.EInvalid},
		{"position huge", func(r *Rounds) { r.Positions[0][0] = 1e300 }, SVG, "positions[0][0]", entente.EInvalid},
		{"median length", func(r *Rounds) { r.Median = r.Median[1:] }, SVG, "median", entente.EInvalid},
		{"mean empty", func(r *Rounds) { r.Mean = []float64{} }, SVG, "mean", entente.EInvalid},
		{"mean Inf", func(r *Rounds) { r.Mean[2] = math.Inf(-1) }, SVG, "mean[2]", entente.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := synthRounds(5, 6, 3)
			tt.edit(r)
			var buf bytes.Buffer
			checkErr(t, RenderRounds(&buf, r, tt.format), &buf, tt.field, tt.code)
		})
	}
	if err := RenderRounds(io.Discard, nil, SVG); entente.ErrorCode(err) != entente.EInvalid {
		t.Errorf("RenderRounds(nil) error = %v, want an invalid-input error", err)
	}
}

func TestRenderComparisonErrors(t *testing.T) {
	tests := []struct {
		name   string
		edit   func(c *Comparison)
		format string
		field  string
		code   string
	}{
		{"format", func(*Comparison) {}, "", "format", entente.EUnsupported},
		{"no issues", func(c *Comparison) { c.Issues = nil }, SVG, "issues", entente.EInvalid},
		{"issue name", func(c *Comparison) { c.Issues[1].Name = " " }, SVG, "issues[1].name", entente.EInvalid},
		{"scale NaN", func(c *Comparison) { c.Issues[0].Min = math.NaN() }, SVG, "issues[0].min", entente.EInvalid},
		{"scale reversed", func(c *Comparison) { c.Issues[2].Max = -5 }, PNG, "issues[2].max", entente.EInvalid},
		{"no forecasts", func(c *Comparison) { c.Issues[0].Forecasts = nil }, SVG, "issues[0].forecasts", entente.EInvalid},
		{"model name", func(c *Comparison) { c.Issues[0].Forecasts[1].Model = "" }, SVG, "issues[0].forecasts[1].model", entente.EInvalid},
		{"model twice", func(c *Comparison) { c.Issues[1].Forecasts[3].Model = "bdm" }, SVG, "issues[1].forecasts[3].model", entente.EInvalid},
		{"value Inf", func(c *Comparison) { c.Issues[2].Forecasts[0].Value = math.Inf(1) }, SVG, "issues[2].forecasts[0].value", entente.EInvalid},
		{"one end", func(c *Comparison) { c.Issues[0].Forecasts[2].Low = f64(0) }, SVG, "issues[0].forecasts[2].low", entente.EInvalid},
		{"low NaN", func(c *Comparison) { c.Issues[0].Forecasts[0].Low = f64(math.NaN()) }, SVG, "issues[0].forecasts[0].low", entente.EInvalid},
		{"high huge", func(c *Comparison) { c.Issues[0].Forecasts[0].High = f64(-1e9) }, SVG, "issues[0].forecasts[0].high", entente.EInvalid},
		{"reversed", func(c *Comparison) { c.Issues[1].Forecasts[1].High = f64(-1) }, SVG, "issues[1].forecasts[1].high", entente.EInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := synthComparison(3)
			tt.edit(c)
			var buf bytes.Buffer
			checkErr(t, RenderComparison(&buf, c, tt.format), &buf, tt.field, tt.code)
		})
	}
	if err := RenderComparison(io.Discard, nil, PNG); entente.ErrorCode(err) != entente.EInvalid {
		t.Errorf("RenderComparison(nil) error = %v, want an invalid-input error", err)
	}
}

func checkErr(t *testing.T, err error, buf *bytes.Buffer, field, code string) {
	t.Helper()
	var e *entente.Error
	if !errors.As(err, &e) {
		t.Fatalf("error = %v, want an *entente.Error", err)
	}
	if e.Field != field || e.Code != code {
		t.Errorf("error %q has field %q code %q, want field %q code %q", err, e.Field, e.Code, field, code)
	}
	if buf.Len() != 0 {
		t.Errorf("wrote %d bytes before failing", buf.Len())
	}
}

// TestWriteForecastExamples writes /tmp/rounds.png, /tmp/rounds-many.png,
// /tmp/comparison.png and /tmp/comparison-many.png (and SVGs) for a person
// to look at. It runs only with ENTENTE_PLOT_EXAMPLES=1.
func TestWriteForecastExamples(t *testing.T) {
	if os.Getenv("ENTENTE_PLOT_EXAMPLES") == "" {
		t.Skip("set ENTENTE_PLOT_EXAMPLES=1 to write /tmp/rounds*.png and /tmp/comparison*.png")
	}
	write := func(name string, b []byte) {
		if err := os.WriteFile(name, b, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Log("wrote", name)
	}
	for _, format := range []string{PNG, SVG} {
		write("/tmp/rounds."+format, renderR(t, synthRounds(7, 10, 1), format))
		write("/tmp/rounds-many."+format, renderR(t, synthRounds(30, 40, 2), format))
		write("/tmp/comparison."+format, renderC(t, synthComparison(4), format))
		write("/tmp/comparison-many."+format, renderC(t, synthComparison(9), format))
	}
}

// TestFuzzSeedsRender makes sure the fuzz seeds reach the drawing code,
// not only the checks.
func TestFuzzSeedsRender(t *testing.T) {
	ok := 0
	for _, s := range []string{"\x02ab\x00\x01x\x03iss\x01\x00\x00\x01\x10\x27\x03\x02A\x01B\x01C\x03\x01\x00\x01\x00\x01\x00\x01\x00\x01\x00"} {
		if RenderRounds(io.Discard, fuzzRounds([]byte(s)), SVG) == nil {
			ok++
		}
	}
	for _, s := range []string{"\x02ab\x00\x01\x01x\x01\x00\x00\x01\x10\x27\x02\x03bdm\x01\x00\x10\x00\x01\x00\x05\x01\x00\x20\x03smp\x01\x00\x08\x02"} {
		if RenderComparison(io.Discard, fuzzComparison([]byte(s)), SVG) == nil {
			ok++
		}
	}
	if ok != 2 {
		t.Errorf("%d of 2 seeds render; the fuzzers would mostly test the checks", ok)
	}
}

// TestTicksFar checks that tick making ends for ranges far from zero
// relative to their width, where counting in steps would stall.
func TestTicksFar(t *testing.T) {
	for _, r := range [][2]float64{{1e15, 1e15 + 1}, {-1e6, -1e6 + 1e-9}, {0, 1e300}} {
		if ts := (ticks{}).Ticks(r[0], r[1]); len(ts) > 100 {
			t.Errorf("Ticks(%g, %g) = %d ticks", r[0], r[1], len(ts))
		}
	}
}
