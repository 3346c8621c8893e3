package protocol_test

import (
	"context"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
)

// cycler offers the packages of a fixed list in turn and never accepts.
type cycler struct {
	pkgs []entente.Outcome
	i    int
}

func (c *cycler) Start(*protocol.View) error { c.i = 0; return nil }
func (c *cycler) Act(*protocol.State) protocol.Action {
	c.i++
	return protocol.Action{Kind: protocol.Offer, Outcome: c.pkgs[c.i%len(c.pkgs)]}
}
func (c *cycler) Observe(*protocol.Event) {}

// TestNoAllocationPerTurn checks that the referee allocates nothing per
// turn: a session ten times longer allocates no more.
func TestNoAllocationPerTurn(t *testing.T) {
	if raceDetector {
		t.Skip("allocation counts are not meaningful under the race detector")
	}
	s := deal(2)
	pk := []entente.Outcome{{0, 0}, {1, 2}, {2, 1}}
	allocs := func(rounds int) float64 {
		return testing.AllocsPerRun(5, func() {
			_, err := protocol.Run(context.Background(), protocol.Config{
				Scenario: s, Protocol: protocol.Alternating{Bilateral: true},
				Negotiators: negs(&cycler{pkgs: pk}, &cycler{pkgs: pk}),
				Deadline:    protocol.Deadline{Rounds: rounds},
			})
			if err != nil {
				t.Fatal(err)
			}
		})
	}
	short, long := allocs(1000), allocs(10000)
	if long > short {
		t.Errorf("%v allocations for 1000 rounds, %v for 10000: the referee allocates per turn", short, long)
	}
}
