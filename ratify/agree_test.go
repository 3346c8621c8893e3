package ratify_test

import (
	"testing"

	"github.com/entente/entente"
)

// TestAgreed works Agreed out by hand on twoLevel: party west says yes or
// no itself; the coalition's members decide by its rule. Member a accepts
// held and frozen, b frozen and ceded, c all three (reservation 0.5).
func TestAgreed(t *testing.T) {
	for _, c := range []struct {
		name     string
		rule     entente.BlocRule
		rules    []entente.Rule
		o        entente.Outcome
		yes      []bool
		want     bool
		consents bool // the coalition, answering yes
	}{
		// Unanimity: only frozen has all three members.
		{"unanimity, frozen", entente.BlocUnanimity, nil, frozenYes, []bool{true, true}, true, true},
		{"unanimity, held", entente.BlocUnanimity, nil, heldYes, []bool{true, true}, false, false},
		{"west says no", entente.BlocUnanimity, nil, frozenYes, []bool{false, true}, false, true},
		{"the coalition's negotiator says no", entente.BlocUnanimity, nil, frozenYes, []bool{true, false}, false, true},
		// Majority of weight 6: held has a and c (4 > 3), ceded b and c (3, not more than half).
		{"majority, held", entente.BlocMajority, nil, heldYes, []bool{true, true}, true, true},
		{"majority, ceded", entente.BlocMajority, nil, cededYes, []bool{true, true}, false, false},
		// Leader b accepts ceded but not held.
		{"leader, ceded", entente.BlocLeader, nil, cededYes, []bool{true, true}, true, true},
		// A rule that needs only west: the coalition's members do not matter.
		{"only west needed", entente.BlocUnanimity, []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0}}}, heldYes, []bool{true, false}, true, false},
		// An affected rule brings the coalition in when the guarantee is settled.
		{"affected, settled", entente.BlocUnanimity, []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0}}, {Kind: entente.Affected, Parties: []int{1}, Issues: []int{1}}}, heldYes, []bool{true, true}, false, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			leader := 0
			if c.rule == entente.BlocLeader {
				leader = 1
			}
			s := twoLevel(c.rule, 0, leader)
			s.Rules = c.rules
			set := compile(t, s)
			if got := set.Agreed(c.o, c.yes, make([]bool, 2)); got != c.want {
				t.Errorf("Agreed = %v, want %v", got, c.want)
			}
			if got := set.Consents(1, c.o, true); got != c.consents {
				t.Errorf("Consents = %v, want %v", got, c.consents)
			}
			if set.Consents(1, c.o, false) || !set.Consents(0, c.o, true) || set.Consents(0, c.o, false) {
				t.Error("a no is a no, and a party that is not a bloc consents on its own word")
			}
		})
	}
}

// TestAgreedWithoutPolitics: no rules and no blocs, every party's yes.
func TestAgreedWithoutPolitics(t *testing.T) {
	s := twoLevel(entente.BlocUnanimity, 0, 0)
	s.Parties[1].Bloc = nil
	set := compile(t, s)
	need := make([]bool, 2)
	if !set.Agreed(heldYes, []bool{true, true}, need) || set.Agreed(heldYes, []bool{true, false}, need) {
		t.Error("without politics an agreement is every party's yes")
	}
	if set.Blocs() || set.Bloc(1) {
		t.Error("no blocs")
	}
}
