package explain_test

import (
	"context"
	"fmt"

	"github.com/entente/entente"
	"github.com/entente/entente/explain"
	"github.com/entente/entente/format/native"
)

// Three parties, every one needed: no package suits them all. The
// explanation names the closest package and the smallest concessions.
func Example() {
	src := `entente: 1
name: border talks
issues:
  - name: border
    options: [held, frozen, ceded]
  - name: guarantee
    options: [none, yes, deferred]
parties:
  - name: west
    weights: {border: 0.6, guarantee: 0.4}
    values: {border: {held: 1, frozen: 0.5, ceded: 0}, guarantee: {none: 0, yes: 1, deferred: 0.5}}
    reservation: 0.55
  - name: east
    weights: {border: 0.6, guarantee: 0.4}
    values: {border: {held: 0, frozen: 0.5, ceded: 1}, guarantee: {none: 1, yes: 0, deferred: 0.5}}
    reservation: 0.4
  - name: europe
    weights: {border: 0, guarantee: 1}
    values: {guarantee: {none: 0, yes: 1, deferred: 0.2}}
    reservation: 0.5
`
	s, _, err := native.Decode(entente.Source{Name: "talks.yaml", Data: []byte(src)}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	e, err := explain.Explain(context.Background(), s, explain.Options{Closest: 1, Concessions: 3})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, t := range e.Sentences {
		fmt.Println(t)
	}
	// Output:
	// Of 9 packages, 0 are acceptable to every party they need.
	// No package is acceptable to every party it needs.
	// The closest is border=frozen, guarantee=yes: east is 0.1 short of its walk-away value (utility 0.3, needs 0.4).
	// Concession 1: east lowers its walk-away value by 0.1 (from 0.4 to 0.3).
	// Concession 2: west lowers its walk-away value by 0.15 (from 0.55 to 0.4).
	// Concession 3: east values border=held more, by 0.4 of utility (its value up by 0.667).
	// 1 more single concession would open the agreement zone too, each larger (not listed).
}
