package negotiator

import (
	"math"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// titForTat is relative tit-for-tat in own-utility space.
type titForTat struct {
	base
	gamma      int
	minP, maxP float64
	pmin, pmax float64
	hist       []float64 // own utilities of the others' last gamma+1 offers, a ring
	seen       int       // offers by others seen
	mine       float64   // own utility of our previous offer
}

func (t *titForTat) Start(v *protocol.View) error {
	if err := t.start(v); err != nil {
		return err
	}
	t.pmin, t.pmax = t.bounds(t.minP, t.maxP)
	t.hist = make([]float64, t.gamma+1)
	t.seen, t.mine = 0, t.pmax
	return nil
}

// target is U(o_{n−γ}) / U(o_n) · U(m), clamped to [Pmin, Pmax]; Pmax
// until the others have made more than γ offers (or when U(o_n) is 0).
func (t *titForTat) target() float64 {
	if t.seen <= t.gamma {
		return t.pmax
	}
	n := len(t.hist)
	on := t.hist[(t.seen-1)%n]
	old := t.hist[(t.seen-1-t.gamma)%n]
	if !(on > 0) {
		return t.pmax
	}
	return math.Min(math.Max(old/on*t.mine, t.pmin), t.pmax)
}

func (t *titForTat) Act(s *protocol.State) protocol.Action {
	next := t.find.Nearest(t.target(), t.pmin, t.buf)
	return t.respond(s, next)
}

func (t *titForTat) Observe(e *protocol.Event) {
	switch {
	case t.otherOffer(e):
		t.hist[t.seen%len(t.hist)] = t.u.Utility(e.Outcome)
		t.seen++
	case e.Kind == protocol.Offered && e.Party == t.self && e.Outcome != nil:
		t.mine = t.u.Utility(e.Outcome)
	}
}

func (t *titForTat) Vote(_ *protocol.State, proposal, text entente.Outcome) protocol.Ballot {
	return t.ballot(t.target(), proposal, text)
}
