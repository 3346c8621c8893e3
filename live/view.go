package live

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/utility"
)

// View is a negotiation as it stands. It holds every party's data (the
// scenario, the result's utilities): whoever shows it to a seat must show
// that seat's own only.
type View struct {
	ID       string
	Spec     Spec
	Scenario *entente.Scenario
	Status   string
	Created  time.Time
	Started  time.Time
	Ended    time.Time
	// Moves is the number of moves applied.
	Moves int
	// Events are the events from the index asked for on.
	Events []Event
	// Next is the index of the event after the last in Events.
	Next int
	// Wait is the turn the session waits for (nil before the start and
	// after the end).
	Wait *Turn
	// Result is how the session ended (nil while it goes on).
	Result *protocol.Result
	// Kinds says who plays each seat.
	Kinds []SeatKind
}

// View returns negotiation id as it stands, with the events from index
// since on.
func (s *Service) View(ctx context.Context, id string, since int) (*View, error) {
	e, err := s.entry(ctx, id)
	if err != nil {
		return nil, err
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	sc, err := s.ScenarioOf(ctx, e.rec.Spec.Scenario)
	if err != nil {
		return nil, err
	}
	v := &View{ID: id, Spec: e.rec.Spec, Scenario: sc, Status: e.rec.Status, Created: e.rec.Created,
		Started: e.rec.Started, Ended: e.rec.Ended}
	for _, st := range e.rec.Spec.Seats {
		v.Kinds = append(v.Kinds, st.Kind)
	}
	if g := e.game; g != nil {
		v.Moves = g.Applied()
		since = max(since, 0)
		ev := g.Events(since)
		v.Events = ev[:len(ev):len(ev)]
		v.Next = since + len(ev)
		v.Wait = g.Wait()
		v.Result = g.Result()
	}
	return v, nil
}

// List returns every negotiation's record.
func (s *Service) List(ctx context.Context) ([]NegotiationRecord, error) {
	return s.st.Negotiations(ctx)
}

// UtilityOf returns party p's compiled utility function of a stored
// scenario (nil when it does not compile).
func (s *Service) UtilityOf(id string, sc *entente.Scenario, p int) *utility.Func {
	s.mu.Lock()
	fns := s.fns[id]
	s.mu.Unlock()
	if fns == nil {
		var err error
		if fns, err = utility.Compile(sc); err != nil {
			return nil
		}
		s.mu.Lock()
		if len(s.fns) >= 256 {
			clear(s.fns)
		}
		s.fns[id] = fns
		s.mu.Unlock()
	}
	if p < 0 || p >= len(fns) {
		return nil
	}
	return fns[p]
}

// Trace writes an ended negotiation's session as JSON Lines, as negotiate
// --trace writes it (every party's utilities included: for the admin
// only). It replays the log; a negotiation still going on has no complete
// trace yet (EConflict).
func (s *Service) Trace(ctx context.Context, id string, w io.Writer) error {
	rec, err := s.st.Negotiation(ctx, id)
	if err != nil {
		return err
	}
	if !Ended(rec.Status) {
		return entente.Errorf(entente.EConflict, "", 0, 0, "", "the trace is complete when the negotiation ends; follow its events meanwhile")
	}
	sc, err := s.ScenarioOf(ctx, rec.Spec.Scenario)
	if err != nil {
		return err
	}
	moves, err := s.st.Moves(ctx, id, 0)
	if err != nil {
		return err
	}
	g, err := newGame(sc, rec.Spec, w)
	if err != nil {
		return err
	}
	defer g.Close()
	g.Begin()
	for i, m := range moves {
		if _, err := g.Apply(m); err != nil {
			return fmt.Errorf("negotiation %s: replaying move %d: %w", id, i, err)
		}
	}
	return g.sess.Err()
}

// Moves returns negotiation id's move log.
func (s *Service) Moves(ctx context.Context, id string) (*MovesDoc, error) {
	rec, err := s.st.Negotiation(ctx, id)
	if err != nil {
		return nil, err
	}
	sc, err := s.ScenarioOf(ctx, rec.Spec.Scenario)
	if err != nil {
		return nil, err
	}
	moves, err := s.st.Moves(ctx, id, 0)
	if err != nil {
		return nil, err
	}
	return Doc(sc, rec.Spec.Seats, moves), nil
}
