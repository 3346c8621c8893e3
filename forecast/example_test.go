package forecast_test

import (
	"fmt"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/smp"
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

// Forecast from a CSV file's contents with KTAB's Spatial Model of
// Politics (package smp) and the weighted-mean baseline. Read recognises
// the format by content: entente's CSV form here, KTAB's own files too.
func ExampleRead() {
	m, err := forecast.Read("tax.csv", []byte(`actor,issue,position,salience,capability
north,tax,20,0.6,3
south,tax,70,0.4,2
centre,tax,45,0.8,2
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	// The CSV form states no scale, so the reader took the positions'
	// range; KTAB's data lives on 0..100.
	fmt.Println(m.Assumptions()[0])
	m.Issues[0].Min, m.Issues[0].Max = 0, 100
	r, err := smp.Run(m, smp.DefaultParams())
	if err != nil {
		fmt.Println(err)
		return
	}
	x, w := m.Positions(0, nil), m.Weights(0, nil)
	fmt.Printf("compromise %.2f, smp %.2f after %d turns\n", forecast.Mean(x, w), r.ExpectedOutcome[0], r.Turns)
	// Output:
	// issue "tax": the file gives no scale; assumed the range of the positions, 20 to 70
	// compromise 39.05, smp 27.11 after 59 turns
}
