package models_test

import (
	"fmt"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/models"
)

// Every model of the registry on one issue: the baselines give a number,
// the round-based models also their rounds.
func Example() {
	src := `name: budget
issues:
  - {name: spending, min: 0, max: 100}
actors:
  - name: left
    capability: 2
    stances: {spending: {position: 80, salience: 1}}
  - name: centre
    capability: 3
    stances: {spending: {position: 50, salience: 0.5}}
  - name: right
    capability: 2
    stances: {spending: {position: 10, salience: 1}}
`
	m, err := forecast.Read("budget.yaml", []byte(src))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, md := range models.All() {
		rs, err := md.Run(m, models.Options{Rounds: 5})
		if err != nil {
			fmt.Println(md.Name, err)
			continue
		}
		rounds := 0
		if rs[0].Rounds != nil {
			rounds = len(rs[0].Rounds.Rounds) - 1
		}
		fmt.Printf("%s %.2f, rounds run: %d\n", md.Name, rs[0].Forecast, rounds)
	}
	// Output:
	// compromise 46.36, rounds run: 0
	// median 50.00, rounds run: 0
	// condorcet 50.00, rounds run: 0
	// bdm 50.00, rounds run: 1
	// smp 48.62, rounds run: 2
}
