package forecast_test

import (
	"fmt"

	"github.com/entente/entente/forecast"
)

// The baselines on one issue: four actors with equal weight.
func ExampleMedian() {
	x := []float64{0, 40, 60, 75}
	w := []float64{1, 1, 1, 1}
	fmt.Println(forecast.Mean(x, w), forecast.Median(x, w), forecast.Condorcet(x, w))
	// Output: 43.75 40 40
}

// Reading the YAML form and forecasting with capability x salience weights.
func ExampleReadYAML() {
	m, err := forecast.ReadYAML("small.yaml", []byte(`
issues:
  - {name: tax, min: 0, max: 100}
actors:
  - {name: a, capability: 3, stances: {tax: {position: 0, salience: 1}}}
  - {name: b, capability: 1, stances: {tax: {position: 100, salience: 1}}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	x, w := m.Positions(0, nil), m.Weights(0, nil)
	fmt.Println(forecast.Mean(x, w), forecast.Median(x, w))
	// Output: 25 0
}
