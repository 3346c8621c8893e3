package genius_test

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/genius"
)

// issues used by the encoding tests: one of each kind, and two integer
// issues for interaction terms.
func testIssues() []entente.Issue {
	return []entente.Issue{
		{Name: "colour", Kind: entente.Discrete, Options: []string{"red", "green", "blue"}},
		{Name: "count", Kind: entente.Integer, Min: 3, Max: 7},
		{Name: "price", Kind: entente.Real, Min: 10, Max: 20},
	}
}

func gridIssues() []entente.Issue {
	return []entente.Issue{
		{Name: "a", Kind: entente.Integer, Min: 0, Max: 4},
		{Name: "b", Kind: entente.Integer, Min: -2, Max: 3},
		{Name: "c", Kind: entente.Integer, Min: 1, Max: 3},
	}
}

func scenario(issues []entente.Issue, prefs ...entente.Preferences) *entente.Scenario {
	s := &entente.Scenario{Name: "test", Issues: issues}
	for i, p := range prefs {
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprintf("party%d", i+1), Preferences: p})
	}
	return s
}

// TestEncodeRoundTrip encodes scenarios that GENIUS can express exactly,
// though not always in the form entente holds them, and checks that
// decoding gives the same utilities.
func TestEncodeRoundTrip(t *testing.T) {
	box := func(conds ...entente.Condition) entente.Box { return conds }
	tests := []struct {
		name string
		s    *entente.Scenario
	}{
		{"as-written values are divided by their maximum", scenario(testIssues(), entente.Preferences{
			Weights: []float64{0.5, 0.3, 0.2},
			Values: []entente.ValueFunc{
				entente.Table{Values: []float64{0.2, 0.6, 0}},
				entente.Linear{Offset: 1, Slope: -0.25, Origin: 3, Clamp: true},
				entente.Linear{Offset: 2, Slope: -0.1, Clamp: true},
			},
			Reservation: 0.2, Discount: 0.8,
		})},
		{"tiny as-written values are not zeroed", scenario(testIssues(), entente.Preferences{
			Weights: []float64{0.5, 0, 0},
			Values:  []entente.ValueFunc{entente.Table{Values: []float64{1e-7, 3e-7, 0}}, nil, nil},
		})},
		{"GENIUS tables are written as stored", scenario(testIssues(), entente.Preferences{
			Normalization: entente.Genius,
			Weights:       []float64{0.6, 0.3, 0.2},
			Values: []entente.ValueFunc{
				entente.Table{Values: []float64{70, 100, 0}},
				entente.Linear{Offset: 0.5, Slope: 0.2, Origin: 3, Clamp: true},
				entente.Constant{V: -0.1},
			},
			Discount: 1.5, Reservation: -0.25,
		})},
		{"integer lines with any origin", scenario(testIssues(),
			entente.Preferences{Weights: []float64{0, 0.6, 0.4}, Values: []entente.ValueFunc{nil, entente.Linear{Offset: -0.2, Slope: 0.3, Origin: 0, Clamp: true}, entente.Constant{V: 0.5}}},
			entente.Preferences{Weights: []float64{0, 0.6, 0.4}, Values: []entente.ValueFunc{nil, entente.Linear{Offset: 0.1, Slope: 0.1, Origin: 2.5, Clamp: true}, entente.Constant{V: 0.5}}},
			entente.Preferences{Weights: []float64{0, 0.6, 0.4}, Values: []entente.ValueFunc{nil, entente.Linear{Offset: 0.9, Slope: -0.2, Origin: 3}, entente.Constant{V: 0.5}}},
		)},
		{"unclamped lines above 1 are scaled", scenario(testIssues(), entente.Preferences{
			Normalization: entente.Genius,
			Weights:       []float64{0, 0.2, 0.1},
			Values:        []entente.ValueFunc{nil, entente.Linear{Offset: 1, Slope: 0.5, Origin: 3}, entente.Linear{Offset: -1, Slope: 0.2}},
		})},
		{"constants on discrete and integer issues", scenario(testIssues(), entente.Preferences{
			Weights: []float64{0.1, 0.2, 0.3},
			Values:  []entente.ValueFunc{entente.Constant{V: 2}, entente.Constant{V: 1.5}, entente.Constant{V: 0.5}},
		})},
		{"real issues: shifted line, triangle, constant", scenario(testIssues(),
			entente.Preferences{Weights: []float64{0, 0, 1}, Values: []entente.ValueFunc{nil, nil, entente.Linear{Offset: 0.2, Slope: 0.1, Origin: 12, Clamp: true}}},
			entente.Preferences{Weights: []float64{0, 0, 1}, Values: []entente.ValueFunc{nil, nil, entente.Triangular{Low: 11, Top: 14, High: 18}}},
			entente.Preferences{Weights: []float64{0, 0, 1}, Values: []entente.ValueFunc{nil, nil, entente.Linear{Offset: 0.5, Slope: -0.02, Origin: 10}}},
		)},
		{"max utility is folded into the weights", scenario(testIssues(), entente.Preferences{
			Normalization: entente.Genius, MaxUtility: 4,
			Weights: []float64{2, 1, 1},
			Values:  []entente.ValueFunc{entente.Table{Values: []float64{1, 2, 4}}, entente.Linear{Offset: 1, Slope: -0.25, Origin: 3, Clamp: true}, entente.Triangular{Low: 10, Top: 15, High: 20}},
		})},
		{"a reservation outcome is written as its utility", scenario(testIssues(), entente.Preferences{
			Weights:            []float64{0.5, 0.5, 0},
			Values:             []entente.ValueFunc{entente.Table{Values: []float64{1, 0.5, 0}}, entente.Linear{Offset: 0, Slope: 0.25, Origin: 3, Clamp: true}, nil},
			ReservationOutcome: entente.Outcome{1, 5, 10},
		})},
		{"interaction terms become hyper-rectangles", scenario(gridIssues(),
			entente.Preferences{Normalization: entente.Genius, MaxUtility: 12, Interactions: []entente.Interaction{
				{Value: 5, Boxes: []entente.Box{box(entente.Condition{Issue: 0, Min: 1, Max: 3}, entente.Condition{Issue: 1, Min: -1, Max: 1})}},
				{Value: 3, Outside: true, Boxes: []entente.Box{box(entente.Condition{Issue: 2, Min: 2, Max: 2})}},
				{Value: 4, Boxes: []entente.Box{{}}},
				{Value: -2, Boxes: []entente.Box{box(entente.Condition{Issue: 0, Min: 0.5, Max: 2.7}, entente.Condition{Issue: 0, Min: 2, Max: 9})}},
			}},
			entente.Preferences{MaxUtility: 10, Interactions: []entente.Interaction{
				// A union of overlapping boxes, inside and outside.
				{Value: 4, Boxes: []entente.Box{
					box(entente.Condition{Issue: 0, Min: 0, Max: 2}),
					box(entente.Condition{Issue: 0, Min: 1, Max: 3}, entente.Condition{Issue: 1, Min: 0, Max: 3}),
					box(entente.Condition{Issue: 2, Min: 3, Max: 3}),
				}},
				{Value: 3, Outside: true, Boxes: []entente.Box{
					box(entente.Condition{Issue: 1, Min: -5, Max: 0}),
					box(entente.Condition{Issue: 2, Min: 1, Max: 2}, entente.Condition{Issue: 0, Min: 4, Max: 4}),
				}},
				{Value: 2, Outside: true, Boxes: []entente.Box{{}}},                                               // never applies
				{Value: 2, Boxes: []entente.Box{box(entente.Condition{Issue: 0, Min: 5, Max: 9})}},                // empty region
				{Value: 1, Outside: true, Boxes: []entente.Box{box(entente.Condition{Issue: 0, Min: 7, Max: 9})}}, // always applies
			}},
		)},
		{"texts GENIUS's parser and XML both read", &entente.Scenario{
			Name:        `a "quoted" & <odd> name`,
			Description: "what the\tscenario is\nabout",
			Issues: []entente.Issue{
				{Name: `19'' LCD`, Description: `sizes in "inches"`, Kind: entente.Discrete, Options: []string{`19'' LCD`, `say "hi"`, `both ' and "`, "trailing space ", " lead", "a & b < c > d", "tab\tand\nnewline\r", "$4.37, 5%+", "日本"}},
				{Name: "Price ($)", Kind: entente.Integer, Min: -5, Max: 5},
			},
			Parties: []entente.Party{{Name: "p", Preferences: entente.Preferences{
				Weights: []float64{0.5, 0.5},
				Values: []entente.ValueFunc{
					entente.Table{Values: []float64{0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9}},
					entente.Linear{Offset: 0, Slope: 0.1, Origin: -5, Clamp: true},
				},
			}}},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if errs := tt.s.Validate(); len(errs) > 0 {
				t.Fatalf("invalid test scenario: %v", errs)
			}
			back := roundTrip(t, tt.s)
			for i := range tt.s.Issues {
				a, b := &tt.s.Issues[i], &back.Issues[i]
				if a.Name != b.Name || a.Description != b.Description || strings.Join(a.Options, "|") != strings.Join(b.Options, "|") {
					t.Errorf("issue %q (%q) %q came back as %q (%q) %q", a.Name, a.Description, a.Options, b.Name, b.Description, b.Options)
				}
			}
			if back.Description != tt.s.Description {
				t.Errorf("description %q came back as %q", tt.s.Description, back.Description)
			}
			d, ps, err := genius.Encode(tt.s)
			if err != nil {
				t.Fatal(err)
			}
			for p, data := range ps {
				checkGeniusReadable(t, d, data, tt.s.Parties[p].Name)
			}
		})
	}
}

