package explain_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/explain"
)

func tab(v ...float64) entente.Table { return entente.Table{Values: v} }

// handScenario: two issues, border (held, frozen, ceded) and guarantee
// (none, yes, deferred: unsettled), and three parties:
//
//	west:   border 1, 0.5, 0 (weight 0.6); guarantee 0, 1, 0.5 (0.4); rv 0.5
//	east:   border 0, 0.5, 1 (weight 0.6); guarantee 1, 0, 0.5 (0.4); rv 0.4
//	europe: guarantee 0, 1, 0.2 (weight 1); rv 0.5
//
// Utilities (west, east, europe), and slacks u - rv, by package:
//
//	package          utilities        slacks
//	held,none        0.6 0.4 0        0.1  0   -0.5   europe alone fails
//	held,yes         1   0   1        0.5 -0.4  0.5   east alone
//	held,deferred    0.8 0.2 0.2      0.3 -0.2 -0.3
//	frozen,none      0.3 0.7 0       -0.2  0.3 -0.5
//	frozen,yes       0.7 0.3 1        0.2 -0.1  0.5   east alone
//	frozen,deferred  0.5 0.5 0.2      0    0.1 -0.3   europe alone
//	ceded,none       0   1   0       -0.5  0.6 -0.5
//	ceded,yes        0.4 0.6 1       -0.1  0.2  0.5   west alone
//	ceded,deferred   0.2 0.8 0.2     -0.3  0.4 -0.3
func handScenario() *entente.Scenario {
	return &entente.Scenario{
		Issues: []entente.Issue{
			{Name: "border", Kind: entente.Discrete, Options: []string{"held", "frozen", "ceded"}},
			{Name: "guarantee", Kind: entente.Discrete, Options: []string{"none", "yes", "deferred"}, Unsettled: "deferred"},
		},
		Parties: []entente.Party{
			{Name: "west", Preferences: entente.Preferences{Weights: []float64{0.6, 0.4}, Values: []entente.ValueFunc{tab(1, 0.5, 0), tab(0, 1, 0.5)}, Reservation: 0.5}},
			{Name: "east", Preferences: entente.Preferences{Weights: []float64{0.6, 0.4}, Values: []entente.ValueFunc{tab(0, 0.5, 1), tab(1, 0, 0.5)}, Reservation: 0.4}},
			{Name: "europe", Preferences: entente.Preferences{Weights: []float64{0, 1}, Values: []entente.ValueFunc{nil, tab(0, 1, 0.2)}, Reservation: 0.5}},
		},
	}
}

