package protocol

import (
	"errors"
	"fmt"
)

// Alternating is the alternating offers protocol (the ANAC stacked
// alternating offers protocol, SAOP; Aydoğan et al. 2017). Parties take
// turns in a fixed order, one turn each per round. On its turn a party
// offers a package (and so accepts it), accepts the package on the table or
// walks away, which ends the session without agreement for everyone. The
// first turn of the session must be an offer or a walk-away. A package is
// agreed as soon as every party it needs (Scenario.Required: all parties
// unless rules say otherwise) has accepted it since it was offered, and
// every needed bloc's members accept it by the bloc's rule (Session.Agreed);
// a new offer replaces it and restarts the count. When a needed bloc offers
// or accepts a package its members reject, the package leaves the table. With every party needed
// and no blocs this is GENIUS's rule: the next n−1 parties in turn all
// accept.
type Alternating struct {
	// Bilateral restricts the protocol to two parties (the name becomes
	// "alternating"; otherwise "stacked").
	Bilateral bool
	// Order is the order of turns as party indices (nil: scenario order).
	// The first party opens.
	Order []int
}

// Name returns "alternating" or "stacked".
func (a Alternating) Name() string {
	if a.Bilateral {
		return "alternating"
	}
	return "stacked"
}

// Check requires two parties (bilateral) or at least two, no mediator, and
// an order that lists every party once.
func (a Alternating) Check(n int, mediator bool) error {
	switch {
	case a.Bilateral && n != 2:
		return fmt.Errorf("the alternating offers protocol is bilateral and this scenario has %d parties; use the stacked protocol", n)
	case n < 2:
		return errors.New("alternating offers need at least two parties")
	case mediator:
		return errors.New("alternating offers have no mediator; use the mediated protocol")
	}
	if a.Order != nil {
		if len(a.Order) != n {
			return fmt.Errorf("the order of turns lists %d parties; expected all %d", len(a.Order), n)
		}
		seen := make([]bool, n)
		for _, p := range a.Order {
			if p < 0 || p >= n || seen[p] {
				return fmt.Errorf("the order of turns %v must list each party index 0..%d once", a.Order, n-1)
			}
			seen[p] = true
		}
	}
	return nil
}

// Start returns the state machine of one session.
func (a Alternating) Start(s *Session) Machine {
	n := s.Parties()
	m := &alternating{s: s, order: a.Order, accepted: make([]bool, n), blocs: s.pol.Blocs()}
	if m.order == nil {
		m.order = make([]int, n)
		for p := range m.order {
			m.order[p] = p
		}
	}
	return m
}

// alternating is one session's state: whose turn it is, and who has
// accepted the package on the table since it was offered.
type alternating struct {
	s        *Session
	order    []int
	turn     int
	accepted []bool
	blocs    bool // some party is a bloc
}

var (
	opening   = Allow(Offer, Walk)
	answering = Allow(Offer, Accept, Walk)
)

// Step plays one turn.
func (m *alternating) Step() bool {
	s := m.s
	p := m.order[m.turn]
	allowed := answering
	if s.state.Table == nil {
		allowed = opening
	}
	if a, ok := s.Act(p, allowed); ok {
		switch a.Kind {
		case Offer:
			s.SetTable(a.Outcome, p)
			clear(m.accepted)
			m.accepted[p] = true
			s.Emit(Event{Kind: Offered, Party: p, Outcome: s.state.Table})
			if m.blocs {
				m.askBloc(p)
			}
		case Accept:
			m.accepted[p] = true
			s.Emit(Event{Kind: Accepted, Party: p, Outcome: s.state.Table})
			if m.blocs {
				m.askBloc(p)
			}
		case Walk:
			s.Emit(Event{Kind: Walked, Party: p})
			s.End(WalkedAway, p, s.who(p)+" walked away")
			return false
		}
		if !s.done && s.state.Table != nil && m.agreed() {
			s.Agree(s.state.Table)
		}
	}
	if s.done {
		return false
	}
	if m.turn++; m.turn == len(m.order) {
		m.turn = 0
		return s.NextRound()
	}
	return true
}

// askBloc has the members of party p vote on the table when p is a bloc
// that has just offered or accepted it (Session.Consents records the vote).
// A package the members of a needed bloc reject cannot be agreed: it
// leaves the table, and the next party must make an offer.
func (m *alternating) askBloc(p int) {
	s := m.s
	if s.done || !s.pol.Bloc(p) {
		return
	}
	if !s.Consents(p, s.state.Table, true) && !s.done && s.Needs(s.state.Table)[p] {
		s.SetTable(nil, -1)
		clear(m.accepted)
	}
}

// agreed reports whether the table is agreed: every party it needs has
// accepted it since it was offered, a bloc with its members' consent.
func (m *alternating) agreed() bool {
	return m.s.Agreed(m.s.state.Table, m.accepted)
}
