package protocol_test

import (
	"context"
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// greedy is a complete negotiator: it offers its best package and accepts
// anything worth at least 0.75 to itself.
type greedy struct {
	v    *protocol.View
	best entente.Outcome
}

func (g *greedy) Start(v *protocol.View) error {
	g.v = v
	g.best = v.Utility.Best().Outcome
	return nil
}

func (g *greedy) Act(s *protocol.State) protocol.Action {
	if s.Table != nil && g.v.Utility.Utility(s.Table) >= 0.75 {
		return protocol.Action{Kind: protocol.Accept, Outcome: s.Table}
	}
	return protocol.Action{Kind: protocol.Offer, Outcome: g.best}
}

func (g *greedy) Observe(*protocol.Event) {}

// A negotiator is any type with Start, Act and Observe. It sees its own
// utility function only, and the public events.
func Example() {
	s := deal(2) // A likes x, then y; B likes y, then z
	r, err := protocol.Run(context.Background(), protocol.Config{
		Scenario:    s,
		Protocol:    protocol.Alternating{Bilateral: true},
		Negotiators: []protocol.Negotiator{&greedy{}, &script{acts: []protocol.Action{offer(0, 1)}}},
		Deadline:    protocol.Deadline{Rounds: 10},
	})
	if err != nil {
		panic(err)
	}
	fmt.Println(r.Status, r.Rounds, s.Package(r.Agreement), r.Utilities)
	// Output: agreement 2 map[a:x b:y] [0.75 0.5]
}
