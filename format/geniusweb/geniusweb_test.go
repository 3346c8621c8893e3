package geniusweb_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/geniusweb"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// A small scenario of our own. The profile embeds the domain on one line.
const (
	testDomain = `{"name": "picnic", "issuesValues": {"food": {"values": ["bread", "fruit"]}, "drink": {"values": ["tea", "beer"]}}}`

	testProfile = `{"LinearAdditiveUtilitySpace": {
 "name": "alice",
 "domain": {"name": "picnic", "issuesValues": {"food": {"values": ["bread", "fruit"]}, "drink": {"values": ["tea", "beer"]}}},
 "issueUtilities": {
  "food": {"discreteutils": {"valueUtilities": {"bread": 1, "fruit": 0.5}}},
  "drink": {"discreteutils": {"valueUtilities": {"tea": 0.2, "beer": 1.0}}}
 },
 "issueWeights": {"food": 0.6, "drink": 0.4},
 "reservationBid": {"issuevalues": {"food": "fruit", "drink": "tea"}}
}}
`
)

// edit applies replacements to s, failing when one does not apply.
func edit(t *testing.T, s string, pairs ...string) string {
	t.Helper()
	for i := 0; i+1 < len(pairs); i += 2 {
		if !strings.Contains(s, pairs[i]) {
			t.Fatalf("test input does not contain %q", pairs[i])
		}
		s = strings.Replace(s, pairs[i], pairs[i+1], 1)
	}
	return s
}

func src(name, data string) entente.Source {
	return entente.Source{Name: name, Data: []byte(data)}
}

func TestDecodeSmall(t *testing.T) {
	s, warnings, err := geniusweb.Decode(src("dir/picnic.json", testDomain), src("dir/alice.json", testProfile))
	if err != nil || len(warnings) > 0 {
		t.Fatalf("err %v, warnings %v", err, warnings)
	}
	if s.Name != "picnic" || len(s.Issues) != 2 || s.Issues[0].Name != "food" || s.Issues[1].Name != "drink" {
		t.Fatalf("scenario %q with issues %+v", s.Name, s.Issues)
	}
	if got := strings.Join(s.Issues[1].Options, ","); got != "tea,beer" {
		t.Errorf("drink options %s", got)
	}
	pa := s.Parties[0]
	if pa.Name != "alice" {
		t.Errorf("party name %q", pa.Name)
	}
	pr := pa.Preferences
	if pr.Normalization != entente.AsWritten || fmt.Sprint(pr.Weights) != "[0.6 0.4]" ||
		fmt.Sprint(pr.Values) != "[{[1 0.5] 0} {[0.2 1] 0}]" || fmt.Sprint(pr.ReservationOutcome) != "[1 0]" {
		t.Errorf("preferences %+v", pr)
	}
	f, err := utility.New(s.Issues, &pr)
	if err != nil {
		t.Fatal(err)
	}
	if rv := f.Reservation(); math.Abs(rv-(0.6*0.5+0.4*0.2)) > 1e-15 {
		t.Errorf("reservation value %v", rv)
	}

	// Without the domain file, the embedded domain is used.
	s2, _, err := geniusweb.Decode(entente.Source{}, src("alice.json", testProfile))
	if err != nil {
		t.Fatal(err)
	}
	assertSameUtilities(t, s, s2, 0)
}

