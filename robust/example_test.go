package robust_test

import (
	"context"
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/robust"
)

func ExampleRun() {
	src := entente.Source{Name: "example.yaml", Data: []byte(`entente: 1
name: example
issues:
  - name: deal
    options: [small, large]
parties:
  - name: buyer
    weights: {deal: 1}
    values:
      deal: {small: 0.8, large: 0.3}
    reservation: {value: 0.2, range: [0, 0.5], source: guess}
  - name: seller
    weights: {deal: 1}
    values:
      deal: {small: 0.2, large: 0.9}
    reservation: 0.5
`)}
	s, _, err := native.Decode(src, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	r, err := robust.Run(context.Background(), s, robust.Options{Samples: 1000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("zone non-empty in %.0f%% of draws\n", 100*r.Zone.P)
	for _, t := range r.Tipping {
		fmt.Println(t)
	}
	// Output:
	// zone non-empty in 61% of draws
	// the agreement zone vanishes when buyer: walk-away value exceeds 0.3
}
