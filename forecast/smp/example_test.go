package smp_test

import (
	"fmt"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/smp"
)

func Example() {
	// Five actors on one 0..100 issue: position, salience (0..100) and
	// capability.
	stance := func(pos, sal, cap float64) []forecast.Stance {
		return []forecast.Stance{{Position: pos, Salience: sal, Capability: cap}}
	}
	m := &forecast.Model{
		Issues: []forecast.Issue{{Name: "tax rate", Min: 0, Max: 100}},
		Actors: []forecast.Actor{{Name: "government"}, {Name: "opposition"}, {Name: "unions"}, {Name: "employers"}, {Name: "regions"}},
		Stances: [][]forecast.Stance{
			stance(40, 80, 100),
			stance(70, 60, 60),
			stance(90, 50, 30),
			stance(20, 70, 50),
			stance(55, 40, 80),
		},
	}
	res, err := smp.Run(m, smp.DefaultParams())
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%d turns (%s)\n", res.Turns, res.Stop)
	fmt.Printf("expected outcome %.1f, most probable %.1f\n", res.ExpectedOutcome[0], res.MostProbable[0])
	// Output:
	// 3 turns (converged)
	// expected outcome 48.8, most probable 59.2
}