func TestDecodeWarnings(t *testing.T) {
	cases := []struct {
		name, domain, profile, want string
		reservation                 float64
	}{
		{
			name:    "unknown key",
			domain:  edit(t, testDomain, `"name": "picnic",`, `"name": "picnic", "colour": "red",`),
			profile: testProfile,
			want:    `d.json:1:20: colour: unknown key "colour" ignored (expected name, issuesValues)`,
		},
		{
			name:        "partial reservation bid",
			domain:      testDomain,
			profile:     edit(t, testProfile, `"food": "fruit", "drink": "tea"`, `"food": "fruit"`),
			want:        `p.json:9:36: LinearAdditiveUtilitySpace.reservationBid.issuevalues: the reservation bid is partial (no value for "drink"); those issues contribute 0, so the reservation value is 0.3`,
			reservation: 0.3,
		},
		{
			name:    "value order",
			domain:  testDomain,
			profile: edit(t, testProfile, `["tea", "beer"]}}}`, `["beer", "tea"]}}}`),
			want:    `p.json:3:108: LinearAdditiveUtilitySpace.domain.issuesValues.drink.values: the values of issue "drink" are listed in another order than in the domain file d.json; using the order of the domain file d.json`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, warnings, err := geniusweb.Decode(src("d.json", c.domain), src("p.json", c.profile))
			if err != nil {
				t.Fatal(err)
			}
			if warnings.Error() != c.want {
				t.Errorf("warnings\n%v\nwant\n%s", warnings, c.want)
			}
			for _, w := range warnings {
				if w.Code != entente.EWarning {
					t.Errorf("code %q", w.Code)
				}
			}
			if got := s.Parties[0].Preferences.Reservation; got != c.reservation {
				t.Errorf("reservation value %v, want %v", got, c.reservation)
			}
		})
	}
}

