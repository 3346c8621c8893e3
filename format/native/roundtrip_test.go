package native_test

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
)

// roundTrip encodes s in format f, decodes the result and checks that the
// scenario comes back bit for bit, and that encoding it again gives the
// same bytes.
func roundTrip(t *testing.T, s *entente.Scenario, f native.Format) {
	t.Helper()
	data, err := native.Encode(s, f)
	if err != nil {
		t.Fatalf("encode %s: %v", f, err)
	}
	back, _, err := native.Decode(entente.Source{Name: "out." + f.String(), Data: data}, nil)
	if err != nil {
		t.Fatalf("decode %s: %v\n%s", f, err, data)
	}
	if d := diff(s, back); d != "" {
		t.Fatalf("%s round trip changes %s\n%s", f, d, data)
	}
	again, err := native.Encode(back, f)
	if err != nil || !bytes.Equal(again, data) {
		t.Fatalf("%s: encoding the decoded scenario gives other bytes (%v)", f, err)
	}
}

func TestRoundTripEverything(t *testing.T) {
	for _, f := range []native.Format{native.YAML, native.JSON} {
		roundTrip(t, everything(), f)
	}
}

// TestRoundTripVariants covers what everything does not: a single
// as-written party, a party of interaction terms only, and every
// normalization being the same (no per-party override).
func TestRoundTripVariants(t *testing.T) {
	small := &entente.Scenario{
		Issues: []entente.Issue{{Name: "x", Kind: entente.Real, Min: 0, Max: 1}},
		Parties: []entente.Party{{Name: "only", Preferences: entente.Preferences{
			Weights: []float64{1}, Values: []entente.ValueFunc{entente.Linear{Slope: 1}}}}},
	}
	pure := &entente.Scenario{
		Name:   "pure",
		Issues: []entente.Issue{{Name: "a", Kind: entente.Discrete, Options: []string{"p", "q"}}, {Name: "b", Kind: entente.Integer, Min: 0, Max: 9}},
		Parties: []entente.Party{{Name: "rects", Preferences: entente.Preferences{
			Normalization: entente.Genius,
			Interactions: []entente.Interaction{
				{Boxes: []entente.Box{{{Issue: 0, Options: []int{1}}, {Issue: 1, Min: 2, Max: 5}}}, Value: 3},
				{Boxes: []entente.Box{{{Issue: 1, Min: 7, Max: 9}}}, Outside: true, Value: 2},
			},
			MaxUtility: 5, Reservation: 0.75, Discount: 0.5,
		}}},
	}
	// Numbers whose shortest form needs all 17 digits, tiny and huge ones.
	awkward := &entente.Scenario{
		Issues: []entente.Issue{{Name: "t", Kind: entente.Real, Min: -1e-300, Max: 1e300}},
		Parties: []entente.Party{{Name: "p", Preferences: entente.Preferences{
			Normalization: entente.Genius,
			Weights:       []float64{0.1 + 0.2},
			Values:        []entente.ValueFunc{entente.Piecewise{X: []float64{-1e-300, 5e-324, 1e300}, Y: []float64{1.0 / 3, math.Nextafter(1, 0), 0}}},
			Reservation:   math.Copysign(0, -1),
			Discount:      -0.5,
		}}},
	}
	for _, s := range []*entente.Scenario{small, pure, awkward} {
		for _, f := range []native.Format{native.YAML, native.JSON} {
			roundTrip(t, s, f)
		}
	}
}

func TestRoundTripExamples(t *testing.T) {
	for name, s := range readExamples(t) {
		t.Run(name, func(t *testing.T) {
			for _, f := range []native.Format{native.YAML, native.JSON} {
				roundTrip(t, s, f)
			}
		})
	}
}

