package live

import (
	"cmp"
	"context"
	"reflect"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/space"
)

func example(t testing.TB, name string) *entente.Scenario {
	t.Helper()
	r, err := load.Example(name)
	if err != nil {
		t.Fatal(err)
	}
	return r.Scenario
}

// game normalizes spec and prepares its game on sc, closed when the test
// ends.
func game(t testing.TB, sc *entente.Scenario, spec *Spec) *Game {
	t.Helper()
	if _, err := spec.Normalize(sc); err != nil {
		t.Fatal(err)
	}
	g, err := NewGame(sc, *spec)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(g.Close)
	return g
}

// play drives a game to its end: built-in seats play their suggestions,
// the others the move of person.
func play(t testing.TB, g *Game, person func(w *Turn) Move) []Move {
	t.Helper()
	g.Begin()
	var moves []Move
	for w := g.Wait(); w != nil; w = g.Wait() {
		var m Move
		if w.Suggested != nil {
			m = *w.Suggested
		} else {
			m = person(w)
		}
		m.Elapsed = 0
		if _, err := g.Apply(m); err != nil {
			t.Fatalf("move %d %+v: %v", len(moves), m, err)
		}
		moves = append(moves, m)
		if len(moves) > 100000 {
			t.Fatal("the game does not end")
		}
	}
	return moves
}

// A game whose seats are all built-in ends as protocol.Run ends the same
// session: the seats hand every action through unchanged.
func TestGameMatchesRun(t *testing.T) {
	for _, tc := range []struct{ example, proto, voting string }{
		{"laptop", "alternating", ""},
		{"ceasefire", "stacked", ""},
		{"coalition", "stacked", ""},
		{"ceasefire", "mediated", "compare"},
	} {
		t.Run(tc.example+"/"+tc.proto, func(t *testing.T) {
			sc := example(t, tc.example)
			spec := Spec{Protocol: tc.proto, Voting: tc.voting, Rounds: 200, Seed: 7,
				Seats: []SeatSpec{{Party: sc.Parties[0].Name, Kind: Builtin, Strategy: "conceder"}}}
			g := game(t, sc, &spec)
			play(t, g, func(*Turn) Move { t.Fatal("no person here"); return Move{} })
			got := g.Result()

			negs := make([]protocol.Negotiator, len(sc.Parties))
			for p, s := range spec.Seats {
				n, err := negotiator.New(s.Strategy, nil)
				if err != nil {
					t.Fatal(err)
				}
				negs[p] = n
			}
			var med protocol.Mediator
			if tc.proto == "mediated" {
				med, _ = negotiator.NewMediator(spec.Mediator, nil)
			}
			want, err := protocol.Run(context.Background(), protocol.Config{Scenario: sc, Space: space.Discretized(sc.Issues, spec.Resolution),
				Protocol: spec.protocol(), Negotiators: negs, Mediator: med, Deadline: spec.Deadline(), Seed: spec.Seed})
			if err != nil {
				t.Fatal(err)
			}
			got.Elapsed, want.Elapsed = 0, 0
			if !reflect.DeepEqual(got, want) {
				t.Errorf("live game:\n%+v\nprotocol.Run:\n%+v", got, want)
			}
		})
	}
}

// A person's moves, replayed into a fresh game, give the same events and
// result; built-in seats are asked again, but the logged moves count.
func TestReplay(t *testing.T) {
	sc := example(t, "ceasefire")
	spec := Spec{Rounds: 30, Seats: []SeatSpec{{Party: "movement", Kind: Person}, {Party: "mediator", Kind: Agent}}}
	g := game(t, sc, &spec)
	// The person offers its best package it has not offered... simply:
	// offers the table's package with one issue changed, accepts from
	// round 20 on.
	moves := play(t, g, func(w *Turn) Move {
		if w.Table != nil && w.Round >= 20 {
			return Move{Seat: w.Seat, Kind: Accept, Package: w.Table}
		}
		o := make(entente.Outcome, len(sc.Issues))
		o[0] = 14 + float64(w.Round)
		o[1] = float64(w.Round % 3)
		return Move{Seat: w.Seat, Kind: Offer, Package: o}
	})
	if g.Result() == nil {
		t.Fatal("no result")
	}
	h := game(t, sc, &spec)
	h.Begin()
	for i, m := range moves {
		if _, err := h.Apply(m); err != nil {
			t.Fatalf("replaying move %d: %v", i, err)
		}
	}
	if !reflect.DeepEqual(g.Events(0), h.Events(0)) {
		t.Error("the replay's events differ")
	}
	a, b := *g.Result(), *h.Result()
	a.Elapsed, b.Elapsed = 0, 0
	if !reflect.DeepEqual(a, b) {
		t.Errorf("results differ:\n%+v\n%+v", a, b)
	}
}

