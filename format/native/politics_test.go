package native_test

import (
	"math"
	"os"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
	"github.com/entente/entente/ratify"
)

// polBase is a valid scenario with every political key, which the error
// cases below break one way each. Its lines are numbered for reading the
// expected positions.
const polBase = `entente: 1
guarantors:
  - name: g1
    credibility: 0.6
  - name: g2
    credibility: {value: 0.5, range: [0.4, 0.6]}
issues:
  - name: guard
    options: [none, one, both]
    guarantees:
      one: [g1]
      both: {guarantors: [g1, g2], required: 1}
  - name: army
    options: [capped, free]
parties:
  - name: p
    weights: {guard: 0.5, army: 0.5}
    values:
      guard: {guarantee: {}}
      army: {capped: 0, free: 1}
    reservation: {value: 0.3, range: [0.2, 0.4], dist: triangular}
    bloc:
      rule: qualified
      threshold: 0.6
      members:
        - name: m1
          weight: 2
          weights: {guard: 1, army: 0}
          values: {guard: {none: 0, one: 0.5, both: 1}}
        - name: m2
          weights: {guard: 0, army: 1}
          values: {army: {capped: 0, free: 1}}
constituencies:
  - name: vote
    party: p
    applies: {army: [capped]}
    threshold: 0.5
    voters:
      - name: v1
        share: 0.5
        weights: {guard: 1, army: 0}
        values: {guard: {none: 0, one: 0.5, both: 1}}
        reservation: {value: 0.5, dist: normal, sd: 0.1}
      - name: v2
        share: 0.5
        weights: {guard: 0, army: 1}
        values: {army: {capped: 0, free: 1}}
`

func polEdit(t testing.TB, old, new string) string {
	t.Helper()
	if !strings.Contains(polBase, old) {
		t.Fatalf("%q is not in the base scenario", old)
	}
	return strings.Replace(polBase, old, new, 1)
}

func TestPoliticsBase(t *testing.T) {
	s, warnings, err := native.Decode(entente.Source{Name: "pol.yaml", Data: []byte(polBase)}, nil)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("the base should be valid: %v %v", err, warnings)
	}
	for _, f := range []native.Format{native.YAML, native.JSON} {
		roundTrip(t, s, f)
	}
}

