package negotiator

import (
	"math"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/space"
)

// binary3 is a space of three issues of two options.
func binary3() *space.Space {
	var is []entente.Issue
	for _, n := range []string{"a", "b", "c"} {
		is = append(is, entente.Issue{Name: n, Kind: entente.Discrete, Options: []string{"0", "1"}})
	}
	return space.New(is)
}

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > 1e-12 {
		t.Errorf("%s = %v, want %v", what, got, want)
	}
}

// TestFrequencyModelByHand checks §4's update rule against a worked
// example. n = 3 issues, l = 0.2, γ = l/3 = 1/15, w = (1/3, 1/3, 1/3).
//
// b1 = (0,0,0): the first bid is not counted.
//
// b2 = (0,1,0): unchanged U = {a, c}, m = 2, S = 1 + 2/15 = 17/15,
// w_max = 1 − 0.2·15/17 = 14/17. a, c: (1/3 + 1/15)/S = 6/17; b: (1/3)/S
// = 5/17. Counts: c_a(0) = 2, c_b(1) = 2, c_c(0) = 2.
//
// b3 = (1,1,0): U = {b, c}, S = 17/15. a: (6/17)/S = 90/289; b:
// (5/17 + 1/15)/S = 92/289; c: (6/17 + 1/15)/S = 107/289. Counts:
// c_a = (2,2), c_b = (1,3), c_c = (3,1).
//
// Û(0,1,0) = 90/289·2/2 + 92/289·3/3 + 107/289·3/3 = 1;
// Û(1,0,1) = 90/289 + (92+107)/289·1/3 = 469/867.
func TestFrequencyModelByHand(t *testing.T) {
	m := NewFrequencyModel(binary3())
	w := m.Weights()
	for i := range w {
		near(t, "initial weight", w[i], 1.0/3)
	}
	m.Update(entente.Outcome{0, 0, 0})
	near(t, "c_a(0) after the first bid", m.Count(0, 0), 1)
	m.Update(entente.Outcome{0, 1, 0})
	near(t, "w_a", w[0], 6.0/17)
	near(t, "w_b", w[1], 5.0/17)
	near(t, "w_c", w[2], 6.0/17)
	near(t, "c_a(0)", m.Count(0, 0), 2)
	near(t, "c_b(1)", m.Count(1, 1), 2)
	near(t, "c_b(0)", m.Count(1, 0), 1)
	m.Update(entente.Outcome{1, 1, 0})
	near(t, "w_a", w[0], 90.0/289)
	near(t, "w_b", w[1], 92.0/289)
	near(t, "w_c", w[2], 107.0/289)
	near(t, "Û(0,1,0)", m.Predict(entente.Outcome{0, 1, 0}), 1)
	near(t, "Û(1,0,1)", m.Predict(entente.Outcome{1, 0, 1}), 469.0/867)
	if m.Bids() != 3 {
		t.Errorf("Bids = %d, want 3", m.Bids())
	}

	// count_first_bid: the same weights; counts after b1, b2 are
	// c_a = (3,1), c_b = (2,2), c_c = (3,1), so
	// Û(1,1,1) = 6/17·1/3 + 5/17·2/2 + 6/17·1/3 = 9/17.
	m = NewFrequencyModel(binary3())
	m.CountFirst = true
	m.Update(entente.Outcome{0, 0, 0})
	m.Update(entente.Outcome{0, 1, 0})
	near(t, "w_b (count_first_bid)", m.Weights()[1], 5.0/17)
	near(t, "Û(1,1,1) (count_first_bid)", m.Predict(entente.Outcome{1, 1, 1}), 9.0/17)
}

// TestFrequencyModelCap checks w_max: one issue, γ = 0.2; after the
// second identical bid w = 1 ≥ w_max = 5/6, so w := 1/1.2; after the third
// w = 5/6 is not below w_max, so w := (5/6)/1.2 = 25/36.
func TestFrequencyModelCap(t *testing.T) {
	sp := space.New([]entente.Issue{{Name: "x", Kind: entente.Integer, Min: 1, Max: 1 << 40}})
	m := NewFrequencyModel(sp) // a sparse issue
	for range 3 {
		m.Update(entente.Outcome{7})
	}
	near(t, "w after 3 equal bids", m.Weights()[0], 25.0/36)
	near(t, "c(7)", m.Count(0, 7), 3)
	near(t, "c(8)", m.Count(0, 8), 1)
	near(t, "Û(8)", m.Predict(entente.Outcome{8}), 25.0/36/3)
}

// TestFrequencyChoosesForOpponent: two bids worth the same to us, one much
// better for the opponent (as its offers reveal), the strategy offers that
// one.
func TestFrequencyChoosesForOpponent(t *testing.T) {
	s := &entente.Scenario{
		Issues: []entente.Issue{
			{Name: "a", Kind: entente.Discrete, Options: []string{"x", "y"}},
			{Name: "b", Kind: entente.Discrete, Options: []string{"x", "y"}},
		},
		Parties: []entente.Party{
			{Name: "me", Preferences: entente.Preferences{Weights: []float64{0.5, 0.5}, Values: []entente.ValueFunc{
				entente.Table{Values: []float64{1, 0}}, entente.Table{Values: []float64{0, 1}}}}},
			{Name: "you", Preferences: entente.Preferences{Weights: []float64{1, 0}, Values: []entente.ValueFunc{
				entente.Table{Values: []float64{0, 1}}, entente.Table{Values: []float64{0, 1}}}}},
		},
	}
	fs, sp := setup(t, s)
	for _, want := range []float64{0, 1} {
		n := mustNew(t, "frequency:e=1", nil)
		if err := n.Start(view(s, fs, sp, 0, 1, 10)); err != nil {
			t.Fatal(err)
		}
		// The opponent insists on a = y... or on b = want, varying the other.
		for k := range 6 {
			o := entente.Outcome{float64(k % 2), want}
			n.Observe(&protocol.Event{Kind: protocol.Offered, Party: 1, Outcome: o})
		}
		// Mid-way the target is 0.5: (x,x) and (y,y) are both worth 0.5.
		a := n.Act(&protocol.State{Round: 5, Time: 0.5, By: -1})
		if a.Kind != protocol.Offer || fs[0].Utility(a.Outcome) != 0.5 || a.Outcome[1] != want {
			t.Errorf("opponent fixes b = %v: offered %v %v (U %v)", want, a.Kind, a.Outcome, fs[0].Utility(a.Outcome))
		}
	}
}
