package utility_test

import (
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/utility"
)

// A buyer who cares most about the brand and a little about the price.
func ExampleNew() {
	issues := []entente.Issue{
		{Name: "brand", Kind: entente.Discrete, Options: []string{"Dell", "Mac", "HP"}},
		{Name: "price", Kind: entente.Integer, Min: 800, Max: 1200},
	}
	buyer := &entente.Preferences{
		Weights: []float64{0.7, 0.3},
		Values: []entente.ValueFunc{
			entente.Table{Values: []float64{0.6, 1, 0.2}},
			entente.Piecewise{X: []float64{800, 1200}, Y: []float64{1, 0}},
		},
		Reservation: 0.4,
	}
	f, err := utility.New(issues, buyer)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("Mac at 1000: %.2f\n", f.Utility(entente.Outcome{1, 1000}))
	best := f.Best()
	fmt.Printf("best: %s at %v, utility %.2f\n", issues[0].Options[int(best.Outcome[0])], best.Outcome[1], best.Utility)
	// Output:
	// Mac at 1000: 0.85
	// best: Mac at 800, utility 1.00
}