func explainOf(t *testing.T, s *entente.Scenario, opt explain.Options) *explain.Explanation {
	t.Helper()
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	e, err := explain.Explain(context.Background(), s, opt)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

// TestWalkAwayAndOptionConcessions checks the hand scenario without rules
// (every party needed): the zone is empty; west and east each need 0.1
// (at ceded,yes and frozen,yes), europe 0.3 (at frozen,deferred). The
// option concessions at those packages restate the walk-away ones and are
// left out; what remains is east valuing border=held 0.4 more (at
// held,yes: a value raise of 0.4/0.6) and europe valuing border=held or
// guarantee=none 0.5 more (at held,none).
func TestWalkAwayAndOptionConcessions(t *testing.T) {
	s := handScenario()
	e := explainOf(t, s, explain.Options{Concessions: 10})
	if !e.Empty || e.Target != explain.AgreementZone || e.NoSingle || e.Zone != 0 || e.Outcomes != 9 {
		t.Fatalf("explanation %+v", e)
	}
	type want struct {
		kind          explain.ConcessionKind
		party, issue  int
		option        float64
		amount, raise float64
		pkg           entente.Outcome
	}
	wants := []want{
		{explain.WalkAway, 0, -1, 0, 0.1, 0, entente.Outcome{2, 1}},
		{explain.WalkAway, 1, -1, 0, 0.1, 0, entente.Outcome{1, 1}},
		{explain.WalkAway, 2, -1, 0, 0.3, 0, entente.Outcome{1, 2}},
		{explain.OptionValue, 1, 0, 0, 0.4, 0.4 / 0.6, entente.Outcome{0, 1}},
		{explain.OptionValue, 2, 0, 0, 0.5, math.NaN(), entente.Outcome{0, 0}},
		{explain.OptionValue, 2, 1, 0, 0.5, 0.5, entente.Outcome{0, 0}},
	}
	if len(e.Concessions) != len(wants) {
		t.Fatalf("%d concessions: %+v", len(e.Concessions), e.Concessions)
	}
	for i, w := range wants {
		c := e.Concessions[i]
		raiseOK := near(c.ValueRaise, w.raise) || math.IsNaN(w.raise) && math.IsNaN(c.ValueRaise) || w.kind != explain.OptionValue
		if c.Kind != w.kind || c.Party != w.party || c.Issue != w.issue || c.Option != w.option || !near(c.Amount, w.amount) || !raiseOK ||
			c.Outcome[0] != w.pkg[0] || c.Outcome[1] != w.pkg[1] {
			t.Errorf("concession %d: %+v; want %+v", i, c, w)
		}
	}
	if c := e.Concessions[0]; !near(c.From, 0.5) || !near(c.To, 0.4) {
		t.Errorf("west's walk-away goes from %v to %v; want 0.5 to 0.4", c.From, c.To)
	}
	// The closest packages: ceded,yes and frozen,yes (0.1 short), then
	// held,deferred (0.3: the first of three in enumeration order).
	if len(e.Closest) != 3 {
		t.Fatalf("%d closest packages", len(e.Closest))
	}
	for i, n := range e.Closest {
		want := []float64{-0.1, -0.1, -0.3}[i]
		if !near(n.Score, want) {
			t.Errorf("closest %d at %v scores %v; want %v", i, n.Outcome, n.Score, want)
		}
	}
	// At held,deferred europe binds (-0.3); one change gives held,none
	// (-0.5), held,yes (-0.4), frozen,deferred and ceded,deferred (-0.3):
	// none is better, so there is no binding issue.
	if n := e.Closest[2]; n.Outcome[0] != 0 || n.Outcome[1] != 2 || n.Binding.Index != 2 || n.Issue != -1 {
		t.Errorf("closest 3: %+v", n)
	}
	// Applying the concessions opens the zone; a little less (beyond the
	// acceptance tolerance) does not.
	check := func(name string, edit func(s *entente.Scenario, by float64), amount float64) {
		t.Helper()
		for _, d := range []float64{-1e-8, 1e-8} {
			c := handScenario()
			edit(c, amount+d)
			r, err := analysis.Analyze(context.Background(), c, analysis.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if (r.Zone > 0) != (d > 0) {
				t.Errorf("%s by %v: zone %d", name, amount+d, r.Zone)
			}
		}
	}
	check("east's border=held", func(s *entente.Scenario, by float64) {
		s.Parties[1].Preferences.Values[0].(entente.Table).Values[0] += by
	}, e.Concessions[3].ValueRaise)
	check("west's walk-away", func(s *entente.Scenario, by float64) { s.Parties[0].Preferences.Reservation -= by }, e.Concessions[0].Amount)
	if len(e.Effects) != 3 || e.Sentences[1] != "No package is acceptable to every party it needs." {
		t.Errorf("effects %+v, sentences %q", e.Effects, e.Sentences)
	}
}

// TestClosestBindingIssue: with west's walk-away at 0.45, ceded,yes is the
// closest package (west 0.05 short) and a binding issue exists at the
// next: frozen,yes (east 0.1 short), where moving the guarantee does not
// help but the border does: ceded,yes brings the worst to -0.05.
func TestClosestBindingIssue(t *testing.T) {
	s := handScenario()
	s.Parties[0].Preferences.Reservation = 0.45
	e := explainOf(t, s, explain.Options{Closest: 1})
	if len(e.Closest) != 1 {
		t.Fatalf("closest %+v", e.Closest)
	}
	n := e.Closest[0]
	// ceded,yes: west -0.05, east 0.2, europe 0.5. Changing the border to
	// frozen gives frozen,yes: west 0.25, east -0.1: worse (-0.1);
	// changing the guarantee: ceded,none (west -0.45), ceded,deferred
	// (west -0.25). No change helps.
	if n.Outcome[0] != 2 || n.Outcome[1] != 1 || !near(n.Score, -0.05) || n.Binding.Kind != explain.Reservation || n.Binding.Index != 0 || n.Issue != -1 {
		t.Fatalf("closest %+v", n)
	}
	if len(n.Slacks) != 3 || !n.Slacks[2].Needed || !near(n.Slacks[2].Slack, 0.5) {
		t.Fatalf("slacks %+v", n.Slacks)
	}
	if !strings.Contains(e.Sentences[2], "west is 0.05 short of its walk-away value") {
		t.Errorf("sentence %q", e.Sentences[2])
	}
	e = explainOf(t, s, explain.Options{Closest: 2})
	if n := e.Closest[1]; n.Outcome[0] != 1 || n.Outcome[1] != 1 || n.Binding.Index != 1 || n.Issue != 0 || n.Value != 2 || !near(n.Improved, -0.05) {
		t.Fatalf("second closest %+v", n)
	}
	if want := "the binding issue is border (border=ceded would bring the worst shortfall to -0.05)"; !strings.Contains(e.Sentences[3], want) {
		t.Errorf("sentence %q lacks %q", e.Sentences[3], want)
	}
}

// TestShrinkRanking: with unanimity of west and east and "no agreement on
// guarantee without europe", the zone is frozen,deferred. The packages
// each constraint alone keeps out: east 3 (held,yes, held,deferred,
// frozen,yes), west 2 (ceded,yes, ceded,deferred), europe 1 (held,none);
// dropping the affected rule adds held,none (+1), dropping the unanimity
// rule needs every party everywhere and empties the zone (-1).
func TestShrinkRanking(t *testing.T) {
	s := handScenario()
	s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0, 1}}, {Kind: entente.Affected, Parties: []int{2}, Issues: []int{1}}}
	e := explainOf(t, s, explain.Options{})
	if e.Empty || e.Zone != 1 || len(e.Closest) > 0 || len(e.Concessions) > 0 {
		t.Fatalf("explanation %+v", e)
	}
	want := []struct {
		kind    explain.ConstraintKind
		index   int
		removed int64
	}{{explain.Reservation, 1, 3}, {explain.Reservation, 0, 2}, {explain.Reservation, 2, 1}, {explain.Rule, 1, 1}, {explain.Rule, 0, -1}}
	if len(e.Effects) != len(want) {
		t.Fatalf("effects %+v", e.Effects)
	}
	for i, w := range want {
		f := e.Effects[i]
		if f.Kind != w.kind || f.Index != w.index || f.Removed != w.removed {
			t.Errorf("effect %d: %+v; want %+v", i, f, w)
		}
	}
	if e.Effects[3].Name != "affected: europe on guarantee" || e.Effects[4].Name != "unanimity of west, east" {
		t.Errorf("rule names %q, %q", e.Effects[3].Name, e.Effects[4].Name)
	}
	joined := strings.Join(e.Sentences, "\n")
	for _, w := range []string{
		"Without east's walk-away value the agreement zone would have 4 packages, 3 more.",
		"Without the rule unanimity of west, east the agreement zone would have 0 packages, 1 fewer: then every party must accept.",
	} {
		if !strings.Contains(joined, w) {
			t.Errorf("sentences lack %q:\n%s", w, joined)
		}
	}
}

