package protocol_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/utility"
)

// deal builds a scenario with n parties over two discrete issues of three
// options; party p likes option p%3 of both issues best.
func deal(n int) *entente.Scenario {
	s := &entente.Scenario{
		Name: "deal",
		Issues: []entente.Issue{
			{Name: "a", Kind: entente.Discrete, Options: []string{"x", "y", "z"}},
			{Name: "b", Kind: entente.Discrete, Options: []string{"x", "y", "z"}},
		},
	}
	for p := range n {
		vals := func() entente.Table {
			t := entente.Table{Values: make([]float64, 3)}
			for k := range 3 {
				t.Values[k] = 1 - float64((k-p%3+3)%3)/2
			}
			return t
		}
		s.Parties = append(s.Parties, entente.Party{
			Name: string(rune('A' + p)),
			Preferences: entente.Preferences{
				Weights: []float64{0.5, 0.5}, Values: []entente.ValueFunc{vals(), vals()},
				Reservation: 0.2,
			},
		})
	}
	if errs := s.Validate(); len(errs) > 0 {
		panic(errs)
	}
	return s
}

// script is a negotiator that plays a fixed list of actions, then repeats
// the last one. An acceptance without a package names the table.
type script struct {
	acts []protocol.Action
	i    int
	view *protocol.View
	seen []protocol.EventKind
}

func (s *script) Start(v *protocol.View) error { s.view = v; return nil }
func (s *script) Act(st *protocol.State) protocol.Action {
	a := s.acts[min(s.i, len(s.acts)-1)]
	s.i++
	if a.Kind == protocol.Accept && a.Outcome == nil {
		a.Outcome = st.Table
	}
	return a
}
func (s *script) Observe(e *protocol.Event) { s.seen = append(s.seen, e.Kind) }

func offer(a, b float64) protocol.Action {
	return protocol.Action{Kind: protocol.Offer, Outcome: entente.Outcome{a, b}}
}

var (
	accept = protocol.Action{Kind: protocol.Accept}
	walk   = protocol.Action{Kind: protocol.Walk}
)

func run(t *testing.T, cfg protocol.Config) *protocol.Result {
	t.Helper()
	if cfg.Deadline == (protocol.Deadline{}) {
		cfg.Deadline.Rounds = 10
	}
	cfg.Record = true
	r, err := protocol.Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func negs(ns ...protocol.Negotiator) []protocol.Negotiator { return ns }

func TestAlternatingAgreement(t *testing.T) {
	s := deal(2)
	a := &script{acts: []protocol.Action{offer(0, 0)}}
	b := &script{acts: []protocol.Action{offer(1, 1), accept}}
	r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(a, b)})
	// Round 1: A offers xx, B counters yy. Round 2: A offers xx again, B accepts.
	if r.Status != protocol.Agreement || r.Rounds != 2 || r.Agreement[0] != 0 || r.Agreement[1] != 0 {
		t.Fatalf("got %v at round %d on %v; want agreement on [0 0] in round 2", r.Status, r.Rounds, r.Agreement)
	}
	if want := 2.0 / 11; r.Time != want {
		t.Errorf("time %v, want %v", r.Time, want)
	}
	if r.Utilities[0] != 1 || r.Utilities[1] != 0 || r.Offers != 3 {
		t.Errorf("utilities %v offers %d, want [1 0] and 3", r.Utilities, r.Offers)
	}
	if a.view.Self != 0 || b.view.Self != 1 || a.view.Utility == b.view.Utility {
		t.Error("each negotiator must see its own utility function")
	}
	// Each is told the events before each of its turns: A, before its
	// second, both first offers; B, before its second, its own counter
	// and A's repeat. The acceptance that ended it is told to no one.
	if len(a.seen) != 2 || len(b.seen) != 3 {
		t.Errorf("observed %v and %v, want 2 and 3 events", a.seen, b.seen)
	}
}

func TestStackedNeedsEveryone(t *testing.T) {
	s := deal(3)
	// A offers; B accepts; C counters; A and B accept C's offer.
	a := &script{acts: []protocol.Action{offer(0, 0), accept}}
	b := &script{acts: []protocol.Action{accept}}
	c := &script{acts: []protocol.Action{offer(2, 2), accept}}
	r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{}, Negotiators: negs(a, b, c)})
	if r.Status != protocol.Agreement || r.Agreement[0] != 2 || r.Rounds != 2 {
		t.Fatalf("got %v on %v in round %d, want agreement on C's offer in round 2", r.Status, r.Agreement, r.Rounds)
	}
	if r.Protocol != "stacked" {
		t.Errorf("protocol %q", r.Protocol)
	}
	if err := (protocol.Alternating{Bilateral: true}).Check(3, false); err == nil {
		t.Error("bilateral protocol accepted three parties")
	}
}

