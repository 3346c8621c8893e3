package entente_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/entente/entente"
)

// guarded is a scenario with two guarantors, a guaranteed issue, a party
// whose value follows the guarantees, a bloc and a constituency, and
// annotated numbers of each kind of owner.
func guarded() *entente.Scenario {
	s := &entente.Scenario{
		Guarantors: []entente.Guarantor{{Name: "g1", Credibility: 0.6}, {Name: "g2", Credibility: 0.5}},
		Issues: []entente.Issue{
			{Name: "guarantee", Kind: entente.Discrete, Options: []string{"none", "one", "both"},
				Guarantees: []entente.Guarantee{{Option: 1, Guarantors: []int{0}, Required: 1}, {Option: 2, Guarantors: []int{0, 1}, Required: 1}}},
			{Name: "army", Kind: entente.Discrete, Options: []string{"capped", "free"}},
		},
		Parties: []entente.Party{{Name: "p", Preferences: entente.Preferences{
			Weights:     []float64{0.5, 0.5},
			Values:      []entente.ValueFunc{entente.Guaranteed{Scale: 1}, entente.Table{Values: []float64{0, 1}}},
			Reservation: 0.3,
		}, Bloc: &entente.Bloc{Rule: entente.BlocMajority, Members: []entente.Member{
			{Name: "m", Weight: 2, Preferences: entente.Preferences{Weights: []float64{1, 0}, Values: []entente.ValueFunc{entente.Table{Values: []float64{0, 0.5, 1}}, nil}}},
		}}}},
		Constituencies: []entente.Constituency{{Name: "c", Threshold: 0.5, Voters: []entente.VoterGroup{
			{Name: "v1", Share: 0.4, Preferences: entente.Preferences{Weights: []float64{0, 1}, Values: []entente.ValueFunc{nil, entente.Table{Values: []float64{1, 0}}}}},
			{Name: "v2", Share: 0.6, Preferences: entente.Preferences{Weights: []float64{0, 1}, Values: []entente.ValueFunc{nil, entente.Constant{V: 0.5}}}},
		}}},
	}
	s.Params = []entente.Param{
		{Ref: entente.Ref{Kind: entente.RefWeight, Index: 0}, Value: 0.5, Low: 0.4, High: 0.6, Ranged: true, Dist: entente.DistUniform},
		{Ref: entente.Ref{Kind: entente.RefCredibility, Index: 1}, Value: 0.5, Source: "guess", Confidence: entente.ConfidenceLow},
		{Ref: entente.Ref{Kind: entente.RefTableValue, Profile: entente.ProfileRef{Kind: entente.MemberProfile}, Index: 0, Sub: 1}, Value: 0.5},
		{Ref: entente.Ref{Kind: entente.RefShare, Profile: entente.ProfileRef{Kind: entente.VoterProfile, Sub: 1}}, Value: 0.6},
	}
	s.UpdateGuarantees()
	return s
}

func TestGuaranteeValue(t *testing.T) {
	s := guarded()
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	// P(at least 1 of {0.6, 0.5}) = 1 - 0.4*0.5 = 0.8.
	for _, c := range []struct {
		option int
		want   float64
	}{{0, 0}, {1, 0.6}, {2, 0.8}} {
		if got := s.GuaranteeValue(0, c.option); math.Abs(got-c.want) > 1e-15 {
			t.Errorf("option %d: %v, want %v", c.option, got, c.want)
		}
	}
	// Both required: 0.6*0.5.
	s.Issues[0].Guarantees[1].Required = 2
	if got := s.GuaranteeValue(0, 2); math.Abs(got-0.3) > 1e-15 {
		t.Errorf("both required: %v, want 0.3", got)
	}
	// Three guarantors {0.9, 0.5, 0.2}, two required: 0.09 (all) + 0.36 +
	// 0.09 + 0.01 (exactly two) = 0.55.
	s.Guarantors = append(s.Guarantors, entente.Guarantor{Name: "g3", Credibility: 0.2})
	s.Guarantors[0].Credibility = 0.9
	s.Issues[0].Guarantees[1] = entente.Guarantee{Option: 2, Guarantors: []int{0, 1, 2}, Required: 2}
	if got := s.GuaranteeValue(0, 2); math.Abs(got-0.55) > 1e-15 {
		t.Errorf("two of three: %v, want 0.55", got)
	}
}

