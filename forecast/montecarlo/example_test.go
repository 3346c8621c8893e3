package montecarlo_test

import (
	"fmt"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/montecarlo"
)

func Example() {
	m, err := forecast.ReadYAML("talks.yaml", []byte(`
issues: [{name: tax, min: 0, max: 100}]
actors:
  - {name: a, capability: 1, stances: {tax: {position: {value: 10, range: [0, 20]}, salience: 1}}}
  - {name: b, capability: 1, stances: {tax: {position: 60, salience: {range: [0.5, 1.5]}}}}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	models := []montecarlo.Forecaster{montecarlo.Baseline("compromise", forecast.Mean)}
	res, err := montecarlo.Run(m, 1000, 1, models, 0)
	if err != nil {
		fmt.Println(err)
		return
	}
	iv := res.Intervals[0][0]
	fmt.Printf("compromise: median %.0f, 90%% interval %.0f to %.0f\n", iv.Median, iv.Low, iv.High)
	// b's salience from 0.5 to 1.5 moves the mean from 40/1.5 to 100/2.5.
	oat, _ := montecarlo.OneAtATime(m, models)
	e := oat[0][0][0]
	fmt.Printf("largest effect: %s's %s, %.2f\n", m.Actors[e.Actor].Name, e.Field, e.Change)
	// Output:
	// compromise: median 35, 90% interval 25 to 41
	// largest effect: b's salience, 13.33
}
