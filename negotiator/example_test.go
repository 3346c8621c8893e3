package negotiator_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/entente/entente"
	"github.com/entente/entente/negotiator"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// ExampleStrategies prints the strategies and their parameters, as a
// --help text would.
func ExampleStrategies() {
	for _, in := range negotiator.Strategies() {
		fmt.Print(in.Name)
		for _, p := range in.Params {
			fmt.Printf(" %s=%s", p.Name, p.Default)
		}
		fmt.Println()
	}
	// Output:
	// boulware e=0.2 k=0 min=max(min U, rv) max=max U aware=none
	// conceder e=2 k=0 min=max(min U, rv) max=max U aware=none
	// frequency e=0.2 k=0 min=max(min U, rv) max=max U aware=none count_first_bid=false agg=min
	// hardliner aware=none
	// linear e=1 k=0 min=max(min U, rv) max=max U aware=none
	// random floor=rv aware=none
	// timedep e=1 k=0 min=max(min U, rv) max=max U aware=none
	// titfortat gamma=1 min=max(min U, rv) max=max U aware=none
}

// ExampleNew builds a linear negotiator for a seller of one item at a
// price from 10 to 20 (utility rising with the price, reservation 0.5) and
// shows its offers over a 4-round deadline: the target falls from 1 at
// t = 0 to 0.5 at t = 1, and it offers the nearest price.
func ExampleNew() {
	s := &entente.Scenario{
		Issues: []entente.Issue{{Name: "price", Kind: entente.Integer, Min: 10, Max: 20}},
		Parties: []entente.Party{{Name: "seller", Preferences: entente.Preferences{
			Weights:     []float64{1},
			Values:      []entente.ValueFunc{entente.Linear{Slope: 0.1, Origin: 10}},
			Reservation: 0.5,
		}}},
	}
	fs, err := utility.Compile(s)
	if err != nil {
		panic(err)
	}
	n, err := negotiator.New("linear", nil)
	if err != nil {
		panic(err)
	}
	err = n.Start(&protocol.View{
		Self: 0, Parties: []string{"seller"}, Issues: s.Issues, Space: space.New(s.Issues),
		Utility: fs[0], Deadline: protocol.Deadline{Rounds: 4}, Rand: rand.New(rand.NewPCG(1, 1)),
	})
	if err != nil {
		panic(err)
	}
	for r := 1; r <= 4; r++ {
		a := n.Act(&protocol.State{Round: r, Time: float64(r) / 5, By: -1})
		fmt.Println(r, a.Kind, a.Outcome)
	}
	_, err = negotiator.New("linear:e=-1", nil)
	fmt.Println(err)
	// Output:
	// 1 offer [19]
	// 2 offer [18]
	// 3 offer [17]
	// 4 offer [16]
	// linear.e: "-1" is not valid; expected a number >= 0 (the concession exponent (β): 0 hardliner, below 1 Boulware, 1 linear, above 1 Conceder)
}

// market is a price negotiation from 10 to 20: the buyer's utility falls
// with the price, the seller's rises; they walk away below 0.2 and 0.3. The
// seller's board must ratify the deal: it approves only prices of 17 and
// more.
func market() *entente.Scenario {
	price := []entente.Issue{{Name: "price", Kind: entente.Integer, Min: 10, Max: 20}}
	rising := entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{entente.Linear{Slope: 0.1, Origin: 10}}, Reservation: 0.3}
	falling := entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{entente.Linear{Offset: 1, Slope: -0.1, Origin: 10}}, Reservation: 0.2}
	board := entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{entente.Linear{Slope: 0.1, Origin: 10}}, Reservation: 0.7}
	return &entente.Scenario{
		Issues:  price,
		Parties: []entente.Party{{Name: "buyer", Preferences: falling}, {Name: "seller", Preferences: rising}},
		Constituencies: []entente.Constituency{{Name: "board", Party: 1, Threshold: 1, Unitary: true,
			Voters: []entente.VoterGroup{{Share: 1, Preferences: board}}}},
	}
}

// Strategies are built from typed configurations as well as from specs. A
// ratification-blind seller settles where the offers meet, which its board
// rejects; one that keeps to its own constituency (AwareOwn) holds out
// for a price its board approves.
func ExampleTimeDependent() {
	s := market()
	for _, aware := range []negotiator.Awareness{negotiator.Blind, negotiator.AwareOwn} {
		seller := negotiator.Linear()
		seller.Aware = aware
		sn, err := seller.New(nil)
		if err != nil {
			panic(err)
		}
		bn, err := negotiator.Conceder().New(nil)
		if err != nil {
			panic(err)
		}
		r, err := protocol.Run(context.Background(), protocol.Config{
			Scenario: s, Protocol: protocol.Alternating{Bilateral: true},
			Negotiators: []protocol.Negotiator{bn, sn}, Deadline: protocol.Deadline{Rounds: 20},
		})
		if err != nil {
			panic(err)
		}
		if r.Status != protocol.Agreement {
			fmt.Printf("aware=%s: %s (%s)\n", aware, r.Status, r.Reason)
			continue
		}
		fmt.Printf("aware=%s: agreement at price %s in round %d; the board approves: %v\n", aware, s.Package(r.Agreement)["price"], r.Rounds, r.Stands)
	}
	// Output:
	// aware=none: agreement at price 16 in round 11; the board approves: false
	// aware=own: agreement at price 17 in round 18; the board approves: true
}