func TestRulesDecideWhoMustAccept(t *testing.T) {
	s := deal(3)
	s.Issues[1].Unsettled = "z"
	s.Rules = []entente.Rule{
		{Kind: entente.Unanimity, Parties: []int{0, 1}},
		{Kind: entente.Affected, Parties: []int{2}, Issues: []int{1}},
	}
	// C never accepts. A package that leaves issue b open needs only A and B.
	a := &script{acts: []protocol.Action{offer(0, 2)}}
	b := &script{acts: []protocol.Action{accept}}
	c := &script{acts: []protocol.Action{offer(2, 0)}}
	r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{}, Negotiators: negs(a, b, c)})
	if r.Status != protocol.Agreement || r.Rounds != 1 || r.Agreement[1] != 2 {
		t.Fatalf("got %v %v in round %d, want agreement on [0 2] in round 1", r.Status, r.Agreement, r.Rounds)
	}
	// Settling issue b brings C in: C's counter-offers then block it.
	a.acts, a.i = []protocol.Action{offer(0, 0)}, 0
	b.i, c.i = 0, 0
	r = run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{}, Negotiators: negs(a, b, c)})
	if r.Status != protocol.PastDeadline {
		t.Fatalf("got %v on %v, want no agreement", r.Status, r.Agreement)
	}
}

func TestWalkAwayAndDeadline(t *testing.T) {
	s := deal(2)
	s.Parties[0].Preferences.Discount = 0.5
	a := &script{acts: []protocol.Action{offer(0, 0)}}
	b := &script{acts: []protocol.Action{offer(1, 1), walk}}
	r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(a, b)})
	if r.Status != protocol.WalkedAway || r.By != 1 || r.Agreement != nil || r.Rounds != 2 {
		t.Fatalf("got %v by %d in round %d", r.Status, r.By, r.Rounds)
	}
	if r.Utilities[0] != 0.2 || math.Abs(r.Discounted[0]-0.2*math.Pow(0.5, 2.0/11)) > 1e-15 || r.Discounted[1] != 0.2 {
		t.Errorf("walk-away scores %v / %v, want reservation values discounted to t=2/11", r.Utilities, r.Discounted)
	}
	a.i, b.i = 0, 0
	b.acts = []protocol.Action{offer(1, 1)}
	r = run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(a, b), Deadline: protocol.Deadline{Rounds: 7}})
	if r.Status != protocol.PastDeadline || r.Rounds != 7 || r.Time != 7.0/8 || a.i != 7 {
		t.Fatalf("got %v after %d rounds at t=%v (%d turns), want the deadline after 7 rounds at 7/8", r.Status, r.Rounds, r.Time, a.i)
	}
}

type panicker struct{ script }

func (*panicker) Act(*protocol.State) protocol.Action { panic("boom") }

func TestFaultsLoseTheTurn(t *testing.T) {
	s := deal(2)
	for _, c := range []struct {
		name   string
		bad    protocol.Negotiator
		budget time.Duration
		reason string
	}{
		{"panic", &panicker{}, 0, "panicked: boom"},
		{"no action", &script{acts: []protocol.Action{{}}}, 0, "returned no valid action"},
		{"short package", &script{acts: []protocol.Action{{Kind: protocol.Offer, Outcome: entente.Outcome{1}}}}, 0, "package of 1 values; the scenario has 2 issues"},
		{"unknown option", &script{acts: []protocol.Action{offer(0, 3)}}, 0, `option 3 for issue "b"`},
		{"fractional option", &script{acts: []protocol.Action{offer(0.5, 1)}}, 0, `option 0.5 for issue "a"`},
	} {
		t.Run(c.name, func(t *testing.T) {
			good := &script{acts: []protocol.Action{offer(0, 0)}}
			r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(good, c.bad), Deadline: protocol.Deadline{Rounds: 3}, Budget: c.budget})
			if r.Status != protocol.PastDeadline || r.Faults != 3 || good.i != 3 {
				t.Fatalf("got %v with %d faults after %d turns; want the deadline, 3 faults, 3 turns", r.Status, r.Faults, good.i)
			}
			var found bool
			for _, e := range r.Events {
				found = found || (e.Kind == protocol.Faulted && e.Party == 1 && strings.Contains(e.Reason, c.reason))
			}
			if !found {
				t.Errorf("no fault event mentions %q: %+v", c.reason, r.Events)
			}
			good.i = 0
			r = run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(good, c.bad), Deadline: protocol.Deadline{Rounds: 3}, Budget: c.budget, Faults: protocol.FaultAbort})
			if r.Status != protocol.Failed || r.By != 1 || r.Rounds != 1 || !strings.Contains(r.Reason, c.reason) {
				t.Errorf("abort: got %v by %d in round %d: %q", r.Status, r.By, r.Rounds, r.Reason)
			}
		})
	}
	// Accepting with nothing on the table is a fault too.
	first := &script{acts: []protocol.Action{accept, offer(0, 0)}}
	r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true}, Negotiators: negs(first, &script{acts: []protocol.Action{offer(1, 1), accept}}), Deadline: protocol.Deadline{Rounds: 3}})
	if r.Faults != 1 || r.Status != protocol.Agreement || r.Rounds != 2 {
		t.Errorf("accept on an empty table: %v, %d faults, round %d", r.Status, r.Faults, r.Rounds)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := deal(2)
	r, err := protocol.Run(ctx, protocol.Config{Scenario: s, Protocol: protocol.Alternating{Bilateral: true},
		Negotiators: negs(&script{acts: []protocol.Action{offer(0, 0)}}, &script{acts: []protocol.Action{offer(1, 1)}}), Deadline: protocol.Deadline{Rounds: 1000}})
	if err != nil || r.Status != protocol.Cancelled || r.Rounds > 64 {
		t.Fatalf("got %v after %d rounds, %v", r.Status, r.Rounds, err)
	}
}

