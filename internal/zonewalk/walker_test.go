package zonewalk_test

import (
	"context"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/zonewalk"
	"github.com/entente/entente/load"
	"github.com/entente/entente/space"
)

// TestEachMatchesAnalysis: the packages Each visits, and whether it says
// each is ratified, are those analysis.Result.EachInZone and
// Result.Ratifiable find, on examples with and without politics.
func TestEachMatchesAnalysis(t *testing.T) {
	for _, name := range []string{"ukraine-2025", "laptop", "ceasefire", "coalition-government"} {
		t.Run(name, func(t *testing.T) {
			res, err := load.Example(name)
			if err != nil {
				t.Fatal(err)
			}
			s := res.Scenario
			ctx := context.Background()
			r, err := analysis.Analyze(ctx, s, analysis.Options{ParetoPoints: -1})
			if err != nil {
				t.Fatal(err)
			}
			type pkg struct {
				idx uint64
				rat bool
			}
			var want []pkg
			err = r.EachInZone(ctx, func(p analysis.Point) error {
				want = append(want, pkg{p.Index, r.Ratifiable(p.Outcome)})
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			w := zonewalk.New(space.Discretized(s.Issues, 11), s)
			if err := w.Load(s); err != nil {
				t.Fatal(err)
			}
			var got []pkg
			zone, rat, err := w.Each(ctx, func(idx uint64, o entente.Outcome, ratified bool) {
				got = append(got, pkg{idx, ratified})
			})
			if err != nil {
				t.Fatal(err)
			}
			wantRat := r.Zone
			if r.Ratification != nil {
				wantRat = r.Ratification.Zone
			}
			if zone != r.Zone || rat != wantRat || uint64(len(got)) != zone {
				t.Fatalf("zones %d/%d (%d visited), analysis %d/%d", zone, rat, len(got), r.Zone, wantRat)
			}
			if len(got) != len(want) {
				t.Fatalf("%d packages visited, analysis has %d", len(got), len(want))
			}
			for i := range got {
				if got[i] != want[i] {
					t.Fatalf("package %d: visited %+v, analysis %+v", i, got[i], want[i])
				}
			}
			if zone == 0 {
				t.Logf("%s: empty zone", name)
			}
		})
	}
}
