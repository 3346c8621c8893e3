package ratify_test

import (
	"math"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/ratify"
)

// border returns a profile that only cares about the border issue.
func border(held, frozen, ceded, reservation float64) entente.Preferences {
	return entente.Preferences{
		Weights:     []float64{1, 0},
		Values:      []entente.ValueFunc{entente.Table{Values: []float64{held, frozen, ceded}}, nil},
		Reservation: reservation,
	}
}

// twoLevel is a scenario worked out by hand in the tests below: a
// referendum of three groups that applies when the border moves, a
// unitary council that always applies, and a bloc of three members.
func twoLevel(rule entente.BlocRule, threshold float64, leader int) *entente.Scenario {
	s := &entente.Scenario{
		Issues: []entente.Issue{
			{Name: "border", Kind: entente.Discrete, Options: []string{"held", "frozen", "ceded"}},
			{Name: "guarantee", Kind: entente.Discrete, Options: []string{"none", "yes"}},
		},
		Parties: []entente.Party{
			{Name: "west", Preferences: border(1, 0.5, 0, 0.3)},
			{Name: "coalition", Preferences: border(1, 0.6, 0, 0.3), Bloc: &entente.Bloc{
				Rule: rule, Threshold: threshold, Leader: leader,
				Members: []entente.Member{
					{Name: "a", Weight: 3, Preferences: border(1, 1, 0, 0.5)},
					{Name: "b", Weight: 2, Preferences: border(0, 1, 1, 0.5)},
					{Name: "c", Weight: 1, Preferences: border(1, 1, 1, 0.5)},
				},
			}},
		},
		Constituencies: []entente.Constituency{
			{Name: "referendum", Party: 0, Threshold: 0.5,
				Applies: []entente.Box{{{Issue: 0, Options: []int{1, 2}}}},
				Voters: []entente.VoterGroup{
					{Name: "a", Share: 0.5, Preferences: border(1, 0.6, 0, 0.5)},
					{Name: "b", Share: 0.3, Preferences: entente.Preferences{
						Weights:     []float64{0, 1},
						Values:      []entente.ValueFunc{nil, entente.Table{Values: []float64{0.2, 0.7}}},
						Reservation: 0.6,
					}},
					{Name: "c", Share: 0.2, Preferences: border(0, 0, 0, 0.5)},
				}},
			{Name: "council", Party: 1, Threshold: 0.667, Unitary: true,
				Voters: []entente.VoterGroup{{Share: 1, Preferences: border(0, 0.5, 1, 0.5)}}},
		},
		// Group b's reservations spread normally around 0.6 with sd 0.1.
		Params: []entente.Param{{
			Ref:   entente.Ref{Kind: entente.RefReservation, Profile: entente.ProfileRef{Kind: entente.VoterProfile, Index: 0, Sub: 1}},
			Value: 0.6, Dist: entente.DistNormal, SD: 0.1,
		}},
	}
	return s
}

func compile(t testing.TB, s *entente.Scenario) *ratify.Set {
	t.Helper()
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	set, err := ratify.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	return set
}

var (
	heldYes   = entente.Outcome{0, 1}
	frozenYes = entente.Outcome{1, 1}
	frozenNo  = entente.Outcome{1, 0}
	cededYes  = entente.Outcome{2, 1}
)

