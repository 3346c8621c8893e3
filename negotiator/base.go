package negotiator

import (
	"math"
	"math/rand/v2"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/utility"
)

// base holds what every strategy needs: its view, its bids and a buffer
// for the package it offers; for an aware strategy, what it keeps to.
type base struct {
	name  string
	cache *Cache
	aware Awareness
	self  int
	u     *utility.Func
	bids  *Bids
	find  *Finder
	rng   *rand.Rand
	buf   entente.Outcome
	rv    float64
	// keep reports whether a package passes the second level as far as an
	// aware strategy knows (nil when blind); none is set when no package
	// does, or none is worth the reservation value: it then walks away.
	keep func(entente.Outcome) bool
	none bool
	// offered and lastU: whether it has made an offer, and its utility (the
	// fallback when the approximate search finds no allowed package).
	offered bool
	lastU   float64
	// text and textU: the latest single text voted on and its utility
	// (the text changes only when a proposal is adopted); textOK when set.
	text   entente.Outcome
	textU  float64
	textOK bool
}

// start checks the view and prepares the bids.
func (b *base) start(v *protocol.View) error {
	if v == nil || v.Utility == nil || v.Space == nil {
		return entente.Errorf(entente.EInvalid, "", 0, 0, b.name, "the view has no utility function or no space; a negotiator needs both")
	}
	if n, ok := v.Space.Len(); ok && n == 0 {
		return entente.Errorf(entente.EInvalid, "", 0, 0, b.name, "the outcome space is empty")
	}
	b.self, b.u, b.rv = v.Self, v.Utility, v.Utility.Reservation()
	b.rng = v.Rand
	if b.rng == nil {
		b.rng = rand.New(rand.NewPCG(0, uint64(v.Self)))
	}
	b.offered, b.keep, b.textOK = false, nil, false
	if b.aware == Blind {
		b.bids = b.cache.Bids(v.Utility, v.Space)
	} else {
		pol := v.Politics
		if pol == nil {
			return entente.Errorf(entente.EInvalid, "", 0, 0, b.name, "aware=%s needs the session's politics (View.Politics)", b.aware)
		}
		all := b.aware == AwareAll
		b.keep = func(o entente.Outcome) bool { return pol.Allows(o, all) }
		b.bids = b.cache.Allowed(v.Utility, v.Space, pol.Key(all), b.keep)
	}
	// Nothing to offer: an aware strategy's politics allow no package, or
	// no package is worth its reservation value.
	b.none = (b.bids.exact && b.bids.Len() == 0) || b.bids.Max() < b.rv
	b.find = b.bids.Finder(b.rng)
	b.buf = make(entente.Outcome, len(v.Space.Issues()))
	return nil
}

// allows reports whether package o passes what the strategy keeps to.
func (b *base) allows(o entente.Outcome) bool { return b.keep == nil || b.keep(o) }

// bounds returns the target range: Pmax (max U unless set) and Pmin
// (max(min U, rv) unless set), with Pmin <= Pmax.
func (b *base) bounds(minP, maxP float64) (pmin, pmax float64) {
	pmax, pmin = b.bids.Max(), math.Max(b.bids.Min(), b.rv)
	if !math.IsNaN(maxP) {
		pmax = maxP
	}
	if !math.IsNaN(minP) {
		pmin = minP
	}
	return math.Min(pmin, pmax), pmax
}

// ballot votes with an aspiration level: accept a proposal worth at least
// the aspiration (never below rv) that passes what the strategy keeps to,
// prefer it when it is worth at least the text.
func (b *base) ballot(aspiration float64, proposal, text entente.Outcome) protocol.Ballot {
	up := b.u.Utility(proposal)
	bl := protocol.Ballot{Accept: up >= math.Max(aspiration, b.rv) && !b.none && b.allows(proposal), Prefer: true}
	if text != nil {
		bl.Prefer = up >= b.textUtility(text)
	}
	return bl
}

// textUtility returns the utility of the single text, computed again only
// when the text changes (compared bit for bit).
func (b *base) textUtility(text entente.Outcome) float64 {
	if b.textOK && len(text) == len(b.text) {
		same := true
		for i, x := range text {
			if math.Float64bits(x) != math.Float64bits(b.text[i]) {
				same = false
				break
			}
		}
		if same {
			return b.textU
		}
	}
	b.text = append(b.text[:0], text...)
	b.textU, b.textOK = b.u.Utility(text), true
	return b.textU
}

// respond applies AC_next(1,0): accept the table when it is worth at least
// next, the utility of the bid in b.buf (and passes what the strategy keeps
// to); otherwise offer that bid. next is NaN when the search found no bid:
// the strategy then repeats its last offer. A strategy with no package to
// offer (see none) walks away.
func (b *base) respond(s *protocol.State, next float64) protocol.Action {
	if b.none {
		return protocol.Action{Kind: protocol.Walk}
	}
	if math.IsNaN(next) {
		if !b.offered {
			return protocol.Action{Kind: protocol.Walk}
		}
		next = b.lastU
	}
	if s.Table != nil && b.u.Utility(s.Table) >= next && b.allows(s.Table) {
		return protocol.Action{Kind: protocol.Accept, Outcome: s.Table}
	}
	b.offered, b.lastU = true, next
	return protocol.Action{Kind: protocol.Offer, Outcome: b.buf}
}

// timeTarget is the time-dependent target of Faratin et al. (1998):
// f(t) = k + (1−k)·t^(1/e), target = Pmin + (Pmax − Pmin)·(1 − f(t)), with
// f = k for e = 0 (a hardliner) and t clamped to [0,1]. It is computed as
// Pmax·(1 − f) + Pmin·f, which is exactly Pmax at f = 0 and Pmin at f = 1.
func timeTarget(t, e, k, pmin, pmax float64) float64 {
	t = math.Min(math.Max(t, 0), 1)
	var f float64
	switch e {
	case 0:
		f = k
	case 1:
		f = k + (1-k)*t
	default:
		f = k + (1-k)*math.Pow(t, 1/e)
	}
	return pmax*(1-f) + pmin*f
}

// others reports whether an event is an offer by another party.
func (b *base) otherOffer(e *protocol.Event) bool {
	return e.Kind == protocol.Offered && e.Party >= 0 && e.Party != b.self && e.Outcome != nil
}
