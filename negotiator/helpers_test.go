package negotiator

import (
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// laptop is a bilateral scenario of the size of GENIUS's Laptop domain:
// three issues of three options (27 outcomes).
func laptop() *entente.Scenario {
	opts := []string{"a", "b", "c"}
	s := &entente.Scenario{Name: "laptop27"}
	for _, n := range []string{"brand", "disk", "screen"} {
		s.Issues = append(s.Issues, entente.Issue{Name: n, Kind: entente.Discrete, Options: opts})
	}
	s.Parties = []entente.Party{
		{Name: "buyer", Preferences: entente.Preferences{
			Weights: []float64{0.5, 0.3, 0.2},
			Values: []entente.ValueFunc{
				entente.Table{Values: []float64{1, 0.5, 0}},
				entente.Table{Values: []float64{0, 0.6, 1}},
				entente.Table{Values: []float64{0.2, 1, 0.4}},
			},
			Reservation: 0.3,
		}},
		{Name: "seller", Preferences: entente.Preferences{
			Weights: []float64{0.4, 0.4, 0.2},
			Values: []entente.ValueFunc{
				entente.Table{Values: []float64{0, 0.5, 1}},
				entente.Table{Values: []float64{1, 0.4, 0}},
				entente.Table{Values: []float64{1, 0.3, 0}},
			},
			Reservation: 0.2,
		}},
	}
	return s
}

// bigScenario is a bilateral additive scenario of 5 issues of 10 options
// (10^5 outcomes).
func bigScenario() *entente.Scenario {
	rng := rand.New(rand.NewPCG(7, 7))
	s := &entente.Scenario{Name: "big"}
	opts := make([]string, 10)
	for k := range opts {
		opts[k] = fmt.Sprint(k)
	}
	for i := range 5 {
		s.Issues = append(s.Issues, entente.Issue{Name: fmt.Sprint("i", i), Kind: entente.Discrete, Options: opts})
	}
	for j := range 2 {
		p := entente.Preferences{Reservation: 0.1}
		for range 5 {
			p.Weights = append(p.Weights, 0.2)
			v := make([]float64, 10)
			for k := range v {
				v[k] = rng.Float64()
			}
			p.Values = append(p.Values, entente.Table{Values: v})
		}
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprint("p", j), Preferences: p})
	}
	return s
}

// randomScenario builds a small scenario with 2 or 3 parties and 1 to 4
// issues of every kind; utilities have many ties (values on a coarse grid)
// and, sometimes, interaction terms.
func randomScenario(rng *rand.Rand) *entente.Scenario {
	s := &entente.Scenario{Name: "random"}
	ni := 1 + rng.IntN(4)
	for i := range ni {
		is := entente.Issue{Name: fmt.Sprint("i", i)}
		switch rng.IntN(3) {
		case 0:
			is.Kind = entente.Discrete
			for k := range 1 + rng.IntN(4) {
				is.Options = append(is.Options, fmt.Sprint("o", k))
			}
		case 1:
			is.Kind, is.Min = entente.Integer, float64(rng.IntN(5)-2)
			is.Max = is.Min + float64(rng.IntN(4))
		default:
			is.Kind, is.Min = entente.Real, float64(rng.IntN(3))
			is.Max = is.Min + float64(rng.IntN(3))
		}
		s.Issues = append(s.Issues, is)
	}
	np := 2 + rng.IntN(2)
	for j := range np {
		p := entente.Preferences{Reservation: float64(rng.IntN(5)) / 10}
		if rng.IntN(2) == 0 {
			p.Normalization = entente.Genius
		}
		for i := range s.Issues {
			is := &s.Issues[i]
			p.Weights = append(p.Weights, 1/float64(ni))
			switch is.Kind {
			case entente.Discrete:
				v := make([]float64, len(is.Options))
				for k := range v {
					v[k] = float64(rng.IntN(5)) / 4
				}
				p.Values = append(p.Values, entente.Table{Values: v})
			default:
				sl := 0.0
				if is.Max > is.Min {
					sl = 1 / (is.Max - is.Min)
				}
				if rng.IntN(2) == 0 {
					p.Values = append(p.Values, entente.Linear{Slope: sl, Origin: is.Min, Clamp: true})
				} else {
					p.Values = append(p.Values, entente.Linear{Offset: 1, Slope: -sl, Origin: is.Min, Clamp: true})
				}
			}
		}
		if rng.IntN(3) == 0 {
			c := entente.Condition{Issue: 0, Min: s.Issues[0].Min, Max: s.Issues[0].Min}
			if s.Issues[0].Kind == entente.Discrete {
				c = entente.Condition{Issue: 0, Options: []int{0}}
			}
			p.Interactions = []entente.Interaction{{Name: "penalty", Boxes: []entente.Box{{c}}, Value: -0.25}}
		}
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprint("p", j), Preferences: p})
	}
	return s
}

