package bdm_test

import (
	"fmt"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/bdm"
)

// A run on a small model that cycles: the actor at 10, which cares little,
// is pulled to 5, then compromises toward 0, then is pulled back to 5.
func ExampleRun() {
	m, err := forecast.ReadCSV("small.csv", []byte(`actor,issue,position,salience,capability
a,x,0,0.9,1
b,x,5,0.5,1
c,x,10,0.2,1
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	p := bdm.DefaultParams()
	p.Rounds = 4
	res, err := bdm.Run(m, 0, p)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, rd := range res.Rounds {
		fmt.Printf("round %d: positions %.4f, median %v\n", rd.Round, rd.Positions, rd.Median)
		for _, o := range rd.Offers {
			fmt.Printf("  %s accepts a %s with %s\n", m.Actors[o.Receiver].Name, o.Kind, m.Actors[o.Proposer].Name)
		}
	}
	fmt.Printf("converged: %v; cycle from round %d, length %d\n", res.Converged, res.CycleStart, res.CycleLength)
	// Output:
	// round 0: positions [0.0000 5.0000 10.0000], median 0
	// round 1: positions [0.0000 5.0000 5.0000], median 0
	//   c accepts a confrontation with b
	// round 2: positions [0.0000 5.0000 2.5801], median 0
	//   c accepts a compromise with a
	// round 3: positions [0.0000 5.0000 5.0000], median 0
	//   c accepts a confrontation with b
	// round 4: positions [0.0000 5.0000 2.5801], median 0
	//   c accepts a compromise with a
	// converged: false; cycle from round 1, length 2
}
