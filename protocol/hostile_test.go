package protocol_test

import (
	"context"
	"math"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// hostile is a negotiator that tries to cheat, one way per kind. It plays
// party B of deal(n), who likes option y (1) of both issues best.
type hostile struct {
	kind    string
	clock   *fakeClock
	release chan struct{}
	view    *protocol.View
	state   *protocol.State // a snapshot kept beyond its call
	stale   entente.Outcome
	turns   int
}

func (h *hostile) Start(v *protocol.View) error {
	h.view = v
	if h.kind == "mutate" {
		// Everything within reach: its preferences, its copies of the issues,
		// the space and the parties.
		p := v.Utility.Preferences()
		p.Discount, p.Reservation, p.Weights[0] = 1, 0, 9
		v.Issues[0].Options[0] = "forged"
		v.Issues[1].Name = "forged"
		v.Space.Issues()[0].Options[1] = "forged"
		v.Parties[0] = "forged"
		if t := v.Utility.IssueTable(0); t != nil {
			t[0] = 9
		}
	}
	return nil
}

func (h *hostile) Act(s *protocol.State) protocol.Action {
	h.turns++
	switch h.kind {
	case "forge":
		// Write its favourite package on the table and accept it.
		if s.Table != nil {
			s.Table[0], s.Table[1] = 1, 1
			return protocol.Action{Kind: protocol.Accept, Outcome: s.Table}
		}
	case "stale":
		if s.Table != nil && h.stale == nil {
			h.stale = append(entente.Outcome(nil), s.Table...)
		} else if s.Table != nil {
			return protocol.Action{Kind: protocol.Accept, Outcome: h.stale}
		}
	case "never offered":
		if s.Table != nil {
			return protocol.Action{Kind: protocol.Accept, Outcome: entente.Outcome{1, 2}}
		}
	case "out of turn":
		// Accept what it wrote, during another party's turn, on a snapshot
		// it kept.
		if h.state != nil && h.state.Table != nil {
			return protocol.Action{Kind: protocol.Accept, Outcome: h.state.Table}
		}
		h.state = s
	case "mutate":
		if s.Table != nil {
			s.Table[0] = 2
		}
	case "panic":
		panic("hostile")
	case "garbage":
		switch h.turns % 4 {
		case 0:
			return protocol.Action{Kind: 42}
		case 1:
			return protocol.Action{Kind: protocol.Offer, Outcome: entente.Outcome{math.NaN(), 0}}
		case 2:
			return protocol.Action{Kind: protocol.Offer, Outcome: entente.Outcome{1, 1, 1}}
		default:
			return protocol.Action{Kind: protocol.Offer, Outcome: entente.Outcome{1e300, -1}}
		}
	case "hang":
		h.clock.advance(time.Hour)
		<-h.release
	case "allocate":
		h.allocate()
	}
	return protocol.Action{Kind: protocol.Offer, Outcome: entente.Outcome{1, 1}}
}

// allocate allocates without bound, but within limits: it keeps at most
// 32 MiB, advancing the clock by a millisecond a MiB, until released.
func (h *hostile) allocate() {
	var keep [][]byte
	for {
		select {
		case <-h.release:
			return
		default:
		}
		keep = append(keep, make([]byte, 1<<20))
		if len(keep) == 32 {
			keep = keep[:0]
		}
		h.clock.advance(time.Millisecond)
	}
}

func (h *hostile) Observe(e *protocol.Event) {
	switch h.kind {
	case "panic":
		panic("hostile while observing")
	case "out of turn", "forge", "mutate":
		// Scribble on the event and on the kept snapshot.
		if e.Outcome != nil {
			e.Outcome[0], e.Outcome[1] = 1, 1
		}
		e.Kind, e.Party = protocol.Agreed, 1
		if h.state != nil && h.state.Table != nil {
			h.state.Table[0], h.state.Table[1] = 1, 1
		}
	}
}

func (h *hostile) Vote(s *protocol.State, proposal, text entente.Outcome) protocol.Ballot {
	switch h.kind {
	case "forge", "mutate", "out of turn":
		proposal[0], proposal[1] = 1, 1
		if text != nil {
			text[0] = 1
		}
		if s.Table != nil {
			s.Table[0] = 1
		}
	case "panic":
		panic("hostile")
	case "hang":
		h.clock.advance(time.Hour)
		<-h.release
	case "allocate":
		h.allocate()
	}
	return protocol.Ballot{Accept: true, Prefer: true}
}

// observer is an honest party that records what it is told.
type observer struct {
	script
	told []protocol.Event
}

func (o *observer) Observe(e *protocol.Event) {
	c := *e
	c.Outcome = append(entente.Outcome(nil), e.Outcome...)
	o.told = append(o.told, c)
}

// TestHostileNegotiators: for every protocol, a negotiator that forges the
// table, accepts a stale or never-offered package, mutates what it was
// given, acts on a snapshot it kept, panics, returns garbage, never
// returns or allocates without bound either commits a recorded fault or
// changes nothing; the scenario, its compiled functions and later sessions
// are unaffected.
func TestHostileNegotiators(t *testing.T) {
	for _, proto := range []string{"alternating", "stacked", "mediated accept", "mediated compare"} {
		n := 2
		if proto == "stacked" {
			n = 3
		}
		s := deal(n)
		s.Parties[0].Preferences.Discount = 0.5
		s.Parties[1].Preferences.Discount = 0.9 // the hostile's own, which it tries to lift
		before := s.Clone()
		fns, err := utility.Compile(s)
		if err != nil {
			t.Fatal(err)
		}
		pol, err := ratify.CompileWith(s, fns)
		if err != nil {
			t.Fatal(err)
		}
		sp := space.Discretized(s.Issues, 11)
		config := func(b protocol.Negotiator, clock *fakeClock) (protocol.Config, *observer) {
			a := &observer{script: script{acts: []protocol.Action{offer(0, 0), offer(2, 0), offer(0, 0)}}}
			cfg := protocol.Config{Scenario: s, Utilities: fns, Politics: pol, Space: sp, Deadline: protocol.Deadline{Rounds: 6},
				Budget: 50 * time.Millisecond, Clock: clock.now, Record: true}
			cfg.Negotiators = []protocol.Negotiator{a, b}
			if n == 3 {
				cfg.Negotiators = append(cfg.Negotiators, &script{acts: []protocol.Action{accept}})
			}
			switch proto {
			case "alternating":
				cfg.Protocol = protocol.Alternating{Bilateral: true}
			case "stacked":
				cfg.Protocol = protocol.Alternating{}
			default:
				cfg.Protocol = protocol.Mediated{Compare: proto == "mediated compare"}
				cfg.Mediator = &walker{}
			}
			return cfg, a
		}
		reference := func() *protocol.Result {
			cfg, _ := config(&script{acts: []protocol.Action{offer(1, 1), accept}}, &fakeClock{})
			r, err := protocol.Run(context.Background(), cfg)
			if err != nil {
				t.Fatal(err)
			}
			r.Elapsed = 0
			return r
		}
		want := reference()
		offers := !strings.HasPrefix(proto, "mediated")
		for _, c := range []struct {
			kind   string
			offers bool   // only in offer protocols
			fault  string // "" : nothing to detect, nothing changes
		}{
			{"forge", true, "accepted a package that is not the one on the table"},
			{"forge", false, ""},
			{"stale", true, "accepted a package that is not the one on the table"},
			{"never offered", true, "accepted a package that is not the one on the table"},
			// What it writes on a kept snapshot outside its turn is gone by its
			// turn: the session refills its copies before every call.
			{"out of turn", true, ""},
			{"out of turn", false, ""},
			{"mutate", true, ""},
			{"mutate", false, ""},
			{"panic", true, "panicked: hostile"},
			{"panic", false, "panicked: hostile"},
			{"garbage", true, "offered option NaN"},
			{"hang", true, "did not return within"},
			{"hang", false, "did not return within"},
			{"allocate", true, "did not return within"},
			{"allocate", false, "did not return within"},
		} {
			if c.offers != offers {
				continue
			}
			t.Run(proto+"/"+c.kind, func(t *testing.T) {
				clock := &fakeClock{}
				h := &hostile{kind: c.kind, clock: clock, release: make(chan struct{})}
				defer close(h.release)
				cfg, a := config(h, clock)
				r, err := protocol.Run(context.Background(), cfg)
				if err != nil {
					t.Fatal(err)
				}
				var faults []string
				for _, e := range r.Events {
					if e.Kind == protocol.Faulted {
						faults = append(faults, e.Reason)
					}
				}
				if c.fault == "" {
					if len(faults) != 0 {
						t.Errorf("faults %q", faults)
					}
				} else if len(faults) == 0 || !strings.Contains(faults[0], c.fault) {
					t.Errorf("faults %q, want %q", faults, c.fault)
				}
				// A accepts only what it offers, (0,0) and (2,0).
				if r.Status == protocol.Agreement && r.Agreement[1] != 0 && offers {
					t.Errorf("agreement on %v, which A never accepted", r.Agreement)
				}
				if c.kind == "garbage" && len(faults) != h.turns {
					t.Errorf("%d faults in %d turns", len(faults), h.turns)
				}
				// What the honest party was told is what happened.
				var events []protocol.Event
				for _, e := range r.Events {
					if len(events) < len(a.told) {
						events = append(events, e)
					}
				}
				for i := range a.told {
					g, w := a.told[i], events[i]
					if g.Kind != w.Kind || g.Party != w.Party || !reflect.DeepEqual([]float64(g.Outcome), append([]float64{}, w.Outcome...)) && w.Outcome != nil {
						t.Errorf("event %d: told %+v, happened %+v", i, g, w)
						break
					}
				}
				// Discounting is as compiled: 0.5^t for A, 0.9^t for B.
				for p, d := range []float64{0.5, 0.9} {
					if got := r.Discounted[p]; math.Abs(got-r.Utilities[p]*math.Pow(d, r.Time)) > 1e-12 {
						t.Errorf("party %d's discounted utility %v of %v at t=%v", p, got, r.Utilities[p], r.Time)
					}
				}
				// The mediator's proposals are what it proposed, whatever the
				// voters scribbled on their copies.
				k := 0
				for _, e := range r.Events {
					if e.Kind == protocol.Proposed {
						if w := (entente.Outcome{float64(k / 3 % 3), float64(k % 3)}); !reflect.DeepEqual(e.Outcome, w) {
							t.Errorf("proposal %d recorded as %v, proposed %v", k, e.Outcome, w)
						}
						k++
					}
				}
				if !reflect.DeepEqual(s, before) {
					t.Errorf("the scenario changed:\n%+v\nwas\n%+v", s, before)
				}
				if got := reference(); !reflect.DeepEqual(got, want) {
					t.Errorf("a later session differs:\n%+v\nwas\n%+v", got, want)
				}
			})
		}
	}
}
