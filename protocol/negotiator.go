package protocol

import (
	"math/rand/v2"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Negotiator is a strategy that takes part in a session on behalf of one
// party. The session calls its methods from one goroutine, one at a time.
//
// A negotiator sees only copies: its own View (its own utility function,
// read-only; its own copy of the issues and the space), and snapshots of
// the public state and events, refilled before each call and valid only
// during it (copy what you keep). Nothing a negotiator does to them changes
// the session, the scenario or another session. The Outcome of a returned
// Action may be a buffer the negotiator reuses; the session copies it at
// once.
type Negotiator interface {
	// Start is called once, before the first turn.
	Start(v *View) error
	// Act chooses the action on the negotiator's turn in an offer protocol:
	// accept the package on the table (naming it), offer another, or walk
	// away.
	Act(s *State) Action
	// Observe tells the negotiator about every public event of the session,
	// its own actions included, in order. Events are told in a batch at the
	// start of the negotiator's next call (Act or Vote), or when too many
	// are waiting (at least 3n+2 for n parties); events after its last
	// call are not told (the session's end is in the Result).
	Observe(e *Event)
}

// Finisher is implemented by negotiators that want to know how the
// session ended (a remote agent is told, and its connection closed). Run
// calls Finish once, after the end, with a copy of the result that holds
// only what the negotiator may know: every party's utilities but its own
// are NaN, and the events are left out. Finish must return promptly.
type Finisher interface {
	Finish(r *Result)
}

// Voter is implemented by negotiators that vote on a mediator's proposals
// themselves. The session votes for negotiators that do not implement it,
// by their own utility (see DefaultBallot).
type Voter interface {
	// Vote answers a mediator's proposal. text is the current single text
	// (nil before the first one is adopted).
	Vote(s *State, proposal, text entente.Outcome) Ballot
}

// Mediator proposes packages in the single-text protocol. It knows the
// issues and the parties' names, not their preferences; it learns from
// votes.
type Mediator interface {
	// Start is called once, before the first round.
	Start(v *View) error
	// Propose returns the next package to vote on. It may be a buffer the
	// mediator reuses: the session copies it at once.
	Propose(s *State) entente.Outcome
	// Votes tells the mediator how each party voted on its last proposal
	// (indexed by party; a party that lost its vote rejects and prefers
	// nothing) and whether the single text moved to it.
	Votes(proposal entente.Outcome, ballots []Ballot, adopted bool)
}

// View is what one negotiator (or the mediator) knows when a session starts.
// It is the negotiator's own: its slices are copies, its utility function
// is read-only, and nothing in it holds another party's preferences.
type View struct {
	// Protocol is the protocol's name.
	Protocol string
	// Voting is the mediated protocol's voting rule, "accept" or "compare"
	// (empty for other protocols).
	Voting string
	// Self is the negotiator's party index; -1 for the mediator.
	Self int
	// Parties are the parties' names, in scenario order.
	Parties []string
	// Issues are the scenario's issues.
	Issues []entente.Issue
	// Space is the finite space to choose packages from (real issues
	// discretised on the session's grid). Offers outside the grid are valid
	// too.
	Space *space.Space
	// Utility is the negotiator's own utility function (nil for the
	// mediator). It gives undiscounted utilities; Utility.Discounted
	// applies the discount factor, Utility.DiscountFactor returns it.
	Utility *utility.Func
	// Politics is what the negotiator is told about the second level: its
	// own bloc, and the constituencies the session's Disclosure tells it
	// about. Never nil.
	Politics *Politics
	// Deadline is the session's deadline.
	Deadline Deadline
	// Rand is the negotiator's own random source, seeded from the session
	// seed and the party index.
	Rand *rand.Rand
}

// Deadline ends a session after a number of rounds, a wall-clock time, or
// whichever comes first when both are set. At least one must be.
type Deadline struct {
	// Rounds is the number of rounds (0: no round limit).
	Rounds int
	// Time is the wall-clock limit (0: none). A session with a time limit
	// is not reproducible byte for byte, since its clock is real.
	Time time.Duration
}

// State is the public state of a session at a turn. A negotiator receives
// a snapshot, valid during the call.
type State struct {
	// Round is the current round, from 1.
	Round int
	// Time is the normalised time in [0,1]: round r of R is r/(R+1)
	// (GENIUS's convention, never 1 in play), elapsed/limit under a time
	// limit, the larger of the two with both.
	Time float64
	// Table is the package on the table in an offer protocol, or the
	// current single text in the mediated protocol; nil when there is none.
	Table entente.Outcome
	// By is the party who put Table there; -1 when none (or the mediator).
	By int
}

// ActionKind says what a negotiator does on its turn.
type ActionKind uint8

const (
	// NoAction is the zero ActionKind; returning it is a fault.
	NoAction ActionKind = iota
	// Offer puts a package on the table (the offerer accepts it).
	Offer
	// Accept accepts the package on the table; the Action names it.
	Accept
	// Walk ends the negotiation without agreement for everyone.
	Walk
)

var actionNames = [...]string{"none", "offer", "accept", "walk"}

// String returns the action's name as written in traces.
func (k ActionKind) String() string {
	if int(k) < len(actionNames) {
		return actionNames[k]
	}
	return "invalid"
}

// Action is a negotiator's move on its turn.
type Action struct {
	Kind ActionKind
	// Outcome is the package offered (Offer), or the package accepted
	// (Accept): it must be the package on the table, value for value, or
	// the acceptance is a fault. Walk ignores it.
	Outcome entente.Outcome
}

// Ballot is a party's vote on a mediator's proposal.
type Ballot struct {
	// Accept: the party would sign the proposal as the final agreement.
	Accept bool
	// Prefer: the party likes the proposal at least as much as the current
	// single text (always true when there is none yet).
	Prefer bool
}

// DefaultBallot is how a party votes when its negotiator does not: it
// accepts a proposal worth at least its reservation value and prefers it when
// it is worth at least the current text (both undiscounted; discounting
// changes neither comparison at one time).
func DefaultBallot(u *utility.Func, proposal, text entente.Outcome) Ballot {
	up := u.Utility(proposal)
	b := Ballot{Accept: up >= u.Reservation(), Prefer: true}
	if text != nil {
		b.Prefer = up >= u.Utility(text)
	}
	return b
}

// EventKind says what happened.
type EventKind uint8

const (
	// Offered: a party put a package on the table.
	Offered EventKind = iota + 1
	// Accepted: a party accepted the package on the table.
	Accepted
	// Walked: a party walked away; the session ends without agreement.
	Walked
	// Proposed: the mediator proposed a package.
	Proposed
	// Voted: the votes on the mediator's proposal were counted; Adopted
	// says whether the single text moved to it, Accepts how many parties
	// would sign it.
	Voted
	// Faulted: a negotiator panicked, returned an invalid action or
	// overran its time budget; it lost its turn (or the session ended,
	// under FaultAbort).
	Faulted
	// Agreed: the session ended with an agreement on Outcome.
	Agreed
	// Ended: the session ended without agreement (deadline, walk-away,
	// cancellation or fault).
	Ended
	// BlocVoted: the members of bloc Party voted on Outcome, because the
	// bloc's negotiator offered or accepted it (or would sign it, in the
	// mediated protocol). Accepts counts the members accepting, Adopted
	// says whether the bloc accepts by its rule; without that, the bloc's
	// yes does not count.
	BlocVoted
)

var eventNames = [...]string{"", "offer", "accept", "walk", "propose", "vote", "fault", "agreement", "end", "bloc"}

// String returns the event's name as written in traces.
func (k EventKind) String() string {
	if int(k) < len(eventNames) {
		return eventNames[k]
	}
	return "invalid"
}

// Event is one entry of a session's public history.
type Event struct {
	Kind EventKind
	// Round and Time are the state's when the event happened.
	Round int
	Time  float64
	// Party is the acting party; -1 for the mediator or the session.
	Party int
	// Outcome is the package concerned (nil when none). It is owned by the
	// session and valid only during the call.
	Outcome entente.Outcome
	// Adopted and Accepts describe a vote (Voted) or a bloc's vote
	// (BlocVoted).
	Adopted bool
	Accepts int
	// Reason explains a fault or an end without agreement.
	Reason string
}
