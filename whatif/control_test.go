package whatif_test

import (
	"reflect"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/whatif"
)

// TestFlagshipControls: the flagship's controls, checked against its file
// for a number of each shape.
func TestFlagshipControls(t *testing.T) {
	s := flagship(t)
	ws := workspace(t, s, whatif.Options{})
	ctrls := ws.Controls()
	byKey := map[string]whatif.Control{}
	for _, c := range ctrls {
		if _, dup := byKey[c.Key]; dup {
			t.Errorf("%q listed twice", c.Key)
		}
		byKey[c.Key] = c
	}
	// Every annotation is a control, but the 7 spreads of voter groups,
	// each listed as its centre and its spread (already annotated when the
	// file gives their ranges, as the flagship does for 6 of them).
	spreads, ranged := 0, 0
	for _, p := range s.Params {
		if p.Ref.Population() && p.Uncertain() {
			spreads++
		}
		if p.Ref.Kind == entente.RefCentre {
			ranged++
		}
	}
	if want := len(s.Params) - spreads + 2*(spreads-ranged); len(ctrls) != want {
		t.Errorf("%d controls, want %d (%d annotations, %d spreads, %d with ranges)", len(ctrls), want, len(s.Params), spreads, ranged)
	}
	for _, want := range []whatif.Control{
		{Key: "guarantors[0].credibility", Label: "US executive: credibility", Owner: "US executive", Quantity: "credibility",
			Value: 0.35, Range: &whatif.Range{Low: 0.15, High: 0.6}, Dist: "uniform", Confidence: "low",
			Widget: whatif.Widget{Kind: "slider", Min: 0.15, Max: 0.6, Step: 0.001, LimitMin: 0, LimitMax: 1}},
		// Stated without a range: the slider spans the limits.
		{Key: "constituencies[0].threshold", Label: "Ukrainian referendum: approval threshold", Owner: "Ukrainian referendum", Party: "Ukraine",
			Quantity: "approval threshold", Value: 0.5, Dist: "point", Confidence: "high", Structural: true,
			Widget: whatif.Widget{Kind: "slider", Min: 0, Max: 1, Step: 0.01, LimitMin: 0, LimitMax: 1}},
		{Key: "parties[2].weights.Donbas", Label: "Ukraine: weight of Donbas", Owner: "Ukraine", Party: "Ukraine", Issue: "Donbas",
			Quantity: "weight", Rescales: "the other weights of Ukraine, so that they keep summing to 1"},
		{Key: "parties[0].values.Donbas.line frozen", Label: "United States: Donbas = line frozen", Owner: "United States", Party: "United States",
			Issue: "Donbas", Option: "line frozen", Quantity: "table value"},
		{Key: "parties[3].bloc.members[1].reservation", Label: "Europe / France: walk-away value", Owner: "Europe / France", Party: "Europe", Quantity: "reservation value"},
		{Key: "constituencies[0].voters[0].share", Label: "Ukrainian referendum / no concessions: share of voters", Owner: "Ukrainian referendum / no concessions",
			Party: "Ukraine", Quantity: "voter share", Rescales: "the other voter shares of Ukrainian referendum, so that they keep summing to 1"},
		{Key: "constituencies[0].voters[0].reservation.centre_range", Label: "Ukrainian referendum / no concessions: walk-away centre", Owner: "Ukrainian referendum / no concessions",
			Party: "Ukraine", Quantity: "walk-away centre", Structural: true},
		{Key: "issues[5].guarantees.Art5 Europeans only.required", Label: "security guarantee = Art5 Europeans only: guarantors needed",
			Issue: "security guarantee", Option: "Art5 Europeans only", Quantity: "guarantors required", Structural: true},
	} {
		got, ok := byKey[want.Key]
		if !ok {
			t.Errorf("no control %q", want.Key)
			continue
		}
		if got.Ref != (entente.Ref{}) {
			if back, err := ws.Ref(got.Key); err != nil || back != got.Ref {
				t.Errorf("%q: Ref %+v reads back as %+v", got.Key, got.Ref, back)
			}
		}
		if want.Widget.Kind == "" {
			// Only the words are checked here.
			got.Value, got.Range, got.Dist, got.SD, got.Confidence, got.Source, got.Note, got.Widget = 0, nil, "", 0, "", "", "", whatif.Widget{}
		}
		got.Ref = entente.Ref{}
		if want.Widget.Kind != "" {
			want.Source, want.Note = got.Source, got.Note
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("control\n%+v\nwant\n%+v", got, want)
		}
	}
	// The number of guarantors a guarantee needs: an integer field from 1
	// to the guarantors it lists (here its stated range).
	req := byKey["issues[5].guarantees.Art5 Europeans only.required"]
	n := float64(len(s.Issues[5].Guarantees[req.Ref.Sub].Guarantors))
	if w := req.Widget; w.Kind != "integer" || w.Step != 1 || w.LimitMin != 1 || w.LimitMax != n || w.Max > n || w.Min < 1 {
		t.Errorf("guarantors needed: widget %+v, want an integer in [1, %v]", w, n)
	}
	// Every widget holds its value, and its range when stated.
	for _, c := range ctrls {
		w := c.Widget
		if !(w.Min <= c.Value && c.Value <= w.Max) || !(w.Step > 0) || c.Range != nil && (w.Min != c.Range.Low || w.Max != c.Range.High) {
			t.Errorf("%s: value %v, range %v, widget %+v", c.Key, c.Value, c.Range, w)
		}
	}
}