// TestNoSingleConcession: both parties fall short at every package.
func TestNoSingleConcession(t *testing.T) {
	s := &entente.Scenario{
		Issues: []entente.Issue{{Name: "x", Kind: entente.Discrete, Options: []string{"a", "b"}}},
		Parties: []entente.Party{
			{Name: "p", Preferences: entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{tab(0.4, 0.2)}, Reservation: 0.5}},
			{Name: "q", Preferences: entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{tab(0.2, 0.4)}, Reservation: 0.5}},
		},
	}
	e := explainOf(t, s, explain.Options{})
	if !e.Empty || !e.NoSingle || len(e.Concessions) != 0 {
		t.Fatalf("explanation %+v", e)
	}
	if last := e.Sentences[len(e.Sentences)-1]; last != "No single concession opens the agreement zone: every package fails at least two constraints." {
		t.Errorf("last sentence %q", last)
	}
}

// TestRatifiableTarget: the hand scenario with unanimity of west and east
// has the zone held,none and frozen,deferred; a council of two halves,
// one approving neither (utilities 0.5 and 0.6 below 0.7), one approving
// everything, gives each an approval of 0.5 against a threshold of 0.6:
// the ratifiable zone is empty and the smallest concession is the
// threshold's drop by 0.1, at held,none (the first).
func TestRatifiableTarget(t *testing.T) {
	s := handScenario()
	s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0, 1}}}
	s.Constituencies = []entente.Constituency{{Name: "council", Party: 1, Threshold: 0.6, Voters: []entente.VoterGroup{
		{Name: "a", Share: 0.5, Preferences: entente.Preferences{Weights: []float64{0.5, 0.5}, Values: []entente.ValueFunc{tab(0, 1, 0), tab(1, 0, 0.2)}, Reservation: 0.7}},
		{Name: "b", Share: 0.5, Preferences: entente.Preferences{Weights: []float64{1, 0}, Values: []entente.ValueFunc{tab(1, 1, 1), nil}, Reservation: 0.5}},
	}}}
	e := explainOf(t, s, explain.Options{})
	if !e.Empty || e.Target != explain.RatifiableZone || e.Zone != 2 || e.Ratifiable != 0 {
		t.Fatalf("explanation %+v", e)
	}
	c := e.Concessions[0]
	if c.Kind != explain.Threshold || c.Constituency != 0 || !near(c.Amount, 0.1) || !near(c.To, 0.5) || c.Index != 0 || !c.Ratified {
		t.Fatalf("first concession %+v", c)
	}
	if n := e.Closest[0]; n.Binding.Kind != explain.Ratification || !near(n.Score, -0.1) {
		t.Fatalf("closest %+v", n)
	}
	if !strings.Contains(e.Sentences[1], "No package that every party accepts passes every constituency.") {
		t.Errorf("sentences %q", e.Sentences)
	}
}