// TestEncodeLayout checks what a reader of the output sees: the header,
// the normalization, issues before parties, weights by name, quoted
// options that would otherwise read as something else.
func TestEncodeLayout(t *testing.T) {
	data, err := native.Encode(everything(), native.YAML)
	if err != nil {
		t.Fatal(err)
	}
	text := string(data)
	for _, want := range []string{
		"# Written by entente: native scenario format, version 1",
		"# Normalization genius (GENIUS 10.4)",
		"# Parties with their own normalization: buyer.",
		"\nentente: 1\n",
		"\nnormalization: genius\n",
		"\n\nissues:\n  - name: brand\n",
		`      - "10000"` + "\n",
		`      - 'trail '` + "\n",
		`      - "yes"` + "\n",
		"\n\nparties:\n  - name: buyer\n",
		"    normalization: as-written\n",
		`    weights: {brand: 0.1, ram: 0.2, price: 0.3, size: 0.25, "1": 0.15}` + "\n",
		"      ram: {4: 0, 5: 0.25, 6: 0.5, 7: 0.75, 8: 1}\n",
		"      price: {piecewise: [[-1.5, 1], [0, 0.1], [1e+21, 0]]}\n",
		"\n\n  - name: seller\n",
		`    reservation: {brand: "10000", ram: 5, price: 0.5, size: -3, "1": only}` + "\n",
		"      - unless: {ram: [4, 6]}\n",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("the YAML lacks %q:\n%s", want, text)
		}
	}
	if strings.Index(text, "issues:") > strings.Index(text, "parties:") {
		t.Error("parties come before issues")
	}
	js, err := native.Encode(everything(), native.JSON)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"{\n  \"entente\": 1,\n",
		`"weights": {"brand": 0.1, "ram": 0.2, "price": 0.3, "size": 0.25, "1": 0.15}`,
		`"ram": {"4": 0, "5": 0.25, "6": 0.5, "7": 0.75, "8": 1}`,
	} {
		if !strings.Contains(string(js), want) {
			t.Errorf("the JSON lacks %q:\n%s", want, js)
		}
	}
}

func TestEncodeErrors(t *testing.T) {
	valid := func() *entente.Scenario {
		return &entente.Scenario{
			Issues: []entente.Issue{{Name: "a", Kind: entente.Discrete, Options: []string{"x", "y"}}, {Name: "n", Kind: entente.Real, Min: 0, Max: 1}},
			Parties: []entente.Party{{Name: "p", Preferences: entente.Preferences{
				Interactions: []entente.Interaction{{Boxes: []entente.Box{{{Issue: 0, Options: []int{0}}}}, Value: 1}},
			}}},
		}
	}
	cases := []struct {
		name   string
		mutate func(s *entente.Scenario)
		want   string
	}{
		{"invalid scenario", func(s *entente.Scenario) { s.Issues[1].Min = 2 },
			`issues[1].range: issue "n": lower bound 2 is above upper bound 1`},
		{"infinite bound", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Interactions[0].Boxes[0] = entente.Box{{Issue: 1, Min: math.Inf(-1), Max: 0.5}}
		}, `parties[0].interactions[0].when.n: cannot write -Inf; the format holds finite numbers only`},
		{"invalid UTF-8", func(s *entente.Scenario) { s.Issues[0].Options[1] = "y\xff" },
			`issues[0].options[1]: text "y\xff" is not valid UTF-8; the format holds Unicode text only`},
		{"two conditions on one issue", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Interactions[0].Boxes[0] = entente.Box{{Issue: 1, Min: 0, Max: 0.5}, {Issue: 1, Min: 0.2, Max: 1}}
		}, `parties[0].interactions[0].when.n: a box has two conditions on issue "n"; the format gives one per issue (intersect them)`},
		{"empty option list", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Interactions[0].Boxes[0][0].Options = []int{}
		}, `parties[0].interactions[0].when.a: the condition on issue "a" lists no options, so it never holds; the format needs at least one`},
		{"repeated option", func(s *entente.Scenario) {
			s.Parties[0].Preferences.Interactions[0].Boxes[0][0].Options = []int{1, 1}
		}, `parties[0].interactions[0].when.a: option "y" is listed twice`},
		{"unanimity with issues", func(s *entente.Scenario) {
			s.Rules = []entente.Rule{{Kind: entente.Unanimity, Issues: []int{0}}}
		}, `rules[0].issues: a unanimity rule names no issues; only affected rules do`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s := valid()
			if _, err := native.Encode(s, native.YAML); err != nil {
				t.Fatalf("the valid scenario fails: %v", err)
			}
			c.mutate(s)
			for _, f := range []native.Format{native.YAML, native.JSON} {
				_, err := native.Encode(s, f)
				if err == nil || err.Error() != c.want {
					t.Errorf("%s: got %v\nwant %s", f, err, c.want)
				}
			}
		})
	}
}