func TestPoliticsErrors(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"unknown guarantor", polEdit(t, "one: [g1]", "one: [g3]"),
			`pol.yaml:11:13: issues[0].guarantees.one.guarantors: unknown guarantor "g3"; expected one of: g1, g2`},
		{"unknown option guaranteed", polEdit(t, "one: [g1]", "onee: [g1]"),
			`pol.yaml:11:7: issues[0].guarantees.onee: unknown option "onee" of issue "guard"; expected one of: none, one, both (did you mean "one"?)`},
		{"guarantee on a numeric issue", polEdit(t, "  - name: army\n    options: [capped, free]", "  - name: army\n    kind: integer\n    range: [0, 1]\n    guarantees: {}"),
			`pol.yaml:16:5: issues[1].guarantees: issue "army" is integer; only the options of a discrete issue carry guarantees`},
		{"required above guarantors", polEdit(t, "required: 1", "required: 3"),
			`pol.yaml:12:46: issues[0].guarantees.both.required: required 3 is not allowed; expected a whole number from 1 to the number of guarantors (2)`},
		{"required not whole", polEdit(t, "required: 1", "required: 1.5"),
			`pol.yaml:12:46: issues[0].guarantees.both.required: expected how many guarantors must honour it: a whole number >= 1, got 1.5`},
		{"guarantee without guarantors", polEdit(t, "{guarantors: [g1, g2], required: 1}", "{required: 1}"),
			`pol.yaml:12:13: issues[0].guarantees.both.guarantors: missing; a guarantee lists its guarantors`},
		{"credibility above 1", polEdit(t, "credibility: 0.6", "credibility: 1.5"),
			`pol.yaml:4:18: guarantors[0].credibility: credibility 1.5 is not allowed; expected a number in [0,1]`},
		{"missing credibility", polEdit(t, "    credibility: 0.6\n", ""),
			`pol.yaml:3:5: guarantors[0].credibility: missing; a guarantor needs a credibility: the probability, in [0,1], that it honours its guarantee`},
		{"guarantee value on an issue without guarantees", polEdit(t, "army: {capped: 0, free: 1}\n    reservation", "army: {guarantee: {}}\n    reservation"),
			`pol.yaml:20:25: parties[0].values.army.guarantee: issue "army" has no guarantees; list them under the issue's guarantees key to use a guarantee value function`},
		{"guarantee value with an unknown key", polEdit(t, "guard: {guarantee: {}}", "guard: {guarantee: {scal: 1}}"),
			`pol.yaml:19:27: parties[0].values.guard.guarantee.scal: unknown key "scal"; expected one of: scale, offset, none (did you mean "scale"?)`},
		{"rich number with an unknown key", polEdit(t, "{value: 0.5, range: [0.4, 0.6]}", "{value: 0.5, range: [0.4, 0.6], sources: x}"),
			`pol.yaml:6:50: guarantors[1].credibility.sources: unknown key "sources"; expected one of: value, range, dist, sd, source, confidence, note (did you mean "source"?)`},
		{"rich number without value", polEdit(t, "weights: {guard: 0.5, army: 0.5}", "weights: {guard: {range: [0.4, 0.6]}, army: 0.5}"),
			`pol.yaml:17:22: parties[0].weights.guard.value: missing; a number written as a mapping needs its value`},
		{"unknown distribution", polEdit(t, "dist: normal", "dist: gaussian"),
			`pol.yaml:43:41: constituencies[0].voters[0].reservation.dist: unknown distribution "gaussian"; expected uniform, triangular or normal`},
		{"unknown confidence", polEdit(t, "range: [0.4, 0.6]}", "range: [0.4, 0.6], confidence: very}"),
			`pol.yaml:6:62: guarantors[1].credibility.confidence: unknown confidence "very"; expected low, medium or high`},
		{"range without the value", polEdit(t, "range: [0.4, 0.6]}", "range: [0.55, 0.6]}"),
			`pol.yaml:6:38: guarantors[1].credibility.range: range [0.55, 0.6] does not contain the value 0.5`},
		{"range outside the domain", polEdit(t, "range: [0.4, 0.6]}", "range: [0.4, 1.6]}"),
			`pol.yaml:6:38: guarantors[1].credibility.range: range [0.4, 1.6] leaves [0, 1], where a credibility lies`},
		{"triangular without range", polEdit(t, "{value: 0.3, range: [0.2, 0.4], dist: triangular}", "{value: 0.3, dist: triangular}"),
			`pol.yaml:21:37: parties[0].reservation.dist: a triangular distribution needs a range [low, high]`},
		{"normal without sd", polEdit(t, "dist: normal, sd: 0.1", "dist: normal"),
			`pol.yaml:43:22: constituencies[0].voters[0].reservation.sd: a normal distribution needs a standard deviation sd > 0, got 0`},
		{"sd without normal", polEdit(t, "dist: triangular}", "dist: triangular, sd: 0.1}"),
			`pol.yaml:21:72: parties[0].reservation.sd: only a normal distribution has an sd`},
		{"unknown bloc rule", polEdit(t, "rule: qualified", "rule: qualifed"),
			`pol.yaml:23:13: parties[0].bloc.rule: unknown bloc rule "qualifed"; expected unanimity, majority, qualified or leader (did you mean "qualified"?)`},
		{"qualified without threshold", polEdit(t, "      threshold: 0.6\n", ""),
			`pol.yaml:23:7: parties[0].bloc.threshold: missing; a qualified bloc needs the share of its members' weight that must accept, in (0,1]`},
		{"threshold on a majority", polEdit(t, "rule: qualified", "rule: majority"),
			`pol.yaml:24:7: parties[0].bloc.threshold: only a qualified bloc has a threshold; this bloc's rule is majority`},
		{"unknown leader", polEdit(t, "rule: qualified\n      threshold: 0.6", "rule: leader\n      leader: m3"),
			`pol.yaml:24:15: parties[0].bloc.leader: unknown member "m3"; expected one of: m1, m2`},
		{"leader rule without leader", polEdit(t, "rule: qualified\n      threshold: 0.6", "rule: leader"),
			`pol.yaml:23:7: parties[0].bloc.leader: missing; a bloc with rule leader names the member who decides`},
		{"bloc threshold above 1", polEdit(t, "threshold: 0.6", "threshold: 1.6"),
			`pol.yaml:24:18: parties[0].bloc.threshold: threshold 1.6 is not allowed; expected the share of the members' weight needed, in (0,1]`},
		{"member weights do not sum to 1", polEdit(t, "weights: {guard: 1, army: 0}\n          values", "weights: {guard: 0.5, army: 0}\n          values"),
			`pol.yaml:28:20: parties[0].bloc.members[0].weights: the weights sum to 0.5; under normalization as-written the weights of a profile without interaction terms or max_utility must sum to 1 (or use normalization: genius)`},
		{"bloc without members", polEdit(t, "      members:\n", "      membres:\n"),
			`pol.yaml:25:7: parties[0].bloc.membres: unknown key "membres"; expected one of: rule, threshold, leader, members (did you mean "members"?)`},
		{"unknown party of a constituency", polEdit(t, "party: p", "party: q"),
			`pol.yaml:35:12: constituencies[0].party: unknown party "q"; expected one of: p`},
		{"voters and a profile", polEdit(t, "    threshold: 0.5\n    voters:", "    threshold: 0.5\n    reservation: 0.2\n    voters:"),
			`pol.yaml:38:5: constituencies[0].reservation: this constituency lists voters; give each group's preferences under voters, or drop voters for a single ratifier`},
		{"constituency without voters", polEdit(t, "    voters:\n", "    voter:\n"),
			`pol.yaml:38:5: constituencies[0].voter: unknown key "voter"; expected one of: name, description, party, applies, threshold, red_lines, voters, normalization, weights, values, interactions, max_utility, reservation, discount, free_weights (did you mean "voters"?)`},
		{"constituency threshold 0", polEdit(t, "threshold: 0.5", "threshold: 0"),
			`pol.yaml:37:16: constituencies[0].threshold: threshold 0 is not allowed; expected the approval share needed, in (0,1]`},
		{"voter without share", polEdit(t, "        share: 0.5\n        weights: {guard: 0", "        weights: {guard: 0"),
			`pol.yaml:44:9: constituencies[0].voters[1].share: missing; a voter group needs its share of the constituency, in [0,1]`},
		{"applies to an unknown issue", polEdit(t, "applies: {army: [capped]}", "applies: {navy: [capped]}"),
			`pol.yaml:36:15: constituencies[0].applies.navy: unknown issue "navy"; expected one of: guard, army`},
		{"voter utility above 1", polEdit(t, "weights: {guard: 0, army: 1}\n        values: {army: {capped: 0, free: 1}}", "weights: {guard: 0, army: 1}\n        values: {army: {capped: 0, free: 1}}\n        interactions: [{when: {army: free}, value: 0.5}]"),
			`pol.yaml:44:9: constituencies[0].voters[1]: voter group "v2" of constituency "vote": utility reaches 1.5 at guard=none, army=free; utilities must lie in [0,1] (lower the weights or values, or use normalization: genius to cap at 1)`},
		{"rich number where none may be", polEdit(t, "    weights: {guard: 0.5, army: 0.5}", "    max_utility: {value: 1}\n    weights: {guard: 0.5, army: 0.5}"),
			`pol.yaml:17:18: parties[0].max_utility: this number cannot carry a range or a source; write the number alone (see "Numbers with sources and ranges" in docs/format.md)`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, _, err := native.Decode(entente.Source{Name: "pol.yaml", Data: []byte(c.src)}, nil)
			if err == nil {
				t.Fatalf("no error; read %d issues", len(s.Issues))
			}
			if got := err.Error(); got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

// TestPoliticsFile reads testdata/politics.yaml and checks what the model
// holds, that the derived guarantee values and the ratification follow
// from it, and that it comes back through Encode in both syntaxes.
func TestPoliticsFile(t *testing.T) {
	data, err := os.ReadFile("testdata/politics.yaml")
	if err != nil {
		t.Fatal(err)
	}
	s, warnings, err := native.Decode(entente.Source{Name: "politics.yaml", Data: data}, nil)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("%v %v", err, warnings)
	}
	if len(s.Guarantors) != 2 || s.Guarantors[0].Credibility != 0.6 || s.Guarantors[0].Description != "the regional coalition" {
		t.Errorf("guarantors %+v", s.Guarantors)
	}
	g := s.Issues[1].Guarantees
	if len(g) != 2 || g[0].Option != 1 || len(g[0].Guarantors) != 1 || g[1].Option != 2 || len(g[1].Guarantors) != 2 || g[1].Required != 1 {
		t.Errorf("guarantees %+v", g)
	}
	// west values the guarantee options at P(honoured): 0, 0.6, 1-0.4·0.5.
	west := s.Parties[0].Preferences.Values[1]
	for k, want := range []float64{0, 0.6, 0.8} {
		if got := west.Value(float64(k)); math.Abs(got-want) > 1e-15 {
			t.Errorf("west's value of guarantee option %d: %v, want %v", k, got, want)
		}
	}
	// The capital's scaled form: 0.1 + 0.8·P, and none (0) without one.
	capital := s.Constituencies[0].Voters[0].Preferences.Values[1]
	for k, want := range []float64{0, 0.1 + 0.8*0.6, 0.1 + 0.8*0.8} {
		if got := capital.Value(float64(k)); math.Abs(got-want) > 1e-15 {
			t.Errorf("capital's value of guarantee option %d: %v, want %v", k, got, want)
		}
	}
	b := s.Parties[2].Bloc
	if b == nil || b.Rule != entente.BlocQualified || b.Threshold != 0.55 || len(b.Members) != 2 || b.Members[0].Weight != 3 || b.Members[1].Weight != 2 {
		t.Errorf("bloc %+v", b)
	}
	co := s.Constituencies
	if len(co) != 2 || co[0].Party != 0 || co[0].Unitary || len(co[0].Voters) != 2 || !co[1].Unitary || co[1].Party != 1 || co[1].Threshold != 0.667 || len(co[0].Applies) != 1 {
		t.Errorf("constituencies %+v", co)
	}
	wantFields := []string{"guarantors[0].credibility", "parties[0].weights.guarantee", "parties[0].reservation",
		"parties[2].bloc.members[1].weight", "constituencies[0].voters[0].reservation", "constituencies[1].threshold"}
	if len(s.Params) != len(wantFields) {
		t.Fatalf("%d params, want %d", len(s.Params), len(wantFields))
	}
	for k, f := range wantFields {
		if s.Params[k].Field != f {
			t.Errorf("params[%d] is %s, want %s", k, s.Params[k].Field, f)
		}
		if s.Get(s.Params[k].Ref) != s.Params[k].Value {
			t.Errorf("params[%d] (%s) does not locate its number", k, f)
		}
	}
	p := s.Params[0]
	if !p.Ranged || p.Low != 0.4 || p.High != 0.8 || p.Dist != entente.DistUniform || p.Source != "analyst estimate" || p.Confidence != entente.ConfidenceMedium {
		t.Errorf("params[0] %+v", p)
	}
	if p := s.Params[2]; p.Dist != entente.DistNormal || p.SD != 0.05 || !p.Ranged {
		t.Errorf("params[2] %+v", p)
	}
	if p := s.Params[1]; p.Note != "security first" {
		t.Errorf("params[1] %+v", p)
	}
	set, err := ratify.Compile(s)
	if err != nil {
		t.Fatal(err)
	}
	// Holding the line needs no referendum; the council (a single
	// ratifier) approves only when east's border value reaches 0.5 with
	// the army term.
	held := entente.Outcome{0, 2, 1}
	if set.Applies(0, held) || !set.Ratifies(0, held) {
		t.Error("the referendum applies to a package that holds the line")
	}
	for _, f := range []native.Format{native.YAML, native.JSON} {
		roundTrip(t, s, f)
	}
	// Encode writes the model's current number with the annotation.
	c := s.Clone()
	c.Set(c.Params[0].Ref, 0.75)
	out, err := native.Encode(c, native.YAML)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(out), "value: 0.75\n") {
		t.Errorf("the encoded file does not carry the new credibility:\n%s", out)
	}
	back, _, err := native.Decode(entente.Source{Name: "out.yaml", Data: out}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := back.Parties[0].Preferences.Values[1].Value(1); got != 0.75 {
		t.Errorf("after the round trip west values a guarantee by neighbours at %v, want 0.75", got)
	}
}

