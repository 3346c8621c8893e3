package explain_test

import (
	"context"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/explain"
)

// TestMajorityAsRatifyDecidesIt: an explanation decides a majority bloc
// as the analysis does (ratify.Majority): members weighing 0.3, 0.2 and
// 0.1, of whom those weighing 0.2 and 0.1 (half, though 0.2+0.1 rounds
// above half of 0.3+0.2+0.1) accept ceding, do not accept it. The bloc's
// rule alone keeps the two ceding packages out.
func TestMajorityAsRatifyDecidesIt(t *testing.T) {
	border := func(held, frozen, ceded, rv float64) entente.Preferences {
		return entente.Preferences{Weights: []float64{1, 0}, Reservation: rv,
			Values: []entente.ValueFunc{entente.Table{Values: []float64{held, frozen, ceded}}, nil}}
	}
	s := &entente.Scenario{Name: "half",
		Issues: []entente.Issue{
			{Name: "border", Options: []string{"held", "frozen", "ceded"}},
			{Name: "guarantee", Options: []string{"none", "yes"}},
		},
		Parties: []entente.Party{
			{Name: "west", Preferences: border(1, 0.5, 0, 0)},
			{Name: "coalition", Preferences: border(1, 0.6, 0, 0), Bloc: &entente.Bloc{Rule: entente.BlocMajority,
				Members: []entente.Member{
					{Name: "a", Weight: 0.3, Preferences: border(1, 1, 0, 0.5)},
					{Name: "b", Weight: 0.2, Preferences: border(0, 1, 1, 0.5)},
					{Name: "c", Weight: 0.1, Preferences: border(1, 1, 1, 0.5)},
				}}},
		},
	}
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	an, err := analysis.Analyze(context.Background(), s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if an.Zone != 4 {
		t.Fatalf("zone %d, want the 4 packages that hold or freeze the border", an.Zone)
	}
	ex, err := explain.Explain(context.Background(), s, explain.Options{Result: an})
	if err != nil {
		t.Fatal(err)
	}
	found := false
	for _, e := range ex.Effects {
		if e.Kind == explain.BlocRule {
			found = true
			if e.Removed != 2 {
				t.Errorf("the bloc's rule alone keeps %d packages out, want the 2 that cede", e.Removed)
			}
		}
	}
	if !found {
		t.Errorf("no effect of the bloc's rule among %+v", ex.Effects)
	}
}
