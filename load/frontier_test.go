//go:build !race

// The reference-frontier search is pure arithmetic on one goroutine per
// scenario; under the race detector it runs some twenty times slower and
// adds nothing, so it runs only in the ordinary test run.

package load_test

import (
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/load"
	"github.com/entente/entente/utility"
)

// TestReferenceFrontiers reports how much of each published non-linear
// scenario's reference Pareto frontier (pareto.xml, from the competition)
// the exact search reaches (an outcome at least as good for both parties)
// or beats (an outcome better by 1e-6 for both). These spaces hold 10^10
// to 10^40 outcomes, so no enumeration can check them. The 10-issue
// domains must be reached in full, and no reference point may be proven
// unreachable.
func TestReferenceFrontiers(t *testing.T) {
	for _, row := range shared.Scenarios(t) {
		if row.Fields["utility_kind"] != "non-linear" {
			continue
		}
		t.Run(row.Name, func(t *testing.T) {
			t.Parallel()
			res, err := load.Folder(row.Dir)
			if err != nil {
				t.Fatal(err)
			}
			data, err := os.ReadFile(filepath.Join(row.Dir, "pareto.xml"))
			if err != nil {
				t.Fatal(err)
			}
			pts, err := genius.DecodeParetoPoints(entente.Source{Name: "pareto.xml", Data: data})
			if err != nil {
				t.Fatal(err)
			}
			fs, err := utility.Compile(res.Scenario)
			if err != nil {
				t.Fatal(err)
			}
			reached, beaten := 0, 0
			for _, p := range pts {
				// pareto.xml rounds to about 8 digits.
				_, r, err := utility.Reachable(fs, []float64{p[0] - 1e-7, p[1] - 1e-7}, 20_000)
				if err != nil {
					t.Fatal(err)
				}
				if r == utility.Unreachable {
					t.Errorf("reference point %v is proven unreachable", p)
				}
				if r == utility.Reached {
					reached++
				}
				if _, r, _ := utility.Reachable(fs, []float64{p[0] + 1e-6, p[1] + 1e-6}, 20_000); r == utility.Reached {
					beaten++
				}
			}
			if n, _ := strconv.Atoi(row.Fields["issues"]); n == 10 && reached != len(pts) {
				t.Errorf("reached %d of %d reference points of a 10-issue domain", reached, len(pts))
			}
			t.Logf("%s: %d reference points, %d reached, %d beaten by 1e-6 on both utilities", row.Name, len(pts), reached, beaten)
		})
	}
}
