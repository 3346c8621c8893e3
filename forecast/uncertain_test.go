package forecast

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"github.com/entente/entente"
)

const rangeYAML = `issues:
  - {name: tax, min: 0, max: 100}
  - name: roads
actors:
  - name: north
    capability: {range: [1, 3]}
    risk: {value: 1.5, range: [1, 2]}
    stances:
      tax: {position: {value: 40, range: [30, 50]}, salience: 0.5}
      roads: {position: 3, salience: {range: [0.1, 0.3]}}
  - name: south
    stances:
      tax: {position: 60, salience: 1, capability: 1}
      roads: {position: {range: [5, 9]}, salience: 0.4, capability: {value: 1, range: [1, 1]}}
`

const rangeCSV = `actor,issue,position,salience,capability,position_low,position_high,salience_low,salience_high,capability_low,capability_high,risk,risk_low,risk_high
north,tax,40,0.5,2,30,50,,,1,3,1.5,1,2
north,roads,3,0.2,2,,,0.1,0.3,1,3,,,
south,tax,60,1,1,,,,,,,,,
south,roads,7,0.4,1,5,9,,,1,1,,,
`

func TestReadRanges(t *testing.T) {
	y, err := ReadYAML("r.yaml", []byte(rangeYAML))
	if err != nil {
		t.Fatal(err)
	}
	c, err := ReadCSV("r.csv", []byte(rangeCSV))
	if err != nil {
		t.Fatal(err)
	}
	r := func(lo, hi float64) *Range { return &Range{lo, hi} }
	want := [][]StanceRange{
		{{Position: r(30, 50), Capability: r(1, 3)}, {Salience: r(0.1, 0.3), Capability: r(1, 3)}},
		{{}, {Position: r(5, 9), Capability: r(1, 1)}},
	}
	for name, m := range map[string]*Model{"yaml": y, "csv": c} {
		if m.Uncertain == nil || !reflect.DeepEqual(m.Uncertain.Stances, want) {
			t.Errorf("%s: ranges %+v, want %+v", name, m.Uncertain, want)
		}
		// Values default to the midpoint of their range.
		if s := m.Stances[0][0]; s.Position != 40 || s.Capability != 2 || m.Stances[0][1].Salience != 0.2 || m.Stances[1][1].Position != 7 {
			t.Errorf("%s: stances %v", name, m.Stances)
		}
		if !m.Ranged() {
			t.Errorf("%s: Ranged false", name)
		}
	}
	if !reflect.DeepEqual(y.Uncertain, c.Uncertain) {
		t.Errorf("ranges differ:\nyaml %+v\ncsv  %+v", y.Uncertain, c.Uncertain)
	}
	if !reflect.DeepEqual(y.Stances, c.Stances) {
		t.Errorf("stances differ:\nyaml %v\ncsv  %v", y.Stances, c.Stances)
	}
	if got := y.Uncertain.Risk; len(got) != 2 || !reflect.DeepEqual(got[0], r(1, 2)) || got[1] != nil || *y.Actors[0].Risk != 1.5 {
		t.Errorf("risk ranges %v", got)
	}
	// The roads scale (not given) reaches to the ends of the ranges.
	if is := c.Issues[1]; is.Min != 3 || is.Max != 9 {
		t.Errorf("roads scale %v..%v, want 3..9", is.Min, is.Max)
	}
	// CSV round trip keeps the ranges.
	var buf bytes.Buffer
	if err := WriteCSV(&buf, c); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV("back.csv", buf.Bytes())
	if err != nil {
		t.Fatalf("%v\n%s", err, buf.String())
	}
	if !reflect.DeepEqual(back.Uncertain, c.Uncertain) {
		t.Errorf("ranges change through CSV: %+v", back.Uncertain)
	}
	// Without ranges there is no Uncertain.
	m, err := ReadYAML("s.yaml", []byte(smallYAML))
	if err != nil || m.Uncertain != nil || m.Ranged() {
		t.Errorf("small.yaml: %v, %+v", err, m)
	}
}