// TestDecodeErrors checks the exact text of the errors for broken files.
func TestDecodeErrors(t *testing.T) {
	noDomain := "-" // marks an absent domain file
	cases := []struct {
		name            string
		domain, profile string
		code            string
		want            string
	}{
		{
			name:    "malformed profile",
			domain:  testDomain,
			profile: edit(t, testProfile, `"drink": 0.4}`, `"drink" 0.4}`),
			code:    entente.EInvalid,
			want:    `p.json:8:40: malformed JSON: invalid character '0' after object key`,
		},
		{
			name:    "trailing comma",
			domain:  edit(t, testDomain, `"beer"]`, `"beer",]`),
			profile: testProfile,
			code:    entente.EInvalid,
			want:    `d.json:1:112: malformed JSON: invalid character ']' looking for beginning of value`,
		},
		{
			name:    "truncated domain",
			domain:  "{\"name\": \"picnic\",\n  \"issuesValues\": {",
			profile: testProfile,
			code:    entente.EInvalid,
			want:    `d.json:2:20: malformed JSON: unexpected end of JSON input`,
		},
		{
			name:    "empty domain file",
			domain:  "",
			profile: testProfile,
			code:    entente.EInvalid,
			want:    `d.json:1:1: malformed JSON: unexpected end of JSON input`,
		},
		{
			name:    "weights do not sum to 1",
			domain:  testDomain,
			profile: edit(t, testProfile, `"drink": 0.4}`, `"drink": 0.3}`),
			code:    entente.EInvalid,
			want:    `p.json:8:18: LinearAdditiveUtilitySpace.issueWeights: the weights sum to 0.9; GeniusWeb needs them to sum to 1`,
		},
		{
			name:    "unknown value",
			domain:  testDomain,
			profile: edit(t, testProfile, `"fruit": 0.5`, `"fruit": 0.5, "cake": 0.1`),
			code:    entente.EInvalid,
			want:    `p.json:5:75: LinearAdditiveUtilitySpace.issueUtilities.food.discreteutils.valueUtilities.cake: "cake" is not a value of issue "food"`,
		},
		{
			name:    "missing value utility",
			domain:  testDomain,
			profile: edit(t, testProfile, `"bread": 1, "fruit": 0.5`, `"bread": 1`),
			code:    entente.EInvalid,
			want:    `p.json:5:48: LinearAdditiveUtilitySpace.issueUtilities.food.discreteutils.valueUtilities: value "fruit" of issue "food" has no utility; give one for every value`,
		},
		{
			name:    "value utility above 1",
			domain:  testDomain,
			profile: edit(t, testProfile, `"fruit": 0.5`, `"fruit": 1.5`),
			code:    entente.EInvalid,
			want:    `p.json:5:70: LinearAdditiveUtilitySpace.issueUtilities.food.discreteutils.valueUtilities.fruit: utility 1.5 is outside [0,1]; GeniusWeb value utilities lie in [0,1]`,
		},
		{
			name:    "value utility not a number",
			domain:  testDomain,
			profile: edit(t, testProfile, `"tea": 0.2`, `"tea": null`),
			code:    entente.EInvalid,
			want:    `p.json:6:57: LinearAdditiveUtilitySpace.issueUtilities.drink.discreteutils.valueUtilities.tea: expected a utility in [0,1], found null`,
		},
		{
			name:    "embedded domain mismatch",
			domain:  testDomain,
			profile: edit(t, testProfile, `"beer"]}}},`, `"wine"]}}},`, `"picnic"`, `"lunch"`),
			code:    entente.EInvalid,
			want: `p.json:3:21: LinearAdditiveUtilitySpace.domain.name: the embedded domain is named "lunch", but the domain file d.json names it "picnic"` + "\n" +
				`p.json:3:115: LinearAdditiveUtilitySpace.domain.issuesValues.drink.values[1]: the embedded domain gives issue "drink" the value "wine", which is not in the domain file d.json` + "\n" +
				`p.json:3:107: LinearAdditiveUtilitySpace.domain.issuesValues.drink.values: the embedded domain lacks the value "beer" of issue "drink" in the domain file d.json`,
		},
		{
			name:    "embedded domain lacks an issue",
			domain:  edit(t, testDomain, `}}}`, `}, "place": {"values": ["park"]}}}`),
			profile: testProfile,
			code:    entente.EInvalid,
			want:    `p.json:3:47: LinearAdditiveUtilitySpace.domain.issuesValues: the embedded domain lacks the issue "place" of the domain file d.json`,
		},
		{
			name:    "unknown profile type",
			domain:  testDomain,
			profile: edit(t, testProfile, `LinearAdditiveUtilitySpace`, `SumOfGroupsUtilitySpace`),
			code:    entente.EUnsupported,
			want:    `p.json:1:2: SumOfGroupsUtilitySpace: profile type "SumOfGroupsUtilitySpace" is not supported; entente reads LinearAdditiveUtilitySpace profiles only`,
		},
		{
			name:    "reservation bid with unknown value",
			domain:  testDomain,
			profile: edit(t, testProfile, `"drink": "tea"`, `"drink": "coffee"`),
			code:    entente.EInvalid,
			want:    `p.json:9:63: LinearAdditiveUtilitySpace.reservationBid.issuevalues.drink: "coffee" is not a value of issue "drink"`,
		},
		{
			name:    "reservation bid with unknown issue",
			domain:  testDomain,
			profile: edit(t, testProfile, `"drink": "tea"`, `"drink": "tea", "music": "jazz"`),
			code:    entente.EInvalid,
			want:    `p.json:9:70: LinearAdditiveUtilitySpace.reservationBid.issuevalues.music: issue "music" is not in the domain`,
		},
		{
			name:    "empty value set",
			domain:  edit(t, testDomain, `["tea", "beer"]`, `[]`),
			profile: testProfile,
			code:    entente.EInvalid,
			want:    `d.json:1:97: issuesValues.drink.values: issue "drink" has no values; a discrete issue needs at least one`,
		},
		{
			name:    "duplicate values",
			domain:  edit(t, testDomain, `["bread", "fruit"]`, `["bread", "fruit", "bread"]`),
			profile: testProfile,
			code:    entente.EInvalid,
			want:    `d.json:1:75: issuesValues.food.values[2]: duplicate value "bread" (also values[0]); the values of an issue must differ`,
		},
		{
			name:    "value not a string",
			domain:  edit(t, testDomain, `"fruit"]`, `3]`),
			profile: testProfile,
			code:    entente.EInvalid,
			want:    `d.json:1:66: issuesValues.food.values[1]: expected a value string (GeniusWeb discrete values are strings), found a number`,
		},
		{
			name:    "no issues",
			domain:  `{"name": "x", "issuesValues": {}}`,
			profile: testProfile,
			code:    entente.EInvalid,
			want:    `d.json:1:31: issuesValues: the domain has no issues; it needs at least one`,
		},
		{
			name:    "numeric value set",
			domain:  edit(t, testDomain, `{"values": ["tea", "beer"]}`, `{"range": {"low": 1, "high": 5}}`),
			profile: testProfile,
			code:    entente.EUnsupported,
			want:    `d.json:1:86: issuesValues.drink: issue "drink" has a numeric (range) value set, which is not supported; entente reads discrete value sets {"values": [strings]} only`,
		},
		{
			name:    "number utilities",
			domain:  testDomain,
			profile: edit(t, testProfile, `{"discreteutils": {"valueUtilities": {"tea": 0.2, "beer": 1.0}}}`, `{"numberutils": {}}`),
			code:    entente.EUnsupported,
			want:    `p.json:6:13: LinearAdditiveUtilitySpace.issueUtilities.drink.numberutils: value utilities of type "numberutils" are not supported for issue "drink"; entente reads discreteutils only`,
		},
		{
			name:    "missing weight and unknown issue",
			domain:  testDomain,
			profile: edit(t, testProfile, `"drink": 0.4`, `"drinks": 0.4`),
			code:    entente.EInvalid,
			want: `p.json:8:32: LinearAdditiveUtilitySpace.issueWeights.drinks: issue "drinks" is not in the domain` + "\n" +
				`p.json:8:18: LinearAdditiveUtilitySpace.issueWeights: issue "drink" has no weight; give one for every issue of the domain`,
		},
		{
			name:    "missing issue, no domain file",
			domain:  noDomain,
			profile: edit(t, testProfile, `"issueWeights": {"food": 0.6, "drink": 0.4}`, `"issueWeights": {"food": 1}`),
			code:    entente.EInvalid,
			want:    `p.json:8:18: LinearAdditiveUtilitySpace.issueWeights: issue "drink" has no weight; give one for every issue of the domain`,
		},
		{
			name:    "weight as a string",
			domain:  testDomain,
			profile: edit(t, testProfile, `"drink": 0.4`, `"drink": "0.4"`),
			code:    entente.EInvalid,
			want:    `p.json:8:41: LinearAdditiveUtilitySpace.issueWeights.drink: expected a weight in [0,1], found a string`,
		},
		{
			name:    "negative weight",
			domain:  testDomain,
			profile: edit(t, testProfile, `"food": 0.6, "drink": 0.4`, `"food": 1.4, "drink": -0.4`),
			code:    entente.EInvalid,
			want: `p.json:8:27: LinearAdditiveUtilitySpace.issueWeights.food: weight 1.4 is outside [0,1]` + "\n" +
				`p.json:8:41: LinearAdditiveUtilitySpace.issueWeights.drink: weight -0.4 is outside [0,1]`,
		},
		{
			name:    "duplicate key",
			domain:  testDomain,
			profile: edit(t, testProfile, `"food": 0.6,`, `"food": 0.6, "food": 0.6,`),
			code:    entente.EInvalid,
			want:    `p.json:8:32: LinearAdditiveUtilitySpace.issueWeights.food: duplicate key "food" (first at line 8:19); each key may appear once`,
		},
		{
			name:    "missing issueWeights",
			domain:  testDomain,
			profile: edit(t, testProfile, ` "issueWeights": {"food": 0.6, "drink": 0.4},`+"\n", ``),
			code:    entente.EInvalid,
			want:    `p.json:1:32: LinearAdditiveUtilitySpace.issueWeights: missing; expected an object from issue name to weight`,
		},
		{
			name:    "profile given as the domain",
			domain:  testProfile,
			profile: testProfile,
			code:    entente.EInvalid,
			want:    `d.json:1:1: this is a GeniusWeb profile (LinearAdditiveUtilitySpace), not a domain; give the domain file first, or only the profiles`,
		},
		{
			name:    "domain given as a profile",
			domain:  testDomain,
			profile: testDomain,
			code:    entente.EInvalid,
			want:    `p.json:1:1: this is a GeniusWeb domain, not a profile; give the domain file first and then the profiles`,
		},
		{
			name:    "embedded domain broken, no domain file",
			domain:  noDomain,
			profile: edit(t, testProfile, `"name": "picnic"`, `"name": 7`),
			code:    entente.EInvalid,
			want:    `p.json:3:21: LinearAdditiveUtilitySpace.domain.name: expected the domain name (a string), found a number`,
		},
		{
			name:    "not an object",
			domain:  testDomain,
			profile: ` ["LinearAdditiveUtilitySpace"]`,
			code:    entente.EInvalid,
			want:    `p.json:1:2: expected a GeniusWeb profile: an object with one key naming the profile type, such as LinearAdditiveUtilitySpace, found a list`,
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dom := src("d.json", c.domain)
			if c.domain == noDomain {
				dom = entente.Source{}
			}
			s, _, err := geniusweb.Decode(dom, src("p.json", c.profile))
			if err == nil {
				t.Fatalf("no error; scenario %+v", s)
			}
			if s != nil {
				t.Error("a scenario came back with the error")
			}
			if err.Error() != c.want {
				t.Errorf("error\n%v\nwant\n%s", err, c.want)
			}
			if got := entente.ErrorCode(err); got != c.code {
				t.Errorf("code %q, want %q", got, c.code)
			}
		})
	}
}

