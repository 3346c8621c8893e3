package protocol_test

import (
	"context"
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// sale is a small scenario: a buyer and a seller settle the price (three
// options) and the delivery (two).
func sale() *entente.Scenario {
	return &entente.Scenario{
		Name: "sale",
		Issues: []entente.Issue{
			{Name: "price", Kind: entente.Discrete, Options: []string{"low", "mid", "high"}},
			{Name: "delivery", Kind: entente.Discrete, Options: []string{"slow", "fast"}},
		},
		Parties: []entente.Party{
			{Name: "buyer", Preferences: entente.Preferences{
				Weights: []float64{0.7, 0.3}, Reservation: 0.4,
				Values: []entente.ValueFunc{entente.Table{Values: []float64{1, 0.6, 0}}, entente.Table{Values: []float64{0, 1}}},
			}},
			{Name: "seller", Preferences: entente.Preferences{
				Weights: []float64{0.7, 0.3}, Reservation: 0.3,
				Values: []entente.ValueFunc{entente.Table{Values: []float64{0.4, 0.7, 1}}, entente.Table{Values: []float64{1, 0.2}}},
			}},
		},
	}
}

// greedy is a complete negotiator: it offers its best package and accepts
// anything worth at least its aspiration to itself.
type greedy struct {
	v          *protocol.View
	best       entente.Outcome
	aspiration float64
}

func (g *greedy) Start(v *protocol.View) error {
	g.v = v
	g.best = v.Utility.Best().Outcome
	return nil
}

func (g *greedy) Act(s *protocol.State) protocol.Action {
	if s.Table != nil && g.v.Utility.Utility(s.Table) >= g.aspiration {
		// An acceptance names the package it accepts.
		return protocol.Action{Kind: protocol.Accept, Outcome: s.Table}
	}
	return protocol.Action{Kind: protocol.Offer, Outcome: g.best}
}

func (g *greedy) Observe(*protocol.Event) {}

// A negotiator is any type with Start, Act and Observe. It sees its own
// utility function only, and copies of the public state and events.
func Example() {
	s := sale()
	r, err := protocol.Run(context.Background(), protocol.Config{
		Scenario:    s,
		Protocol:    protocol.Alternating{Bilateral: true},
		Negotiators: []protocol.Negotiator{&greedy{aspiration: 0.9}, &greedy{aspiration: 0.3}},
		Deadline:    protocol.Deadline{Rounds: 10},
	})
	if err != nil {
		panic(err)
	}
	fmt.Printf("%v in round %d on %v: %.2f\n", r.Status, r.Rounds, s.Package(r.Agreement), r.Utilities)
	// Output: agreement in round 1 on map[delivery:fast price:low]: [1.00 0.34]
}

// A program can play a session one step at a time and read its state
// between steps.
func ExampleOpen() {
	s := sale()
	sess, err := protocol.Open(context.Background(), protocol.Config{
		Scenario:    s,
		Protocol:    protocol.Alternating{Bilateral: true},
		Negotiators: []protocol.Negotiator{&greedy{aspiration: 0.9}, &greedy{aspiration: 0.9}},
		Deadline:    protocol.Deadline{Rounds: 2},
	})
	if err != nil {
		panic(err)
	}
	for sess.Step() {
		st := sess.State()
		fmt.Println("round", st.Round, "table", s.Package(st.Table), "by", s.Parties[st.By].Name)
	}
	r := sess.Result()
	fmt.Println(r.Status, r.Reason)
	// Output:
	// round 1 table map[delivery:fast price:low] by buyer
	// round 2 table map[delivery:slow price:high] by seller
	// round 2 table map[delivery:fast price:low] by buyer
	// deadline the deadline of 2 rounds passed
}
