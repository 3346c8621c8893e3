package tournament_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/entente/entente/store/sqlite"
	"github.com/entente/entente/tournament"
)

// Run a small tournament: two negotiators on a built-in example, both role
// orders, stored in an SQLite file (a second Run would resume it), then
// rank the negotiators.
func Example() {
	plan, err := tournament.ParsePlan("plan.yaml", []byte(`
tournament: 1
name: small
seed: 7
scenarios: [laptop]
negotiators: [boulware, conceder]
repetitions: 1
deadline: {rounds: 100}
`), ".")
	if err != nil {
		fmt.Println(err)
		return
	}
	dir, err := os.MkdirTemp("", "tournament")
	if err != nil {
		fmt.Println(err)
		return
	}
	defer os.RemoveAll(dir)
	ctx := context.Background()
	st, err := sqlite.Open(ctx, filepath.Join(dir, "small.results.db"))
	if err != nil {
		fmt.Println(err)
		return
	}
	defer st.Close()
	sum, err := tournament.Run(ctx, plan, st, tournament.Options{})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("ran %d of %d negotiations\n", sum.Ran, len(plan.Jobs()))
	records, err := st.All(ctx)
	if err != nil {
		fmt.Println(err)
		return
	}
	league := tournament.Summarise(records, len(plan.Jobs()), tournament.ByUtility)
	for _, s := range league.Tables[0].Standings {
		fmt.Printf("%s: played %d parties, agreed in %.0f%%, mean utility %.2f\n", s.Negotiator, s.Played, 100*s.Agreements.Mean, s.Utility.Mean)
	}
	// Output:
	// ran 2 of 2 negotiations
	// boulware: played 2 parties, agreed in 100%, mean utility 0.80
	// conceder: played 2 parties, agreed in 100%, mean utility 0.45
}