func TestDecodeNoProfiles(t *testing.T) {
	_, _, err := geniusweb.Decode(src("d.json", testDomain))
	if err == nil || err.Error() != "d.json: no profiles given; a GeniusWeb scenario needs one profile file per party" {
		t.Errorf("error %v", err)
	}
}

func TestDecodeDuplicatePartyNames(t *testing.T) {
	_, _, err := geniusweb.Decode(src("d.json", testDomain), src("a/p.json", testProfile), src("b/p.json", testProfile))
	want := `b/p.json: party name "p" (from the file name) is also taken by a/p.json; party names must be unique, so rename one of the files`
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
}

func TestPositionsCountCharacters(t *testing.T) {
	// A byte order mark is skipped, and columns count characters: "é" is
	// two bytes but one column.
	domain := "\ufeff" + edit(t, testDomain, `"picnic"`, `"piqué"`, `"beer"]`, `"beer", "beer"]`)
	_, _, err := geniusweb.Decode(src("d.json", domain), src("p.json", testProfile))
	want := `d.json:1:112: issuesValues.drink.values[2]: duplicate value "beer" (also values[1]); the values of an issue must differ`
	if err == nil || err.Error() != want {
		t.Errorf("error\n%v\nwant\n%s", err, want)
	}
}

func TestKind(t *testing.T) {
	cases := []struct {
		data string
		want geniusweb.FileKind
	}{
		{testDomain, geniusweb.Domain},
		{testProfile, geniusweb.Profile},
		{"\ufeff" + testProfile, geniusweb.Profile},
		{`{"SumOfGroupsUtilitySpace": {"domain": {}}}`, geniusweb.Profile},
		{`{"LinearAdditiveUtilitySpace": {"domain": {"name": "x", "issu`, geniusweb.Profile}, // malformed, but recognisably a profile
		{`{"name": "x", "issuesValues": {"a": {"values": [`, geniusweb.Domain},
		{`{"LinearAdditiveUtilitySpace": {}, "other": 1}`, geniusweb.Other},
		{`{"LinearAdditiveUtilitySpace": 3}`, geniusweb.Other},
		{`{"entente": 1, "issues": []}`, geniusweb.Other},
		{`{"lowercase": {}}`, geniusweb.Other},
		{`[1, 2]`, geniusweb.Other},
		{`<negotiation_template/>`, geniusweb.Other},
		{``, geniusweb.Other},
	}
	for _, c := range cases {
		if got := geniusweb.Kind([]byte(c.data)); got != c.want {
			t.Errorf("Kind(%.40q) = %v, want %v", c.data, got, c.want)
		}
	}
}

