package protocol_test

import (
	"context"
	"errors"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// fakeClock is an injected clock that moves only when told to: the budget
// tests never sleep.
type fakeClock struct{ ns atomic.Int64 }

func (c *fakeClock) now() time.Duration      { return time.Duration(c.ns.Load()) }
func (c *fakeClock) advance(d time.Duration) { c.ns.Add(int64(d)) }

// slow is a scripted negotiator whose calls take d on the clock: Act (and
// Observe, with observe set) advance it.
type slow struct {
	script
	clock   *fakeClock
	d       time.Duration
	observe bool
}

func (s *slow) Act(st *protocol.State) protocol.Action {
	s.clock.advance(s.d)
	return s.script.Act(st)
}

func (s *slow) Observe(e *protocol.Event) {
	if s.observe {
		s.clock.advance(s.d)
	}
	s.script.Observe(e)
}

// hang never returns from Act until the test ends; first it moves the
// clock far beyond any budget.
type hang struct {
	script
	clock   *fakeClock
	release chan struct{}
}

func (h *hang) Act(*protocol.State) protocol.Action {
	h.clock.advance(time.Hour)
	<-h.release
	return protocol.Action{Kind: protocol.Walk}
}

func newHang(t *testing.T, c *fakeClock) *hang {
	h := &hang{clock: c, release: make(chan struct{})}
	t.Cleanup(func() { close(h.release) })
	return h
}

func faultsOf(r *protocol.Result, p int) []string {
	var out []string
	for _, e := range r.Events {
		if e.Kind == protocol.Faulted && e.Party == p {
			out = append(out, e.Reason)
		}
	}
	return out
}

// TestBudgetLateCallLosesTurn: a call measured on the clock from its start
// to its end at more than the budget loses its turn, however loaded the
// machine; under FaultAbort it ends the session.
func TestBudgetLateCallLosesTurn(t *testing.T) {
	s := deal(2)
	for _, c := range []struct {
		name    string
		d       time.Duration
		observe bool
		faults  int
	}{
		{"on time", 10 * time.Millisecond, false, 0},
		{"late", 11 * time.Millisecond, false, 3},
		// The events told before its turn count to the turn: a 6 ms action
		// is on time, but not after a 6 ms observation.
		{"6 ms", 6 * time.Millisecond, false, 0},
		{"late observing", 6 * time.Millisecond, true, 3},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock := &fakeClock{}
			good := &script{acts: []protocol.Action{offer(0, 0)}}
			bad := &slow{script: script{acts: []protocol.Action{offer(1, 1)}}, clock: clock, d: c.d, observe: c.observe}
			r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(good, bad),
				Deadline: protocol.Deadline{Rounds: 3}, Budget: 10 * time.Millisecond, Clock: clock.now})
			f := faultsOf(r, 1)
			if r.Status != protocol.PastDeadline || len(f) != c.faults {
				t.Fatalf("got %v with faults %q, want the deadline and %d faults", r.Status, f, c.faults)
			}
			for _, m := range f {
				if m != "took longer than its time budget of 10ms" {
					t.Errorf("fault %q", m)
				}
			}
			if c.faults == 0 {
				return
			}
			bad.i, good.i = 0, 0
			r = run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(good, bad),
				Deadline: protocol.Deadline{Rounds: 3}, Budget: 10 * time.Millisecond, Clock: clock.now, Faults: protocol.FaultAbort})
			if r.Status != protocol.Failed || r.By != 1 || !strings.Contains(r.Reason, "time budget") {
				t.Errorf("abort: %v by %d: %q", r.Status, r.By, r.Reason)
			}
		})
	}
}

// TestBudgetHangIsAbandoned: a call that does not return within twice the
// budget plus 100 ms (on the clock) ends the session as failed; the
// session's result does not wait for it.
func TestBudgetHangIsAbandoned(t *testing.T) {
	s := deal(2)
	clock := &fakeClock{}
	r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true},
		Negotiators: negs(&script{acts: []protocol.Action{offer(0, 0)}}, newHang(t, clock)), Budget: 10 * time.Millisecond, Clock: clock.now})
	if r.Status != protocol.Failed || r.By != 1 || !strings.Contains(r.Reason, "did not return within 120ms") || r.Utilities[0] != 0.2 || r.Faults != 1 {
		t.Errorf("got %v by %d (%d faults): %q %v", r.Status, r.By, r.Faults, r.Reason, r.Utilities)
	}
	if n := len(r.Events); n < 2 || r.Events[n-1].Kind != protocol.Ended || r.Events[n-2].Kind != protocol.Faulted {
		t.Errorf("the recorded events end with %+v", r.Events)
	}
}

