package negotiator

import (
	"math/rand/v2"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/space"
)

// mediatorBase holds what both mediators need.
type mediatorBase struct {
	name  string
	cache *Cache
	aware Awareness
	sp    *space.Space
	rng   *rand.Rand
	n     int
	out   entente.Outcome // the proposal buffer
	// keep reports whether a package passes every constituency and bloc the
	// mediator is told about (nil when blind); kept lists those packages
	// when the space is small enough (exact), and none passes when exact
	// and kept is empty.
	keep  func(entente.Outcome) bool
	kept  []uint32
	exact bool
}

func (m *mediatorBase) start(v *protocol.View) error {
	if v == nil || v.Space == nil {
		return entente.Errorf(entente.EInvalid, "", 0, 0, m.name, "the view has no space; a mediator needs one")
	}
	if n, ok := v.Space.Len(); ok && n == 0 {
		return entente.Errorf(entente.EInvalid, "", 0, 0, m.name, "the outcome space is empty")
	}
	m.sp, m.rng, m.n = v.Space, v.Rand, len(v.Space.Issues())
	m.out = make(entente.Outcome, m.n)
	if m.rng == nil {
		m.rng = rand.New(rand.NewPCG(0, 0))
	}
	m.keep, m.kept, m.exact = nil, nil, false
	if m.aware != Blind {
		pol := v.Politics
		if pol == nil {
			return entente.Errorf(entente.EInvalid, "", 0, 0, m.name, "aware=%s needs the session's politics (View.Politics)", m.aware)
		}
		m.keep = func(o entente.Outcome) bool { return pol.Allows(o, true) }
		m.kept, m.exact = m.cache.Kept(v.Space, pol.Key(true), m.keep)
	}
	return nil
}

// sample returns a uniformly random package (in the proposal buffer); an
// aware mediator draws among the packages it keeps (by up to 64 draws over
// a space too large to list them), and as a blind one when none passes.
func (m *mediatorBase) sample() entente.Outcome {
	switch {
	case m.keep == nil:
	case len(m.kept) > 0:
		m.sp.At(uint64(m.kept[m.rng.IntN(len(m.kept))]), m.out)
		return m.out
	case !m.exact:
		for range 64 {
			if m.sp.Sample(m.rng, m.out); m.keep(m.out) {
				return m.out
			}
		}
	}
	m.sp.Sample(m.rng, m.out)
	return m.out
}

// allows reports whether the mediator may propose o.
func (m *mediatorBase) allows(o entente.Outcome) bool {
	return m.keep == nil || m.keep(o) || (m.exact && len(m.kept) == 0)
}

// randomMediator proposes uniformly random packages.
type randomMediator struct{ mediatorBase }

func (m *randomMediator) Start(v *protocol.View) error { return m.start(v) }

func (m *randomMediator) Propose(*protocol.State) entente.Outcome { return m.sample() }

func (m *randomMediator) Votes(entente.Outcome, []protocol.Ballot, bool) {}

// hillClimb climbs toward packages every party accepts, from the votes
// alone.
type hillClimb struct {
	mediatorBase
	kmax     int
	patience int

	free        []int // issues with more than one value
	pick        []int // scratch for choosing issues
	best        entente.Outcome
	bestAcc     int
	bestAdopted bool
	hasBest     bool
	text        entente.Outcome
	hasText     bool
	compare     bool
	knowsVoting bool // the view named the voting rule; else it is inferred
	stuck       int
}

func (h *hillClimb) Start(v *protocol.View) error {
	if err := h.start(v); err != nil {
		return err
	}
	h.free = h.free[:0]
	for i := range h.n {
		if h.sp.Radix(i) != 1 {
			h.free = append(h.free, i)
		}
	}
	h.pick = make([]int, len(h.free))
	h.best = make(entente.Outcome, h.n)
	h.text = make(entente.Outcome, h.n)
	h.hasBest, h.hasText, h.stuck = false, false, 0
	h.compare, h.knowsVoting = v.Voting == "compare", v.Voting != ""
	return nil
}

// Propose returns a neighbour of the base (the single text under compare
// voting once there is one, else the best proposal so far) with 1..k(t)
// random issues changed, k(t) = 1 + ⌊(k−1)(1−t)⌋; a uniformly random
// package first; and after patience proposals without progress, a random
// restart, or under compare voting the text itself.
func (h *hillClimb) Propose(s *protocol.State) entente.Outcome {
	if h.stuck >= h.patience {
		h.stuck = 0
		if h.compare && h.hasText {
			// Everyone prefers the text to itself: proposing it again asks
			// whether they would sign it now.
			copy(h.out, h.text)
			return h.out
		}
		return h.sample()
	}
	if !h.hasBest || len(h.free) == 0 {
		return h.sample()
	}
	// An aware mediator tries up to 32 neighbours for one it may propose,
	// then draws one.
	for range 32 {
		if o := h.neighbour(s); h.allows(o) {
			return o
		}
		if h.keep == nil {
			break
		}
	}
	return h.sample()
}

// neighbour writes into the proposal buffer the base (the single text
// under compare voting once there is one, else the best proposal so far)
// with 1..k(t) random issues changed.
func (h *hillClimb) neighbour(s *protocol.State) entente.Outcome {
	o := h.out
	if h.compare && h.hasText {
		copy(o, h.text)
	} else {
		copy(o, h.best)
	}
	t := min(max(s.Time, 0), 1)
	k := 1 + int(float64(h.kmax-1)*(1-t))
	k = min(k, len(h.free))
	c := 1 + h.rng.IntN(k)
	copy(h.pick, h.free)
	for j := range c {
		r := j + h.rng.IntN(len(h.pick)-j)
		h.pick[j], h.pick[r] = h.pick[r], h.pick[j]
		h.move(o, h.pick[j])
	}
	return o
}

// move changes issue i of o: for an ordered issue (integer, real) half the
// time by one grid step, otherwise to a uniformly random other value.
func (h *hillClimb) move(o entente.Outcome, i int) {
	r := h.sp.Radix(i)
	is := &h.sp.Issues()[i]
	if r == 0 { // a continuum: any value in range
		o[i] = is.Min + h.rng.Float64()*(is.Max-is.Min)
		return
	}
	c := valueIndex(h.sp, i, o[i])
	var k uint64
	if is.Kind != entente.Discrete && h.rng.IntN(2) == 0 {
		switch {
		case c == 0:
			k = 1
		case c == r-1 || h.rng.IntN(2) == 0:
			k = c - 1
		default:
			k = c + 1
		}
	} else {
		k = h.rng.Uint64N(r - 1)
		if k >= c {
			k++
		}
	}
	o[i] = h.sp.Value(i, k)
}

// Votes keeps the proposal with the most accepts (ties: the latest, unless
// it displaces an adopted proposal with a non-adopted one) and follows the
// single text when it moves.
func (h *hillClimb) Votes(proposal entente.Outcome, ballots []protocol.Ballot, adopted bool) {
	acc := 0
	for _, b := range ballots {
		if b.Accept {
			acc++
		}
		if !b.Prefer && !h.knowsVoting {
			h.compare = true
		}
	}
	progress := false
	if adopted {
		copy(h.text, proposal)
		h.hasText, progress = true, true
	}
	if !h.hasBest || acc > h.bestAcc || (acc == h.bestAcc && (adopted || !h.bestAdopted)) {
		progress = progress || !h.hasBest || acc > h.bestAcc
		copy(h.best, proposal)
		h.bestAcc, h.bestAdopted, h.hasBest = acc, adopted, true
	}
	if progress {
		h.stuck = 0
	} else {
		h.stuck++
	}
}
