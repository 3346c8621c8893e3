package protocol

import "github.com/entente/entente"

// ring holds the latest public events, with copies of their packages, until
// every negotiator has been told them: at least 2n+16 events for n
// parties, enough for a round of turns with a fault each. A negotiator
// that many events behind is told them at once. Entries hold no pointers,
// so storing and reading them costs no write barriers; a fault's reason,
// the one string, is kept beside them. It allocates nothing after
// construction.
type ring struct {
	ev      []entry
	reasons []string
	out     []float64 // one package per entry, one after another
	head    uint64    // events pushed
	seen    []uint64  // by party: events told
	n       int       // issues
	mask    uint64
}

// entry is an Event without its pointers.
type entry struct {
	kind      EventKind
	adopted   bool
	hasOut    bool
	hasReason bool
	party     int
	round     int
	time      float64
	accepts   int
}

func newRing(parties, issues int) *ring {
	size := 1
	for size < 2*parties+16 {
		size *= 2
	}
	return &ring{ev: make([]entry, size), reasons: make([]string, size), out: make([]float64, size*issues),
		seen: make([]uint64, parties), n: issues, mask: uint64(size - 1)}
}

// slot returns the package storage of entry k.
func (r *ring) slot(k uint64) []float64 {
	i := int(k) * r.n
	return r.out[i : i+r.n : i+r.n]
}

// push stores an event and a copy of its package.
func (r *ring) push(e *Event) {
	k := r.head & r.mask
	en := &r.ev[k]
	en.kind, en.adopted, en.party, en.round, en.time, en.accepts = e.Kind, e.Adopted, e.Party, e.Round, e.Time, e.Accepts
	en.hasOut = e.Outcome != nil
	if en.hasOut {
		copyOutcome(r.slot(k), e.Outcome)
	}
	en.hasReason = e.Reason != ""
	if en.hasReason {
		r.reasons[k] = e.Reason
	}
	r.head++
}

// behind returns a party whose untold events fill the ring, or -1.
func (r *ring) behind() int {
	for p, s := range r.seen {
		if r.head-s > r.mask {
			return p
		}
	}
	return -1
}

// copyOutcome copies a package; packages are short, and a loop beats a
// call to memmove.
func copyOutcome(dst, src []float64) {
	src = src[:len(dst)]
	for i := range dst {
		dst[i] = src[i]
	}
}

// push records an event for the negotiators, first telling the events to
// any negotiator that would otherwise lose one.
func (s *Session) push(e *Event) {
	for !s.done {
		p := s.ring.behind()
		if p < 0 {
			break
		}
		s.flush(p)
	}
	if s.done {
		return
	}
	s.ring.push(e)
}

// flush tells party p its waiting events, as a call of its own.
func (s *Session) flush(p int) {
	if !s.begin(p) {
		return
	}
	s.observing = true
	msg := s.guard(func() { s.tell(p) })
	s.observed(p)
	late, alive := s.end()
	if !alive {
		return
	}
	if msg == "" && late {
		msg = s.lateMsg()
	}
	if msg != "" {
		s.fault(p, "while observing: "+msg)
	}
}

// tell tells party p, in order, the events it has not been told, each in
// a fresh copy. It runs inside a guarded call, with s.observing set: a
// panic leaves it set, so that the fault is known to come from Observe.
func (s *Session) tell(p int) {
	r := s.ring
	ng := s.negs[p]
	o := &s.obs
	for r.seen[p] < r.head {
		k := r.seen[p] & r.mask
		r.seen[p]++
		en := &r.ev[k]
		o.Kind, o.Adopted, o.Party, o.Round, o.Time, o.Accepts = en.kind, en.adopted, en.party, en.round, en.time, en.accepts
		o.Outcome = nil
		if en.hasOut {
			copyOutcome(s.obsOut, r.slot(k))
			o.Outcome = s.obsOut
		}
		o.Reason = ""
		if en.hasReason {
			o.Reason = r.reasons[k]
		}
		ng.Observe(o)
	}
	s.observing = false
}

// observed ends the telling of events to party p: after a panic in
// Observe, p is told nothing more of the batch. It reports whether Observe
// panicked.
func (s *Session) observed(p int) bool {
	if !s.observing {
		return false
	}
	s.observing = false
	s.ring.seen[p] = s.ring.head
	return true
}

// callAct tells party p its events and asks for its action, under one
// guard: obs is the fault of Observe, msg that of Act. After a fault in
// Observe, Act is still asked under FaultSkip.
func (s *Session) callAct(p int) (a Action, obs, msg string) {
	s.observing = true
	msg = s.guard(func() {
		s.tell(p)
		a = s.negs[p].Act(s.snapshot())
	})
	if s.observed(p) {
		obs, msg = msg, ""
		if s.cfg.Faults == FaultSkip {
			msg = s.guard(func() { a = s.negs[p].Act(s.snapshot()) })
		}
	}
	return a, obs, msg
}

// callVote is callAct for a ballot on a proposal (text may be nil).
func (s *Session) callVote(p int, v Voter, proposal, text entente.Outcome) (b Ballot, obs, msg string) {
	copyOutcome(s.prop, proposal)
	var tx entente.Outcome
	if text != nil {
		copyOutcome(s.text, text)
		tx = s.text
	}
	s.observing = true
	msg = s.guard(func() {
		s.tell(p)
		b = v.Vote(s.snapshot(), s.prop, tx)
	})
	if s.observed(p) {
		obs, msg = msg, ""
		if s.cfg.Faults == FaultSkip {
			msg = s.guard(func() { b = v.Vote(s.snapshot(), s.prop, tx) })
		}
	}
	return b, obs, msg
}
