package analysis_test

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/ratify"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// addPolitics gives a random scenario some of: rules (a unanimity rule
// naming some parties, an affected rule on an issue with an unsettled
// option), a bloc under a random rule, and one or two constituencies with
// random regions. Members and voters copy the parties' profiles with other
// reservation values.
func addPolitics(rng *rand.Rand, s *entente.Scenario) {
	np := len(s.Parties)
	profile := func() entente.Preferences {
		pr := s.Parties[rng.IntN(np)].Preferences.Clone()
		pr.Reservation = float64(rng.IntN(6)) / 10
		return pr
	}
	if rng.IntN(2) == 0 {
		ru := entente.Rule{Kind: entente.Unanimity}
		for p := 0; p < np; p++ {
			if p == 0 || rng.IntN(2) == 0 {
				ru.Parties = append(ru.Parties, p)
			}
		}
		s.Rules = append(s.Rules, ru)
		for i := range s.Issues {
			if s.Issues[i].Kind == entente.Discrete && len(s.Issues[i].Options) > 1 && rng.IntN(2) == 0 {
				s.Issues[i].Unsettled = s.Issues[i].Options[0]
			}
			if rng.IntN(2) == 0 {
				s.Rules = append(s.Rules, entente.Rule{Kind: entente.Affected, Parties: []int{np - 1}, Issues: []int{i}})
				break
			}
		}
	}
	if rng.IntN(2) == 0 {
		b := &entente.Bloc{Rule: entente.BlocRule(rng.IntN(4))}
		for m := rng.IntN(3) + 1; m > 0; m-- {
			b.Members = append(b.Members, entente.Member{Name: fmt.Sprintf("m%d", m), Weight: float64(rng.IntN(3) + 1), Preferences: profile()})
		}
		switch b.Rule {
		case entente.BlocQualified:
			b.Threshold = []float64{0.5, 0.6, 2.0 / 3, 1}[rng.IntN(4)]
		case entente.BlocLeader:
			b.Leader = rng.IntN(len(b.Members))
		}
		s.Parties[rng.IntN(np)].Bloc = b
	}
	for c := rng.IntN(3); c > 0; c-- {
		co := entente.Constituency{Name: fmt.Sprintf("c%d", c), Party: rng.IntN(np), Threshold: []float64{0.5, 0.6, 1}[rng.IntN(3)]}
		n := rng.IntN(3) + 1
		for g := 0; g < n; g++ {
			co.Voters = append(co.Voters, entente.VoterGroup{Name: fmt.Sprintf("g%d", g), Share: 1 / float64(n), Preferences: profile()})
		}
		if is := &s.Issues[0]; is.Kind == entente.Discrete && rng.IntN(2) == 0 {
			co.Applies = []entente.Box{{{Issue: 0, Options: []int{len(is.Options) - 1}}}}
		}
		s.Constituencies = append(s.Constituencies, co)
	}
}

// politicsBrute computes the zones, win-sets and solutions by definition.
type politicsBrute struct {
	zone, ratified []bool
	win, winZone   []uint64
	us             [][]float64
	rv             []float64
}

func bruteFromDefinitions(t *testing.T, s *entente.Scenario, resolution int) *politicsBrute {
	t.Helper()
	fs, err := utility.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	set, err := ratify.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	b := &politicsBrute{win: make([]uint64, len(s.Constituencies)), winZone: make([]uint64, len(s.Constituencies))}
	for _, f := range fs {
		b.rv = append(b.rv, f.Reservation())
	}
	need := make([]bool, len(s.Parties))
	_ = space.Discretized(s.Issues, resolution).Each(func(_ uint64, o entente.Outcome) bool {
		u := make([]float64, len(fs))
		for p, f := range fs {
			u[p] = f.Utility(o)
		}
		s.Required(o, need)
		in := true
		for p := range need {
			if need[p] && !set.Accepts(p, o) {
				in = false
			}
		}
		all := true
		for c := range s.Constituencies {
			if set.Ratifies(c, o) {
				b.win[c]++
				if in {
					b.winZone[c]++
				}
			} else {
				all = false
			}
		}
		b.us = append(b.us, u)
		b.zone = append(b.zone, in)
		b.ratified = append(b.ratified, in && all)
		return true
	})
	return b
}

