package models

import (
	"math"
	"slices"
	"testing"

	"github.com/entente/entente/forecast"
)

func TestRegistry(t *testing.T) {
	if got, want := Names(), []string{"compromise", "median", "condorcet", "bdm", "smp"}; !slices.Equal(got, want) {
		t.Errorf("Names() = %v, want %v", got, want)
	}
	for _, md := range All() {
		if Lookup(md.Name) != md || md.About == "" {
			t.Errorf("%s: not found by name, or undescribed", md.Name)
		}
	}
	if Lookup("oracle") != nil {
		t.Error("Lookup found a model that does not exist")
	}
	// All returns a copy: changing it leaves the registry alone.
	all := All()
	all[0] = nil
	if All()[0] == nil {
		t.Error("All returned the registry itself")
	}
}

// TestWork checks the estimates against the formulas of Model.Work's
// documentation, worked out by hand.
func TestWork(t *testing.T) {
	m := &forecast.Model{Actors: make([]forecast.Actor, 300), Issues: make([]forecast.Issue, 2)}
	for _, tc := range []struct {
		model       string
		o           Options
		runs        int
		sensitivity bool
		want        float64
	}{
		{"smp", Options{}, 0, false, 300 * 300 * 300 * 100 * 2},
		{"smp", Options{Rounds: 7}, 0, false, 300 * 300 * 300 * 7 * 2},
		{"bdm", Options{}, 0, false, 300 * 300 * 300 * 10 * 2},
		{"bdm", Options{Rounds: 5}, 9, false, 300 * 300 * 300 * 5 * 2 * 10},
		{"bdm", Options{Rounds: NoRounds}, 0, false, 300 * 300 * 300 * 10 * 2},
		{"condorcet", Options{}, 0, true, 300 * 300 * 2 * (1 + 4*300*2)},
		{"median", Options{}, 1, false, 300 * 2 * math.Log2(302) * 2},
	} {
		if got := Lookup(tc.model).Work(m, tc.o, tc.runs, tc.sensitivity); math.Abs(got-tc.want) > 1e-9*tc.want {
			t.Errorf("%s %+v runs %d sensitivity %v: %v, want %v", tc.model, tc.o, tc.runs, tc.sensitivity, got, tc.want)
		}
	}
}
