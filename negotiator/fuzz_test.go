package negotiator

import (
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// FuzzNew: any spec gives a working negotiator or mediator, or an
// invalid-input error; never a panic. A negotiator that builds starts on a
// small scenario and offers valid packages.
func FuzzNew(f *testing.F) {
	for _, s := range []string{
		"boulware", "timedep:e=0.5,min=0.6", "random:floor=0.3", "frequency:count_first_bid=true,agg=sum",
		"titfortat:gamma=2", "hillclimb:k=2,patience=5", "timedep:e=1e308,k=1", "timedep:min=-5,max=5", ":", "a:b=c=d",
	} {
		f.Add(s)
	}
	s := laptop()
	fs, sp := setup(f, s)
	c := NewCache()
	f.Fuzz(func(t *testing.T, spec string) {
		n, err := New(spec, c)
		if err != nil {
			if entente.ErrorCode(err) != entente.EInvalid {
				t.Fatalf("New(%q): %v has code %q", spec, err, entente.ErrorCode(err))
			}
		} else {
			if err := n.Start(view(s, fs, sp, 0, 1, 5)); err != nil {
				t.Fatalf("New(%q).Start: %v", spec, err)
			}
			o := entente.Outcome{0, 1, 2}
			for r := 1; r <= 5; r++ {
				a := n.Act(&protocol.State{Round: r, Time: float64(r) / 6, Table: o, By: 1})
				if a.Kind == protocol.Offer {
					if msg := valid(sp, a.Outcome, true); msg != "" {
						t.Fatalf("%q offered an invalid package: %s", spec, msg)
					}
				} else if a.Kind != protocol.Accept {
					t.Fatalf("%q: action %v", spec, a.Kind)
				}
			}
		}
		m, err := NewMediator(spec, c)
		if err != nil {
			if entente.ErrorCode(err) != entente.EInvalid {
				t.Fatalf("NewMediator(%q): %v has code %q", spec, err, entente.ErrorCode(err))
			}
			return
		}
		if err := m.Start(view(s, fs, sp, -1, 1, 5)); err != nil {
			t.Fatalf("NewMediator(%q).Start: %v", spec, err)
		}
		for r := 1; r <= 5; r++ {
			p := m.Propose(&protocol.State{Round: r, Time: float64(r) / 6, By: -1})
			if msg := valid(sp, p, true); msg != "" {
				t.Fatalf("%q proposed an invalid package: %s", spec, msg)
			}
			m.Votes(p, []protocol.Ballot{{Accept: r%2 == 0}, {Prefer: true}}, r == 3)
		}
	})
}
