//go:build !race

// The race detector slows this test fortyfold; the plain run covers it,
// and the race run covers the same code on the small scenarios.

package negotiator

import (
	"testing"
	"time"

	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/load"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// TestSharedScenarios plays strategies against each other on every
// published scenario of ../shared (real issues on an 11-point grid): every
// offer must be a valid package, whether the bids are sorted or searched.
func TestSharedScenarios(t *testing.T) {
	if testing.Short() {
		t.Skip("long")
	}
	rows := shared.Scenarios(t)
	pairs := [][]string{{"boulware", "frequency"}, {"titfortat", "random"}, {"conceder", "hardliner"}}
	for i, row := range rows {
		t.Run(row.Name, func(t *testing.T) {
			res, err := load.Paths(append([]string{row.Domain}, row.Profiles...)...)
			if err != nil {
				t.Skipf("does not load (some published scenarios are broken on purpose): %v", err)
			}
			s := res.Scenario
			fs, err := utility.Compile(s)
			if err != nil {
				t.Fatal(err)
			}
			sp := space.Discretized(s.Issues, 11)
			c := NewCache()
			t0 := time.Now()
			pair := pairs[i%len(pairs)]
			negs := start(t, s, fs, sp, c, uint64(i), 40, pair...)
			play(negs, 40, func(p int, st *protocol.State, a protocol.Action) {
				switch a.Kind {
				case protocol.Offer:
					if msg := valid(sp, a.Outcome, c.Bids(fs[p], sp).Exact()); msg != "" {
						t.Fatalf("%s: invalid offer: %s", pair[p%2], msg)
					}
				case protocol.Accept:
				default:
					t.Fatalf("%s: action %v", pair[p%2], a.Kind)
				}
			})
			if d := time.Since(t0); d > time.Second {
				t.Logf("%s (%s outcomes): %v", row.Name, sp.SizeString(), d)
			}
		})
	}
}