// roundTrip encodes s and decodes the result.
func roundTrip(t *testing.T, s *entente.Scenario) *entente.Scenario {
	t.Helper()
	domain, profiles, err := geniusweb.Encode(s)
	if err != nil {
		t.Fatalf("encode: %v", err)
	}
	srcs := make([]entente.Source, len(profiles))
	for p, data := range profiles {
		srcs[p] = entente.Source{Name: s.Parties[p].Name + ".json", Data: data}
	}
	back, warnings, err := geniusweb.Decode(entente.Source{Name: "domain.json", Data: domain}, srcs...)
	if err != nil {
		t.Fatalf("decode of the encoded scenario: %v\n%s", err, domain)
	}
	if len(warnings) > 0 {
		t.Errorf("warnings on the encoded scenario: %v", warnings)
	}
	if back.Name != s.Name {
		t.Errorf("name %q became %q", s.Name, back.Name)
	}
	for i := range s.Issues {
		if a, b := s.Issues[i], back.Issues[i]; a.Name != b.Name || strings.Join(a.Options, "\x00") != strings.Join(b.Options, "\x00") {
			t.Errorf("issue %d %q %q became %q %q", i, a.Name, a.Options, b.Name, b.Options)
		}
	}
	for p := range s.Parties {
		if s.Parties[p].Name != back.Parties[p].Name {
			t.Errorf("party %q became %q", s.Parties[p].Name, back.Parties[p].Name)
		}
	}
	return back
}

