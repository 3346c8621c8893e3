package live

import (
	"context"
	"fmt"
	"io"
	"slices"
	"sync/atomic"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// Game is one live session: the referee (protocol.Session) stepping on its
// own goroutine, waiting for a move at every turn. It is not safe for
// concurrent use: one goroutine drives it with Begin and Apply.
type Game struct {
	sc    *entente.Scenario
	fns   []*utility.Func
	spec  Spec
	sess  *protocol.Session
	seats []*seat
	kinds []SeatKind

	toSeat  chan Move  // the driver's move for the waiting seat
	toGame  chan *Turn // the next turn, or nil at the end
	cancel  context.CancelFunc
	clock   atomic.Int64 // the session's clock, frozen between moves
	begun   bool
	closed  atomic.Bool
	wait    *Turn
	events  []Event // every event so far
	applied int     // moves applied
}

// Event is a public event of a live session, with the number of moves
// applied when it happened (Seq).
type Event struct {
	Seq int
	protocol.Event
}

// NewGame prepares a game of the normalized spec (Spec.Normalize) on its
// scenario; Begin starts it.
func NewGame(sc *entente.Scenario, spec Spec) (*Game, error) {
	return newGame(sc, spec, nil)
}

func newGame(sc *entente.Scenario, spec Spec, trace io.Writer) (*Game, error) {
	fns, err := utility.Compile(sc)
	if err != nil {
		return nil, err
	}
	n := len(sc.Parties)
	if len(spec.Seats) != n {
		return nil, fmt.Errorf("live: %d seats for %d parties", len(spec.Seats), n)
	}
	g := &Game{sc: sc, fns: fns, spec: spec, toSeat: make(chan Move), toGame: make(chan *Turn)}
	cache := negotiator.NewCache()
	negs := make([]protocol.Negotiator, n)
	for p, s := range spec.Seats {
		st := &seat{g: g, p: p}
		if s.Kind == Builtin {
			if st.inner, err = negotiator.New(s.Strategy, cache); err != nil {
				return nil, invalid(fmt.Sprintf("seats[%d].strategy", p), "%v", err)
			}
		}
		g.seats = append(g.seats, st)
		g.kinds = append(g.kinds, s.Kind)
		negs[p] = st
	}
	var med protocol.Mediator
	if spec.Protocol == "mediated" {
		if med, err = negotiator.NewMediator(spec.Mediator, cache); err != nil {
			return nil, invalid("mediator", "%v", err)
		}
	}
	ctx, cancel := context.WithCancel(context.Background())
	g.cancel = cancel
	g.sess, err = protocol.Open(ctx, protocol.Config{
		Scenario: sc, Utilities: fns, Space: space.Discretized(sc.Issues, spec.Resolution),
		Protocol: spec.protocol(), Negotiators: negs, Mediator: med, Deadline: spec.Deadline(),
		Seed: spec.Seed, Faults: protocol.FaultSkip,
		Clock: func() time.Duration { return time.Duration(g.clock.Load()) },
		Watch: g.watch, Trace: trace,
	})
	if err != nil {
		cancel()
		return nil, invalid("protocol", "%v", err)
	}
	return g, nil
}

// watch keeps a copy of every event (on the session's goroutine, while the
// driver waits for it).
func (g *Game) watch(e *protocol.Event) {
	if g.closed.Load() {
		return
	}
	c := *e
	if c.Outcome != nil {
		c.Outcome = slices.Clone(c.Outcome)
	}
	g.events = append(g.events, Event{Seq: g.applied, Event: c})
}

// Begin starts the session: the negotiators start and the first turn
// comes. Calling it again does nothing.
func (g *Game) Begin() {
	if g.begun {
		return
	}
	g.begun = true
	go func() {
		for g.sess.Step() {
		}
		g.toGame <- nil
	}()
	g.wait = <-g.toGame
}

// Wait returns the turn the session waits for, nil when it has ended (or
// not begun).
func (g *Game) Wait() *Turn { return g.wait }

// Done reports whether the session has ended.
func (g *Game) Done() bool { return g.begun && g.wait == nil }

// Result returns how the session ended, nil while it goes on.
func (g *Game) Result() *protocol.Result {
	if !g.Done() {
		return nil
	}
	return g.sess.Result()
}

// Events returns the events from index i on (owned by the game: read, do
// not change).
func (g *Game) Events(i int) []Event {
	if i >= len(g.events) {
		return nil
	}
	return g.events[i:]
}

// Applied returns the number of moves applied.
func (g *Game) Applied() int { return g.applied }

// Scenario returns the game's scenario.
func (g *Game) Scenario() *entente.Scenario { return g.sc }

// Utility returns party p's utility function (read-only).
func (g *Game) Utility(p int) *utility.Func { return g.fns[p] }

// Kind returns who plays seat p.
func (g *Game) Kind(p int) SeatKind { return g.kinds[p] }

// Check reports why move m cannot be applied now, or nil: the session
// must wait for m's seat and kind of move, and a package must be valid (an
// acceptance must name the package on the table). A move Check rejects
// leaves the game as it was: the seat keeps its turn.
func (g *Game) Check(m *Move) error {
	w := g.wait
	switch {
	case !g.begun:
		return entente.Errorf(entente.EConflict, "", 0, 0, "", "the negotiation has not started")
	case w == nil:
		return entente.Errorf(entente.EConflict, "", 0, 0, "", "the negotiation has ended")
	case m.Kind == Timeout || m.Kind == Abort:
		return nil
	case m.Seat != w.Seat:
		return entente.Errorf(entente.EConflict, "", 0, 0, "", "it is not your turn")
	}
	if w.Kind == Ballot {
		if m.Kind != Vote {
			return entente.Errorf(entente.EConflict, "", 0, 0, "kind", "%s: the mediator's proposal is up for a vote; expected vote", m.Kind)
		}
		return nil
	}
	if g.kinds[m.Seat] == Builtin {
		return nil // the referee judges a built-in negotiator's move
	}
	if !slices.Contains(w.Allowed, m.Kind) {
		return entente.Errorf(entente.EInvalid, "", 0, 0, "kind", "%s is not allowed now; expected %s", m.Kind, allowedText(w.Allowed))
	}
	switch m.Kind {
	case Offer:
		if len(m.Package) != len(g.sc.Issues) {
			return entente.Errorf(entente.EInvalid, "", 0, 0, "package", "a package has %d values, one per issue; got %d", len(g.sc.Issues), len(m.Package))
		}
		for i := range g.sc.Issues {
			if is := &g.sc.Issues[i]; !is.Valid(m.Package[i]) {
				return entente.Errorf(entente.EInvalid, "", 0, 0, "package."+is.Name, "not a value of issue %q; expected %s", is.Name, expected(is))
			}
		}
	case Accept:
		if m.Package == nil {
			return entente.Errorf(entente.EInvalid, "", 0, 0, "package", "an acceptance names the package on the table")
		}
		if !slices.Equal(m.Package, w.Table) {
			return entente.Errorf(entente.EConflict, "", 0, 0, "package", "this is not the package on the table")
		}
	}
	return nil
}

func allowedText(ks []MoveKind) string {
	s := ""
	for i, k := range ks {
		if i > 0 {
			s += " or "
		}
		s += string(k)
	}
	return s
}

// Apply plays move m (checked first with Check) and returns the events it
// caused; the session then waits for the next turn or has ended.
func (g *Game) Apply(m Move) ([]Event, error) {
	if err := g.Check(&m); err != nil {
		return nil, err
	}
	if m.Kind == Timeout || m.Kind == Abort {
		m.Seat = g.wait.Seat
	}
	from := len(g.events)
	g.applied++
	g.toSeat <- m
	g.wait = <-g.toGame
	return g.events[from:], nil
}

// Close stops the session's goroutine. The game cannot be used after.
func (g *Game) Close() {
	if g.closed.Swap(true) {
		return
	}
	g.cancel()
	if !g.begun || g.wait == nil {
		return
	}
	// The session goroutine waits in a seat: every seat now answers
	// nothing, and the cancelled context ends the session within 64 turns.
	close(g.toSeat)
	<-g.toGame
}

// seat is the negotiator the referee sees for one party: it hands the turn
// to the driver and returns the driver's move.
type seat struct {
	g     *Game
	p     int
	inner protocol.Negotiator // a built-in seat's negotiator
	util  *utility.Func
}

func (s *seat) Start(v *protocol.View) error {
	s.util = v.Utility
	if s.inner != nil {
		return s.inner.Start(v)
	}
	return nil
}

func (s *seat) Observe(e *protocol.Event) {
	if s.inner != nil {
		s.inner.Observe(e)
	}
}

func (s *seat) Act(st *protocol.State) protocol.Action {
	t := &Turn{Seat: s.p, Kind: Act, Round: st.Round, Time: st.Time, Table: slices.Clone(st.Table), By: st.By}
	if st.Table == nil {
		t.Allowed = []MoveKind{Offer, Walk}
	} else {
		t.Allowed = []MoveKind{Offer, Accept, Walk}
	}
	if s.inner != nil {
		m := moveOf(s.p, s.inner.Act(st))
		t.Suggested = &m
	}
	m, ok := s.await(t)
	if !ok {
		return protocol.Action{}
	}
	return m.action()
}

func (s *seat) Vote(st *protocol.State, proposal, text entente.Outcome) protocol.Ballot {
	t := &Turn{Seat: s.p, Kind: Ballot, Round: st.Round, Time: st.Time, Table: slices.Clone(st.Table), By: st.By,
		Proposal: slices.Clone(proposal), Text: slices.Clone(text)}
	if s.inner != nil {
		var b protocol.Ballot
		if v, ok := s.inner.(protocol.Voter); ok {
			b = v.Vote(st, proposal, text)
		} else {
			b = protocol.DefaultBallot(s.util, proposal, text)
		}
		t.Suggested = &Move{Seat: s.p, Kind: Vote, Accept: b.Accept, Prefer: b.Prefer}
	}
	m, ok := s.await(t)
	if !ok {
		return protocol.Ballot{}
	}
	return protocol.Ballot{Accept: m.Accept, Prefer: m.Prefer}
}

// await hands the turn to the driver and returns its move; false once the
// game is closed.
func (s *seat) await(t *Turn) (Move, bool) {
	g := s.g
	if g.closed.Load() {
		return Move{}, false
	}
	g.toGame <- t
	m, ok := <-g.toSeat
	if !ok {
		return Move{}, false
	}
	g.clock.Store(int64(m.Elapsed))
	if m.Kind == Abort {
		// On the session's goroutine, inside the seat's call: the referee
		// sees the session ended when the call returns.
		g.sess.End(protocol.Cancelled, -1, AbortReason)
		return Move{}, false
	}
	return m, true
}

// AbortReason is the reason recorded when the administrator aborts a
// negotiation.
const AbortReason = "aborted by the administrator"
