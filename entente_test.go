package entente_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/entente/entente"
)

func valid() *entente.Scenario {
	return &entente.Scenario{
		Name: "t",
		Issues: []entente.Issue{
			{Name: "a", Kind: entente.Discrete, Options: []string{"x", "y"}},
			{Name: "b", Kind: entente.Integer, Min: 1, Max: 3},
		},
		Parties: []entente.Party{{Name: "p", Preferences: entente.Preferences{
			Weights: []float64{0.5, 0.5},
			Values:  []entente.ValueFunc{entente.Table{Values: []float64{0, 1}}, entente.Linear{Slope: 0.5, Origin: 1}},
		}}},
	}
}

func TestValidate(t *testing.T) {
	if errs := valid().Validate(); len(errs) != 0 {
		t.Fatalf("valid scenario: %v", errs)
	}
	cases := []struct {
		name   string
		change func(s *entente.Scenario)
		want   string
	}{
		{"duplicate issue", func(s *entente.Scenario) { s.Issues[1].Name = "a" }, `issues[1].name: duplicate issue "a" (also issues[0])`},
		{"empty options", func(s *entente.Scenario) {
			s.Issues[0].Options = nil
			s.Parties[0].Preferences.Values[0] = entente.Table{}
		}, `issues[0].options: issue "a" has no options`},
		{"duplicate option", func(s *entente.Scenario) { s.Issues[0].Options[1] = "x" }, `issues[0].options[1]: duplicate option "x"`},
		{"bad range", func(s *entente.Scenario) { s.Issues[1].Min = 5 }, `issues[1].range: issue "b": lower bound 5 is above upper bound 3`},
		{"fractional integer", func(s *entente.Scenario) { s.Issues[1].Max = 3.5 }, `integer bounds must be whole numbers`},
		{"inexact integer", func(s *entente.Scenario) { s.Issues[1].Max = 1 << 60 }, `issues[1].range: issue "b": integer bounds must lie within ±2^53 (9007199254740992) to be exact, got 1..1152921504606847000`},
		{"negative weight", func(s *entente.Scenario) { s.Parties[0].Preferences.Weights[0] = -1 }, `parties[0].weights.a: weight -1 is not allowed`},
		{"short table", func(s *entente.Scenario) { s.Parties[0].Preferences.Values[0] = entente.Table{Values: []float64{1}} }, `parties[0].values.a: the table has 1 entries for 2 options`},
		{"value above 1", func(s *entente.Scenario) { s.Parties[0].Preferences.Values[0] = entente.Table{Values: []float64{0, 7}} }, `value 7 for y is above 1`},
		{"table on real", func(s *entente.Scenario) {
			s.Issues[1] = entente.Issue{Name: "b", Kind: entente.Real, Min: 0, Max: 1}
			s.Parties[0].Preferences.Values[1] = entente.Table{Values: []float64{1}}
		}, `a table cannot cover a continuum`},
		{"linear on discrete", func(s *entente.Scenario) { s.Parties[0].Preferences.Values[0] = entente.Linear{} }, `issue "a" is discrete: give a table`},
		{"piecewise order", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Values[1] = entente.Piecewise{X: []float64{2, 1}, Y: []float64{0, 1}}
		}, `strictly increasing x`},
		{"duplicate party", func(s *entente.Scenario) { s.Parties = append(s.Parties, s.Parties[0]) }, `parties[1].name: duplicate party "p"`},
		{"no parties", func(s *entente.Scenario) { s.Parties = nil }, `parties: a scenario needs at least one party`},
		{"interaction out of range", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Interactions = []entente.Interaction{{Boxes: []entente.Box{{{Issue: 9}}}}}
		}, `parties[0].interactions[0].boxes[0][0]: issue index 9 is out of range`},
		{"interaction option", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Interactions = []entente.Interaction{{Boxes: []entente.Box{{{Issue: 0, Options: []int{2}}}}}}
		}, `option index 2 is out of range for issue "a"`},
		{"rule", func(s *entente.Scenario) { s.Rules = []entente.Rule{{Kind: entente.Affected, Parties: []int{3}}} }, `rules[0].parties: party index 3 is out of range`},
		{"reservation outcome", func(s *entente.Scenario) { s.Parties[0].Preferences.ReservationOutcome = entente.Outcome{0, 7} }, `reservation_outcome.b: 7 is not a value of issue "b"`},
	}
	for _, c := range cases {
		s := valid()
		c.change(s)
		errs := s.Validate()
		if !strings.Contains(errs.Error(), c.want) {
			t.Errorf("%s: got %q, want %q", c.name, errs.Error(), c.want)
		}
	}
}

