package explain_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/explain"
	"github.com/entente/entente/robust"
)

// redScenario draws a small scenario with red lines on parties and on a
// constituency, some with a bloc and an affected rule.
func redScenario(rng *rand.Rand) *entente.Scenario {
	s := &entente.Scenario{Name: "red"}
	n := 2 + rng.IntN(3)
	for i := range n {
		is := entente.Issue{Name: fmt.Sprintf("i%d", i)}
		for k := range 2 + rng.IntN(3) {
			is.Options = append(is.Options, fmt.Sprintf("o%d", k))
		}
		if rng.IntN(3) == 0 {
			is.Unsettled = is.Options[0]
		}
		s.Issues = append(s.Issues, is)
	}
	profile := func() entente.Preferences {
		p := entente.Preferences{Reservation: 0.2 + 0.3*rng.Float64()}
		total := 0.0
		for i := range s.Issues {
			w := rng.Float64()
			p.Weights = append(p.Weights, w)
			total += w
			t := make([]float64, len(s.Issues[i].Options))
			for k := range t {
				t[k] = rng.Float64()
			}
			p.Values = append(p.Values, entente.Table{Values: t})
		}
		for i := range p.Weights {
			p.Weights[i] /= total
		}
		return p
	}
	box := func() entente.Box {
		var b entente.Box
		for _, i := range rng.Perm(n)[:1+rng.IntN(2)] {
			b = append(b, entente.Condition{Issue: i, Options: []int{rng.IntN(len(s.Issues[i].Options))}})
		}
		return b
	}
	k := 2 + rng.IntN(2)
	for p := range k {
		pa := entente.Party{Name: fmt.Sprintf("p%d", p), Preferences: profile()}
		for range rng.IntN(3) {
			pa.RedLines = append(pa.RedLines, entente.RedLine{Name: fmt.Sprintf("line of p%d", p), Boxes: []entente.Box{box()}})
		}
		s.Parties = append(s.Parties, pa)
	}
	if rng.IntN(2) == 0 {
		b := &entente.Bloc{Rule: entente.BlocQualified, Threshold: 0.6}
		for m := range 3 {
			b.Members = append(b.Members, entente.Member{Name: fmt.Sprintf("m%d", m), Weight: 1 + float64(m), Preferences: profile()})
		}
		s.Parties[k-1].Bloc = b
	}
	if rng.IntN(2) == 0 {
		s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0}}, {Kind: entente.Affected, Parties: []int{1}, Issues: []int{0}}}
	}
	c := entente.Constituency{Name: "vote", Party: 0, Threshold: 0.5, Applies: []entente.Box{box()},
		RedLines: []entente.RedLine{{Name: "constitution", Boxes: []entente.Box{box()}}}}
	c.Voters = []entente.VoterGroup{{Name: "a", Share: 0.6, Preferences: profile()}, {Name: "b", Share: 0.4, Preferences: profile()}}
	s.Constituencies = []entente.Constituency{c}
	return s
}

// crossed reports a red line that package o crosses for the parties it
// needs or the constituencies whose region it lies in: none may be in a
// zone.
func crossed(s *entente.Scenario, o entente.Outcome, ratifiable bool) string {
	need := s.Required(o, make([]bool, len(s.Parties)))
	for _, b := range s.RedLinesCrossed(o, need) {
		if b.Party >= 0 || ratifiable {
			return b.String()
		}
	}
	return ""
}