// TestGuaranteeValueEnumerated compares the dynamic programme with the
// sum over every subset of guarantors who honour the guarantee.
func TestGuaranteeValueEnumerated(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := 0; trial < 200; trial++ {
		n := 1 + rng.IntN(8)
		s := &entente.Scenario{Issues: []entente.Issue{{Name: "g", Options: []string{"x"}}}}
		g := entente.Guarantee{Required: 1 + rng.IntN(n)}
		for k := 0; k < n; k++ {
			s.Guarantors = append(s.Guarantors, entente.Guarantor{Credibility: rng.Float64()})
			g.Guarantors = append(g.Guarantors, k)
		}
		s.Issues[0].Guarantees = []entente.Guarantee{g}
		want := 0.0
		for mask := 0; mask < 1<<n; mask++ {
			p, yes := 1.0, 0
			for k := 0; k < n; k++ {
				if mask&(1<<k) != 0 {
					p *= s.Guarantors[k].Credibility
					yes++
				} else {
					p *= 1 - s.Guarantors[k].Credibility
				}
			}
			if yes >= g.Required {
				want += p
			}
		}
		if got := s.GuaranteeValue(0, 0); math.Abs(got-want) > 1e-12 {
			t.Fatalf("%d guarantors, %d required: %v, want %v", n, g.Required, got, want)
		}
	}
}

func TestGuaranteedFollowsCredibility(t *testing.T) {
	s := guarded()
	vf := s.Parties[0].Preferences.Values[0]
	if got := vf.Value(2); math.Abs(got-0.8) > 1e-15 {
		t.Fatalf("value of both: %v, want 0.8", got)
	}
	if got := vf.Value(0); got != 0 {
		t.Fatalf("value of none: %v, want 0 (None)", got)
	}
	s.Set(entente.Ref{Kind: entente.RefCredibility, Index: 1}, 1)
	if got := s.Parties[0].Preferences.Values[0].Value(2); got != 1 {
		t.Fatalf("after Set, value of both: %v, want 1", got)
	}
	g := entente.Guaranteed{Scale: 0.5, Offset: 0.25, None: 0.1, P: []float64{math.NaN(), 0.5}}
	if g.Value(0) != 0.1 || g.Value(1) != 0.5 || !math.IsNaN(g.Value(2)) {
		t.Fatalf("Guaranteed values %v %v %v", g.Value(0), g.Value(1), g.Value(2))
	}
}

func TestGetSetClone(t *testing.T) {
	s := guarded()
	c := s.Clone()
	for k := range s.Params {
		r := s.Params[k].Ref
		if !s.Locate(r) {
			t.Fatalf("param %d does not locate a number", k)
		}
		if got := s.Get(r); got != s.Params[k].Value {
			t.Errorf("Get(%v) = %v, want %v", r.Kind, got, s.Params[k].Value)
		}
		c.Set(r, 0.125)
		if c.Get(r) != 0.125 {
			t.Errorf("Set(%v) did not take", r.Kind)
		}
		if s.Get(r) != s.Params[k].Value {
			t.Errorf("Set(%v) on the clone changed the original", r.Kind)
		}
	}
	// Every kind of number, on the clone only.
	refs := []entente.Ref{
		{Kind: entente.RefTableValue, Index: 1, Sub: 1},
		{Kind: entente.RefReservation},
		{Kind: entente.RefDiscount},
		{Kind: entente.RefThreshold},
		{Kind: entente.RefMemberWeight, Profile: entente.ProfileRef{Kind: entente.MemberProfile}},
		{Kind: entente.RefConstant, Profile: entente.ProfileRef{Kind: entente.VoterProfile, Sub: 1}, Index: 1},
	}
	for _, r := range refs {
		before := s.Get(r)
		c.Set(r, 0.375)
		if c.Get(r) != 0.375 || s.Get(r) != before {
			t.Errorf("%v: clone %v, original %v (was %v)", r.Kind, c.Get(r), s.Get(r), before)
		}
	}
	c.Issues[0].Options[0] = "changed"
	c.Issues[0].Guarantees[1].Guarantors[0] = 1
	c.Constituencies[0].Voters[0].Name = "changed"
	c.Parties[0].Bloc.Members[0].Name = "changed"
	if s.Issues[0].Options[0] != "none" || s.Issues[0].Guarantees[1].Guarantors[0] != 0 || s.Constituencies[0].Voters[0].Name != "v1" || s.Parties[0].Bloc.Members[0].Name != "m" {
		t.Error("the clone shares memory with the original")
	}
	if s.Locate(entente.Ref{Kind: entente.RefLinearSlope, Index: 0}) || s.Locate(entente.Ref{Kind: entente.RefWeight, Index: 5}) || s.Locate(entente.Ref{Kind: entente.RefShare}) {
		t.Error("Locate accepts a number that is not there")
	}
}

