package live

import (
	"fmt"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/tournament"
)

// SeatKind says who plays a seat.
type SeatKind string

// Seat kinds.
const (
	// Builtin: a built-in negotiator (a strategy of package negotiator).
	Builtin SeatKind = "builtin"
	// Agent: a remote agent, a program that speaks the live protocol
	// (docs/protocol.md) with the seat's token.
	Agent SeatKind = "agent"
	// Person: a person, through the HTTP API or the live protocol with the
	// seat's token.
	Person SeatKind = "person"
)

// SeatSpec says who plays one party.
type SeatSpec struct {
	// Party is the party's name.
	Party string `json:"party"`
	// Kind is who plays it.
	Kind SeatKind `json:"kind"`
	// Strategy is a built-in seat's strategy, as negotiate's --party takes
	// it (e.g. "boulware:e=0.1"); default "boulware".
	Strategy string `json:"strategy,omitempty"`
}

// Spec describes a negotiation to create.
type Spec struct {
	// Scenario is the stored scenario's id.
	Scenario string `json:"scenario"`
	// Protocol is alternating, stacked or mediated (default: alternating
	// for two parties, stacked for more).
	Protocol string `json:"protocol,omitempty"`
	// Voting is the mediated protocol's rule, accept (default) or compare.
	Voting string `json:"voting,omitempty"`
	// Mediator is the mediated protocol's mediator (default hillclimb).
	Mediator string `json:"mediator,omitempty"`
	// Rounds is the deadline in rounds (0: none).
	Rounds int `json:"rounds,omitempty"`
	// Seconds is the wall-clock deadline (0: none). At least one of
	// Rounds and Seconds must be set.
	Seconds float64 `json:"seconds,omitempty"`
	// Seed seeds every built-in negotiator (default 1).
	Seed uint64 `json:"seed,omitempty"`
	// Resolution is the grid size of real issues (default 11).
	Resolution int `json:"resolution,omitempty"`
	// Seats say who plays each party; a party not listed is played by a
	// built-in boulware negotiator.
	Seats []SeatSpec `json:"seats"`
}

// invalid returns an invalid-input error on a field of the spec.
func invalid(field, format string, args ...any) error {
	return entente.Errorf(entente.EInvalid, "", 0, 0, field, format, args...)
}

// Normalize checks the spec against its scenario and fills in the
// defaults; it returns the seats in scenario order.
func (sp *Spec) Normalize(sc *entente.Scenario) ([]SeatSpec, error) {
	if sp.Rounds < 0 || sp.Seconds < 0 || (sp.Rounds == 0 && sp.Seconds == 0) {
		return nil, invalid("rounds", "give a deadline: rounds > 0, seconds > 0, or both")
	}
	if sp.Rounds > tournament.MaxRounds {
		return nil, invalid("rounds", "%d rounds; a negotiation takes at most %d", sp.Rounds, tournament.MaxRounds)
	}
	if time.Duration(sp.Seconds*float64(time.Second)) > tournament.MaxDeadline {
		return nil, invalid("seconds", "%v seconds; a negotiation takes at most %v", sp.Seconds, tournament.MaxDeadline)
	}
	if sp.Seed == 0 {
		sp.Seed = 1
	}
	if sp.Resolution == 0 {
		sp.Resolution = 11
	}
	if sp.Resolution < 2 || sp.Resolution > 1000 {
		return nil, invalid("resolution", "%d grid points per real issue; expected 2 to 1000", sp.Resolution)
	}
	n := len(sc.Parties)
	if n > protocol.MaxParties {
		return nil, invalid("scenario", "%d parties; a live negotiation seats at most %d", n, protocol.MaxParties)
	}
	if sp.Protocol == "" {
		sp.Protocol = "stacked"
		if n == 2 {
			sp.Protocol = "alternating"
		}
	}
	switch sp.Protocol {
	case "alternating", "stacked":
		if sp.Mediator != "" || sp.Voting != "" {
			return nil, invalid("mediator", "a mediator and voting apply to the mediated protocol only")
		}
	case "mediated":
		if sp.Voting == "" {
			sp.Voting = "accept"
		}
		if sp.Voting != "accept" && sp.Voting != "compare" {
			return nil, invalid("voting", "%q: expected accept or compare", sp.Voting)
		}
		if sp.Mediator == "" {
			sp.Mediator = "hillclimb"
		}
		if _, err := negotiator.NewMediator(sp.Mediator, nil); err != nil {
			return nil, invalid("mediator", "%v", err)
		}
	default:
		return nil, invalid("protocol", "%q: expected alternating, stacked or mediated", sp.Protocol)
	}
	if err := sp.protocol().Check(n, sp.Protocol == "mediated"); err != nil {
		return nil, invalid("protocol", "%v", err)
	}
	seats := make([]SeatSpec, n)
	given := make([]bool, n)
	for i, s := range sp.Seats {
		field := fmt.Sprintf("seats[%d]", i)
		p := sc.PartyIndex(s.Party)
		if p < 0 {
			return nil, invalid(field+".party", "no party %q in the scenario", s.Party)
		}
		if given[p] {
			return nil, invalid(field+".party", "party %q is seated twice", s.Party)
		}
		given[p] = true
		switch s.Kind {
		case Builtin:
			if s.Strategy == "" {
				s.Strategy = "boulware"
			}
			if _, err := negotiator.New(s.Strategy, nil); err != nil {
				return nil, invalid(field+".strategy", "%v", err)
			}
		case Agent, Person:
			if s.Strategy != "" {
				return nil, invalid(field+".strategy", "a strategy is for built-in seats only")
			}
		default:
			return nil, invalid(field+".kind", "%q: expected builtin, agent or person", s.Kind)
		}
		seats[p] = s
	}
	for p := range seats {
		if !given[p] {
			seats[p] = SeatSpec{Party: sc.Parties[p].Name, Kind: Builtin, Strategy: "boulware"}
		}
	}
	sp.Seats = seats
	return seats, nil
}

func (sp *Spec) protocol() protocol.Protocol {
	switch sp.Protocol {
	case "alternating":
		return protocol.Alternating{Bilateral: true}
	case "mediated":
		return protocol.Mediated{Compare: sp.Voting == "compare"}
	}
	return protocol.Alternating{}
}

// Deadline returns the session's deadline.
func (sp *Spec) Deadline() protocol.Deadline {
	return protocol.Deadline{Rounds: sp.Rounds, Time: time.Duration(sp.Seconds * float64(time.Second))}
}
