package negotiator

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/utility"
)

var allSpecs = []string{
	"boulware", "conceder", "linear", "timedep:e=0.5,k=0.1", "hardliner", "random", "random:floor=0.5",
	"titfortat", "titfortat:gamma=2", "frequency", "frequency:agg=sum,count_first_bid=true",
}

// TestNeverInvalid plays every strategy against every other on random
// small scenarios, with exact and with approximate bids, and checks every
// action: a known kind, an Accept only with a package on the table, and
// every offer a valid package (on the grid when the bids are exact).
func TestNeverInvalid(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	trials := 60
	if testing.Short() {
		trials = 10
	}
	for trial := range trials {
		s := randomScenario(rng)
		fs, sp := setup(t, s)
		for _, limit := range []uint64{ExactLimit, 1} {
			c := &Cache{Limit: limit}
			for i, a := range allSpecs {
				b := allSpecs[(i+trial)%len(allSpecs)]
				negs := start(t, s, fs, sp, c, uint64(trial), 20, a, b)
				play(negs, 20, func(p int, st *protocol.State, act protocol.Action) {
					switch act.Kind {
					case protocol.Offer:
						if msg := valid(sp, act.Outcome, limit == ExactLimit); msg != "" {
							t.Fatalf("trial %d, %s vs %s, party %d: invalid offer: %s", trial, a, b, p, msg)
						}
					case protocol.Accept:
						if st.Table == nil {
							t.Fatalf("trial %d: %s accepted with nothing on the table", trial, a)
						}
					case protocol.Walk:
						// Only a party none of whose packages reaches its
						// reservation value walks away: over the space when
						// the bids are exact, over the continuum otherwise.
						ceiling := fs[p].Best().Utility
						if limit == ExactLimit {
							ceiling = math.Inf(-1)
							_ = sp.Each(func(_ uint64, o entente.Outcome) bool {
								ceiling = math.Max(ceiling, fs[p].Utility(o))
								return true
							})
						}
						if ceiling >= fs[p].Reservation() {
							t.Fatalf("trial %d, %s vs %s, party %d walked away, though a package is worth %v >= its reservation value %v", trial, a, b, p, ceiling, fs[p].Reservation())
						}
					default:
						t.Fatalf("trial %d, %s vs %s: action %v", trial, a, b, act.Kind)
					}
				})
				// Votes come from the same aspiration levels.
				o := make(entente.Outcome, len(s.Issues))
				sp.Sample(rng, o)
				for p, n := range negs {
					bl := n.(protocol.Voter).Vote(&protocol.State{Round: 1, Time: 0.5, By: -1}, o, nil)
					if !bl.Prefer {
						t.Fatal("no text: a voter must prefer the proposal")
					}
					if bl.Accept && fs[p].Utility(o) < fs[p].Reservation() {
						t.Fatalf("%s voted to accept a proposal below its reservation value", allSpecs[p])
					}
				}
			}
		}
	}
}

// TestFloorRespected checks that time-dependent and random offers never
// go below the floor: Pmin or the random strategy's floor.
func TestFloorRespected(t *testing.T) {
	rng := rand.New(rand.NewPCG(8, 9))
	for trial := range 40 {
		s := randomScenario(rng)
		fs, sp := setup(t, s)
		b := NewBids(fs[0], sp, ExactLimit)
		floor := b.Min() + (b.Max()-b.Min())*rng.Float64()
		for _, spec := range []string{"conceder", fmt.Sprintf("conceder:min=%v", floor), fmt.Sprintf("random:floor=%v", floor), "frequency:e=5", "titfortat"} {
			negs := start(t, s, fs, sp, nil, uint64(trial), 30, spec, "conceder")
			want := max(b.Min(), fs[0].Reservation())
			if spec != "conceder" && spec != "frequency:e=5" && spec != "titfortat" {
				want = floor
			}
			play(negs, 30, func(p int, _ *protocol.State, a protocol.Action) {
				if p == 0 && a.Kind == protocol.Offer && want <= b.Max() && fs[0].Utility(a.Outcome) < want {
					t.Fatalf("trial %d, %s: offered U %v below the floor %v", trial, spec, fs[0].Utility(a.Outcome), want)
				}
			})
		}
	}
}

