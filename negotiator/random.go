package negotiator

import (
	"math"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// randomN offers uniformly random packages worth at least its floor.
type randomN struct {
	base
	floorP float64 // NaN: rv
	floor  float64
	cand   entente.Outcome
}

func (r *randomN) Start(v *protocol.View) error {
	if err := r.start(v); err != nil {
		return err
	}
	r.floor = r.rv
	r.cand = make(entente.Outcome, len(r.buf))
	if !math.IsNaN(r.floorP) {
		r.floor = r.floorP
	}
	return nil
}

func (r *randomN) Act(s *protocol.State) protocol.Action {
	return r.respond(s, r.draw())
}

// draw writes a uniformly random bid worth at least the floor into r.buf
// and returns its utility: exactly over sorted bids (the best bid when none
// reaches the floor); over a larger space by up to 64 rejection samples,
// then the approximate search for a random target between the floor and
// max U. It returns NaN, leaving r.buf alone, when it finds no allowed
// bid.
func (r *randomN) draw() float64 {
	b := r.bids
	if b.exact {
		if b.Len() == 0 {
			return math.NaN()
		}
		q := b.Count(r.floor)
		k := 0
		if q > 0 {
			k = r.rng.IntN(q)
		}
		b.Outcome(k, r.buf)
		return b.util[k]
	}
	for range 64 {
		b.sp.Sample(r.rng, r.cand)
		if u := r.u.Utility(r.cand); u >= r.floor && r.allows(r.cand) {
			copy(r.buf, r.cand)
			return u
		}
	}
	lo := math.Min(r.floor, b.max)
	return r.find.Nearest(lo+r.rng.Float64()*(b.max-lo), r.floor, r.buf)
}

func (r *randomN) Observe(*protocol.Event) {}

func (r *randomN) Vote(_ *protocol.State, proposal, text entente.Outcome) protocol.Ballot {
	return r.ballot(r.floor, proposal, text)
}
