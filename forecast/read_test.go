package forecast

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/entente/entente"
)

const smallCSV = `actor,issue,position,salience,capability,description,risk
north,tax,10,0.5,2,the north,
north,roads,3,0.2,2,,1.5
south,tax,30,1,1,,
south,roads,7,0.4,1,,
`

const smallYAML = `name: small
issues:
  - name: tax
    min: 0
    max: 50
    low: none
    high: much
    anchors:
      - {position: 25, label: half}
  - name: roads
actors:
  - name: north
    description: the north
    capability: 2
    risk: 1.5
    stances:
      tax: {position: 10, salience: 0.5}
      roads: {position: 3, salience: 0.2}
  - name: south
    stances:
      tax: {position: 30, salience: 1, capability: 1}
      roads: {position: 7, salience: 0.4, capability: 1}
`

func TestReadSmall(t *testing.T) {
	c, err := Read("small.csv", []byte(smallCSV))
	if err != nil {
		t.Fatal(err)
	}
	y, err := Read("small.yaml", []byte(smallYAML))
	if err != nil {
		t.Fatal(err)
	}
	if c.Name != "small" || y.Name != "small" {
		t.Errorf("names %q, %q", c.Name, y.Name)
	}
	if !reflect.DeepEqual(c.Stances, y.Stances) {
		t.Errorf("stances differ:\ncsv  %v\nyaml %v", c.Stances, y.Stances)
	}
	if !reflect.DeepEqual(c.Actors, y.Actors) {
		t.Errorf("actors differ:\ncsv  %+v\nyaml %+v", c.Actors, y.Actors)
	}
	// CSV scales are the range of positions; YAML gives its own for tax
	// and defaults for roads.
	if is := c.Issues[0]; is.Min != 10 || is.Max != 30 {
		t.Errorf("csv tax scale %v..%v, want 10..30", is.Min, is.Max)
	}
	if is := y.Issues[0]; is.Min != 0 || is.Max != 50 || is.Low != "none" || is.High != "much" || len(is.Anchors) != 1 || is.Anchors[0] != (Anchor{25, "half"}) {
		t.Errorf("yaml tax issue %+v", is)
	}
	if is := y.Issues[1]; is.Min != 3 || is.Max != 7 {
		t.Errorf("yaml roads scale %v..%v, want 3..7", is.Min, is.Max)
	}
	// Sniffing without an extension.
	if m, err := Read("data", []byte(smallCSV)); err != nil || len(m.Actors) != 2 {
		t.Errorf("sniffed CSV: %v", err)
	}
	if m, err := Read("data", []byte(smallYAML)); err != nil || len(m.Actors) != 2 {
		t.Errorf("sniffed YAML: %v", err)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, y); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV("back.csv", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Stances, y.Stances) || !reflect.DeepEqual(back.Actors, y.Actors) {
		t.Errorf("WriteCSV does not read back:\n%s", buf.String())
	}
}

func TestReadErrors(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"e.csv", "", "e.csv:1:1: the file is empty"},
		{"e.csv", "actor,issue,position,salience\n", "e.csv:1:1: the header has no column \"capability\""},
		{"e.csv", "actor,issue,position,salience,capability,weight\n", `e.csv:1:42: unknown column "weight"`},
		{"e.csv", "actor,issue,position,salience,capability\n", "e.csv:1:1: no rows after the header"},
		{"e.csv", "actor,issue,position,salience,capability\na,x,1,1\n", "e.csv:2:7: 4 fields; expected 5"},
		{"e.csv", "actor,issue,position,salience,capability\na,x,1,1,1\na,x,2,1,1\n", `e.csv:3:1: actor: a second row for actor "a" on issue "x" (the first is on line 2)`},
		{"e.csv", "actor,issue,position,salience,capability\na,x,1,-1,1\n", "e.csv:2:7: salience: -1 is not allowed; expected a finite number >= 0"},
		{"e.csv", "actor,issue,position,salience,capability\na,x,1,1,0\n", `e.csv:2:3: issue: on issue "x" the actors' weights (capability x salience) sum to 0`},
		{"e.csv", "actor,issue,position,salience,capability\na,x,NaN,1,1\n", `e.csv:2:5: position: "NaN" is not a finite number`},
		{"e.csv", "actor,issue,position,salience,capability\n\"a,x,1,1,1\n", "e.csv:2:12: malformed CSV: extraneous"},
		{"e.csv", "actor,issue,position,salience,capability,risk\na,x,1,1,1,2\na,y,1,1,1,3\n", `e.csv:3:11: risk: actor "a" has risk 2 on line 2`},
		{"e.yaml", "", "e.yaml:1:1: the file is empty"},
		{"e.yaml", "issues: [\n", "e.yaml:1:1: malformed YAML"},
		{"e.yaml", "a: 1\n---\nb: 2\n", "e.yaml:2:1: the file holds more than one YAML document"},
		{"e.yaml", "- 1\n", "e.yaml:1:1: expected a mapping with name, issues and actors, got a list"},
		{"e.yaml", "issues: []\nactor: []\n", `e.yaml:2:1: actor: unknown key "actor"; expected one of: name, issues, actors`},
		{"e.yaml", "issues: [{name: x}]\n", "e.yaml:1:1: actors: missing"},
		{"e.yaml", "issues: [{name: x, min: 5, max: 1}]\nactors: [{name: a, stances: {x: {position: 3, salience: 1, capability: 1}}}]\n", "e.yaml:1:33: issues[0].max: the scale's high end 1 is below its low end 5"},
		{"e.yaml", "issues: [{name: x, max: 2}]\nactors: [{name: a, stances: {x: {position: 3, salience: 1, capability: 1}}}]\n", `e.yaml:2:44: actors[0].stances.x.position: 3 lies outside the scale of issue "x"; expected a number from 2 to 2`},
		{"e.yaml", "issues: [{name: x}]\nactors: [{name: a, stances: {y: {position: 3, salience: 1}}}]\n", `e.yaml:2:30: actors[0].stances.y: no issue "y"; expected one of the issues: "x"`},
		{"e.yaml", "issues: [{name: x}]\nactors: [{name: a, stances: {x: {position: 3, salience: 1}}}]\n", "e.yaml:2:33: actors[0].stances.x.capability: missing; expected the actor's capability on the issue (or give the actor a capability for all issues)"},
		{"e.yaml", "issues: [{name: x}, {name: x}]\nactors: [{name: a, capability: 1, stances: {x: {position: 3, salience: true}}}]\n", "salience: expected a number, got \"true\""},
		{"e.yaml", "issues: [{name: x}]\nactors: [{name: a, capability: 1, stances: {x: {position: 3, salience: 1}}}, {name: a, capability: 1, stances: {x: {position: 3, salience: 1}}}]\n", `e.yaml:2:85: actors[1].name: duplicate actor name "a"`},
		{"e.yaml", "issues: [{name: x}]\nactors: [&a {name: a}]\n", "aliases and anchors"},
	} {
		_, err := Read(tc.name, []byte(tc.data))
		if err == nil {
			t.Errorf("%q: no error, want %q", tc.data, tc.want)
			continue
		}
		if entente.ErrorCode(err) != entente.EInvalid {
			t.Errorf("%q: code %q, want invalid", tc.data, entente.ErrorCode(err))
		}
		if !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q:\n got %s\nwant %s", tc.data, err, tc.want)
		}
	}
}