// solutions returns the clamped objectives' optima and ties over the
// packages marked in keep.
func (b *politicsBrute) solutions(keep []bool) (val [4]float64, ties [4]uint64, n int) {
	ideal := make([]float64, len(b.rv))
	for p := range ideal {
		ideal[p] = math.Inf(-1)
	}
	for i, u := range b.us {
		if keep[i] {
			n++
			for p, x := range u {
				ideal[p] = math.Max(ideal[p], x)
			}
		}
	}
	obj := func(u []float64) [4]float64 {
		nash, ks, egal, sum := 1.0, math.Inf(1), math.Inf(1), 0.0
		for p, x := range u {
			d := math.Max(x-b.rv[p], 0)
			nash *= d
			egal = math.Min(egal, d)
			sum += x
			if ideal[p]-b.rv[p] > analysis.Eps {
				ks = math.Min(ks, (x-b.rv[p])/(ideal[p]-b.rv[p]))
			}
		}
		if math.IsInf(ks, 1) {
			ks = 1
		}
		return [4]float64{nash, math.Max(ks, 0), egal, sum}
	}
	for k := range val {
		val[k] = math.Inf(-1)
	}
	for i, u := range b.us {
		if keep[i] {
			o := obj(u)
			for k := range val {
				val[k] = math.Max(val[k], o[k])
			}
		}
	}
	for i, u := range b.us {
		if keep[i] {
			o := obj(u)
			for k := range val {
				if o[k] >= val[k]-analysis.Eps {
					ties[k]++
				}
			}
		}
	}
	return val, ties, n
}

func count(marks []bool) uint64 {
	n := uint64(0)
	for _, m := range marks {
		if m {
			n++
		}
	}
	return n
}

func checkSolutions(t *testing.T, where, zone string, b *politicsBrute, keep []bool, sols [4]*analysis.Solution) {
	t.Helper()
	val, ties, n := b.solutions(keep)
	names := [4]string{"nash", "kalai-smorodinsky", "egalitarian", "utilitarian"}
	for k, sol := range sols {
		if n == 0 {
			if sol != nil {
				t.Fatalf("%s: %s %s reported for an empty zone", where, zone, names[k])
			}
			continue
		}
		if sol == nil {
			t.Fatalf("%s: no %s %s for a zone of %d", where, zone, names[k], n)
		}
		if math.Abs(sol.Value-val[k]) > 1e-12 || sol.Ties != ties[k] {
			t.Fatalf("%s: %s %s = %v (%d ties), brute force %v (%d ties)", where, zone, names[k], sol.Value, sol.Ties, val[k], ties[k])
		}
		if !keep[sol.Index] {
			t.Fatalf("%s: %s %s at package %d outside the zone", where, zone, names[k], sol.Index)
		}
	}
}

