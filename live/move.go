package live

import (
	"fmt"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// MoveKind says what a move is.
type MoveKind string

// Move kinds. Offer, Accept and Walk answer an offer protocol's turn,
// Vote a mediator's proposal; Timeout is the server's move when a
// wall-clock deadline passes while a seat has the turn, and Abort the
// server's move when the administrator stops the negotiation (it ends
// without agreement, status cancelled).
const (
	Offer   MoveKind = "offer"
	Accept  MoveKind = "accept"
	Walk    MoveKind = "walk"
	Vote    MoveKind = "vote"
	Timeout MoveKind = "timeout"
	Abort   MoveKind = "abort"
	// None is a built-in negotiator's move that named no valid action;
	// the referee records it as a fault.
	None MoveKind = "none"
)

// Move is one seat's answer to its turn, as logged.
type Move struct {
	// Seat is the party index.
	Seat int `json:"seat"`
	// Kind is the kind of move.
	Kind MoveKind `json:"kind"`
	// Package is the package offered or accepted (nil otherwise).
	Package entente.Outcome `json:"package,omitempty"`
	// Accept and Prefer are a vote's ballot.
	Accept bool `json:"accept,omitempty"`
	Prefer bool `json:"prefer,omitempty"`
	// Elapsed is the time since the negotiation started when the move was
	// made: the session's clock during the move.
	Elapsed time.Duration `json:"elapsed"`
}

// TurnKind says what a seat is asked for.
type TurnKind string

// Turn kinds.
const (
	// Act: offer, accept or walk away (offer protocols).
	Act TurnKind = "act"
	// Ballot: vote on a mediator's proposal (mediated protocol).
	Ballot TurnKind = "vote"
)

// Turn is what the session waits for: one seat's move.
type Turn struct {
	Seat int
	Kind TurnKind
	// Round, Time, Table and By are the public state the seat is shown.
	Round int
	Time  float64
	Table entente.Outcome
	By    int
	// Allowed lists the moves allowed on an Act turn.
	Allowed []MoveKind
	// Proposal and Text are the mediator's proposal and the current single
	// text (nil before the first one is adopted) on a Ballot turn.
	Proposal, Text entente.Outcome
	// Suggested is a built-in seat's own answer (nil for other seats).
	Suggested *Move
}

func moveOf(seat int, a protocol.Action) Move {
	m := Move{Seat: seat}
	switch a.Kind {
	case protocol.Offer:
		m.Kind = Offer
	case protocol.Accept:
		m.Kind = Accept
	case protocol.Walk:
		m.Kind = Walk
	default:
		m.Kind = None
	}
	if a.Outcome != nil && (m.Kind == Offer || m.Kind == Accept) {
		m.Package = append(entente.Outcome(nil), a.Outcome...)
	}
	return m
}

func (m *Move) action() protocol.Action {
	switch m.Kind {
	case Offer:
		return protocol.Action{Kind: protocol.Offer, Outcome: m.Package}
	case Accept:
		return protocol.Action{Kind: protocol.Accept, Outcome: m.Package}
	case Walk:
		return protocol.Action{Kind: protocol.Walk}
	}
	return protocol.Action{}
}

// ParsePackage reads a package given as issue names to values (option
// names for discrete issues, numbers, or numbers written as text, for the
// others). Every issue must be given, with a valid value.
func ParsePackage(sc *entente.Scenario, m map[string]any) (entente.Outcome, error) {
	if len(m) != len(sc.Issues) {
		for name := range m {
			if sc.IssueIndex(name) < 0 {
				return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "package", "no issue %q in this scenario", name)
			}
		}
		return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "package", "a package gives a value for each of the %d issues; this one gives %d", len(sc.Issues), len(m))
	}
	o := make(entente.Outcome, len(sc.Issues))
	for i := range sc.Issues {
		is := &sc.Issues[i]
		v, ok := m[is.Name]
		if !ok {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "package", "no value for issue %q", is.Name)
		}
		var x float64
		switch v := v.(type) {
		case string:
			x, ok = is.Parse(v)
		case float64:
			x, ok = v, is.Kind != entente.Discrete && is.Valid(v)
		default:
			ok = false
		}
		if !ok {
			return nil, entente.Errorf(entente.EInvalid, "", 0, 0, "package."+is.Name, "%v is not a value of issue %q; expected %s", v, is.Name, expected(is))
		}
		o[i] = x
	}
	return o, nil
}

// expected describes an issue's values for error messages.
func expected(is *entente.Issue) string {
	if is.Kind == entente.Discrete {
		return fmt.Sprintf("one of %q", is.Options)
	}
	return fmt.Sprintf("%s in [%s, %s]", map[bool]string{true: "an integer", false: "a number"}[is.Kind == entente.Integer], entente.FormatNumber(is.Min), entente.FormatNumber(is.Max))
}

// MovesDoc is a negotiation's move log as the server shows it to the admin
// (GET /api/v1/negotiations/ID/moves), and as negotiate --moves reads it.
type MovesDoc struct {
	Moves []MoveDoc `json:"moves"`
}

// MoveDoc is one logged move.
type MoveDoc struct {
	// Party is the seat's party; Seat says who played it (builtin, agent
	// or person).
	Party   string         `json:"party"`
	Seat    string         `json:"seat"`
	Kind    string         `json:"kind"`
	Package map[string]any `json:"package,omitempty"`
	Accept  bool           `json:"accept,omitempty"`
	Prefer  bool           `json:"prefer,omitempty"`
	// Elapsed is the time since the start, in seconds.
	Elapsed float64 `json:"elapsed"`
}

// Doc returns the log of moves of a negotiation of sc with seats kinds.
func Doc(sc *entente.Scenario, seats []SeatSpec, moves []Move) *MovesDoc {
	d := &MovesDoc{Moves: make([]MoveDoc, 0, len(moves))}
	for _, m := range moves {
		md := MoveDoc{Kind: string(m.Kind), Package: sc.Values(m.Package), Accept: m.Accept, Prefer: m.Prefer, Elapsed: m.Elapsed.Seconds()}
		if m.Seat >= 0 && m.Seat < len(sc.Parties) {
			md.Party, md.Seat = sc.Parties[m.Seat].Name, string(seats[m.Seat].Kind)
		}
		d.Moves = append(d.Moves, md)
	}
	return d
}