// TestDeterminism: the same seed gives the same moves, for every strategy
// and both kinds of bids; another seed changes the random strategy's
// moves.
func TestDeterminism(t *testing.T) {
	s := bigScenario()
	fs, sp := setup(t, s)
	for _, limit := range []uint64{ExactLimit, 1} {
		for _, spec := range allSpecs {
			c := &Cache{Limit: limit}
			m1 := play(start(t, s, fs, sp, c, 42, 50, spec, "random"), 50, nil)
			m2 := play(start(t, s, fs, sp, c, 42, 50, spec, "random"), 50, nil)
			m3 := play(start(t, s, fs, sp, c, 43, 50, spec, "random"), 50, nil)
			if !slices.Equal(m1, m2) {
				t.Errorf("%s (limit %d): two runs with one seed differ", spec, limit)
			}
			if strings.HasPrefix(spec, "random") && slices.Equal(m1, m3) {
				t.Errorf("%s (limit %d) against random: seeds 42 and 43 give the same moves", spec, limit)
			}
		}
	}
}

// TestOwnViewOnly: a negotiator's moves depend only on its own utility and
// the events it sees. Against a scripted opponent, changing the
// opponent's preferences (with one shared cache) changes nothing.
func TestOwnViewOnly(t *testing.T) {
	c := NewCache()
	var ref [][]move
	var own *utility.Func
	for variant := range 3 {
		s := bigScenario()
		if variant > 0 { // the opponent's preferences differ
			rng := rand.New(rand.NewPCG(uint64(variant), 0))
			for i := range s.Parties[1].Preferences.Values {
				v := make([]float64, 10)
				for k := range v {
					v[k] = rng.Float64()
				}
				s.Parties[1].Preferences.Values[i] = entente.Table{Values: v}
			}
		}
		fs, sp := setup(t, s)
		if variant > 0 {
			fs[0] = own // our own function is the same one
		} else {
			own = fs[0]
		}
		var got [][]move
		for _, spec := range allSpecs {
			n := mustNew(t, spec, c)
			if err := n.Start(view(s, fs, sp, 0, 7, 30)); err != nil {
				t.Fatal(err)
			}
			script := &scripted{sp: sp, rng: rand.New(rand.NewPCG(9, 9)), o: make(entente.Outcome, len(s.Issues))}
			got = append(got, play([]protocol.Negotiator{n, script}, 30, nil))
		}
		if variant == 0 {
			ref = got
			continue
		}
		for i := range got {
			if !slices.Equal(got[i], ref[i]) {
				t.Errorf("%s: moves change with the opponent's preferences", allSpecs[i])
			}
		}
	}
}

// scripted offers random packages from its own seed and never accepts.
type scripted struct {
	sp interface {
		Sample(*rand.Rand, entente.Outcome)
	}
	rng *rand.Rand
	o   entente.Outcome
}

func (s *scripted) Start(*protocol.View) error { return nil }
func (s *scripted) Act(*protocol.State) protocol.Action {
	s.sp.Sample(s.rng, s.o)
	return protocol.Action{Kind: protocol.Offer, Outcome: s.o}
}
func (s *scripted) Observe(*protocol.Event) {}

// TestRunSessions plays real sessions through protocol.Run: alternating
// offers between time-dependent strategies reach agreement on the laptop
// scenario, and every strategy and mediator completes sessions without
// faults.
func TestRunSessions(t *testing.T) {
	s := laptop()
	c := NewCache()
	for _, a := range allSpecs {
		for _, b := range []string{"conceder", "boulware", "frequency"} {
			na, nb := mustNew(t, a, c), mustNew(t, b, c)
			r, err := protocol.Run(context.Background(), protocol.Config{
				Scenario: s, Protocol: protocol.Alternating{Bilateral: true},
				Negotiators: []protocol.Negotiator{na, nb}, Deadline: protocol.Deadline{Rounds: 100}, Seed: 3,
				Faults: protocol.FaultAbort,
			})
			if err != nil {
				t.Fatalf("%s vs %s: %v", a, b, err)
			}
			if r.Status == protocol.Failed {
				t.Fatalf("%s vs %s: failed: %+v", a, b, r)
			}
			if a != "hardliner" && r.Status != protocol.Agreement {
				t.Errorf("%s vs %s: %v, want an agreement within 100 rounds", a, b, r.Status)
			}
		}
	}
	for _, med := range []string{"hillclimb", "random"} {
		for _, compare := range []bool{false, true} {
			m, err := NewMediator(med, nil)
			if err != nil {
				t.Fatal(err)
			}
			r, err := protocol.Run(context.Background(), protocol.Config{
				Scenario: s, Protocol: protocol.Mediated{Compare: compare}, Mediator: m,
				Negotiators: []protocol.Negotiator{mustNew(t, "conceder", c), mustNew(t, "linear", c)},
				Deadline:    protocol.Deadline{Rounds: 200}, Seed: 4, Faults: protocol.FaultAbort,
			})
			if err != nil {
				t.Fatalf("%s: %v", med, err)
			}
			if r.Status == protocol.Failed {
				t.Fatalf("%s (compare %v): failed: %+v", med, compare, r)
			}
			if med == "hillclimb" && r.Status != protocol.Agreement {
				t.Errorf("hillclimb (compare %v): %v, want an agreement", compare, r.Status)
			}
		}
	}
}