// TestEncodeUnsupported checks that what GENIUS cannot express is refused
// with the party, the issue and the reason.
func TestEncodeUnsupported(t *testing.T) {
	one := func(vf entente.ValueFunc, issue int) entente.Preferences {
		p := entente.Preferences{Weights: []float64{0, 0, 0}, Values: make([]entente.ValueFunc, 3)}
		p.Weights[issue], p.Values[issue] = 0.5, vf
		return p
	}
	cond := entente.Condition{Issue: 0, Min: 1, Max: 2}
	many := make([]entente.Box, 13)
	for k := range many {
		many[k] = entente.Box{{Issue: 0, Min: float64(k % 5), Max: float64(k % 5)}, {Issue: 1, Min: float64(k%6 - 2), Max: 3}}
	}
	tests := []struct {
		name string
		s    *entente.Scenario
		code string
		want string
	}{
		{"piecewise on a real issue", scenario(testIssues(), one(entente.Piecewise{X: []float64{10, 20}, Y: []float64{0, 1}}, 2)), entente.EUnsupported,
			`parties[0].values.price: party "party1": issue "price": GENIUS real issues take a linear, triangular or constant evaluator, not a piecewise function`},
		{"table on an integer issue", scenario(testIssues(), one(entente.Table{Values: []float64{0, 0.2, 0.4, 0.6, 1}, Base: 3}, 1)), entente.EUnsupported,
			`parties[0].values.count: party "party1": issue "count": GENIUS integer issues take only a linear evaluator, not a table of values`},
		{"triangle on an integer issue", scenario(testIssues(), one(entente.Triangular{Low: 3, Top: 5, High: 7}, 1)), entente.EUnsupported,
			`parties[0].values.count: party "party1": issue "count": GENIUS integer issues take only a linear evaluator, not a triangular one`},
		{"line below 0", scenario(testIssues(), one(entente.Linear{Offset: 0.5, Slope: -0.2, Origin: 3}, 1)), entente.EUnsupported,
			`parties[0].values.count: party "party1": issue "count": the line falls to -0.3, and GENIUS clamps integer evaluators to [0,1]`},
		{"negative constant on a discrete issue", scenario(testIssues(), one(entente.Constant{V: -1}, 0)), entente.EUnsupported,
			`parties[0].values.colour: party "party1": issue "colour": value -1 for option "red" is negative; GENIUS evaluations are >= 0`},
		{"as-written utilities above 1", scenario(testIssues(), entente.Preferences{Weights: []float64{0.9, 0.9, 0}, Values: []entente.ValueFunc{entente.Table{Values: []float64{1, 0, 0}}, entente.Constant{V: 1}, nil}}), entente.EUnsupported,
			`parties[0]: party "party1": utilities reach 1.8 (normalization as-written, not capped), and GENIUS caps every utility at 1`},
		{"interactions with an additive part", scenario(gridIssues(), entente.Preferences{Weights: []float64{1, 0, 0}, Values: []entente.ValueFunc{entente.Linear{Slope: 0.1, Clamp: true}, nil, nil},
			Interactions: []entente.Interaction{{Value: 0.1, Boxes: []entente.Box{{cond}}}}}), entente.EUnsupported,
			`parties[0].interactions: party "party1": a GENIUS profile is either linear-additive or made of hyper-rectangles; this one mixes 1 interaction term(s) with an additive part`},
		{"interaction on a discrete issue", scenario(testIssues(), entente.Preferences{Interactions: []entente.Interaction{{Value: 0.5, Boxes: []entente.Box{{{Issue: 0, Options: []int{1}}}}}}}), entente.EUnsupported,
			`parties[0].interactions[0]: party "party1": interaction 1: it bounds the discrete issue "colour", and GENIUS hyper-rectangles bound integer issues only`},
		{"interaction on a real issue", scenario(testIssues(), entente.Preferences{Interactions: []entente.Interaction{{Value: 0.5, Boxes: []entente.Box{{{Issue: 2, Min: 11, Max: 12}}}}}}), entente.EUnsupported,
			`parties[0].interactions[0]: party "party1": interaction 1: it bounds the real issue "price", and GENIUS hyper-rectangles bound integer issues only`},
		{"a union of too many boxes", scenario(gridIssues(), entente.Preferences{Interactions: []entente.Interaction{{Value: 0.5, Boxes: many}}}), entente.EUnsupported,
			`parties[0].interactions[0]: party "party1": interaction 1: a union of 13 boxes needs up to 2^13 hyper-rectangles; at most 12 boxes can be written`},
		{"a weight that overflows", scenario(testIssues(), entente.Preferences{Normalization: entente.Genius, Weights: []float64{0, 1e308, 0}, Values: []entente.ValueFunc{nil, entente.Linear{Offset: 100, Origin: 3}, nil}}), entente.EUnsupported,
			`parties[0].weights.count: party "party1": issue "count": the weight GENIUS needs overflows`},
		{"a line that cannot move its origin", scenario(testIssues(), one(entente.Linear{Offset: 0.5, Slope: 1e15, Origin: 15, Clamp: true}, 2)), entente.EUnsupported,
			`parties[0].values.price: party "party1": issue "price": the line cannot be moved to origin 0 exactly (at 15 it gives 0 instead of 0.5)`},
		{"an agreement rule", func() *entente.Scenario {
			s := scenario(testIssues(), one(entente.Constant{V: 1}, 0), one(entente.Constant{V: 1}, 0))
			s.Rules = []entente.Rule{{Kind: entente.Affected, Parties: []int{1}, Issues: []int{0}}}
			return s
		}(), entente.EUnsupported,
			`rules[0]: GENIUS has no agreement rules beyond unanimity of all parties; remove the affected rule to export`},
		{"a control character", scenario([]entente.Issue{{Name: "bell\x07", Kind: entente.Integer, Max: 1}}, entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{entente.Constant{V: 1}}}), entente.EUnsupported,
			`issues[0].name: issue name "bell\a" contains the character U+0007, which XML cannot hold`},
		{"bounds beyond 32 bits", scenario([]entente.Issue{{Name: "big", Kind: entente.Integer, Min: 0, Max: 1 << 40}}, entente.Preferences{Weights: []float64{1}, Values: []entente.ValueFunc{entente.Constant{V: 1}}}), entente.EUnsupported,
			`issues[0].range: issue "big": bounds 0..1.099511627776e+12 do not fit GENIUS's 32-bit integers`},
		{"guarantors", func() *entente.Scenario {
			s := scenario(testIssues(), one(entente.Constant{V: 1}, 0))
			s.Guarantors = []entente.Guarantor{{Name: "g", Credibility: 0.5}}
			return s
		}(), entente.EUnsupported,
			`guarantors: GENIUS cannot express guarantors; write the scenario in the native format, or remove it to export`},
		{"a bloc", func() *entente.Scenario {
			s := scenario(testIssues(), one(entente.Constant{V: 1}, 0))
			s.Parties[0].Bloc = &entente.Bloc{Members: []entente.Member{{Name: "m", Weight: 1, Preferences: one(entente.Constant{V: 1}, 0)}}}
			return s
		}(), entente.EUnsupported,
			`parties[0].bloc: GENIUS cannot express a bloc; write the scenario in the native format, or remove it to export`},
		{"an annotated number", func() *entente.Scenario {
			s := scenario(testIssues(), one(entente.Constant{V: 1}, 0))
			s.Params = []entente.Param{{Ref: entente.Ref{Kind: entente.RefWeight, Index: 0}, Field: "parties[0].weights.colour", Value: 0.5, Source: "guess"}}
			return s
		}(), entente.EUnsupported,
			`parties[0].weights.colour: GENIUS cannot express a number with a source, a range or a distribution; write the scenario in the native format, or remove it to export`},
		{"an invalid scenario", scenario(testIssues(), entente.Preferences{Weights: []float64{-1, 0, 0}, Values: []entente.ValueFunc{entente.Constant{V: 1}, nil, nil}}), entente.EInvalid,
			`parties[0].weights.colour: weight -1 is not allowed; expected a finite number >= 0`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d, ps, err := genius.Encode(tt.s)
			if err == nil {
				t.Fatalf("encoded:\n%s\n%s", d, ps)
			}
			if d != nil || ps != nil {
				t.Error("files returned with an error")
			}
			if got := err.Error(); got != tt.want {
				t.Errorf("error:\n%s\nwant:\n%s", got, tt.want)
			}
			var list entente.ErrorList
			if !errors.As(err, &list) || entente.ErrorCode(err) != tt.code {
				t.Errorf("error %T with code %q, want an ErrorList with code %q", err, entente.ErrorCode(err), tt.code)
			}
		})
	}
}