func TestReadRangeErrors(t *testing.T) {
	for _, tc := range []struct {
		name, data, want string
	}{
		{"a.yaml", strings.Replace(rangeYAML, "{value: 40, range: [30, 50]}", "{value: 60, range: [30, 50]}", 1),
			"a.yaml:9:23: actors[0].stances.tax.position: the value 60 lies outside its range [30, 50]; expected low <= value <= high"},
		{"b.yaml", strings.Replace(rangeYAML, "[30, 50]", "[50, 30]", 1),
			"b.yaml:9:42: actors[0].stances.tax.position.range: the low end 50 is above the high end 30"},
		{"c.yaml", strings.Replace(rangeYAML, "[30, 50]", "[30]", 1),
			"c.yaml:9:42: actors[0].stances.tax.position.range: 1 numbers; expected two"},
		{"d.yaml", strings.Replace(rangeYAML, "{value: 40, range: [30, 50]}", "{value: 40}", 1),
			"d.yaml:9:23: actors[0].stances.tax.position.range: missing"},
		{"e.yaml", strings.Replace(rangeYAML, "[30, 50]", "[30, 150]", 1),
			"e.yaml:9:23: actors[0].stances.tax.position: the range [30, 150] reaches outside the scale of issue \"tax\""},
		{"f.yaml", strings.Replace(rangeYAML, "{range: [0.1, 0.3]}", "{range: [-0.1, 0.3], value: 0.2}", 1),
			"f.yaml:10:38: actors[0].stances.roads.salience: the range [-0.1, 0.3] reaches outside the allowed values; expected a range of numbers >= 0"},
		{"g.csv", strings.Replace(rangeCSV, "north,tax,40,0.5,2,30,50", "north,tax,40,0.5,2,45,50", 1),
			"g.csv:2:20: position_low: the value 40 lies outside its range [45, 50]"},
		{"h.csv", strings.Replace(rangeCSV, "north,tax,40,0.5,2,30,50", "north,tax,40,0.5,2,30,", 1),
			"h.csv:2:23: position_high: empty, but position_low is given"},
		{"i.csv", strings.Replace(rangeCSV, "0.1,0.3", "0.1,lots", 1),
			"i.csv:3:27: salience_high: \"lots\" is not a finite number"},
		{"j.csv", strings.Replace(rangeCSV, "1,3,,,\n", "1,3,,1,3\n", 1),
			"j.csv:3:36: risk_low: actor \"north\" has the risk range [1, 2] on line 2; expected the same range on every row"},
		{"k.csv", strings.Replace(rangeCSV, "1,3,1.5,1,2", "1,3,1.5,,2", 1),
			"k.csv:2:36: risk_low: only one end of the risk range"},
		{"l.csv", strings.Replace(rangeCSV, "1,3,1.5,1,2", "1,3,2.5,1,2", 1),
			"l.csv:2:36: risk_low: the value 2.5 lies outside its range [1, 2]"},
	} {
		_, err := Read(tc.name, []byte(tc.data))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: got %v\nwant %s", tc.name, err, tc.want)
		}
		var list entente.ErrorList
		if err != nil && !asList(err, &list) {
			t.Errorf("%s: %T, want an entente.ErrorList", tc.name, err)
		}
	}
}

func asList(err error, list *entente.ErrorList) bool {
	l, ok := err.(entente.ErrorList)
	*list = l
	return ok
}

// Validate checks the shape and the values of ranges set in Go.
func TestValidateUncertain(t *testing.T) {
	m, err := ReadCSV("s.csv", []byte(smallCSV))
	if err != nil {
		t.Fatal(err)
	}
	m.Uncertain = &Uncertain{Stances: make([][]StanceRange, 1)}
	if errs := m.Validate(); len(errs) != 1 || !strings.Contains(errs[0].Message, "expected one row per actor") {
		t.Errorf("short Uncertain: %v", errs)
	}
	m.Uncertain = nil
	u := m.uncertain()
	u.Stances[1][0].Capability = &Range{0.5, 0.9} // the value is 1
	u.Risk[1] = &Range{1, 2}                      // south has no risk
	errs := m.Validate()
	if len(errs) != 2 || errs[0].Field != "capability" || errs[0].Line != 4 || !strings.Contains(errs[1].Message, "risk range without a risk") {
		t.Errorf("bad ranges: %v", errs)
	}
}
