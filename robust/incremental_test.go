package robust

import (
	"context"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/zonewalk"
	"github.com/entente/entente/load"
	"github.com/entente/entente/space"
)

// TestLoadOneMatchesLoad moves every uncertain number of the flagship (a
// scenario with blocs, constituencies, red lines, guarantees that follow
// each other and structural numbers) to the ends of its range and checks
// that the incremental reload gives the zones a full reload gives.
func TestLoadOneMatchesLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("walks the flagship twice per number")
	}
	res, err := load.Example("ukraine-2025")
	if err != nil {
		t.Fatal(err)
	}
	s := res.Scenario
	sp := space.Discretized(s.Issues, DefaultResolution)
	var ps []entente.Param
	for j := range s.Params {
		if sampled(s, &s.Params[j]) {
			ps = append(ps, s.Params[j])
		}
	}
	m := zonewalk.NewMutator(s, refsOf(ps))
	inc, full := zonewalk.New(sp, s), zonewalk.New(sp, s)
	c, d := s.Clone(), s.Clone()
	if err := inc.Load(c); err != nil {
		t.Fatal(err)
	}
	for k := range ps {
		lo, hi := scanRange(&ps[k])
		for _, x := range []float64{lo, hi} {
			m.ApplyOne(c, k, x)
			m.ApplyOne(d, k, x)
			if err := inc.LoadOne(c, ps[k].Ref); err != nil {
				t.Fatal(err)
			}
			if err := full.Load(d); err != nil {
				t.Fatal(err)
			}
			z1, r1, _ := inc.Scan(context.Background(), nil, nil, false)
			z2, r2, _ := full.Scan(context.Background(), nil, nil, false)
			if z1 != z2 || r1 != r2 {
				t.Fatalf("%s = %v: incremental zones %d/%d, full %d/%d", ps[k].Field, x, z1, r1, z2, r2)
			}
		}
		// Back to the nominal value, as tipOne's copy never is reused.
		m.ApplyOne(c, k, s.Get(ps[k].Ref))
		m.ApplyOne(d, k, s.Get(ps[k].Ref))
		if err := inc.LoadOne(c, ps[k].Ref); err != nil {
			t.Fatal(err)
		}
	}
}
