package negotiator

import (
	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// timeDep is the time-dependent family (timedep, boulware, linear,
// conceder, hardliner).
type timeDep struct {
	base
	e, k       float64
	minP, maxP float64 // NaN: default
	pmin, pmax float64
}

func (d *timeDep) Start(v *protocol.View) error {
	if err := d.start(v); err != nil {
		return err
	}
	d.pmin, d.pmax = d.bounds(d.minP, d.maxP)
	return nil
}

func (d *timeDep) target(t float64) float64 { return timeTarget(t, d.e, d.k, d.pmin, d.pmax) }

func (d *timeDep) Act(s *protocol.State) protocol.Action {
	next := d.find.Nearest(d.target(s.Time), d.pmin, d.buf)
	return d.respond(s, next)
}

func (d *timeDep) Observe(*protocol.Event) {}

func (d *timeDep) Vote(s *protocol.State, proposal, text entente.Outcome) protocol.Ballot {
	return d.ballot(d.target(s.Time), proposal, text)
}
