package plot_test

import (
	"bytes"
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/report/plot"
)

func TestBarsAndHeatmap(t *testing.T) {
	bars := &plot.Bars{Title: "utility", YLabel: "u", Labels: []string{"a", "b", "c"},
		Values: []float64{0.5, math.NaN(), 0.2}, Low: []float64{0.4, math.NaN(), 0.1}, High: []float64{0.6, math.NaN(), 0.3}}
	heat := &plot.Heatmap{Title: "by scenario", Rows: []string{"a", "b"}, Cols: []string{"x", "y"}, Values: [][]float64{{0.1, math.NaN()}, {0.9, 0.5}}}
	for _, format := range []string{plot.SVG, plot.PNG} {
		var a, b bytes.Buffer
		if err := plot.RenderBars(&a, bars, format); err != nil {
			t.Fatal(err)
		}
		if err := plot.RenderHeatmap(&b, heat, format); err != nil {
			t.Fatal(err)
		}
		if a.Len() < 1000 || b.Len() < 1000 {
			t.Errorf("%s: %d and %d bytes", format, a.Len(), b.Len())
		}
	}
	var svg bytes.Buffer
	if err := plot.RenderHeatmap(&svg, heat, plot.SVG); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"0.100", "0.900", "0.500", ">x<", ">b<"} {
		if !strings.Contains(svg.String(), want) {
			t.Errorf("the heat map lacks %q", want)
		}
	}
}

func TestBarsAndHeatmapRefuseBadInput(t *testing.T) {
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"no bars", plot.RenderBars(&bytes.Buffer{}, &plot.Bars{}, plot.SVG), "labels: no bars"},
		{"lengths", plot.RenderBars(&bytes.Buffer{}, &plot.Bars{Labels: []string{"a"}, Values: []float64{1, 2}}, plot.SVG), "values: 2 values for 1 labels"},
		{"one-sided", plot.RenderBars(&bytes.Buffer{}, &plot.Bars{Labels: []string{"a"}, Values: []float64{1}, Low: []float64{0}}, plot.SVG), "low: error bars need both"},
		{"reversed", plot.RenderBars(&bytes.Buffer{}, &plot.Bars{Labels: []string{"a"}, Values: []float64{1}, Low: []float64{2}, High: []float64{0}}, plot.SVG), "low[0]: error bar [2, 0] is not an interval"},
		{"infinite", plot.RenderBars(&bytes.Buffer{}, &plot.Bars{Labels: []string{"a"}, Values: []float64{math.Inf(1)}}, plot.SVG), "values[0]: +Inf"},
		{"format", plot.RenderBars(&bytes.Buffer{}, &plot.Bars{Labels: []string{"a"}, Values: []float64{1}}, "gif"), "gif"},
		{"empty table", plot.RenderHeatmap(&bytes.Buffer{}, &plot.Heatmap{}, plot.SVG), "rows: an empty table"},
		{"ragged", plot.RenderHeatmap(&bytes.Buffer{}, &plot.Heatmap{Rows: []string{"a"}, Cols: []string{"x", "y"}, Values: [][]float64{{1}}}, plot.SVG), "values[0]: 1 values for 2 columns"},
		{"scale", plot.RenderHeatmap(&bytes.Buffer{}, &plot.Heatmap{Rows: []string{"a"}, Cols: []string{"x"}, Values: [][]float64{{1}}, Min: 2, Max: 1}, plot.SVG), "min: colour scale"},
	} {
		var e *entente.Error
		if !errors.As(c.err, &e) || !strings.Contains(c.err.Error(), c.want) {
			t.Errorf("%s: got %v, want an entente error with %q", c.name, c.err, c.want)
		}
	}
}

func TestPathsAreDrawnAndChecked(t *testing.T) {
	f := &plot.Figure{Parties: []string{"a", "b"}, Reservation: []float64{0.2, 0.3}, Panels: []plot.Panel{{X: 0, Y: 1}},
		Paths: []plot.Path{{Name: "offers of a", Points: [][]float64{{1, 0}, {0.8, 0.3}, {0.6, 0.5}}}}}
	var svg bytes.Buffer
	if err := plot.Render(&svg, f, plot.SVG); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(svg.String(), "offers of a") {
		t.Error("the legend does not name the path")
	}
	f.Paths[0].Points[1] = []float64{0.8}
	if err := plot.Render(&bytes.Buffer{}, f, plot.SVG); err == nil || !strings.Contains(err.Error(), "paths[0].points[1]: 1 utilities for 2 parties") {
		t.Errorf("a short point: %v", err)
	}
	f.Paths[0] = plot.Path{Points: [][]float64{{1, 1}}}
	if err := plot.Render(&bytes.Buffer{}, f, plot.SVG); err == nil || !strings.Contains(err.Error(), "paths[0].name") {
		t.Errorf("an unnamed path: %v", err)
	}
}