// setup compiles a scenario and its space (reals on a grid of 5 points).
func setup(t testing.TB, s *entente.Scenario) ([]*utility.Func, *space.Space) {
	t.Helper()
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatalf("invalid test scenario: %v", errs)
	}
	fs, err := utility.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return fs, space.Discretized(s.Issues, 5)
}

// view returns party p's view.
func view(s *entente.Scenario, fs []*utility.Func, sp *space.Space, p int, seed uint64, rounds int) *protocol.View {
	names := make([]string, len(s.Parties))
	for j := range names {
		names[j] = s.Parties[j].Name
	}
	v := &protocol.View{
		Protocol: "test", Self: p, Parties: names, Issues: s.Issues, Space: sp,
		Deadline: protocol.Deadline{Rounds: rounds},
		Rand:     rand.New(rand.NewPCG(seed, uint64(p+1))),
	}
	if p >= 0 { // -1: the mediator's view
		v.Utility = fs[p]
	}
	return v
}

// start builds and starts one negotiator per party from specs.
func start(t testing.TB, s *entente.Scenario, fs []*utility.Func, sp *space.Space, c *Cache, seed uint64, rounds int, specs ...string) []protocol.Negotiator {
	t.Helper()
	negs := make([]protocol.Negotiator, len(s.Parties))
	for p := range negs {
		n, err := New(specs[p%len(specs)], c)
		if err != nil {
			t.Fatal(err)
		}
		if err := n.Start(view(s, fs, sp, p, seed, rounds)); err != nil {
			t.Fatal(err)
		}
		negs[p] = n
	}
	return negs
}

// move is one recorded turn of play.
type move struct {
	party   int
	kind    protocol.ActionKind
	outcome string
}

// play runs a simplified stacked alternating offers session (every party
// in turn; an offer is agreed once all others accept it in a row) and
// returns the moves. check is called on every action.
func play(negs []protocol.Negotiator, rounds int, check func(p int, s *protocol.State, a protocol.Action)) []move {
	var moves []move
	var table entente.Outcome
	by, accepts := -1, 0
	emit := func(e protocol.Event) {
		for _, n := range negs {
			n.Observe(&e)
		}
	}
	for r := 1; r <= rounds; r++ {
		for p, n := range negs {
			st := &protocol.State{Round: r, Time: float64(r) / float64(rounds+1), Table: table, By: by}
			a := n.Act(st)
			if check != nil {
				check(p, st, a)
			}
			moves = append(moves, move{p, a.Kind, fmt.Sprint(a.Outcome)})
			switch a.Kind {
			case protocol.Offer:
				table = append(entente.Outcome(nil), a.Outcome...)
				by, accepts = p, 0
				emit(protocol.Event{Kind: protocol.Offered, Round: r, Time: st.Time, Party: p, Outcome: table})
			case protocol.Accept:
				accepts++
				emit(protocol.Event{Kind: protocol.Accepted, Round: r, Time: st.Time, Party: p, Outcome: table})
				if accepts == len(negs)-1 {
					return moves
				}
			default:
				return moves
			}
		}
	}
	return moves
}

// valid reports why o is not a package of the space's issues, or "".
// With grid, o must also be a point of the space.
func valid(sp *space.Space, o entente.Outcome, grid bool) string {
	is := sp.Issues()
	if len(o) != len(is) {
		return fmt.Sprintf("%d values for %d issues", len(o), len(is))
	}
	for i := range is {
		if !is[i].Valid(o[i]) {
			return fmt.Sprintf("issue %d: %v is not a value", i, o[i])
		}
	}
	if !grid {
		return ""
	}
	idx, err := sp.Index(o)
	if err != nil {
		return err.Error()
	}
	back := make(entente.Outcome, len(o))
	sp.At(idx, back)
	for i := range o {
		if back[i] != o[i] {
			return fmt.Sprintf("%v is off the grid", o)
		}
	}
	return ""
}