// TestRedLinesNeverInAZone: no package across a red line is in the
// agreement zone or the ratifiable zone (analysis), acceptable in a draw
// (robustness), or offered by an explanation as a closest package or the
// package a concession opens.
func TestRedLinesNeverInAZone(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	lines, checked := 0, 0
	for trial := range 80 {
		s := redScenario(rng)
		if errs := s.Validate(); len(errs) > 0 {
			t.Fatalf("trial %d: %v", trial, errs)
		}
		an, err := analysis.Analyze(context.Background(), s, analysis.Options{})
		if err != nil {
			t.Fatal(err)
		}
		sp := an.Space()
		n, _ := sp.Len()
		o := make(entente.Outcome, len(s.Issues))
		for idx := range n {
			sp.At(idx, o)
			if crossed(s, o, true) != "" {
				lines++
			}
			if an.Accepted(o) {
				checked++
				if c := crossed(s, o, false); c != "" {
					t.Fatalf("trial %d: %v is in the agreement zone across %s", trial, o, c)
				}
			}
			if an.Ratifiable(o) {
				if c := crossed(s, o, true); c != "" {
					t.Fatalf("trial %d: %v is ratifiable across %s", trial, o, c)
				}
			}
		}
		err = an.EachInZone(context.Background(), func(p analysis.Point) error {
			if c := crossed(s, p.Outcome, false); c != "" {
				return fmt.Errorf("%v listed in the zone across %s", p.Outcome, c)
			}
			return nil
		})
		if err != nil {
			t.Fatalf("trial %d: %v", trial, err)
		}
		r, err := robust.Run(context.Background(), s, robust.Options{Samples: 5, Seed: uint64(trial), NoTipping: true, Top: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if r.NominalZone != an.Zone {
			t.Fatalf("trial %d: robust's nominal zone %d, analysis %d", trial, r.NominalZone, an.Zone)
		}
		for _, pk := range r.Packages {
			if c := crossed(s, pk.Outcome, false); c != "" {
				t.Fatalf("trial %d: %v acceptable in a draw across %s", trial, pk.Outcome, c)
			}
			if pk.Ratifiable > 0 {
				if c := crossed(s, pk.Outcome, true); c != "" {
					t.Fatalf("trial %d: %v ratifiable in a draw across %s", trial, pk.Outcome, c)
				}
			}
		}
		ex, err := explain.Explain(context.Background(), s, explain.Options{Result: an})
		if err != nil {
			t.Fatal(err)
		}
		rat := ex.Target == explain.RatifiableZone
		for _, nr := range ex.Closest {
			if c := crossed(s, nr.Outcome, rat); c != "" {
				t.Fatalf("trial %d: closest package %v across %s", trial, nr.Outcome, c)
			}
		}
		for _, cn := range ex.Concessions {
			if c := crossed(s, cn.Outcome, rat); c != "" {
				t.Fatalf("trial %d: a concession opens %v across %s", trial, cn.Outcome, c)
			}
		}
	}
	if lines < 200 || checked < 100 {
		t.Fatalf("too few packages across red lines (%d) or in zones (%d) to test", lines, checked)
	}
}

// TestExplanationNamesTheRedLine: a red line that alone keeps packages
// out is named, with how many.
func TestExplanationNamesTheRedLine(t *testing.T) {
	s := &entente.Scenario{Name: "one line",
		Issues: []entente.Issue{{Name: "land", Options: []string{"kept", "ceded"}}, {Name: "money", Options: []string{"none", "some"}}},
		Parties: []entente.Party{
			{Name: "east", Preferences: entente.Preferences{Weights: []float64{0.5, 0.5}, Values: []entente.ValueFunc{entente.Table{Values: []float64{0, 1}}, entente.Table{Values: []float64{1, 0}}}, Reservation: 0.4}},
			{Name: "west", Preferences: entente.Preferences{Weights: []float64{0.2, 0.8}, Values: []entente.ValueFunc{entente.Table{Values: []float64{1, 0}}, entente.Table{Values: []float64{0, 1}}}, Reservation: 0.1},
				RedLines: []entente.RedLine{{Name: "no cession", Boxes: []entente.Box{{{Issue: 0, Options: []int{1}}}}}}},
		}}
	ex, err := explain.Explain(context.Background(), s, explain.Options{})
	if err != nil {
		t.Fatal(err)
	}
	// kept+none is the zone (east 0.5, west 0.2); ceded+some (east 0.5,
	// west 0.8) would be too, but for west's red line: the line alone
	// keeps one package out.
	found := false
	for _, e := range ex.Effects {
		if e.Kind == explain.RedLineKind {
			found = true
			if e.LineName != "no cession" || e.Name != "west" || e.Removed != 1 {
				t.Errorf("effect %+v", e)
			}
			if e.Text() != `west's red line "no cession"` {
				t.Errorf("text %q", e.Text())
			}
		}
	}
	if !found {
		t.Fatalf("no red line among the effects %+v", ex.Effects)
	}
	named := false
	for _, s := range ex.Sentences {
		if contains(s, `west's red line "no cession"`) {
			named = true
		}
	}
	if !named {
		t.Errorf("no sentence names the red line: %q", ex.Sentences)
	}
}

func contains(s, sub string) bool {
	for i := 0; i+len(sub) <= len(s); i++ {
		if s[i:i+len(sub)] == sub {
			return true
		}
	}
	return false
}
