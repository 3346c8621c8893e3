package native_test

import (
	"fmt"
	"os"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/utility"
)

func ExampleDecode() {
	src := `entente: 1
name: holiday
issues:
  - name: place
    options: [beach, city]
  - name: days
    kind: integer
    range: [3, 7]
parties:
  - name: sam
    weights: {place: 0.6, days: 0.4}
    values:
      place: {beach: 1, city: 0.5}
      days: {linear: {offset: 0, slope: 0.25, origin: 3}}  # 0 at 3 days, 1 at 7
`
	s, _, err := native.Decode(entente.Source{Name: "holiday.yaml", Data: []byte(src)}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	fs, err := utility.Compile(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Outcomes hold option indices for discrete issues and numbers otherwise.
	city5 := entente.Outcome{1, 5}
	fmt.Printf("%s: %s for %v days is worth %.2f\n", s.Parties[0].Name, s.Issues[0].Format(city5[0]), city5[1], fs[0].Utility(city5))

	// Mistakes come back with their position and a suggestion.
	_, _, err = native.Decode(entente.Source{Name: "holiday.yaml", Data: []byte(src + "    reservaton: 0.4\n")}, nil)
	fmt.Println(err)
	// Output:
	// sam: city for 5 days is worth 0.50
	// holiday.yaml:15:5: parties[0].reservaton: unknown key "reservaton"; expected one of: name, description, file, bloc, red_lines, normalization, weights, values, interactions, max_utility, reservation, discount, free_weights (did you mean "reservation"?)
}

func ExampleEncode() {
	s := &entente.Scenario{
		Name: "chores",
		Issues: []entente.Issue{
			{Name: "who cooks", Kind: entente.Discrete, Options: []string{"Ann", "Bo"}},
			{Name: "hours", Kind: entente.Real, Min: 0, Max: 4},
		},
		Parties: []entente.Party{{
			Name: "Ann",
			Preferences: entente.Preferences{
				Weights: []float64{0.7, 0.3},
				Values: []entente.ValueFunc{
					entente.Table{Values: []float64{0, 1}},
					entente.Piecewise{X: []float64{0, 4}, Y: []float64{1, 0}},
				},
				Reservation: 0.2,
			},
		}},
	}
	data, err := native.Encode(s, native.YAML)
	if err != nil {
		fmt.Println(err)
		return
	}
	os.Stdout.Write(data)
	// Output:
	// # Written by entente: native scenario format, version 1 (see docs/format.md).
	// # Normalization as-written: utilities are the weighted sums and interaction
	// # terms exactly as written, with no rescaling and no cap.
	//
	// entente: 1
	// name: chores
	// normalization: as-written
	//
	// issues:
	//   - name: who cooks
	//     options: [Ann, Bo]
	//   - name: hours
	//     kind: real
	//     range: [0, 4]
	//
	// parties:
	//   - name: Ann
	//     weights: {who cooks: 0.7, hours: 0.3}
	//     values:
	//       who cooks: {Ann: 0, Bo: 1}
	//       hours: {piecewise: [[0, 1], [4, 0]]}
	//     reservation: 0.2
}