// TestSetAllSameAsSet: setting every annotated number at once leaves the
// scenario as setting them one at a time does, the guarantees' derived
// probabilities included.
func TestSetAllSameAsSet(t *testing.T) {
	s := guarded()
	r := rand.New(rand.NewPCG(3, 4))
	refs := make([]entente.Ref, len(s.Params))
	for k := range s.Params {
		refs[k] = s.Params[k].Ref
	}
	for range 50 {
		vals := make([]float64, len(refs))
		for j := range vals {
			vals[j] = r.Float64()
		}
		one, all := s.Clone(), s.Clone()
		for j, ref := range refs {
			one.Set(ref, vals[j])
		}
		all.SetAll(refs, vals)
		show := func(s *entente.Scenario) string {
			out := fmt.Sprint(s.Constituencies, s.Guarantors, s.Issues)
			for _, p := range s.Parties {
				out += fmt.Sprint(p.Preferences)
				if p.Bloc != nil {
					out += fmt.Sprint(*p.Bloc)
				}
			}
			return out
		}
		if a, b := show(one), show(all); a != b {
			t.Fatalf("SetAll differs from Set one at a time:\n%s\n%s", b, a)
		}
	}
}

func TestSetAllocatesNothing(t *testing.T) {
	s := guarded().Clone()
	refs := []entente.Ref{
		{Kind: entente.RefWeight, Index: 0},
		{Kind: entente.RefTableValue, Index: 1, Sub: 0},
		{Kind: entente.RefCredibility, Index: 0},
		{Kind: entente.RefShare, Profile: entente.ProfileRef{Kind: entente.VoterProfile, Sub: 1}},
	}
	allocs := testing.AllocsPerRun(100, func() {
		for _, r := range refs {
			s.Set(r, s.Get(r)*0.5+0.25)
		}
	})
	if allocs != 0 {
		t.Fatalf("Set allocates %v times per run", allocs)
	}
}

func TestSample(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	cases := []entente.Param{
		{Ref: entente.Ref{Kind: entente.RefWeight}, Value: 0.5, Low: 0.4, High: 0.7, Ranged: true, Dist: entente.DistUniform},
		{Ref: entente.Ref{Kind: entente.RefWeight}, Value: 0.5, Low: 0.4, High: 0.7, Ranged: true, Dist: entente.DistTriangular},
		{Ref: entente.Ref{Kind: entente.RefReservation}, Value: 0.5, Low: 0.4, High: 0.7, Ranged: true, Dist: entente.DistNormal, SD: 0.2},
		{Ref: entente.Ref{Kind: entente.RefCredibility}, Value: 0.9, Dist: entente.DistNormal, SD: 0.3},
		{Ref: entente.Ref{Kind: entente.RefReservation}, Value: 0.3, Dist: entente.DistNormal, SD: 0.1},
	}
	for _, p := range cases {
		lo, hi := p.Low, p.High
		if !p.Ranged {
			lo, hi = p.Ref.Kind.Domain()
		}
		n := 20000
		below := 0
		for i := 0; i < n; i++ {
			x := p.Sample(rng)
			if x < lo || x > hi || math.IsNaN(x) {
				t.Fatalf("%v %v: draw %v outside [%v, %v]", p.Dist, p.Ref.Kind, x, lo, hi)
			}
			if x <= p.Value {
				below++
			}
		}
		// The share of draws at or below the value estimates the CDF there.
		if got, want := float64(below)/float64(n), p.CDF(p.Value); math.Abs(got-want) > 0.015 {
			t.Errorf("%v %v: %v of the draws lie below the value, the CDF says %v", p.Dist, p.Ref.Kind, got, want)
		}
	}
	point := entente.Param{Value: 0.25}
	if point.Sample(rng) != 0.25 || point.CDF(0.24) != 0 || point.CDF(0.25) != 1 {
		t.Error("a point is not its value")
	}
	// Closed forms: the uniform's CDF is linear, the normal's is 1/2 at its
	// mean and Φ(1) one sd above.
	u := cases[0]
	if got := u.CDF(0.55); math.Abs(got-0.5) > 1e-12 {
		t.Errorf("uniform CDF(0.55) = %v, want 0.5", got)
	}
	nm := cases[4]
	if got := nm.CDF(0.4); math.Abs(got-0.8413447460685429) > 1e-12 {
		t.Errorf("normal CDF one sd above the mean = %v", got)
	}
	if got := nm.CDF(0.3); got != 0.5 {
		t.Errorf("normal CDF at the mean = %v", got)
	}
	a := rand.New(rand.NewPCG(1, 1))
	b := rand.New(rand.NewPCG(1, 1))
	for _, p := range cases {
		if p.Sample(a) != p.Sample(b) {
			t.Error("the same seed gives other draws")
		}
	}
}

