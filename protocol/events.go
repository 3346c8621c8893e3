package protocol

import "github.com/entente/entente"

// ring holds the latest public events, with copies of their packages, until
// every negotiator has been told them: at least 3n+2 events for n
// parties (a power of two), enough for a round of turns each with a bloc's
// vote and a fault. A negotiator that many events behind is told them at
// once. Entries hold no pointers,
// so storing and reading them costs no write barriers; a fault's reason,
// the one string, is kept beside them. It allocates nothing after
// construction.
type ring struct {
	ev      []entry
	reasons []string
	out     []float64 // one package per entry, one after another
	head    uint64    // events pushed
	free    uint64    // head may grow up to free before a negotiator misses an event
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
	for size < 3*parties+2 {
		size *= 2
	}
	return &ring{ev: make([]entry, size), reasons: make([]string, size), out: make([]float64, size*issues),
		seen: make([]uint64, parties), n: issues, mask: uint64(size - 1), free: uint64(size)}
}

// push stores an event and a copy of its package. The caller has made
// room (head < free).
func (r *ring) push(e *Event) {
	k := r.head & r.mask
	en := &r.ev[k]
	en.kind, en.adopted, en.party, en.round, en.time, en.accepts = e.Kind, e.Adopted, e.Party, e.Round, e.Time, e.Accepts
	en.hasOut, en.hasReason = e.Outcome != nil, e.Reason != ""
	if en.hasOut {
		i := int(k) * r.n
		copy(r.out[i:i+r.n], e.Outcome)
	}
	if en.hasReason {
		r.reasons[k] = e.Reason
	}
	r.head++
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
	if r := s.ring; r.head >= r.free {
		s.makeRoom()
		if s.done {
			return
		}
	}
	s.ring.push(e)
}

// makeRoom frees a slot of the ring: the slowest negotiators are told their
// events at once.
func (s *Session) makeRoom() {
	r := s.ring
	for !s.done {
		low := r.head
		for _, seen := range r.seen {
			low = min(low, seen)
		}
		if r.free = low + r.mask + 1; r.head < r.free {
			return
		}
		for p, seen := range r.seen {
			if seen == low && !s.done {
				s.flush(p)
			}
		}
	}
}

// flush tells party p its waiting events, as a call of its own.
func (s *Session) flush(p int) {
	s.begin(p)
	s.observing = true
	msg := s.guard(func() { s.tell(p) })
	s.observed(p)
	if late, alive := s.end(); alive {
		s.faultIf(p, "while observing: ", msg, late)
	}
}

// tell tells party p, in order, the events it has not been told, each in
// a fresh copy. It runs inside a guarded call, with s.observing set: a
// panic leaves it set, so that the fault is known to come from Observe
// (and observed marks the batch told).
func (s *Session) tell(p int) {
	r := s.ring
	i, head := r.seen[p], r.head
	if i < head {
		ng := s.negs[p]
		st := s.seat(p)
		o := &st.event
		out := st.out
		for ; i < head; i++ {
			k := i & r.mask
			en := &r.ev[k]
			o.Kind, o.Adopted, o.Party, o.Round, o.Time, o.Accepts = en.kind, en.adopted, en.party, en.round, en.time, en.accepts
			o.Outcome, o.Reason = nil, ""
			if en.hasOut {
				src := r.out[int(k)*r.n:]
				src = src[:len(out)]
				for j := range out {
					out[j] = src[j]
				}
				o.Outcome = out
			}
			if en.hasReason {
				o.Reason = r.reasons[k]
			}
			ng.Observe(o)
		}
		r.seen[p] = head
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

// callVote tells party p its events and asks for its ballot on a proposal
// (text may be nil), under one guard: obs is the fault of Observe, msg that
// of Vote. After a fault in Observe, Vote is still asked under FaultSkip.
func (s *Session) callVote(p int, v Voter, proposal, text entente.Outcome) (b Ballot, obs, msg string) {
	st := s.seat(p)
	copyOutcome(st.prop, proposal)
	var tx entente.Outcome
	if text != nil {
		copyOutcome(st.text, text)
		tx = st.text
	}
	s.observing = true
	msg = s.guard(func() {
		s.tell(p)
		b = v.Vote(s.snapshot(p), st.prop, tx)
	})
	if s.observed(p) {
		obs, msg = msg, ""
		if s.cfg.Faults == FaultSkip {
			copyOutcome(st.prop, proposal)
			if tx != nil {
				copyOutcome(st.text, text)
			}
			msg = s.guard(func() { b = v.Vote(s.snapshot(p), st.prop, tx) })
		}
	}
	return b, obs, msg
}