// TestBudgetWallClockDeadline: a time limit ends the session when its
// clock passes it; time is elapsed/limit.
func TestBudgetWallClockDeadline(t *testing.T) {
	s := deal(2)
	clock := &fakeClock{}
	a := &slow{script: script{acts: []protocol.Action{offer(0, 0)}}, clock: clock, d: 100 * time.Millisecond}
	b := &slow{script: script{acts: []protocol.Action{offer(1, 1)}}, clock: clock, d: 100 * time.Millisecond}
	r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(a, b),
		Deadline: protocol.Deadline{Time: time.Second}, Clock: clock.now})
	// Ten calls of 100 ms reach the limit; the eleventh's action is void.
	if r.Status != protocol.PastDeadline || !strings.Contains(r.Reason, "time limit of 1s") || a.i+b.i != 11 || r.Offers != 10 || r.Time != 1 {
		t.Errorf("got %v after %d calls and %d offers at t=%v: %q", r.Status, a.i+b.i, r.Offers, r.Time, r.Reason)
	}
	// With rounds too, t is the larger of the two clocks.
	a.i, b.i = 0, 0
	r = run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(a, b),
		Deadline: protocol.Deadline{Rounds: 3, Time: time.Hour}, Clock: clock.now})
	if r.Status != protocol.PastDeadline || r.Rounds != 3 || r.Time != 3.0/4 {
		t.Errorf("rounds and a long time limit: %v after %d rounds at t=%v", r.Status, r.Rounds, r.Time)
	}
}

// failing cannot start.
type failing struct{ script }

func (*failing) Start(*protocol.View) error { return errors.New("no model") }

// TestBudgetStartFails: a negotiator that cannot start fails the session,
// naming it; so does a mediator.
func TestBudgetStartFails(t *testing.T) {
	s := deal(2)
	r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(&script{acts: []protocol.Action{offer(0, 0)}}, &failing{})})
	if r.Status != protocol.Failed || r.By != 1 || r.Reason != "B: could not start: no model" || r.Faults != 1 || r.Rounds != 1 {
		t.Errorf("got %v by %d: %q (%d faults, round %d)", r.Status, r.By, r.Reason, r.Faults, r.Rounds)
	}
	r = run(t, protocol.Config{Scenario: s, Protocol: protocol.Mediated{}, Mediator: &badMediator{startErr: true}, Negotiators: negs(&script{}, &script{})})
	if r.Status != protocol.Failed || r.By != -1 || !strings.Contains(r.Reason, "the mediator: could not start") {
		t.Errorf("mediator: got %v by %d: %q", r.Status, r.By, r.Reason)
	}
}

// badVoter votes by a script of behaviours: "ok" (accept), "panic",
// "late" (advances the clock past the budget).
type badVoter struct {
	script
	clock *fakeClock
	how   string
}

func (v *badVoter) Vote(*protocol.State, entente.Outcome, entente.Outcome) protocol.Ballot {
	switch v.how {
	case "panic":
		panic("no vote")
	case "late":
		v.clock.advance(time.Second)
	}
	return protocol.Ballot{Accept: true, Prefer: true}
}

// badMediator proposes (0,0) or misbehaves.
type badMediator struct {
	clock               *fakeClock
	startErr            bool
	propose, votes      string
	proposals, informed int
}

func (m *badMediator) Start(*protocol.View) error {
	if m.startErr {
		return errors.New("no text")
	}
	return nil
}

func (m *badMediator) Propose(*protocol.State) entente.Outcome {
	m.proposals++
	switch m.propose {
	case "panic":
		panic("no proposal")
	case "short":
		return entente.Outcome{0}
	case "late":
		m.clock.advance(time.Second)
	}
	return entente.Outcome{0, 0}
}

func (m *badMediator) Votes(_ entente.Outcome, b []protocol.Ballot, _ bool) {
	m.informed++
	if m.votes == "panic" {
		panic("cannot count")
	}
	b[0] = protocol.Ballot{} // scribbling on its copy changes nothing
}

// TestBudgetFaultsInVotesAndMediators: a voter that panics or is late
// loses its vote (a rejection); a mediator that panics, is late or
// proposes garbage loses the round; one that panics on the count is
// recorded. Under FaultAbort each ends the session.
func TestBudgetFaultsInVotesAndMediators(t *testing.T) {
	s := deal(2)
	for _, c := range []struct {
		name        string
		voter, prop string
		votes       string
		reason      string
		by          int
	}{
		{"voter panics", "panic", "", "", "panicked: no vote", 1},
		{"voter late", "late", "", "", "took longer than its time budget", 1},
		{"proposal panics", "ok", "panic", "", "panicked: no proposal", -1},
		{"proposal late", "ok", "late", "", "took longer than its time budget", -1},
		{"proposal garbage", "ok", "short", "", "offered a package of 1 values", -1},
		{"count panics", "ok", "", "panic", "panicked: cannot count", -1},
	} {
		t.Run(c.name, func(t *testing.T) {
			clock := &fakeClock{}
			med := &badMediator{clock: clock, propose: c.prop, votes: c.votes}
			r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Mediated{}, Mediator: med, Deadline: protocol.Deadline{Rounds: 3},
				Negotiators: negs(&badVoter{how: "ok", clock: clock}, &badVoter{how: c.voter, clock: clock}), Budget: 100 * time.Millisecond, Clock: clock.now})
			f := faultsOf(r, c.by)
			if len(f) == 0 || !strings.Contains(f[0], c.reason) {
				t.Fatalf("faults of %d: %q, want %q", c.by, f, c.reason)
			}
			if c.votes == "panic" {
				// The count stands: both accepted (0,0) in round 1.
				if r.Status != protocol.Agreement || r.Rounds != 1 {
					t.Errorf("got %v in round %d", r.Status, r.Rounds)
				}
			} else if r.Status != protocol.PastDeadline || len(f) != 3 {
				t.Errorf("got %v with %d faults, want the deadline and a fault a round", r.Status, len(f))
			}
			med.proposals = 0
			r = run(t, protocol.Config{Scenario: s, Protocol: protocol.Mediated{}, Mediator: med, Deadline: protocol.Deadline{Rounds: 3},
				Negotiators: negs(&badVoter{how: "ok", clock: clock}, &badVoter{how: c.voter, clock: clock}), Budget: 100 * time.Millisecond, Clock: clock.now, Faults: protocol.FaultAbort})
			if r.Status != protocol.Failed || r.By != c.by || r.Rounds != 1 {
				t.Errorf("abort: %v by %d in round %d: %q", r.Status, r.By, r.Rounds, r.Reason)
			}
		})
	}
}