// TestPoliticsAgainstBruteForce compares the zone, the ratifiable zone,
// the win-sets and the solutions over both with their definitions on
// random small scenarios with rules, blocs and constituencies, with one
// and two workers; and the streamed listings with the counts.
func TestPoliticsAgainstBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(2026, 6))
	politics := 0
	for trial := 0; trial < 300; trial++ {
		s := randomScenario(rng)
		addPolitics(rng, s)
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("trial %d: %v", trial, errs)
		}
		want := bruteFromDefinitions(t, s, 4)
		for _, workers := range []int{1, 2} {
			r, err := analysis.Analyze(context.Background(), s, analysis.Options{Resolution: 4, Workers: workers})
			if err != nil {
				t.Fatal(err)
			}
			where := fmt.Sprintf("trial %d (%d workers, %d outcomes, %d rules, %d constituencies)", trial, workers, r.Outcomes, len(s.Rules), len(s.Constituencies))
			hasPolitics := len(s.Rules) > 0 || len(s.Constituencies) > 0
			for p := range s.Parties {
				hasPolitics = hasPolitics || s.Parties[p].Bloc != nil
			}
			if r.Politics != hasPolitics {
				t.Fatalf("%s: Politics = %v", where, r.Politics)
			}
			if !hasPolitics {
				continue
			}
			politics++
			if r.Zone != count(want.zone) {
				t.Fatalf("%s: zone %d, brute force %d", where, r.Zone, count(want.zone))
			}
			checkSolutions(t, where, "zone", want, want.zone, [4]*analysis.Solution{r.Nash, r.KalaiSmorodinsky, r.Egalitarian, r.Utilitarian})
			var listed uint64
			_ = r.EachInZone(context.Background(), func(p analysis.Point) error {
				if !want.zone[p.Index] || !r.Accepted(p.Outcome) {
					t.Fatalf("%s: package %d listed in the zone", where, p.Index)
				}
				listed++
				return nil
			})
			if listed != r.Zone {
				t.Fatalf("%s: listed %d of a zone of %d", where, listed, r.Zone)
			}
			rt := r.Ratification
			if (rt != nil) != (len(s.Constituencies) > 0) {
				t.Fatalf("%s: Ratification %v", where, rt)
			}
			listed = 0
			_ = r.EachRatifiable(context.Background(), func(p analysis.Point) error {
				if want.zone[p.Index] && !want.ratified[p.Index] && rt != nil || !want.zone[p.Index] || !r.Ratifiable(p.Outcome) {
					t.Fatalf("%s: package %d listed as ratifiable", where, p.Index)
				}
				listed++
				return nil
			})
			if rt == nil {
				if listed != r.Zone {
					t.Fatalf("%s: without constituencies the ratifiable listing has %d of %d", where, listed, r.Zone)
				}
				continue
			}
			if rt.Zone != count(want.ratified) || listed != rt.Zone {
				t.Fatalf("%s: ratifiable zone %d (listed %d), brute force %d", where, rt.Zone, listed, count(want.ratified))
			}
			if rt.Zone > r.Zone {
				t.Fatalf("%s: ratifiable zone %d larger than the zone %d", where, rt.Zone, r.Zone)
			}
			for c, w := range rt.WinSets {
				if w.Constituency != c || w.Size != want.win[c] || w.InZone != want.winZone[c] || w.Blocks != r.Zone-want.winZone[c] {
					t.Fatalf("%s: win-set %+v, brute force %d, %d in the zone", where, w, want.win[c], want.winZone[c])
				}
			}
			checkSolutions(t, where, "ratifiable", want, want.ratified, [4]*analysis.Solution{rt.Nash, rt.KalaiSmorodinsky, rt.Egalitarian, rt.Utilitarian})
		}
	}
	if politics < 200 {
		t.Fatalf("only %d analyses with politics", politics)
	}
}

// TestPoliticsMonotone checks on random scenarios that adding a
// constituency never enlarges the ratifiable zone and that raising a
// party's reservation value never enlarges the agreement zone.
func TestPoliticsMonotone(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 77))
	analyze := func(s *entente.Scenario) *analysis.Result {
		t.Helper()
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatal(errs)
		}
		r, err := analysis.Analyze(context.Background(), s, analysis.Options{Resolution: 4})
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	ratifiable := func(r *analysis.Result) uint64 {
		if r.Ratification == nil {
			return r.Zone
		}
		return r.Ratification.Zone
	}
	for trial := 0; trial < 150; trial++ {
		s := randomScenario(rng)
		addPolitics(rng, s)
		before := analyze(s)
		more := s.Clone()
		co := entente.Constituency{Name: "extra", Party: 0, Threshold: 0.5, Voters: []entente.VoterGroup{{Name: "all", Share: 1, Preferences: s.Parties[rng.IntN(len(s.Parties))].Preferences.Clone()}}}
		co.Voters[0].Preferences.Reservation = float64(rng.IntN(5)) / 10
		more.Constituencies = append(more.Constituencies, co)
		after := analyze(more)
		if ratifiable(after) > ratifiable(before) || after.Zone != before.Zone {
			t.Fatalf("trial %d: a constituency took the ratifiable zone from %d to %d (zone %d -> %d)", trial, ratifiable(before), ratifiable(after), before.Zone, after.Zone)
		}
		higher := s.Clone()
		p := rng.IntN(len(s.Parties))
		if higher.Parties[p].Bloc != nil {
			m := &higher.Parties[p].Bloc.Members[0]
			m.Preferences.Reservation += 0.2
		} else {
			higher.Parties[p].Preferences.Reservation += 0.2
		}
		up := analyze(higher)
		if up.Zone > before.Zone || ratifiable(up) > ratifiable(before) {
			t.Fatalf("trial %d: raising %s's reservation took the zone from %d to %d", trial, s.Parties[p].Name, before.Zone, up.Zone)
		}
	}
}