func TestShareWarning(t *testing.T) {
	src := polEdit(t, "        share: 0.5\n        weights: {guard: 0", "        share: {value: 1.5, range: [1, 2]}\n        weights: {guard: 0")
	s, warnings, err := native.Decode(entente.Source{Name: "pol.yaml", Data: []byte(src)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "pol.yaml:39:7: constituencies[0].voters: the voter shares sum to 2, not 1; they are divided by their sum"
	if len(warnings) != 1 || warnings[0].Error() != want {
		t.Fatalf("warnings %v, want %s", warnings, want)
	}
	v := s.Constituencies[0].Voters
	if v[0].Share != 0.25 || v[1].Share != 0.75 {
		t.Errorf("shares %v %v", v[0].Share, v[1].Share)
	}
	p := s.Params[len(s.Params)-1]
	if p.Field != "constituencies[0].voters[1].share" || p.Value != 0.75 || p.Low != 0.5 || p.High != 1 {
		t.Errorf("the share's annotation was not scaled: %+v", p)
	}
}

// TestSchemaAcceptsPolitics checks the schema against the political
// example and what Encode writes for it.
func TestSchemaAcceptsPolitics(t *testing.T) {
	sch := compileSchema(t)
	for _, src := range []string{"testdata/politics.yaml"} {
		data, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := sch.Validate(yamlToJSON(t, data)); err != nil {
			t.Errorf("%s does not match the schema: %v", src, err)
		}
	}
	if err := sch.Validate(yamlToJSON(t, []byte(polBase))); err != nil {
		t.Errorf("the political base does not match the schema: %v", err)
	}
	for _, bad := range []string{
		polEdit(t, "rule: qualified", "rule: qualifed"),
		polEdit(t, "dist: normal", "dist: gaussian"),
		polEdit(t, "credibility: 0.6", "credibility: {vale: 0.6}"),
		polEdit(t, "party: p", "partie: p"),
	} {
		if err := sch.Validate(yamlToJSON(t, []byte(bad))); err == nil {
			t.Errorf("the schema accepts a broken file:\n%s", bad)
		}
	}
}

// TestRichNumbersEverywhere annotates a number in every place that takes
// one, and checks that each becomes a Param that locates its number and
// that all of them come back through Encode.
func TestRichNumbersEverywhere(t *testing.T) {
	src := `entente: 1
guarantors:
  - {name: g1, credibility: {value: 0.9, confidence: high}}
  - {name: g2, credibility: 0.5}
issues:
  - name: a
    options: [x, y, z]
    guarantees: {z: {guarantors: [g1, g2], required: 2}}
  - {name: n, kind: integer, range: [8, 10]}
  - {name: r, kind: real, range: [0, 1]}
parties:
  - name: p
    normalization: genius
    weights: {a: {value: 0.5, range: [0.25, 0.75]}, n: 0.25, r: 0.25}
    values:
      a: {x: {value: 0, note: floor}, y: 1, z: 0.5}
      n: {008: {value: 1, source: s}, 9: 0.5, 1e1: 0}
      r: {piecewise: [[0, {value: 1, range: [0.5, 1]}], [1, 0]]}
    interactions:
      - {when: {a: y}, value: {value: -0.1, range: [-0.2, 0]}}
    reservation: {value: 0.4, dist: normal, sd: 0.1}
    discount: {value: 0.9, range: [0.8, 1], dist: triangular}
  - name: q
    weights: {a: 0.5, n: 0.25, r: 0.25}
    values:
      a: {value: 0.5, range: [0, 1]}
      n: {linear: {offset: {value: 0, source: s}, slope: {value: 0.5, range: [0.4, 0.5]}, origin: 8}}
      r: {triangular: {low: 0, top: 0.5, high: 1}}
    bloc:
      rule: qualified
      threshold: {value: 0.6, range: [0.5, 0.7]}
      members:
        - {name: m, weight: {value: 2, note: votes}, weights: {a: 1, n: 0, r: 0}, values: {a: {guarantee: {}}}}
constituencies:
  - name: c
    party: q
    threshold: {value: 0.5, confidence: low}
    voters:
      - {name: v, share: {value: 1, source: census}, weights: {a: 1, n: 0, r: 0}, values: {a: {x: 1, y: 0, z: 0}}}
`
	s, warnings, err := native.Decode(entente.Source{Name: "rich.yaml", Data: []byte(src)}, nil)
	if err != nil || len(warnings) > 0 {
		t.Fatalf("%v %v", err, warnings)
	}
	want := []string{"guarantors[0].credibility", "parties[0].weights.a", "parties[0].values.a.x", "parties[0].values.n.8",
		"parties[0].values.r.piecewise[0][1]", "parties[0].interactions[0].value", "parties[0].reservation", "parties[0].discount",
		"parties[1].values.a", "parties[1].values.n.linear.offset", "parties[1].values.n.linear.slope",
		"parties[1].bloc.threshold", "parties[1].bloc.members[0].weight",
		"constituencies[0].threshold", "constituencies[0].voters[0].share"}
	var got []string
	for k := range s.Params {
		p := &s.Params[k]
		got = append(got, p.Field)
		if !s.Locate(p.Ref) || s.Get(p.Ref) != p.Value {
			t.Errorf("%s does not locate its number", p.Field)
		}
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("params:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if s.Issues[0].Guarantees[0].Required != 2 || math.Abs(s.GuaranteeValue(0, 2)-0.45) > 1e-15 {
		t.Errorf("guarantee %+v worth %v", s.Issues[0].Guarantees, s.GuaranteeValue(0, 2))
	}
	for _, f := range []native.Format{native.YAML, native.JSON} {
		roundTrip(t, s, f)
	}
}