// TestEncodeLayout checks the written domain's form: issues numbered 1..n
// under objective 0, with type, etype and vtype all set.
func TestEncodeLayout(t *testing.T) {
	s, _, err := decodeStrings(edit(t, domainXML, `index="0"`, `index="7"`, `index="1" name="Colour"`, `index="5" name="Colour"`), edit(t, profileXML, `index="1"`, `index="5"`, `index="1"`, `index="5"`))
	if err != nil {
		t.Fatal(err)
	}
	d, _, err := genius.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`<objective index="0" name="d" type="objective" etype="objective" description="">`,
		`<issue index="1" name="Colour" type="discrete" etype="discrete" vtype="discrete">`,
		`<issue index="2" name="Quantity" type="integer" etype="integer" vtype="integer" lowerbound="1" upperbound="5"/>`,
		`<issue index="3" name="Price" type="real" etype="real" vtype="real">`,
		`<range lowerbound="10" upperbound="20"/>`,
	} {
		if !bytes.Contains(d, []byte(want)) {
			t.Errorf("the domain lacks %s:\n%s", want, d)
		}
	}
}

// checkGeniusReadable parses an encoded domain and profile the way GENIUS
// 10.4's SimpleDOMParser does (tags read up to '>', attribute values kept
// as written, entities not decoded) and checks that every discrete value
// of the profile is, as GENIUS sees it, the same text as in the domain, in
// the same order.
func checkGeniusReadable(t *testing.T, domain, profile []byte, party string) {
	t.Helper()
	values := func(data []byte) map[string][]string {
		out := map[string][]string{}
		issue := ""
		for _, tag := range geniusTags(t, data) {
			switch tag.name {
			case "issue":
				issue = tag.attrs["index"]
			case "item":
				out[issue] = append(out[issue], tag.attrs["value"])
			}
		}
		return out
	}
	dv, pv := values(domain), values(profile)
	if fmt.Sprint(dv) != fmt.Sprint(pv) {
		t.Errorf("party %q: GENIUS would read the domain's values %q but the profile's %q", party, dv, pv)
	}
}

