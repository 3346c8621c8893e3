package whatif_test

import (
	"context"
	"testing"

	"github.com/entente/entente/whatif"
)

// BenchmarkWhatIfFlagship re-analyses the flagship (examples/ukraine-2025:
// 72,576 packages, 4 parties, a bloc of 7, 3 constituencies, 3 red lines)
// after a change, as the workspace's page asks on every move (target:
// under 200 ms on 2 cores):
//
//   - slider: one number moves (the US executive's credibility, a value of
//     a cycle of four): one profile set recompiled per walk;
//   - variant: two saved variants in turn, two numbers apart;
//   - many: two variants of 20 numbers each in turn, so that everything is
//     recompiled;
//   - cold: a new workspace, then the scenario as written (what opening
//     the page costs).
//
// Each evaluation walks the variant and, on the other core, the variant
// without each red line.
func BenchmarkWhatIfFlagship(b *testing.B) {
	ws := workspace(b, flagship(b), whatif.Options{Engines: 1})
	ctrls := ws.Controls()
	many := [2]whatif.Variant{{Name: "low"}, {Name: "high"}}
	for _, c := range ctrls[:20] {
		many[0].Set = append(many[0].Set, whatif.Override{Key: c.Key, Value: c.Widget.Min})
		many[1].Set = append(many[1].Set, whatif.Override{Key: c.Key, Value: c.Widget.Max})
	}
	s := flagship(b)
	b.Run("cold", func(b *testing.B) {
		for b.Loop() {
			ws, err := whatif.New(s, whatif.Options{})
			if err != nil {
				b.Fatal(err)
			}
			if _, err := ws.Evaluate(context.Background(), whatif.Variant{}); err != nil {
				b.Fatal(err)
			}
		}
	})
	for _, tc := range []struct {
		name string
		vs   []whatif.Variant
	}{
		{"slider", []whatif.Variant{
			variant("", "guarantors[0].credibility", 0.2), variant("", "guarantors[0].credibility", 0.3),
			variant("", "guarantors[0].credibility", 0.4), variant("", "guarantors[0].credibility", 0.5)}},
		{"variant", []whatif.Variant{{Name: "as written"},
			variant("US 0.5, referendum 55%", "guarantors[0].credibility", 0.5, "constituencies[0].threshold", 0.55)}},
		{"many", many[:]},
	} {
		b.Run(tc.name, func(b *testing.B) {
			ctx := context.Background()
			i := 0
			for b.Loop() {
				if _, err := ws.Evaluate(ctx, tc.vs[i%len(tc.vs)]); err != nil {
					b.Fatal(err)
				}
				i++
			}
		})
	}
}