// assertSameUtilities checks every outcome and the reservation values of
// two scenarios over the same issues, within tol.
func assertSameUtilities(t *testing.T, a, b *entente.Scenario, tol float64) {
	t.Helper()
	fa, err := utility.Compile(a)
	if err != nil {
		t.Fatal(err)
	}
	fb, err := utility.Compile(b)
	if err != nil {
		t.Fatal(err)
	}
	if len(fa) != len(fb) {
		t.Fatalf("%d parties became %d", len(fa), len(fb))
	}
	for p := range fa {
		if d := math.Abs(fa[p].Reservation() - fb[p].Reservation()); d > tol || math.IsNaN(d) {
			t.Errorf("party %s: reservation value %v became %v", a.Parties[p].Name, fa[p].Reservation(), fb[p].Reservation())
		}
	}
	err = space.New(a.Issues).Each(func(_ uint64, o entente.Outcome) bool {
		for p := range fa {
			ua, ub := fa[p].Utility(o), fb[p].Utility(o)
			if d := math.Abs(ua - ub); d > tol || math.IsNaN(d) {
				t.Errorf("party %s at %v: utility %v became %v", a.Parties[p].Name, a.Package(o), ua, ub)
				return false
			}
		}
		return true
	})
	if err != nil {
		t.Fatal(err)
	}
}