func TestConfigErrors(t *testing.T) {
	s := deal(2)
	two := negs(&script{}, &script{})
	for _, c := range []struct {
		cfg  protocol.Config
		want string
	}{
		{protocol.Config{Protocol: protocol.Alternating{}, Negotiators: two, Deadline: protocol.Deadline{Rounds: 1}}, "no scenario"},
		{protocol.Config{Scenario: s, Protocol: protocol.Alternating{}, Negotiators: two}, "no deadline"},
		{protocol.Config{Scenario: s, Protocol: protocol.Alternating{}, Negotiators: two[:1], Deadline: protocol.Deadline{Rounds: 1}}, "1 negotiators for 2 parties"},
		{protocol.Config{Scenario: s, Protocol: protocol.Mediated{}, Negotiators: two, Deadline: protocol.Deadline{Rounds: 1}}, "needs a mediator"},
		{protocol.Config{Scenario: s, Protocol: protocol.Alternating{Order: []int{1, 1}}, Negotiators: two, Deadline: protocol.Deadline{Rounds: 1}}, "each party index"},
	} {
		if _, err := protocol.Run(context.Background(), c.cfg); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("got %v, want an error with %q", err, c.want)
		}
	}
}

// walker is a mediator that proposes every package in enumeration order.
type walker struct {
	next  int
	votes [][]protocol.Ballot
}

func (w *walker) Start(*protocol.View) error { return nil }
func (w *walker) Propose(*protocol.State) entente.Outcome {
	o := entente.Outcome{float64(w.next / 3 % 3), float64(w.next % 3)}
	w.next++
	return o
}
func (w *walker) Votes(_ entente.Outcome, b []protocol.Ballot, _ bool) {
	w.votes = append(w.votes, append([]protocol.Ballot(nil), b...))
}

func TestMediated(t *testing.T) {
	s := deal(2)
	s.Parties[0].Preferences.Reservation = 0.5
	s.Parties[1].Preferences.Reservation = 0.5
	// Party A likes x (1), y (0.5), z (0); B likes y (1), z (0.5), x (0).
	// The first package both rate at least 0.5 is (x,y): 0.75 and 0.5.
	w := &walker{}
	r := run(t, protocol.Config{Scenario: s, Protocol: protocol.Mediated{}, Mediator: w, Negotiators: negs(&script{}, &script{})})
	if r.Status != protocol.Agreement || r.Rounds != 2 || r.Agreement[0] != 0 || r.Agreement[1] != 1 {
		t.Fatalf("accept voting: %v on %v in round %d", r.Status, r.Agreement, r.Rounds)
	}
	if len(w.votes) != 2 || !w.votes[0][0].Accept || w.votes[0][1].Accept || !w.votes[1][1].Accept {
		t.Errorf("mediator saw %v", w.votes)
	}
	// Compare voting: the text moves only on unanimous preference, so from
	// (x,x) (A: 1, B: 0) it cannot move to (x,y) (A: 0.75): no agreement.
	w = &walker{}
	r = run(t, protocol.Config{Scenario: s, Protocol: protocol.Mediated{Compare: true}, Mediator: w, Negotiators: negs(&script{}, &script{})})
	if r.Status != protocol.PastDeadline || r.Rounds != 10 {
		t.Fatalf("compare voting: %v on %v in round %d", r.Status, r.Agreement, r.Rounds)
	}
	adopted := 0
	for _, e := range r.Events {
		if e.Kind == protocol.Voted && e.Adopted {
			adopted++
		}
	}
	// Adopted: (x,x) in round 1, and again in round 10 (equal is preferred).
	if adopted != 2 {
		t.Errorf("text adopted %d times, want twice", adopted)
	}
}