func TestValidateProgrammatic(t *testing.T) {
	m := &Model{
		Issues:  []Issue{{Name: "x", Min: 0, Max: 10, Anchors: []Anchor{{11, "beyond"}}}, {Name: " y"}},
		Actors:  []Actor{{Name: ""}},
		Stances: [][]Stance{{{Position: 3, Salience: 1, Capability: 1}}},
	}
	errs := m.Validate()
	text := errs.Error()
	for _, want := range []string{
		"issues[0].anchors[0].position: anchor 11 lies outside the scale",
		`issues[1].name: issue name " y" has leading or trailing spaces`,
		"actors[0].name: empty actor name",
		"actors[0].stances: 1 stances for 2 issues",
	} {
		if !strings.Contains(text, want) {
			t.Errorf("missing %q in\n%s", want, text)
		}
	}
	if len((&Model{}).Validate()) != 2 {
		t.Error("an empty model should have two problems (no issues, no actors)")
	}
	// Locate: an error a model package returns about a model path gets the
	// file position.
	c, err := Read("small.csv", []byte(smallCSV))
	if err != nil {
		t.Fatal(err)
	}
	e := entente.Errorf(entente.EInvalid, "", 0, 0, "actors[1].stances[1].salience", "too much")
	if got := c.Locate(e).Error(); got != "small.csv:5:15: salience: too much" {
		t.Errorf("Locate: %s", got)
	}
}

// Issue 16: every mistake of a forecast file is reported, each at its
// position, and a truncated JSON file gets one too.
func TestReadYAMLReportsEveryMistake(t *testing.T) {
	data := "issues:\n" +
		"  - {name: x, min: low}\n" + // not a number
		"actors:\n" +
		"  - name: a\n" +
		"    capabilty: 1\n" + // misspelt
		"    stances: {x: {position: 3, salience: [1]}}\n" // not a number
	_, err := Read("f.yaml", []byte(data))
	want := "f.yaml:2:20: issues[0].min: expected a number, got the text \"low\"\n" +
		"f.yaml:5:5: actors[0].capabilty: unknown key \"capabilty\"; expected one of: name, description, capability, risk, stances (did you mean \"capability\"?)\n" +
		"f.yaml:6:42: actors[0].stances.x.salience: expected a number, got a list\n" +
		// The misspelt capability leaves the stance without one.
		"f.yaml:6:18: actors[0].stances.x.capability: missing; expected the actor's capability on the issue (or give the actor a capability for all issues)"
	if err == nil || err.Error() != want {
		t.Errorf("got\n%v\nwant\n%s", err, want)
	}
	_, err = Read("f.json", []byte("{\"issues\": [{\"name\": \"x\"}],\n \"actors\": [{\"name\": "))
	if want := "f.json:2:22: malformed JSON: unexpected end of JSON input"; err == nil || err.Error() != want {
		t.Errorf("truncated JSON: got %v, want %s", err, want)
	}
}
