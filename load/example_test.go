package load_test

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/entente/entente/analysis"
	"github.com/entente/entente/load"
)

// Load a built-in example and analyse it exactly: the agreement zone, the
// Pareto frontier and the Nash bargaining solution.
func ExampleExample() {
	res, err := load.Example("laptop")
	if err != nil {
		fmt.Println(err)
		return
	}
	s := res.Scenario
	r, err := analysis.Analyze(context.Background(), s, analysis.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d packages, %d acceptable to both, %d on the Pareto frontier\n", r.Outcomes, r.Zone, len(r.Pareto))
	fmt.Println("Nash:", s.Package(r.Nash.Outcome))

	// An unknown name is an error that says the example does not exist.
	_, err = load.Example("no-such-example")
	fmt.Println(errors.Is(err, fs.ErrNotExist))
	// Output:
	// 45 packages, 25 acceptable to both, 15 on the Pareto frontier
	// Nash: map[memory:32 GB model:Aero 13 price:13]
	// true
}
