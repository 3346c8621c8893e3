package analysis

import (
	"context"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/load"
)

// TestClampsAndNashProduct: Clamps says what Analyze does with every
// party, and NashProduct at the Nash packages gives the values Analyze
// reports, over both zones.
func TestClampsAndNashProduct(t *testing.T) {
	seen := map[bool]bool{}
	for _, name := range []string{"ukraine-2025", "laptop", "laptop-genius", "ceasefire", "coalition", "coalition-government"} {
		res, err := load.Example(strings.TrimSuffix(name, "-genius"))
		if err != nil {
			t.Fatal(err)
		}
		s := res.Scenario
		if strings.HasSuffix(name, "-genius") {
			// GENIUS's convention compares utilities exactly: no tolerance.
			for p := range s.Parties {
				s.Parties[p].Preferences.Normalization = entente.Genius
			}
		}
		r, err := Analyze(context.Background(), s, Options{ParetoPoints: -1})
		if err != nil {
			t.Fatal(err)
		}
		if got := Clamps(s); got != r.clamp {
			t.Errorf("%s: Clamps = %v, Analyze clamps %v", name, got, r.clamp)
		}
		seen[r.clamp] = true
		if r.Nash != nil {
			if v := NashProduct(r.Nash.Utilities, r.Reservation, r.clamp); v != r.Nash.Value {
				t.Errorf("%s: NashProduct = %v at the Nash package, Analyze %v", name, v, r.Nash.Value)
			}
		}
		if rt := r.Ratification; rt != nil && rt.Nash != nil {
			if v := NashProduct(rt.Nash.Utilities, r.Reservation, true); v != rt.Nash.Value {
				t.Errorf("%s: NashProduct = %v at the ratifiable Nash package, Analyze %v", name, v, rt.Nash.Value)
			}
		}
	}
	if !seen[true] || !seen[false] {
		t.Errorf("the examples cover clamping %v only", seen)
	}
}
