package analysis_test

import (
	"context"
	"fmt"

	"github.com/entente/entente/analysis"
	"github.com/entente/entente/load"
)

// The frontier of a large space is read from Result.Frontier, which holds
// every distinct frontier vector compactly, rather than from Pareto: with
// ParetoPoints set to -1 no point is materialised as a Point.
func ExampleFrontier() {
	res, err := load.Paths("laptop")
	if err != nil {
		panic(err)
	}
	r, err := analysis.Analyze(context.Background(), res.Scenario, analysis.Options{ParetoPoints: -1})
	if err != nil {
		panic(err)
	}
	f := r.Frontier
	fmt.Printf("%d frontier vectors (%d packages), %d materialised\n", f.Len(), r.ParetoOutcomes, len(r.Pareto))
	for i := 0; i < f.Len() && i < 3; i++ {
		fmt.Printf("%.3f %s\n", f.Utilities(i), res.Scenario.Package(f.Outcome(i, nil)))
	}
	// Output:
	// 15 frontier vectors (15 packages), 0 materialised
	// [1.000 0.140] map[memory:32 GB model:Aero 13 price:10]
	// [0.925 0.215] map[memory:16 GB model:Aero 13 price:10]
	// [0.888 0.320] map[memory:32 GB model:Aero 13 price:11]
}