// TestBudgetTimeBetweenStepsIsNobodys: a program stepping a session may
// take its time between steps; only calls are timed.
func TestBudgetTimeBetweenStepsIsNobodys(t *testing.T) {
	s := deal(2)
	clock := &fakeClock{}
	sess, err := protocol.Open(context.Background(), protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true},
		Negotiators: negs(&script{acts: []protocol.Action{offer(0, 0)}}, &script{acts: []protocol.Action{offer(1, 1)}}),
		Deadline:    protocol.Deadline{Rounds: 3}, Budget: 10 * time.Millisecond, Clock: clock.now, Record: true})
	if err != nil {
		t.Fatal(err)
	}
	steps := 0
	for sess.Step() {
		steps++
		clock.advance(time.Hour)
	}
	r := sess.Result()
	if r == nil || r.Status != protocol.PastDeadline || r.Faults != 0 || steps != 5 {
		t.Errorf("after %d steps: %+v", steps, r)
	}
}

// TestBudgetDoesNotChangeSessions: without faults, a budget changes
// nothing but the timing: the same events as without one.
func TestBudgetDoesNotChangeSessions(t *testing.T) {
	s := deal(3)
	play := func(budget time.Duration) *protocol.Result {
		a := &script{acts: []protocol.Action{offer(0, 0), offer(1, 0), offer(2, 1), accept}}
		b := &script{acts: []protocol.Action{accept, offer(0, 1), accept}}
		c := &script{acts: []protocol.Action{offer(1, 1), accept}}
		return run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{}, Negotiators: negs(a, b, c), Deadline: protocol.Deadline{Rounds: 20}, Budget: budget})
	}
	x, y := play(0), play(time.Minute)
	if x.Status != y.Status || x.Rounds != y.Rounds || len(x.Events) != len(y.Events) {
		t.Fatalf("without a budget %v in %d rounds (%d events), with one %v in %d (%d)", x.Status, x.Rounds, len(x.Events), y.Status, y.Rounds, len(y.Events))
	}
	for i := range x.Events {
		if x.Events[i].Kind != y.Events[i].Kind || x.Events[i].Party != y.Events[i].Party {
			t.Errorf("event %d: %+v and %+v", i, x.Events[i], y.Events[i])
		}
	}
}

// stuckStart does not return from Start until released, without moving
// the clock: a negotiator that precomputes for a long time (sorting the
// bids of a costly profile), within its hang limit.
type stuckStart struct {
	script
	release chan struct{}
}

func (s *stuckStart) Start(*protocol.View) error {
	<-s.release
	return nil
}

// TestBudgetCancelDuringCall: a session cancelled while a negotiator's
// call is under way (a long Start, or a long turn) ends at once as
// cancelled; it does not wait for the call to return or for the session's
// next look at the context. Before, 'entente negotiate' on a costly
// scenario took 15 s to stop after SIGINT.
func TestBudgetCancelDuringCall(t *testing.T) {
	s := deal(2)
	clock := &fakeClock{}
	st := &stuckStart{release: make(chan struct{})}
	defer close(st.release)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan *protocol.Result, 1)
	go func() {
		r, err := protocol.Run(ctx, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true},
			Negotiators: negs(&script{acts: []protocol.Action{offer(0, 0)}}, st), Deadline: protocol.Deadline{Rounds: 10},
			Budget: 10 * time.Millisecond, Clock: clock.now})
		if err != nil {
			t.Error(err)
		}
		done <- r
	}()
	cancel()
	select {
	case r := <-done:
		if r.Status != protocol.Cancelled || r.Agreement != nil || !strings.Contains(r.Reason, "cancel") {
			t.Errorf("got %v: %q", r.Status, r.Reason)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("the cancelled session waited for the negotiator's call")
	}
}
