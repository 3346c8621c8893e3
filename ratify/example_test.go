package ratify_test

import (
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/ratify"
)

// A referendum applies only when the border moves. The cities' voters
// hold reservations spread normally around 0.5, so their approval grows
// smoothly with the guarantee's credibility.
func Example() {
	src := `entente: 1
guarantors:
  - {name: neighbours, credibility: 0.6}
issues:
  - name: border
    options: [held, ceded]
  - name: guarantee
    options: [none, regional]
    guarantees: {regional: [neighbours]}
parties:
  - name: west
    weights: {border: 0.5, guarantee: 0.5}
    values: {border: {held: 1, ceded: 0}, guarantee: {guarantee: {}}}
constituencies:
  - name: referendum
    party: west
    applies: {border: ceded}
    voters:
      - name: cities
        share: 0.6
        weights: {border: 0, guarantee: 1}
        values: {guarantee: {guarantee: {}}}
        reservation: {value: 0.5, dist: normal, sd: 0.1}
      - name: countryside
        share: 0.4
        weights: {border: 1, guarantee: 0}
        values: {border: {held: 1, ceded: 0}}
        reservation: 0.5
`
	s, _, err := native.Decode(entente.Source{Name: "referendum.yaml", Data: []byte(src)}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, cred := range []float64{0.6, 0.9} {
		s.Set(entente.Ref{Kind: entente.RefCredibility, Index: 0}, cred)
		set, err := ratify.Compile(s)
		if err != nil {
			fmt.Println(err)
			return
		}
		ceded := entente.Outcome{1, 1}
		fmt.Printf("credibility %.1f: approval %.3f, ratified %v\n", cred, set.Approval(0, ceded), set.Ratifies(0, ceded))
	}
	// Output:
	// credibility 0.6: approval 0.505, ratified true
	// credibility 0.9: approval 0.600, ratified true
}