// Moves the referee would fault are refused before they reach it: the
// seat keeps its turn.
func TestCheck(t *testing.T) {
	sc := example(t, "laptop")
	spec := Spec{Rounds: 10, Seats: []SeatSpec{{Party: sc.Parties[0].Name, Kind: Person}, {Party: sc.Parties[1].Name, Kind: Person}}}
	g := game(t, sc, &spec)
	g.Begin()
	bad := []struct {
		m    Move
		code string
	}{
		{Move{Seat: 1, Kind: Walk}, entente.EConflict},
		{Move{Seat: 0, Kind: Accept, Package: make(entente.Outcome, len(sc.Issues))}, entente.EInvalid},
		{Move{Seat: 0, Kind: Offer, Package: entente.Outcome{0}}, entente.EInvalid},
		{Move{Seat: 0, Kind: Offer, Package: append(make(entente.Outcome, len(sc.Issues)-1), 99)}, entente.EInvalid},
		{Move{Seat: 0, Kind: Vote}, entente.EInvalid},
	}
	for _, b := range bad {
		if _, err := g.Apply(b.m); entente.ErrorCode(err) != b.code {
			t.Errorf("%+v: got %v, want code %s", b.m, err, b.code)
		}
	}
	if w := g.Wait(); w == nil || w.Seat != 0 || g.Applied() != 0 {
		t.Fatalf("the seat lost its turn: %+v", w)
	}
	ok := make(entente.Outcome, len(sc.Issues))
	for i := range sc.Issues {
		ok[i] = sc.Issues[i].Min
	}
	if _, err := g.Apply(Move{Seat: 0, Kind: Offer, Package: ok}); err != nil {
		t.Fatal(err)
	}
	if w := g.Wait(); w == nil || w.Seat != 1 {
		t.Fatalf("waiting for %+v", w)
	}
}

// The administrator's abort ends a game on a seat's offer turn and on a
// ballot of the mediated protocol alike: the last event is the end, with
// the abort's reason and no fault after it, the result is cancelled, and
// replaying the moves (the abort included) gives the same events.
func TestAbort(t *testing.T) {
	sc := example(t, "laptop")
	for _, spec := range []Spec{
		{Rounds: 10, Seats: []SeatSpec{{Party: "buyer", Kind: Person}, {Party: "shop", Kind: Person}}},
		{Rounds: 10, Protocol: "mediated", Seats: []SeatSpec{{Party: "buyer", Kind: Person}, {Party: "shop", Kind: Person}}},
	} {
		t.Run(cmp.Or(spec.Protocol, "alternating"), func(t *testing.T) {
			g := game(t, sc, &spec)
			g.Begin()
			var moves []Move
			for range 3 { // a few ordinary moves first
				w := g.Wait()
				// Votes against, offers that differ: no agreement yet.
				m := Move{Seat: w.Seat, Kind: Vote}
				if w.Kind == Act {
					k := float64(len(moves))
					m = Move{Seat: w.Seat, Kind: Offer, Package: entente.Outcome{k, k, 10 + k}}
				}
				if _, err := g.Apply(m); err != nil {
					t.Fatal(err)
				}
				moves = append(moves, m)
			}
			kind := g.Wait().Kind
			abort := Move{Kind: Abort}
			if _, err := g.Apply(abort); err != nil {
				t.Fatal(err)
			}
			abort.Seat = moves[len(moves)-1].Seat // any seat: Apply gives it the waiting one's
			if g.Wait() != nil || !g.Done() {
				t.Fatal("the game goes on after the abort")
			}
			r := g.Result()
			if r == nil || r.Status != protocol.Cancelled || r.Agreement != nil || r.Reason != AbortReason {
				t.Fatalf("the result after an abort on a %s turn: %+v", kind, r)
			}
			evs := g.Events(0)
			last := evs[len(evs)-1]
			if last.Kind != protocol.Ended || last.Reason != AbortReason {
				t.Errorf("the last event: %+v", last)
			}
			for _, e := range evs {
				if e.Kind == protocol.Faulted {
					t.Errorf("a fault: %+v", e)
				}
			}
			if err := g.Check(&Move{Seat: 0, Kind: Walk}); err == nil {
				t.Error("a move is accepted after the abort")
			}
			h := game(t, sc, &spec)
			h.Begin()
			for _, m := range append(moves, Move{Kind: Abort}) {
				if _, err := h.Apply(m); err != nil {
					t.Fatal(err)
				}
			}
			if !reflect.DeepEqual(g.Events(0), h.Events(0)) {
				t.Error("the replay's events differ")
			}
		})
	}
}