type geniusTag struct {
	name  string
	attrs map[string]string
}

// geniusTags splits a document into start tags as SimpleDOMParser does.
func geniusTags(t *testing.T, data []byte) []geniusTag {
	t.Helper()
	var tags []geniusTag
	s := string(data)
	for {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			return tags
		}
		j := strings.IndexByte(s[i:], '>')
		if j < 0 {
			t.Fatalf("GENIUS would not find the end of a tag in %q", s[i:])
		}
		tag := strings.TrimSpace(s[i : i+j+1])
		s = s[i+j+1:]
		if strings.HasPrefix(tag, "</") {
			continue
		}
		sp := strings.IndexByte(tag, ' ')
		if sp < 0 {
			tags = append(tags, geniusTag{name: strings.Trim(tag, "</>")})
			continue
		}
		g := geniusTag{name: tag[1:sp], attrs: map[string]string{}}
		rest := tag[sp+1:]
		for {
			rest = strings.TrimSpace(rest)
			if rest == "/>" || rest == ">" {
				break
			}
			eq := strings.IndexByte(rest, '=')
			if eq < 0 || eq+1 >= len(rest) || (rest[eq+1] != '"' && rest[eq+1] != '\'') {
				t.Fatalf("GENIUS would fail on the attributes %q", rest)
			}
			name, q := rest[:eq], rest[eq+1]
			end := strings.IndexByte(rest[eq+2:], q)
			if end < 0 {
				t.Fatalf("GENIUS would fail on the attributes %q", rest)
			}
			g.attrs[name] = rest[eq+2 : eq+2+end]
			rest = rest[eq+2+end+1:]
		}
		tags = append(tags, g)
	}
}

func TestEncodeNumbers(t *testing.T) {
	// Weights and evaluations must survive a text round trip bit for bit.
	vals := []float64{math.SmallestNonzeroFloat64, 1.0 / 3, 2.846725704167068e-18, 0.1 + 0.2, 1}
	s := scenario([]entente.Issue{{Name: "x", Kind: entente.Discrete, Options: []string{"a", "b", "c", "d", "e"}}},
		entente.Preferences{Normalization: entente.Genius, Weights: []float64{1.0 / 7}, Values: []entente.ValueFunc{entente.Table{Values: vals}}})
	back := roundTrip(t, s)
	got := back.Parties[0].Preferences
	if got.Weights[0] != 1.0/7 || fmt.Sprint(got.Values[0]) != fmt.Sprint(entente.Table{Values: vals}) {
		t.Errorf("weights %v and values %v came back", got.Weights, got.Values)
	}
}
