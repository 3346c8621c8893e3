package protocol

import "github.com/entente/entente"

// ring holds the latest public events, with copies of their packages, until
// every negotiator has been told them: 2n+16 events for n parties, enough
// for a round of turns with a fault each. A negotiator that many events
// behind is told them at once. It allocates nothing after construction.
type ring struct {
	ev   []Event
	out  []float64 // len(ev) packages, one after another
	head uint64    // events pushed
	seen []uint64  // by party: events told
	n    int       // issues
	size uint64
}

func newRing(parties, issues int) *ring {
	size := 2*parties + 16
	return &ring{ev: make([]Event, size), out: make([]float64, size*issues), seen: make([]uint64, parties), n: issues, size: uint64(size)}
}

// push stores an event and its package (copied).
func (r *ring) push(e *Event) {
	k := r.head % r.size
	r.ev[k] = *e
	if e.Outcome != nil {
		o := entente.Outcome(r.out[int(k)*r.n : int(k+1)*r.n : int(k+1)*r.n])
		copy(o, e.Outcome)
		r.ev[k].Outcome = o
	}
	r.head++
}

// behind returns a party whose untold events fill the ring, or -1.
func (r *ring) behind() int {
	for p, s := range r.seen {
		if r.head-s >= r.size {
			return p
		}
	}
	return -1
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
	msg := s.deliver(p)
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

// deliver tells party p, in order, the events it has not been told, each
// as a fresh copy. It runs inside a call (between begin and end) and
// records nothing: it returns the first fault's message, after which p is
// told nothing more of this batch.
func (s *Session) deliver(p int) string {
	r := s.ring
	ng := s.negs[p]
	for r.seen[p] < r.head {
		e := &r.ev[r.seen[p]%r.size]
		r.seen[p]++
		s.obs = *e
		if e.Outcome != nil {
			copy(s.obsOut, e.Outcome)
			s.obs.Outcome = s.obsOut
		}
		if msg := s.guard(func() { ng.Observe(&s.obs) }); msg != "" {
			r.seen[p] = r.head
			return msg
		}
	}
	return ""
}
