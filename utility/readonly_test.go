package utility_test

import (
	"math"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/utility"
)

// TestFuncIsReadOnly: what a compiled function hands out are copies, and it
// discounts by the factor it was compiled with, so code that holds it (a
// negotiator) cannot change it or the scenario.
func TestFuncIsReadOnly(t *testing.T) {
	issues := []entente.Issue{{Name: "a", Kind: entente.Discrete, Options: []string{"x", "y"}}}
	p := &entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{entente.Table{Values: []float64{1, 0.5}}}, Reservation: 0.2, Discount: 0.5}
	f, err := utility.New(issues, p)
	if err != nil {
		t.Fatal(err)
	}
	want := 0.5 * math.Pow(0.5, 0.5)
	cp := f.Preferences()
	cp.Discount = 1
	cp.Weights[0] = 7
	cp.Values[0].(entente.Table).Values[1] = 9
	f.IssueTable(0)[1] = 9
	if p.Discount != 0.5 || p.Weights[0] != 1 || p.Values[0].(entente.Table).Values[1] != 0.5 {
		t.Errorf("changing the copy changed the preferences: %+v", p)
	}
	if got := f.Discounted(f.Utility(entente.Outcome{1}), 0.5); got != want {
		t.Errorf("discounted utility %v, want %v", got, want)
	}
	// Editing the scenario after compiling does not change the function.
	p.Discount = 1
	if got := f.Discounted(0.5, 0.5); got != want || f.DiscountFactor() != 0.5 {
		t.Errorf("after editing the preferences: %v (factor %v), want %v", got, f.DiscountFactor(), want)
	}
}