func equalOutcomes(a, b entente.Outcome) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// gameScenario is a scenario built in Go, not decoded from GeniusWeb.
func gameScenario() *entente.Scenario {
	return &entente.Scenario{
		Name: "game <&> night",
		Issues: []entente.Issue{
			{Name: "game", Kind: entente.Discrete, Options: []string{"chess", "go", "poker \"Texas\" "}},
			{Name: "snack", Kind: entente.Discrete, Options: []string{"crisps", "olives"}},
			{Name: "hours", Kind: entente.Discrete, Options: []string{"1", "2", "3"}},
		},
		Parties: []entente.Party{
			{Name: "ann", Preferences: entente.Preferences{
				Weights: []float64{1.0 / 3, 1.0 / 3, 1.0 / 3},
				Values: []entente.ValueFunc{
					entente.Table{Values: []float64{1, 0.5, 0}},
					entente.Table{Values: []float64{0.1, 0.9}},
					entente.Constant{V: 0.5},
				},
				ReservationOutcome: entente.Outcome{1, 0, 2},
			}},
			{Name: "bob", Preferences: entente.Preferences{
				Normalization: entente.Genius,
				Weights:       []float64{0.5, 0, 0.5},
				Values: []entente.ValueFunc{
					entente.Table{Values: []float64{7, 2, 9}},
					nil,
					entente.Table{Values: []float64{0, 0, 0.000001}},
				},
			}},
			{Name: "cy", Preferences: entente.Preferences{
				Normalization: entente.Genius,
				MaxUtility:    20,
				Weights:       []float64{10, 6, 4},
				Values: []entente.ValueFunc{
					entente.Table{Values: []float64{1, 3, 2}},
					entente.Table{Values: []float64{0.25, 0.5}},
					entente.Table{Values: []float64{1, 1, 1}},
				},
			}},
		},
		Rules: []entente.Rule{{Kind: entente.Unanimity, Parties: []int{2, 1, 0}}},
	}
}

// TestEncodeRoundTrip converts a scenario with GENIUS-style profiles, a
// constant value function, a missing value function and awkward names, and
// checks that the utilities survive and that the weights written sum to
// exactly 1 in decimal, as GeniusWeb demands.
func TestEncodeRoundTrip(t *testing.T) {
	s := gameScenario()
	back := roundTrip(t, s)
	assertSameUtilities(t, s, back, 1e-15)
	if !equalOutcomes(back.Parties[0].Preferences.ReservationOutcome, s.Parties[0].Preferences.ReservationOutcome) {
		t.Errorf("reservation outcome became %v", back.Parties[0].Preferences.ReservationOutcome)
	}
	_, profiles, err := geniusweb.Encode(s)
	if err != nil {
		t.Fatal(err)
	}
	for p, data := range profiles {
		var doc struct {
			L struct {
				W map[string]json.Number `json:"issueWeights"`
			} `json:"LinearAdditiveUtilitySpace"`
		}
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			t.Fatal(err)
		}
		sum := new(big.Rat)
		for _, w := range doc.L.W {
			r, ok := new(big.Rat).SetString(string(w))
			if !ok {
				t.Fatalf("weight %q", w)
			}
			sum.Add(sum, r)
		}
		if sum.Cmp(big.NewRat(1, 1)) != 0 || len(doc.L.W) != 3 {
			t.Errorf("party %s: weights %v sum to %s", s.Parties[p].Name, doc.L.W, sum.FloatString(30))
		}
	}
}