// TestHugeSpace plays every strategy on a space far beyond ExactLimit
// (10^20 packages, one integer issue of 2^40 values, one real issue) with
// and without interaction terms.
func TestHugeSpace(t *testing.T) {
	s := &entente.Scenario{Name: "huge"}
	opts := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	for i := range 18 {
		s.Issues = append(s.Issues, entente.Issue{Name: fmt.Sprint("d", i), Kind: entente.Discrete, Options: opts})
	}
	s.Issues = append(s.Issues,
		entente.Issue{Name: "n", Kind: entente.Integer, Min: -1 << 39, Max: 1<<39 - 1},
		entente.Issue{Name: "r", Kind: entente.Real, Min: 0, Max: 100})
	rng := rand.New(rand.NewPCG(2, 3))
	for j := range 2 {
		p := entente.Preferences{Reservation: 0.2}
		for i := range s.Issues {
			p.Weights = append(p.Weights, 1/float64(len(s.Issues)))
			switch s.Issues[i].Kind {
			case entente.Discrete:
				v := make([]float64, 10)
				for k := range v {
					v[k] = rng.Float64()
				}
				p.Values = append(p.Values, entente.Table{Values: v})
			default:
				is := &s.Issues[i]
				p.Values = append(p.Values, entente.Linear{Offset: float64(j), Slope: float64(1-2*j) / (is.Max - is.Min), Origin: is.Min, Clamp: true})
			}
		}
		if j == 1 {
			p.Interactions = []entente.Interaction{{Name: "pen", Boxes: []entente.Box{{{Issue: 0, Options: []int{1, 2}}, {Issue: 18, Min: 0, Max: 1 << 30}}}, Value: -0.1}}
		}
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprint("p", j), Preferences: p})
	}
	fs, sp := setup(t, s)
	c := NewCache()
	// At t = 1/31 Boulware's target is within 1e-6 of max U: the search
	// must find a bid that good (the additive party's best is exact).
	b := mustNew(t, "boulware", c)
	if err := b.Start(view(s, fs, sp, 0, 1, 30)); err != nil {
		t.Fatal(err)
	}
	first := b.Act(&protocol.State{Round: 1, Time: 1.0 / 31, By: -1})
	if u, best := fs[0].Utility(first.Outcome), c.Bids(fs[0], sp).Max(); u < best-1e-6 {
		t.Errorf("Boulware's first offer is worth %v, max U %v", u, best)
	}
	for _, a := range allSpecs {
		negs := start(t, s, fs, sp, c, 1, 30, a, allSpecs[len(a)%len(allSpecs)])
		if c.Bids(fs[0], sp).Exact() {
			t.Fatal("a space of 10^20 packages sorted exactly")
		}
		play(negs, 30, func(p int, st *protocol.State, act protocol.Action) {
			if act.Kind == protocol.Offer {
				if msg := valid(sp, act.Outcome, false); msg != "" {
					t.Fatalf("%s: invalid offer: %s", a, msg)
				}
			}
		})
	}
}

// TestPreferFollowsText: whatever the strategy, a vote prefers the
// proposal exactly when it is worth at least the single text to the
// voter, as the text changes, stays or is rewritten in place (a
// strategy remembers the text's utility between votes).
func TestPreferFollowsText(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 31))
	for trial := range 30 {
		s := randomScenario(rng)
		fs, sp := setup(t, s)
		for _, spec := range allSpecs {
			specs := make([]string, len(s.Parties))
			for p := range specs {
				specs[p] = spec
			}
			negs := start(t, s, fs, sp, nil, uint64(trial), 30, specs...)
			text := make(entente.Outcome, len(s.Issues))
			proposal := make(entente.Outcome, len(s.Issues))
			sp.Sample(rng, text)
			for v := range 40 {
				switch v % 4 {
				case 1:
					sp.Sample(rng, text) // rewritten in place
				case 3:
					text = append(entente.Outcome(nil), text...) // the same text, another slice
				}
				sp.Sample(rng, proposal)
				for p, n := range negs {
					bl := n.(protocol.Voter).Vote(&protocol.State{Round: 1 + v, Time: float64(v) / 40, By: -1}, proposal, text)
					if want := fs[p].Utility(proposal) >= fs[p].Utility(text); bl.Prefer != want {
						t.Fatalf("trial %d, %s, vote %d: prefer %v, want %v", trial, spec, v, bl.Prefer, want)
					}
				}
			}
		}
	}
}