// handScenario: two issues, border (held, frozen, ceded) and guarantee
// (none, yes, deferred: unsettled), and three parties:
//
//	west:   border 1, 0.5, 0 (weight 0.6); guarantee 0, 1, 0.5 (0.4); rv 0.5
//	east:   border 0, 0.5, 1 (weight 0.6); guarantee 1, 0, 0.5 (0.4); rv 0.4
//	europe: guarantee 0, 1, 0.2 (weight 1); rv 0.5
//
// Utilities (west, east, europe) by package (border, guarantee):
//
//	held,none     0.6 0.4 0     held,yes     1.0 0.0 1    held,deferred     0.8 0.2 0.2
//	frozen,none   0.3 0.7 0     frozen,yes   0.7 0.3 1    frozen,deferred   0.5 0.5 0.2
//	ceded,none    0   1   0     ceded,yes    0.4 0.6 1    ceded,deferred    0.2 0.8 0.2
func handScenario() *entente.Scenario {
	tab := func(v ...float64) entente.Table { return entente.Table{Values: v} }
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

func zoneOf(t *testing.T, s *entente.Scenario) *analysis.Result {
	t.Helper()
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	r, err := analysis.Analyze(context.Background(), s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// TestParticipationRule: by hand, west (rv 0.5) and east (rv 0.4) both
// accept held,none (0.6, 0.4) and frozen,deferred (0.5, 0.5), and no
// other package. Without rules all three must accept: europe accepts only
// guarantee=yes, where west and east never both accept (held,yes: east 0;
// frozen,yes: east 0.3; ceded,yes: west 0.4), so the zone is empty. With
// unanimity of west and east plus "no agreement on guarantee without
// europe", held,none needs europe (0 < 0.5) but the unsettled option
// leaves europe out of frozen,deferred: the zone is that one package.
func TestParticipationRule(t *testing.T) {
	s := handScenario()
	if r := zoneOf(t, s); r.Zone != 0 || r.Politics {
		t.Fatalf("without rules: zone %d, politics %v; want 0, false", r.Zone, r.Politics)
	}
	s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0, 1}}, {Kind: entente.Affected, Parties: []int{2}, Issues: []int{1}}}
	r := zoneOf(t, s)
	if r.Zone != 1 || !r.Politics {
		t.Fatalf("with the participation rule: zone %d, politics %v; want 1, true", r.Zone, r.Politics)
	}
	if o := r.Nash.Outcome; o[0] != 1 || o[1] != 2 {
		t.Fatalf("Nash at %v; want frozen,deferred", o)
	}
	// Europe's gain at frozen,deferred is below 0 (0.2 - 0.5): it counts as 0.
	if r.Nash.Value != 0 || r.Egalitarian.Value != 0 {
		t.Fatalf("Nash %v, egalitarian %v; want 0 (europe's loss clamped)", r.Nash.Value, r.Egalitarian.Value)
	}
	// Without the affected rule europe is not needed anywhere.
	s.Rules = s.Rules[:1]
	if r := zoneOf(t, s); r.Zone != 2 {
		t.Fatalf("unanimity of west and east: zone %d; want 2", r.Zone)
	}
	// A subset of the parties is a sub-negotiation: rules do not apply.
	r, err := analysis.Analyze(context.Background(), s, analysis.Options{Parties: []int{0, 1}})
	if err != nil {
		t.Fatal(err)
	}
	if r.Politics || r.Zone != 2 {
		t.Fatalf("parties west, east: politics %v, zone %d; want false, 2", r.Politics, r.Zone)
	}
}

