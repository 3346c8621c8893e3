package main

import (
	"encoding/json"
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/live"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
)

// scriptMoves replaces the negotiators of the parties that a live
// session's moves file (the admin's GET /api/v1/negotiations/ID/moves)
// shows played by a person or a remote agent with scripts of their moves.
func scriptMoves(out *output, path string, s *entente.Scenario, negs []protocol.Negotiator, specs []string) error {
	data, err := out.in.readFile(path)
	if err != nil {
		return err
	}
	var doc live.MovesDoc
	if err := json.Unmarshal(data, &doc); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	scripts := map[int]*negotiator.Script{}
	kinds := map[int]string{}
	for i, m := range doc.Moves {
		if m.Seat == string(live.Builtin) {
			continue
		}
		p := s.PartyIndex(m.Party)
		if p < 0 {
			return fmt.Errorf("%s: moves[%d]: no party %q in the scenario", path, i, m.Party)
		}
		kinds[p] = m.Seat
		sc := scripts[p]
		if sc == nil {
			sc = &negotiator.Script{}
			scripts[p] = sc
		}
		switch live.MoveKind(m.Kind) {
		case live.Vote:
			sc.Ballots = append(sc.Ballots, protocol.Ballot{Accept: m.Accept, Prefer: m.Prefer})
		case live.Walk:
			sc.Actions = append(sc.Actions, protocol.Action{Kind: protocol.Walk})
		case live.Offer, live.Accept:
			o, err := live.ParsePackage(s, m.Package)
			if err != nil {
				return fmt.Errorf("%s: moves[%d]: %w", path, i, err)
			}
			k := protocol.Offer
			if m.Kind == string(live.Accept) {
				k = protocol.Accept
			}
			sc.Actions = append(sc.Actions, protocol.Action{Kind: k, Outcome: o})
		default:
			return fmt.Errorf("%s: moves[%d]: %q moves cannot be replayed here", path, i, m.Kind)
		}
	}
	for p, sc := range scripts {
		negs[p], specs[p] = sc, kinds[p] // "person" or "agent", as the server labels them
	}
	return nil
}