func TestErrorText(t *testing.T) {
	e := entente.Errorf(entente.EInvalid, "deal.yaml", 12, 7, "parties[1].weights", "unknown issue %q", "pricee")
	if got := e.Error(); got != `deal.yaml:12:7: parties[1].weights: unknown issue "pricee"` {
		t.Errorf("got %q", got)
	}
	if got := entente.Errorf(entente.EInvalid, "", 0, 0, "", "bare").Error(); got != "bare" {
		t.Errorf("got %q", got)
	}
	if got := entente.Errorf(entente.EInvalid, "f.xml", 3, 0, "", "m").Error(); got != "f.xml:3: m" {
		t.Errorf("got %q", got)
	}
	var l entente.ErrorList
	l.Add(e)
	if entente.ErrorCode(l) != entente.EInvalid || entente.ErrorCode(nil) != "" || entente.ErrorCode(errors.New("x")) != entente.EInternal {
		t.Error("ErrorCode")
	}
}

func TestIssueValues(t *testing.T) {
	d := entente.Issue{Name: "d", Kind: entente.Discrete, Options: []string{"a ", "19'' LCD"}}
	if v, ok := d.Parse("a "); !ok || v != 0 || d.Format(1) != "19'' LCD" {
		t.Error("discrete options must match exactly")
	}
	if _, ok := d.Parse("a"); ok {
		t.Error("no trimming")
	}
	i := entente.Issue{Kind: entente.Integer, Min: -5, Max: 5}
	if n, ok := i.Size(); !ok || n != 11 || !i.Valid(-5) || i.Valid(0.5) || i.Valid(6) {
		t.Error("integer issue")
	}
	r := entente.Issue{Kind: entente.Real, Min: 0, Max: 1}
	if _, ok := r.Size(); ok || !r.Valid(0.5) || r.Format(0.25) != "0.25" {
		t.Error("real issue")
	}
}

func TestRequired(t *testing.T) {
	s := &entente.Scenario{
		Issues: []entente.Issue{
			{Name: "land", Kind: entente.Discrete, Options: []string{"keep", "cede", "deferred"}, Unsettled: "deferred"},
			{Name: "army", Kind: entente.Integer, Min: 0, Max: 10},
		},
		Parties: []entente.Party{{Name: "a"}, {Name: "b"}, {Name: "c"}, {Name: "d"}},
	}
	got := func(o entente.Outcome) string {
		var b strings.Builder
		for _, r := range s.Required(o, make([]bool, 4)) {
			if r {
				b.WriteByte('1')
			} else {
				b.WriteByte('0')
			}
		}
		return b.String()
	}
	if g := got(entente.Outcome{0, 3}); g != "1111" {
		t.Errorf("no rules: %s, want 1111", g)
	}
	s.Rules = []entente.Rule{
		{Kind: entente.Unanimity, Parties: []int{0, 1}},
		{Kind: entente.Affected, Parties: []int{2}, Issues: []int{0}},
		{Kind: entente.Affected, Parties: []int{3}, Issues: []int{1}},
	}
	for _, c := range []struct {
		o    entente.Outcome
		want string
	}{
		{entente.Outcome{0, 3}, "1111"},
		{entente.Outcome{1, 0}, "1111"},
		{entente.Outcome{2, 3}, "1101"},
	} {
		if g := got(c.o); g != c.want {
			t.Errorf("%v: %s, want %s", c.o, g, c.want)
		}
	}
	// Only affected rules: every party is needed anyway.
	s.Rules = s.Rules[1:]
	if g := got(entente.Outcome{2, 3}); g != "1111" {
		t.Errorf("affected only: %s, want 1111", g)
	}
	// A unanimity rule without parties means everyone.
	s.Rules = []entente.Rule{{Kind: entente.Unanimity}, {Kind: entente.Unanimity, Parties: []int{1}}}
	if g := got(entente.Outcome{2, 3}); g != "1111" {
		t.Errorf("empty unanimity: %s, want 1111", g)
	}
	s.Issues[0].Unsettled = "later"
	s.Issues[1].Unsettled = "x"
	msg := s.Validate().Error()
	for _, want := range []string{`issues[0].unsettled: issue "land" has no option "later"`, `issues[1].unsettled: issue "army" is numeric`} {
		if !strings.Contains(msg, want) {
			t.Errorf("validation %q lacks %q", msg, want)
		}
	}
}
