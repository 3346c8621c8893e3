package whatif_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/whatif"
)

// TestExportRoundTrip: a variant exported as a file and read back is a
// scenario whose analysis as written is the variant's; its numbers keep
// their ranges and sources, and their notes say what changed.
func TestExportRoundTrip(t *testing.T) {
	s := flagship(t)
	ws := workspace(t, s, whatif.Options{})
	for _, v := range []whatif.Variant{
		variant("US 0.5, referendum 55%", "guarantors[0].credibility", 0.5, "constituencies[0].threshold", 0.55),
		{Name: "many", AllowOutside: true, Set: []whatif.Override{
			{Key: "parties[2].weights.Donbas", Value: 0.12},                            // outside its range, rescales Ukraine's weights
			{Key: "constituencies[0].voters[0].reservation.centre_range", Value: 0.55}, // moves the spread
			{Key: "constituencies[0].voters[1].reservation.sd_range", Value: 0.2},      // outside its range
			{Key: "constituencies[0].voters[2].share", Value: 0.3},                     // rescales the shares
			{Key: "issues[5].guarantees.Art5 Europeans only.required", Value: 2},
			{Key: "parties[3].bloc.members[0].weight", Value: 2},
			{Key: "parties[0].values.Donbas.held parts stay Ukrainian", Value: 0.9}, // an anchor without annotation
		}},
	} {
		t.Run(v.Name, func(t *testing.T) {
			want := evaluate(t, ws, v)
			if len(want.Changes) < len(v.Set) {
				t.Fatalf("%d changes for %d numbers set", len(want.Changes), len(v.Set))
			}
			out, err := ws.Export(v, native.YAML)
			if err != nil {
				t.Fatal(err)
			}
			back, _, err := native.Decode(entente.Source{Name: "exported.yaml", Data: out}, nil)
			if err != nil {
				t.Fatalf("the exported file does not read back: %v", err)
			}
			if back.Name != "ukraine-2025 ("+v.Name+")" || !strings.HasPrefix(back.Description, "What-if variant") {
				t.Errorf("name %q, description %.80q", back.Name, back.Description)
			}
			got := evaluate(t, workspace(t, back, whatif.Options{}), whatif.Variant{Name: v.Name})
			// The analysis is the variant's; the changes are those of the
			// file as written (none).
			if len(got.Changes) != 0 {
				t.Errorf("the exported file has changes %+v", got.Changes)
			}
			got.Scenario, got.Changes, got.Outside = want.Scenario, want.Changes, want.Outside
			if !reflect.DeepEqual(got, want) {
				t.Errorf("the exported file analyses differently:\n%+v\n%+v", got, want)
			}
			// Every change is marked where its number is written, with
			// its range (widened only when the value leaves it) and its
			// source kept.
			for _, ch := range want.Changes {
				r := ch.Ref
				if r.Kind == entente.RefCentre || r.Kind == entente.RefSpread {
					r = entente.Ref{Kind: entente.RefReservation, Profile: r.Profile}
				}
				p, orig := back.Param(r), s.Param(r)
				if p == nil {
					t.Errorf("%s: not annotated in the exported file", ch.Key)
					continue
				}
				if !strings.Contains(p.Note, `what-if "`+v.Name+`"`) {
					t.Errorf("%s: note %q says nothing of the change", ch.Key, p.Note)
				}
				if orig == nil {
					continue
				}
				if p.Source != orig.Source || p.Ranged != orig.Ranged || p.Dist != orig.Dist {
					t.Errorf("%s: annotation %+v, written %+v", ch.Key, p, orig)
				}
				outside := orig.Ranged && (ch.Value < orig.Low || ch.Value > orig.High)
				if q := back.Param(ch.Ref); r == ch.Ref && q.Ranged && !outside && (q.Low != orig.Low || q.High != orig.High) {
					t.Errorf("%s: range [%v, %v], written [%v, %v]", ch.Key, q.Low, q.High, orig.Low, orig.High)
				}
				if outside && !strings.Contains(p.Note, "widened") {
					t.Errorf("%s: %v outside [%v, %v], note %q", ch.Key, ch.Value, orig.Low, orig.High, p.Note)
				}
			}
		})
	}
}