func TestNormalize(t *testing.T) {
	p := entente.Preferences{Weights: []float64{1, 3}}
	p.NormalizeWeights()
	if p.Weights[0] != 0.25 || p.Weights[1] != 0.75 {
		t.Errorf("weights %v", p.Weights)
	}
	c := entente.Constituency{Voters: []entente.VoterGroup{{Share: 2}, {Share: 6}}}
	c.NormalizeShares()
	if c.Voters[0].Share != 0.25 || c.Voters[1].Share != 0.75 {
		t.Errorf("shares %v %v", c.Voters[0].Share, c.Voters[1].Share)
	}
}

func TestValidatePolitics(t *testing.T) {
	cases := []struct {
		name   string
		mutate func(s *entente.Scenario)
		want   string
	}{
		{"credibility above 1", func(s *entente.Scenario) { s.Guarantors[0].Credibility = 1.5 },
			"guarantors[0].credibility: credibility 1.5 is not allowed; expected a number in [0,1]"},
		{"duplicate guarantor", func(s *entente.Scenario) { s.Guarantors[1].Name = "g1" },
			`guarantors[1].name: duplicate guarantor "g1" (also guarantors[0]); guarantor names must be unique`},
		{"required above guarantors", func(s *entente.Scenario) { s.Issues[0].Guarantees[1].Required = 3 },
			"issues[0].guarantees.both.required: required 3 is not allowed; expected a whole number from 1 to the number of guarantors (2)"},
		{"guarantor out of range", func(s *entente.Scenario) { s.Issues[0].Guarantees[0].Guarantors = []int{4} },
			"issues[0].guarantees.one.guarantors: guarantor index 4 is out of range"},
		{"stale guarantee values", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Values[0] = entente.Guaranteed{Scale: 1}
		}, `parties[0].values.guarantee: the derived guarantee values of issue "guarantee" are missing; call Scenario.UpdateGuarantees`},
		{"guarantee value on an issue without guarantees", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Values[1] = entente.Guaranteed{Scale: 1, P: []float64{0, 0}}
		}, `parties[0].values.army: issue "army" has no guarantees; a guarantee value function needs an issue whose options list guarantors`},
		{"threshold 0", func(s *entente.Scenario) { s.Constituencies[0].Threshold = 0 },
			"constituencies[0].threshold: threshold 0 is not allowed; expected the approval share needed, in (0,1]"},
		{"shares not summing to 1", func(s *entente.Scenario) { s.Constituencies[0].Voters[1].Share = 0.5 },
			"constituencies[0].voters: the voter shares sum to 0.9; they must sum to 1"},
		{"constituency of no party", func(s *entente.Scenario) { s.Constituencies[0].Party = 3 },
			"constituencies[0].party: party index 3 is out of range"},
		{"voter profile", func(s *entente.Scenario) { s.Constituencies[0].Voters[0].Preferences.Weights[1] = -1 },
			"constituencies[0].voters[0].weights.army: weight -1 is not allowed; expected a finite number >= 0"},
		{"qualified without threshold", func(s *entente.Scenario) { s.Parties[0].Bloc.Rule = entente.BlocQualified },
			"parties[0].bloc.threshold: threshold 0 is not allowed; expected the share of the members' weight needed, in (0,1]"},
		{"leader out of range", func(s *entente.Scenario) { s.Parties[0].Bloc.Rule, s.Parties[0].Bloc.Leader = entente.BlocLeader, 2 },
			"parties[0].bloc.leader: leader index 2 is out of range"},
		{"negative member weight", func(s *entente.Scenario) { s.Parties[0].Bloc.Members[0].Weight = -1 },
			"parties[0].bloc.members[0].weight: weight -1 is not allowed; expected a finite number >= 0"},
		{"range without the value", func(s *entente.Scenario) { s.Params[0].Low = 0.55 },
			"parties[0].weights.guarantee.range: range [0.55, 0.6] does not contain the value 0.5"},
		{"range outside the domain", func(s *entente.Scenario) {
			s.Params[1].Ranged, s.Params[1].Low, s.Params[1].High, s.Params[1].Dist = true, 0.2, 1.2, entente.DistUniform
		}, "guarantors[1].credibility.range: range [0.2, 1.2] leaves [0, 1], where a credibility lies"},
		{"normal without sd", func(s *entente.Scenario) { s.Params[1].Dist = entente.DistNormal },
			"guarantors[1].credibility.sd: a normal distribution needs a standard deviation sd > 0, got 0"},
		{"triangular without range", func(s *entente.Scenario) { s.Params[2].Dist = entente.DistTriangular },
			"parties[0].bloc.members[0].values.guarantee.one.dist: a triangular distribution needs a range [low, high]"},
		{"table value range above 1", func(s *entente.Scenario) {
			s.Params[2].Ranged, s.Params[2].Low, s.Params[2].High, s.Params[2].Dist = true, 0.4, 1.2, entente.DistUniform
		}, "parties[0].bloc.members[0].values.guarantee.one.range: range [0.4, 1.2] reaches above 1; table values under normalization as-written lie in [0,1]"},
		{"param that locates nothing", func(s *entente.Scenario) { s.Params[3].Ref.Profile.Sub = 7 },
			"constituencies[0].voters[7].share: the annotated voter share is not in the scenario"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := guarded()
			// Give the params their fields as a decoder would.
			fields := []string{"parties[0].weights.guarantee", "guarantors[1].credibility", "parties[0].bloc.members[0].values.guarantee.one", "constituencies[0].voters[1].share"}
			for k := range s.Params {
				s.Params[k].Field = fields[k]
			}
			if c.name == "param that locates nothing" {
				s.Params[3].Field = "constituencies[0].voters[7].share"
			}
			if errs := s.Validate(); len(errs) > 0 {
				t.Fatalf("the base is invalid: %v", errs)
			}
			c.mutate(s)
			errs := s.Validate()
			if len(errs) == 0 {
				t.Fatal("no error")
			}
			var got []string
			for _, e := range errs {
				got = append(got, e.Error())
			}
			if !contains(got, c.want) {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), c.want)
			}
		})
	}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func TestNativeOnly(t *testing.T) {
	if f, _ := valid().NativeOnly(); f != "" {
		t.Errorf("a plain scenario has native-only feature %q", f)
	}
	if f, what := guarded().NativeOnly(); f != "guarantors" || what != "guarantors" {
		t.Errorf("got %q %q", f, what)
	}
}

