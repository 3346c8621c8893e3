package native_test

import (
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/format/native"
)

// TestJSONAndYAMLAgree reads one scenario written in YAML and in JSON
// (two JSON layouts: indented with tabs, and on one line) and expects the
// same result.
func TestJSONAndYAMLAgree(t *testing.T) {
	yml := `entente: 1
issues:
  - name: colour
    options: [red, "10", 'x, y']
  - {name: size, kind: real, range: [0, 2.5]}
parties:
  - name: p
    weights: {colour: 0.25, size: 0.75}
    values:
      colour: {red: 1, "10": 0.5, 'x, y': 0}
      size: {triangular: {low: 0, top: 1, high: 2.5}}
    reservation: {colour: "10", size: 1.25}
`
	jsonTabs := "{\n\t\"entente\": 1,\n\t\"issues\": [\n\t\t{\"name\": \"colour\", \"options\": [\"red\", \"10\", \"x, y\"]},\n\t\t{\"name\": \"size\", \"kind\": \"real\", \"range\": [0, 2.5]}\n\t],\n" +
		"\t\"parties\": [{\n\t\t\"name\": \"p\",\n\t\t\"weights\": {\"colour\": 0.25, \"size\": 0.75},\n" +
		"\t\t\"values\": {\"colour\": {\"red\": 1, \"10\": 0.5, \"x, y\": 0}, \"size\": {\"triangular\": {\"low\": 0, \"top\": 1, \"high\": 2.5}}},\n" +
		"\t\t\"reservation\": {\"colour\": \"10\", \"size\": 1.25}\n\t}]\n}\n"
	oneLine := strings.Join(strings.Fields(strings.ReplaceAll(jsonTabs, "x, y", "x,_y")), " ")
	oneLine = strings.ReplaceAll(oneLine, "x,_y", "x, y")
	want, _, err := native.Decode(entente.Source{Name: "s.yaml", Data: []byte(yml)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"tabs.json": jsonTabs, "no-extension": oneLine, "bom.json": "\ufeff" + oneLine} {
		got, _, err := native.Decode(entente.Source{Name: name, Data: []byte(src)}, nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if d := diff(want, got); d != "" {
			t.Errorf("%s differs from the YAML: %s", name, d)
		}
	}
}

// TestJSONStrings checks text that JSON allows and YAML would read
// differently: a key longer than 1024 characters, a raw line separator
// inside a string, an escaped surrogate pair.
func TestJSONStrings(t *testing.T) {
	long := strings.Repeat("o", 1500)
	opts := []string{long, "a\u2028b", "c\u0085d", "😀"}
	src := `{"entente": 1, "issues": [{"name": "i", "options": ["` + long + `", "a` + "\u2028" + `b", "c` + "\u0085" + `d", "\ud83d\ude00"]}],
	"parties": [{"name": "p", "weights": {"i": 1}, "values": {"i": {"` + long + `": 1, "a` + "\u2028" + `b": 0, "c\u0085d": 0, "😀": 0.5}}}]}`
	s, _, err := native.Decode(entente.Source{Name: "s.json", Data: []byte(src)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, o := range opts {
		if s.Issues[0].Options[k] != o {
			t.Errorf("option %d: got %q, want %q", k, s.Issues[0].Options[k], o)
		}
	}
	for _, f := range []native.Format{native.YAML, native.JSON} {
		roundTrip(t, s, f)
	}
}

func TestIsScenario(t *testing.T) {
	for _, c := range []struct {
		src  string
		want bool
	}{
		{base, true},
		{buyerFile, false},
		{`{"entente": 1, "issues": []}`, true},
		{"entente: 1\nissues: [oops\n", true},
		{"entente: 1\nweights: {a: [\n", false},
		{"just some notes\n", false},
		{`<negotiation_template><utility_space/></negotiation_template>`, false},
		{`{"name": "d", "issuesValues": {}}`, false},
		{"", false},
	} {
		if got := native.IsScenario([]byte(c.src)); got != c.want {
			t.Errorf("IsScenario(%.30q) = %v, want %v", c.src, got, c.want)
		}
	}
}

// TestYAMLNumbers reads the number forms YAML allows.
func TestYAMLNumbers(t *testing.T) {
	src := edit(t, "{1: 1, 2: 0.5, 3: 0}", "{0x1: 1.0, 2: +.5, 3: -0.0e0}")
	s, _, err := native.Decode(entente.Source{Name: "n.yaml", Data: []byte(src)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := s.Parties[0].Preferences.Values[0].(entente.Table).Values
	if got[0] != 1 || got[1] != 0.5 || got[2] != 0 {
		t.Errorf("got %v", got)
	}
}

// TestHugeIntegerIssue checks the range of a profile over an integer issue
// too large to tabulate, exactly, with or without interaction terms.
func TestHugeIntegerIssue(t *testing.T) {
	head := "entente: 1\nissues:\n  - {name: n, kind: integer, range: [0, 1000000000]}\n  - {name: c, options: [a, b]}\nparties:\n  - name: p\n"
	for _, c := range []struct {
		name, body string
		err, warn  string
	}{
		{"fits", "    weights: {n: 0.5, c: 0.5}\n    values:\n      n: {linear: {offset: 0, slope: 1e-9}}\n      c: {a: 0, b: 1}\n", "", ""},
		{"too high", "    weights: {n: 0.5, c: 0.5}\n    values:\n      n: {linear: {offset: 0, slope: 2e-9}}\n      c: {a: 0, b: 1}\n",
			`h.yaml:6:5: parties[0]: party "p": utility reaches 1.5 at n=1000000000, c=b; utilities must lie in [0,1] (lower the weights or values, or use normalization: genius to cap at 1)`, ""},
		{"triangle peak between integers", "    weights: {n: 1, c: 0}\n    values:\n      n: {triangular: {low: 0, top: 500.5, high: 1001}}\n", "", ""},
		{"below 0 by a breakpoint", "    weights: {n: 1, c: 0}\n    values:\n      n: {piecewise: [[0, 0.5], [777, -0.25], [778, 0.5]]}\n",
			`h.yaml:6:5: parties[0]: party "p": utility falls to -0.25 at n=777, c=a; utilities must lie in [0,1]`, ""},
		{"interactions", "    weights: {n: 0.5, c: 0.5}\n    values:\n      n: {linear: {offset: 0, slope: 1e-9}}\n      c: {a: 0, b: 1}\n    interactions:\n      - when: {n: [0, 10], c: b}\n        value: 0.2\n", "", ""},
		{"interaction pushes above 1", "    weights: {n: 0.5, c: 0.5}\n    values:\n      n: {linear: {offset: 0, slope: 1e-9}}\n      c: {a: 0, b: 1}\n    interactions:\n      - when: {n: [999999990, 1000000000], c: b}\n        value: 0.2\n",
			`h.yaml:6:5: parties[0]: party "p": utility reaches 1.2 at n=1000000000, c=b; utilities must lie in [0,1] (lower the weights or values, or use normalization: genius to cap at 1)`, ""},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, warnings, err := native.Decode(entente.Source{Name: "h.yaml", Data: []byte(head + c.body)}, nil)
			if got := errText(err); got != c.err {
				t.Errorf("error: got %q, want %q", got, c.err)
			}
			if got := errText(warnings.Err()); got != c.warn {
				t.Errorf("warning: got %q, want %q", got, c.warn)
			}
		})
	}
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
