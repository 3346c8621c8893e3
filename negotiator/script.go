package negotiator

import (
	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// Script is a negotiator that plays given moves in order: a party's moves
// recorded in a live session (a person's or a remote agent's), replayed
// outside it (negotiate --moves). Actions answer its turns in an offer
// protocol, Ballots its votes in the mediated one. Past the end of its
// moves it walks away (and rejects every proposal), so that a replay that
// goes another way than the recording ends rather than wanders.
type Script struct {
	Actions []protocol.Action
	Ballots []protocol.Ballot
	act     int
	vote    int
}

// Start implements protocol.Negotiator.
func (s *Script) Start(*protocol.View) error {
	s.act, s.vote = 0, 0
	return nil
}

// Act implements protocol.Negotiator.
func (s *Script) Act(*protocol.State) protocol.Action {
	if s.act >= len(s.Actions) {
		return protocol.Action{Kind: protocol.Walk}
	}
	a := s.Actions[s.act]
	s.act++
	return a
}

// Observe implements protocol.Negotiator.
func (s *Script) Observe(*protocol.Event) {}

// Vote implements protocol.Voter.
func (s *Script) Vote(_ *protocol.State, _, _ entente.Outcome) protocol.Ballot {
	if s.vote >= len(s.Ballots) {
		return protocol.Ballot{}
	}
	b := s.Ballots[s.vote]
	s.vote++
	return b
}
