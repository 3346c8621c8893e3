package ratify

import (
	"fmt"
	"testing"

	"github.com/entente/entente"
)

// TestTabulateBudget: each table holds at most limit cells and all of them
// together at most 8·limit, whatever the number of voter groups.
func TestTabulateBudget(t *testing.T) {
	options := []string{"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"}
	table := entente.Table{Values: []float64{0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}}
	s := &entente.Scenario{
		Issues: []entente.Issue{{Name: "a", Kind: entente.Discrete, Options: options}, {Name: "b", Kind: entente.Discrete, Options: options}},
		Parties: []entente.Party{{Name: "p", Preferences: entente.Preferences{
			Weights: []float64{0.5, 0.5}, Values: []entente.ValueFunc{table, table}}}},
	}
	co := entente.Constituency{Name: "c", Party: 0, Threshold: 0.5}
	for g := range 20 {
		co.Voters = append(co.Voters, entente.VoterGroup{Name: fmt.Sprint(g), Share: 0.05, Preferences: entente.Preferences{
			Weights: []float64{0.5, 0.5}, Values: []entente.ValueFunc{table, table}, Reservation: 0.5}})
	}
	s.Constituencies = []entente.Constituency{co}
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	set, err := Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	set.Tabulate(100) // 100 cells a group: 8 groups fit the budget
	tabulated := 0
	for g := range set.cons[0].groups {
		if tb := set.cons[0].groups[g].tab; tb != nil {
			tabulated++
			if len(tb.cells) != 100 {
				t.Errorf("group %d: %d cells, want 100", g, len(tb.cells))
			}
		}
	}
	if tabulated != 8 {
		t.Errorf("%d groups tabulated, want 8", tabulated)
	}
}