func TestEncodeUnsupported(t *testing.T) {
	cases := []struct {
		name   string
		change func(s *entente.Scenario)
		code   string
		want   string
	}{
		{"integer issue", func(s *entente.Scenario) {
			s.Issues[2] = entente.Issue{Name: "hours", Kind: entente.Integer, Min: 1, Max: 3}
			s.Parties[0].Preferences.Values[2] = entente.Linear{Offset: 1, Slope: -0.5, Origin: 1}
			s.Parties[1].Preferences.Values[2] = entente.Table{Values: []float64{0, 1, 0}, Base: 1}
			s.Parties[2].Preferences.Values[2] = entente.Constant{V: 1}
		}, entente.EUnsupported, `issues[2]: issue "hours" is integer; GeniusWeb domains written by entente hold discrete issues only`},
		{"interactions", func(s *entente.Scenario) {
			s.Parties[1].Preferences.Interactions = []entente.Interaction{{Boxes: []entente.Box{{}}, Value: 0.1}}
		}, entente.EUnsupported, `parties[1].interactions: party "bob": has 1 interaction terms; a GeniusWeb linear additive profile cannot express them`},
		{"numeric reservation", func(s *entente.Scenario) {
			s.Parties[1].Preferences.Reservation = 0.4
		}, entente.EUnsupported, `parties[1].reservation: party "bob": has reservation value 0.4; GeniusWeb expresses a reservation only as a bid (reservationBid), so only a reservation outcome or the value 0 can be written`},
		{"discount", func(s *entente.Scenario) {
			s.Parties[2].Preferences.Discount = 0.9
		}, entente.EUnsupported, `parties[2].discount: party "cy": has discount factor 0.9; GeniusWeb profiles have no discounting`},
		{"weights", func(s *entente.Scenario) {
			s.Parties[1].Preferences.Weights = []float64{0.5, 0, 0.4}
		}, entente.EUnsupported, `parties[1].weights: party "bob": the weights sum to 0.9; GeniusWeb needs weights that sum to 1`},
		{"value above 1", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Values[2] = entente.Constant{V: 1.25}
		}, entente.EUnsupported, `parties[0].values.hours: party "ann": issue "hours": value 1.25 for "1" lies outside [0,1]; GeniusWeb value utilities lie in [0,1]` + "\n" +
			`parties[0].values.hours: party "ann": issue "hours": value 1.25 for "2" lies outside [0,1]; GeniusWeb value utilities lie in [0,1]` + "\n" +
			`parties[0].values.hours: party "ann": issue "hours": value 1.25 for "3" lies outside [0,1]; GeniusWeb value utilities lie in [0,1]`},
		{"affected rule", func(s *entente.Scenario) {
			s.Rules = []entente.Rule{{Kind: entente.Affected, Parties: []int{0}, Issues: []int{1}}}
		}, entente.EUnsupported, `rules[0]: GeniusWeb scenarios have no agreement rules; this affected rule cannot be written`},
		{"partial unanimity", func(s *entente.Scenario) {
			s.Rules = []entente.Rule{{Kind: entente.Unanimity, Parties: []int{0, 2}}}
		}, entente.EUnsupported, `rules[0]: GeniusWeb scenarios have no agreement rules; this unanimity rule cannot be written`},
		{"invalid UTF-8", func(s *entente.Scenario) {
			s.Issues[1].Options[1] = "oli\xffves"
		}, entente.EUnsupported, `issues[1].options[1]: option "oli\xffves" of issue "snack" is not valid UTF-8, which JSON cannot carry`},
		{"constituency", func(s *entente.Scenario) {
			s.Constituencies = []entente.Constituency{{Name: "c", Threshold: 0.5, Unitary: true, Voters: []entente.VoterGroup{{Share: 1, Preferences: s.Parties[0].Preferences}}}}
		}, entente.EUnsupported, `constituencies: GeniusWeb cannot express ratifying constituencies; write the scenario in the native format, or remove it to export`},
		{"guarantee", func(s *entente.Scenario) {
			s.Guarantors = []entente.Guarantor{{Name: "g", Credibility: 1}}
			s.Issues[1].Guarantees = []entente.Guarantee{{Option: 0, Guarantors: []int{0}, Required: 1}}
		}, entente.EUnsupported, `guarantors: GeniusWeb cannot express guarantors; write the scenario in the native format, or remove it to export`},
		{"invalid scenario", func(s *entente.Scenario) {
			s.Issues[1].Options = nil
		}, entente.EInvalid, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := gameScenario()
			c.change(s)
			d, p, err := geniusweb.Encode(s)
			if err == nil || d != nil || p != nil {
				t.Fatalf("no error")
			}
			if got := entente.ErrorCode(err); got != c.code {
				t.Errorf("code %q, want %q (%v)", got, c.code, err)
			}
			if c.want != "" && err.Error() != c.want {
				t.Errorf("error\n%v\nwant\n%s", err, c.want)
			}
		})
	}
}
