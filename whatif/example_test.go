package whatif_test

import (
	"context"
	"fmt"

	"github.com/entente/entente/load"
	"github.com/entente/entente/whatif"
)

// Ask the flagship what if the US executive's guarantee were more
// credible and the Ukrainian referendum needed 55%, and compare with the
// scenario as written.
func Example() {
	res, err := load.Example("ukraine-2025")
	if err != nil {
		panic(err)
	}
	ws, err := whatif.New(res.Scenario, whatif.Options{})
	if err != nil {
		panic(err)
	}
	ctx := context.Background()
	nominal, err := ws.Evaluate(ctx, whatif.Variant{Name: "as written"})
	if err != nil {
		panic(err)
	}
	v := whatif.Variant{Name: "US 0.5, referendum 55%", Set: []whatif.Override{
		{Key: "guarantors[0].credibility", Value: 0.5},
		{Key: "constituencies[0].threshold", Value: 0.55},
	}}
	r, err := ws.Evaluate(ctx, v)
	if err != nil {
		panic(err)
	}
	for _, ch := range r.Changes {
		fmt.Printf("%s: %v -> %v (%s)\n", ch.Label, ch.Nominal, ch.Value, ch.Assumption)
	}
	fmt.Printf("agreement zone %d -> %d, ratifiable zone %d -> %d\n", nominal.Zone, r.Zone, nominal.Ratifiable, r.Ratifiable)
	fmt.Println("Nash package ratified:", r.Nash.Ratified)
	for _, k := range r.Nash.Constituencies {
		if !k.Applies {
			fmt.Printf("%s: does not vote on it\n", k.Constituency)
			continue
		}
		fmt.Printf("%s: approval %.3f, threshold %.2f, margin %+.3f\n", k.Constituency, k.Approval, k.Threshold, k.Margin)
	}
	c, err := ws.Compare(nominal, r)
	if err != nil {
		panic(err)
	}
	fmt.Println("ratifiable Nash package changes:", c.RatifiableNash.Differs)
	for _, row := range c.Nash.Issues {
		if row.Differs {
			fmt.Printf("Nash package, %s: %v -> %v\n", row.Issue, row.Values[0], row.Values[1])
		}
	}
	// Output:
	// US executive: credibility: 0.35 -> 0.5 (within)
	// Ukrainian referendum: approval threshold: 0.5 -> 0.55 (unranged)
	// agreement zone 112 -> 156, ratifiable zone 4 -> 5
	// Nash package ratified: false
	// Ukrainian referendum: approval 0.235, threshold 0.55, margin -0.315
	// US Senate: does not vote on it
	// Russian constitutional order: does not vote on it
	// ratifiable Nash package changes: false
	// Nash package, security guarantee: Art5 with US treaty -> Art5 with US executive
}