// randomScenario builds a small additive scenario (as-written tables) with
// rules, a bloc and constituencies, sometimes.
func randomScenario(rng *rand.Rand) *entente.Scenario {
	s := &entente.Scenario{}
	for i := rng.IntN(3) + 1; i > 0; i-- {
		is := entente.Issue{Name: fmt.Sprintf("i%d", i), Kind: entente.Discrete}
		for k := rng.IntN(4) + 2; k > 0; k-- {
			is.Options = append(is.Options, fmt.Sprintf("o%d", k))
		}
		if rng.IntN(3) == 0 {
			is.Unsettled = is.Options[0]
		}
		s.Issues = append(s.Issues, is)
	}
	profile := func() entente.Preferences {
		pr := entente.Preferences{Reservation: float64(rng.IntN(8)) / 10}
		sum := 0.0
		for i := range s.Issues {
			w := float64(rng.IntN(3) + 1)
			sum += w
			pr.Weights = append(pr.Weights, w)
			vals := make([]float64, len(s.Issues[i].Options))
			for k := range vals {
				vals[k] = float64(rng.IntN(5)) / 4
			}
			pr.Values = append(pr.Values, tab(vals...))
		}
		for i := range pr.Weights {
			pr.Weights[i] /= sum
		}
		return pr
	}
	np := rng.IntN(3) + 2
	for p := 0; p < np; p++ {
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("p%d", p), Preferences: profile()})
	}
	if rng.IntN(2) == 0 {
		s.Rules = append(s.Rules, entente.Rule{Kind: entente.Unanimity, Parties: []int{0, 1}})
		s.Rules = append(s.Rules, entente.Rule{Kind: entente.Affected, Parties: []int{np - 1}, Issues: []int{0}})
	}
	if rng.IntN(2) == 0 {
		b := &entente.Bloc{Rule: entente.BlocRule(rng.IntN(4))}
		for m := rng.IntN(3) + 1; m > 0; m-- {
			b.Members = append(b.Members, entente.Member{Name: fmt.Sprintf("m%d", m), Weight: float64(rng.IntN(3) + 1), Preferences: profile()})
		}
		switch b.Rule {
		case entente.BlocQualified:
			b.Threshold = 0.6
		case entente.BlocLeader:
			b.Leader = rng.IntN(len(b.Members))
		}
		s.Parties[rng.IntN(np)].Bloc = b
	}
	for c := rng.IntN(3); c > 0; c-- {
		co := entente.Constituency{Name: fmt.Sprintf("c%d", c), Party: rng.IntN(np), Threshold: []float64{0.5, 0.7, 1}[rng.IntN(3)]}
		for g := 0; g < 2; g++ {
			co.Voters = append(co.Voters, entente.VoterGroup{Name: fmt.Sprintf("g%d", g), Share: 0.5, Preferences: profile()})
		}
		if rng.IntN(2) == 0 {
			co.Applies = []entente.Box{{{Issue: 0, Options: []int{0}}}}
		}
		s.Constituencies = append(s.Constituencies, co)
	}
	return s
}