// BenchmarkCloneSet is what a robustness analysis does per sample: draw
// every annotated number and set it on a copy made once.
func BenchmarkCloneSet(b *testing.B) {
	s := guarded()
	c := s.Clone()
	rng := rand.New(rand.NewPCG(1, 2))
	for b.Loop() {
		for k := range c.Params {
			c.Set(c.Params[k].Ref, c.Params[k].Sample(rng))
		}
	}
}

// TestGuaranteeFollowersWithoutLeader: a guarantee whose guarantors
// follow a guarantor outside it is worth what they do alone.
func TestGuaranteeFollowersWithoutLeader(t *testing.T) {
	s := &entente.Scenario{
		Guarantors: []entente.Guarantor{{Name: "patron", Credibility: 0.9}, {Name: "a", Credibility: 0.8, Follows: []int{0}, Alone: 0.3}, {Name: "b", Credibility: 0.7, Follows: []int{0}, Alone: 0.2}},
		Issues:     []entente.Issue{{Name: "g", Options: []string{"none", "pair"}, Guarantees: []entente.Guarantee{{Option: 1, Guarantors: []int{1, 2}, Required: 1}}}},
	}
	// 1 − (1−0.3)(1−0.2) = 0.44.
	if got := s.GuaranteeValue(0, 1); math.Abs(got-0.44) > 1e-12 {
		t.Errorf("worth %v, want 0.44", got)
	}
}
