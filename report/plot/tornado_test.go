package plot

import (
	"bytes"
	"errors"
	"math"
	"slices"
	"testing"

	"github.com/entente/entente"
)

func TestTornado(t *testing.T) {
	tor := &Tornado{Title: "What decides", XLabel: "correlation (−1 to 1)",
		Labels: []string{"Russia: walk-away value", "Ukraine: weight of NATO"}, Values: []float64{-0.63, 0.2}}
	var buf bytes.Buffer
	if err := RenderTornado(&buf, tor, SVG); err != nil {
		t.Fatal(err)
	}
	texts := svgText(t, buf.Bytes())
	for _, want := range []string{"What decides", "correlation (−1 to 1)", "Russia: walk-away value", "Ukraine: weight of NATO", "-0.63", "0.20"} {
		if !slices.Contains(texts, want) {
			t.Errorf("the SVG has no text %q", want)
		}
	}
	for _, bad := range []*Tornado{nil, {}, {Labels: []string{"a"}}, {Labels: []string{"a"}, Values: []float64{math.NaN()}}} {
		var e *entente.Error
		if err := RenderTornado(&buf, bad, SVG); !errors.As(err, &e) || e.Code != entente.EInvalid {
			t.Errorf("%+v: %v, want an EInvalid error", bad, err)
		}
	}
	if err := RenderTornado(&buf, tor, "gif"); err == nil {
		t.Error("a gif tornado was drawn")
	}
}