// target returns the size of the zone an explanation of s is about.
func target(t *testing.T, s *entente.Scenario, tg explain.Target) uint64 {
	t.Helper()
	r, err := analysis.Analyze(context.Background(), s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if tg == explain.RatifiableZone && r.Ratification != nil {
		return r.Ratification.Zone
	}
	return r.Zone
}

// TestConcessionsAndEffectsByEditing checks every reported concession and
// effect on random scenarios by editing the scenario and analysing again:
// a concession a hair larger than its amount opens the zone and a hair
// smaller does not; removing a constraint changes the zone's size by its
// effect.
func TestConcessionsAndEffectsByEditing(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 33))
	empty, concessions := 0, 0
	for trial := 0; trial < 300; trial++ {
		s := randomScenario(rng)
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("trial %d: %v", trial, errs)
		}
		e := explainOf(t, s, explain.Options{Concessions: 1000, Analysis: analysis.Options{Workers: 1 + trial%2}})
		size := target(t, s, e.Target)
		if e.Empty != (size == 0) {
			t.Fatalf("trial %d: Empty %v for a %s of %d", trial, e.Empty, e.Target, size)
		}
		for _, f := range e.Effects {
			c := s.Clone()
			switch f.Kind {
			case explain.Reservation:
				c.Parties[f.Index].Preferences.Reservation = -10
			case explain.BlocRule:
				c.Parties[f.Index].Bloc = nil
				c.Parties[f.Index].Preferences.Reservation = -10
			case explain.Ratification:
				c.Constituencies = append(c.Constituencies[:f.Index:f.Index], c.Constituencies[f.Index+1:]...)
			case explain.Rule:
				c.Rules = append(c.Rules[:f.Index:f.Index], c.Rules[f.Index+1:]...)
			}
			if got := int64(target(t, c, e.Target)) - int64(size); got != f.Removed {
				t.Fatalf("trial %d: without %s the %s grows by %d; effect %d", trial, f.Text(), e.Target, got, f.Removed)
			}
		}
		if !e.Empty {
			continue
		}
		empty++
		for _, con := range e.Concessions {
			concessions++
			hair := 1e-8 // beyond entente.Tolerance

			for _, d := range []float64{-hair, hair} {
				if con.Amount+d <= 0 {
					continue
				}
				c := s.Clone()
				by := con.Amount + d
				switch con.Kind {
				case explain.WalkAway:
					c.Parties[con.Party].Preferences.Reservation -= by
				case explain.BlocWalkAway:
					for m := range c.Parties[con.Party].Bloc.Members {
						c.Parties[con.Party].Bloc.Members[m].Preferences.Reservation -= by
					}
				case explain.Threshold:
					c.Constituencies[con.Constituency].Threshold -= by
				case explain.OptionValue:
					c.Parties[con.Party].Preferences.Values[con.Issue].(entente.Table).Values[int(con.Option)] += con.ValueRaise * (by / con.Amount)
				}
				if got := target(t, c, e.Target); (got > 0) != (d > 0) {
					t.Fatalf("trial %d: %s by %v leaves the %s at %d packages", trial, con.Text(s), by, e.Target, got)
				}
			}
		}
	}
	if empty < 50 || concessions < 100 {
		t.Fatalf("only %d empty zones and %d concessions checked", empty, concessions)
	}
}
