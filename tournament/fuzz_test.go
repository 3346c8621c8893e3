package tournament_test

import (
	"errors"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/tournament"
)

// FuzzParsePlan: any input gives a plan that passes Check or a clear
// *entente.Error, never a panic.
func FuzzParsePlan(f *testing.F) {
	for _, seed := range []string{
		"tournament: 1\nscenarios: [laptop]\nnegotiators: [boulware, conceder]\n",
		"tournament: 1\nname: x\nseed: 3\nscenarios: [laptop]\nnegotiators: [boulware, {name: t, strategy: \"timedep:e=0.1\"}]\nroles: {sample: 2, all_orders: true}\nrepetitions: 2\ndeadline: {rounds: 10}\n",
		"tournament: 1\nscenarios: [coalition]\nnegotiators: [boulware]\nself_play: true\nprotocols: [stacked, {protocol: mediated, voting: compare}]\n",
		"tournament: 2\n",
		"scenarios: [nowhere.yaml]\n",
		"tournament: 1\nscenarios: [laptop]\nnegotiators: [x]\nbudget: soon\n",
		"- a\n- b\n",
		"",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := tournament.ParsePlan("plan.yaml", data, t.TempDir())
		if err != nil {
			var e *entente.Error
			if !errors.As(err, &e) || e.File != "plan.yaml" || e.Message == "" {
				t.Fatalf("not a positioned entente error: %#v", err)
			}
			return
		}
		if err := p.Check(); err != nil {
			t.Fatalf("a parsed plan fails its check: %v", err)
		}
		if _, err := p.Hash(); err != nil {
			t.Fatal(err)
		}
		if len(p.Jobs()) == 0 {
			t.Fatal("a valid plan has no negotiations")
		}
	})
}