func TestReferendum(t *testing.T) {
	set := compile(t, twoLevel(entente.BlocUnanimity, 0, 0))
	phi1 := 0.8413447460685429 // Φ(1): group b at utility 0.7, one sd above 0.6
	cases := []struct {
		o       entente.Outcome
		applies bool
		want    float64
	}{
		// a approves (0.6 >= 0.5), b: Φ((0.7-0.6)/0.1), c never.
		{frozenYes, true, 0.5 + 0.3*phi1},
		// b at utility 0.2: Φ(-4).
		{frozenNo, true, 0.5 + 0.3*0.5*math.Erfc(4/math.Sqrt2)},
		// a rejects ceding (0 < 0.5).
		{cededYes, true, 0.3 * phi1},
		{heldYes, false, 0.5 + 0.3*phi1},
	}
	for _, c := range cases {
		if got := set.Approval(0, c.o); math.Abs(got-c.want) > 1e-12 {
			t.Errorf("approval of %v: %v, want %v", c.o, got, c.want)
		}
		if got := set.Applies(0, c.o); got != c.applies {
			t.Errorf("applies to %v: %v", c.o, got)
		}
	}
	if !set.Ratifies(0, frozenYes) || set.Ratifies(0, cededYes) || !set.Ratifies(0, heldYes) {
		t.Error("the referendum ratifies the wrong packages")
	}
	// The unitary council approves iff its utility reaches 0.5.
	if set.Approval(1, frozenYes) != 1 || set.Approval(1, heldYes) != 0 {
		t.Errorf("council approval %v %v", set.Approval(1, frozenYes), set.Approval(1, heldYes))
	}
	if !set.All(frozenYes) || set.All(heldYes) || set.All(cededYes) {
		t.Error("All is wrong")
	}
	if set.Blocks(frozenYes) != -1 || set.Blocks(heldYes) != 1 || set.Blocks(cededYes) != 0 {
		t.Errorf("Blocks: %d %d %d", set.Blocks(frozenYes), set.Blocks(heldYes), set.Blocks(cededYes))
	}
	if set.Len() != 2 {
		t.Errorf("Len %d", set.Len())
	}
}

// TestSpreadFollowsSet moves group b's reservation with Set: the spread
// moves with it.
func TestSpreadFollowsSet(t *testing.T) {
	s := twoLevel(entente.BlocUnanimity, 0, 0)
	s.Set(s.Params[0].Ref, 0.7)
	set := compile(t, s)
	if got := set.Approval(0, frozenYes); math.Abs(got-(0.5+0.3*0.5)) > 1e-12 {
		t.Errorf("approval %v, want 0.65 (group b at the centre of its spread)", got)
	}
}

func TestBlocRules(t *testing.T) {
	// Acceptances: held: a, c (weight 4 of 6); frozen: all; ceded: b, c
	// (3 of 6).
	cases := []struct {
		name                string
		rule                entente.BlocRule
		threshold           float64
		leader              int
		held, frozen, ceded bool
	}{
		{"unanimity", entente.BlocUnanimity, 0, 0, false, true, false},
		{"majority", entente.BlocMajority, 0, 0, true, true, false},
		{"qualified 0.5", entente.BlocQualified, 0.5, 0, true, true, true},
		{"qualified 2/3", entente.BlocQualified, 2.0 / 3, 0, true, true, false},
		{"qualified 0.7", entente.BlocQualified, 0.7, 0, false, true, false},
		{"leader a", entente.BlocLeader, 0, 0, true, true, false},
		{"leader b", entente.BlocLeader, 0, 1, false, true, true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			set := compile(t, twoLevel(c.rule, c.threshold, c.leader))
			for _, x := range []struct {
				o    entente.Outcome
				want bool
			}{{heldYes, c.held}, {frozenYes, c.frozen}, {cededYes, c.ceded}} {
				if got := set.Accepts(1, x.o); got != x.want {
					t.Errorf("accepts %v: %v, want %v", x.o, got, x.want)
				}
			}
		})
	}
	set := compile(t, twoLevel(entente.BlocMajority, 0, 0))
	// A party that is not a bloc accepts by its own reservation (0.3).
	if !set.Accepts(0, heldYes) || set.Accepts(0, cededYes) {
		t.Error("west accepts the wrong packages")
	}
	// Weighted mean at held: (3·1 + 2·0 + 1·1)/6.
	if got := set.MemberMean(1, heldYes); math.Abs(got-4.0/6) > 1e-15 {
		t.Errorf("member mean %v", got)
	}
	if set.MemberMean(0, heldYes) != 0 {
		t.Error("a party without a bloc has a member mean")
	}
}

func TestNoAllocation(t *testing.T) {
	set := compile(t, twoLevel(entente.BlocQualified, 0.6, 0))
	allocs := testing.AllocsPerRun(100, func() {
		set.Approval(0, frozenYes)
		set.All(cededYes)
		set.Accepts(1, heldYes)
		set.Accepts(0, heldYes)
	})
	if allocs != 0 {
		t.Fatalf("%v allocations per evaluation", allocs)
	}
}

func BenchmarkAll(b *testing.B) {
	s := twoLevel(entente.BlocQualified, 0.6, 0)
	set, err := ratify.Compile(s)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		set.All(frozenYes)
	}
}
