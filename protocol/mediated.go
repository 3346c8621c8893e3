package protocol

import "errors"

// Mediated is the single negotiating text protocol: each round the mediator
// proposes a complete package and every party votes on it; parties see the
// proposals and the counts, the mediator sees every ballot.
//
// Under accept voting (Compare false) a party votes whether it would sign the
// proposal; the text moves to a proposal that at least as many needed
// parties accept as the current text, and the session ends with agreement
// on the first proposal every needed party accepts. A bloc that would sign
// asks its members, and accepts only by their rule (Session.Consents);
// agreement is Session.Agreed, the analysis's definition.
//
// Under compare voting (preferred-of-two; Fisher's single text, Raiffa
// 1982) the text moves only to a proposal every needed party likes at least
// as much as the current text, and the session ends with agreement when
// every needed party would also sign the newly adopted text.
//
// Either way the deadline ends the session without agreement, and a party
// that lost its vote (a fault) rejects the proposal.
type Mediated struct {
	// Compare selects preferred-of-two voting.
	Compare bool
}

// Name returns "mediated".
func (Mediated) Name() string { return "mediated" }

// Voting returns the voting rule's name, "accept" or "compare"; the
// session passes it to negotiators and the mediator in View.Voting.
func (md Mediated) Voting() string {
	if md.Compare {
		return "compare"
	}
	return "accept"
}

// Check requires a mediator and at least one party.
func (Mediated) Check(n int, mediator bool) error {
	switch {
	case !mediator:
		return errors.New("the mediated protocol needs a mediator")
	case n < 1:
		return errors.New("the mediated protocol needs at least one party")
	}
	return nil
}

// Start returns the state machine of one session.
func (md Mediated) Start(s *Session) Machine {
	n := s.Parties()
	return &mediated{s: s, compare: md.Compare, ballots: make([]Ballot, n), yes: make([]bool, n), textAccepts: -1}
}

type mediated struct {
	s           *Session
	compare     bool
	ballots     []Ballot
	yes         []bool // by party: consents to the proposal
	textAccepts int    // needed parties that accepted the current text
}

// Step plays one round: a proposal, the votes, the count.
func (m *mediated) Step() bool {
	s := m.s
	prop, ok := s.Propose()
	if !ok {
		if s.done {
			return false
		}
		return s.NextRound()
	}
	s.Emit(Event{Kind: Proposed, Party: -1, Outcome: prop})
	if s.done {
		return false
	}
	for p := range m.ballots {
		b, ok := s.Vote(p, prop, s.state.Table)
		if s.done {
			return false
		}
		if !ok {
			b = Ballot{}
		}
		m.ballots[p] = b
	}
	// A bloc that would sign asks its members; only their consent counts.
	accepts, needed, allPrefer := 0, 0, true
	for p, b := range m.ballots {
		m.yes[p] = s.Consents(p, prop, b.Accept)
		if s.done {
			return false
		}
	}
	need := s.Needs(prop)
	for p, b := range m.ballots {
		if m.yes[p] {
			accepts++
		}
		if need[p] {
			if m.yes[p] {
				needed++
			}
			allPrefer = allPrefer && b.Prefer
		}
	}
	allAccept := s.Agreed(prop, m.yes)
	var adopted bool
	if m.compare {
		adopted = allPrefer
	} else {
		adopted = needed >= m.textAccepts
	}
	if adopted {
		s.SetTable(prop, -1)
		m.textAccepts = needed
	}
	s.Inform(prop, m.ballots, adopted)
	s.Emit(Event{Kind: Voted, Party: -1, Outcome: prop, Adopted: adopted, Accepts: accepts})
	if s.done {
		return false
	}
	if allAccept && (adopted || !m.compare) {
		s.Agree(prop)
		return false
	}
	return s.NextRound()
}