func TestTraceIsDeterministicJSON(t *testing.T) {
	s := deal(3)
	s.Issues[0].Options[0] = "quote \" and \\ and \u00e9"
	trace := func() []byte {
		var buf bytes.Buffer
		a := &script{acts: []protocol.Action{offer(0, 0), offer(1, 0), offer(2, 1), accept}}
		b := &script{acts: []protocol.Action{accept, offer(0, 1), accept}}
		c := &script{acts: []protocol.Action{offer(1, 1), accept}}
		if _, err := protocol.Run(context.Background(), protocol.Config{Scenario: s, Protocol: protocol.Alternating{}, Negotiators: negs(a, b, c), Deadline: protocol.Deadline{Rounds: 20}, Trace: &buf, Seed: 4}); err != nil {
			t.Fatal(err)
		}
		return buf.Bytes()
	}
	one, two := trace(), trace()
	if !bytes.Equal(one, two) {
		t.Fatal("two runs gave different traces")
	}
	fns, _ := utility.Compile(s)
	sc := bufio.NewScanner(bytes.NewReader(one))
	lines := 0
	for sc.Scan() {
		lines++
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", lines, err, sc.Bytes())
		}
		if lines == 1 {
			if m["protocol"] != "stacked" || m["seed"] != 4.0 {
				t.Errorf("header %v", m)
			}
			continue
		}
		pkg, ok := m["package"].(map[string]any)
		if !ok {
			continue
		}
		o := entente.Outcome{float64(indexOf(s.Issues[0].Options, pkg["a"].(string))), float64(indexOf(s.Issues[1].Options, pkg["b"].(string)))}
		us := m["utilities"].(map[string]any)
		for p, f := range fns {
			if us[s.Parties[p].Name] != f.Utility(o) {
				t.Errorf("line %d: %s's utility %v, want %v", lines, s.Parties[p].Name, us[s.Parties[p].Name], f.Utility(o))
			}
		}
	}
	if lines < 6 {
		t.Errorf("trace has %d lines:\n%s", lines, one)
	}
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if y == x {
			return i
		}
	}
	return -1
}

func TestMeasure(t *testing.T) {
	s := deal(2)
	an, err := analysis.Analyze(context.Background(), s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	fns, _ := utility.Compile(s)
	// A (x: 1, y: 0.5, z: 0) and B (x: 0, y: 1, z: 0.5) agree on (x,y):
	// 0.75 and 0.5, on the frontier [1 0], [0.75 0.5], [0.5 1].
	r := &protocol.Result{Status: protocol.Agreement, Discounted: []float64{0.75, 0.5}, Time: 0.5}
	m := protocol.Measure(r, an, fns)
	if m.ParetoDistance != 0 || m.SocialWelfare != 1.25 {
		t.Errorf("frontier package: %+v", m)
	}
	// The Nash point maximises (uA-0.2)(uB-0.2): 0.24 at (y,y), 0.165 at
	// (x,y); (x,x) leaves B below its reservation value.
	if m.Nash == nil || m.Nash[0] != 0.5 || m.Nash[1] != 1 {
		t.Fatalf("Nash %v, want [0.5 1]", m.Nash)
	}
	if want := math.Hypot(0.25, 0.5); math.Abs(m.NashDistance-want) > 1e-15 {
		t.Errorf("Nash distance %v, want %v", m.NashDistance, want)
	}
	// No agreement: our metrics use the reservation vector, GENIUS's the origin.
	r = &protocol.Result{Status: protocol.PastDeadline, Discounted: []float64{0.2, 0.2}}
	m = protocol.Measure(r, an, fns)
	if m.GeniusSocialWelfare != 0 || m.SocialWelfare != 0.4 || m.GeniusNashDistance != math.Hypot(0.5, 1) || math.Abs(m.NashDistance-math.Hypot(0.3, 0.8)) > 1e-15 {
		t.Errorf("no agreement: %+v", m)
	}
}