// TestBlocRules makes east a bloc of three members over the hand
// scenario without europe's say (unanimity of west and east) and checks
// the zone under each rule. West accepts (u >= 0.5): held,* (0.6, 1, 0.8),
// frozen,yes (0.7), frozen,deferred (0.5). The members accept:
//
//	a (weight 3, border only: 0, 0.5, 1, rv 0.5): frozen,*, ceded,*
//	b (weight 2, guarantee only: 1, 0, 0.5, rv 0.5): *,none, *,deferred
//	c (weight 1, accepts nothing: rv 2)
//
// Of west's five packages: held,none (b: 2 of 6), held,yes (none),
// held,deferred (b: 2), frozen,yes (a: 3), frozen,deferred (a, b: 5).
func TestBlocRules(t *testing.T) {
	tab := func(v ...float64) entente.Table { return entente.Table{Values: v} }
	cases := []struct {
		rule      entente.BlocRule
		threshold float64
		leader    int
		want      uint64
	}{
		{entente.BlocUnanimity, 0, 0, 0},   // c accepts nothing
		{entente.BlocMajority, 0, 0, 1},    // > 3 of 6: frozen,deferred (frozen,yes has exactly half)
		{entente.BlocQualified, 0.5, 0, 2}, // >= 3: frozen,yes and frozen,deferred
		{entente.BlocQualified, 0.3, 0, 4}, // >= 1.8: all of west's but held,yes
		{entente.BlocLeader, 0, 1, 3},      // b: held,none, held,deferred, frozen,deferred
	}
	for _, c := range cases {
		s := handScenario()
		s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0, 1}}}
		s.Parties[1].Bloc = &entente.Bloc{Rule: c.rule, Threshold: c.threshold, Leader: c.leader, Members: []entente.Member{
			{Name: "a", Weight: 3, Preferences: entente.Preferences{Weights: []float64{1, 0}, Values: []entente.ValueFunc{tab(0, 0.5, 1), nil}, Reservation: 0.5}},
			{Name: "b", Weight: 2, Preferences: entente.Preferences{Weights: []float64{0, 1}, Values: []entente.ValueFunc{nil, tab(1, 0, 0.5)}, Reservation: 0.5}},
			{Name: "c", Weight: 1, Preferences: entente.Preferences{Weights: []float64{0, 1}, Values: []entente.ValueFunc{nil, tab(1, 1, 1)}, Reservation: 2}},
		}}
		if r := zoneOf(t, s); r.Zone != c.want {
			t.Errorf("%s (threshold %v, leader %d): zone %d; want %d", c.rule, c.threshold, c.leader, r.Zone, c.want)
		}
	}
}

// TestWinSets adds to the hand scenario (unanimity of west and east) a
// referendum for west that applies when the border moves (frozen, ceded),
// with two groups and threshold 0.5: "one" (share 0.6) values the border
// held 1, frozen 0.6, ceded 0; "two" (0.4) values guarantee=yes 1, else 0;
// both need 0.5.
//
// The referendum ratifies the three held packages (outside its region),
// and inside it frozen,* (group one: 0.6 >= 0.5) but not ceded,* (at most
// 0.4, with ceded,yes): 6 packages. The zone (west and east accept) is
// held,none and frozen,deferred, and both pass: 2 in the zone, blocks 0.
// A council for east, a single ratifier approving only guarantee=none,
// ratifies 3 packages and blocks frozen,deferred.
func TestWinSets(t *testing.T) {
	tab := func(v ...float64) entente.Table { return entente.Table{Values: v} }
	s := handScenario()
	s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0, 1}}}
	s.Constituencies = []entente.Constituency{
		{Name: "referendum", Party: 0, Threshold: 0.5, Applies: []entente.Box{{{Issue: 0, Options: []int{1, 2}}}}, Voters: []entente.VoterGroup{
			{Name: "one", Share: 0.6, Preferences: entente.Preferences{Weights: []float64{1, 0}, Values: []entente.ValueFunc{tab(1, 0.6, 0), nil}, Reservation: 0.5}},
			{Name: "two", Share: 0.4, Preferences: entente.Preferences{Weights: []float64{0, 1}, Values: []entente.ValueFunc{nil, tab(0, 1, 0)}, Reservation: 0.5}},
		}},
		{Name: "council", Party: 1, Threshold: 1, Unitary: true, Voters: []entente.VoterGroup{
			{Share: 1, Preferences: entente.Preferences{Weights: []float64{0, 1}, Values: []entente.ValueFunc{nil, tab(1, 0, 0)}, Reservation: 0.5}},
		}},
	}
	r := zoneOf(t, s)
	if r.Zone != 2 {
		t.Fatalf("zone %d; want 2", r.Zone)
	}
	rt := r.Ratification
	want := []analysis.WinSet{{Constituency: 0, Size: 6, InZone: 2, Blocks: 0}, {Constituency: 1, Size: 3, InZone: 1, Blocks: 1}}
	for c := range want {
		if rt.WinSets[c] != want[c] {
			t.Errorf("win-set %d: %+v; want %+v", c, rt.WinSets[c], want[c])
		}
	}
	if rt.Zone != 1 || rt.Nash == nil || rt.Nash.Outcome[0] != 0 || rt.Nash.Outcome[1] != 0 {
		t.Fatalf("ratifiable zone %d, Nash %v; want 1 at held,none", rt.Zone, rt.Nash)
	}
}
