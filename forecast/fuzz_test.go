package forecast

import (
	"bytes"
	"math"
	"reflect"
	"strings"
	"testing"
)

// FuzzReadCSV: no input panics the reader; a model it accepts validates,
// and writing it as CSV and reading that back gives the same actors and
// stances; the baselines of an accepted model are finite and within the
// range of positions.
func FuzzReadCSV(f *testing.F) {
	f.Add([]byte(smallCSV))
	f.Add([]byte("actor,issue,position,salience,capability\na,x,1,1,1\n"))
	f.Add([]byte("Capability,Salience,Position,Issue,Actor\n1,1,1,x,a\n"))
	f.Add([]byte("actor,issue,position,salience,capability\n\"a,\"\"b\",x,1e300,1,1\n"))
	f.Add([]byte(rangeCSV))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadCSV("f.csv", data)
		if err != nil {
			return
		}
		checkAccepted(t, m)
	})
}

// FuzzReadYAML: as FuzzReadCSV, for the YAML form.
func FuzzReadYAML(f *testing.F) {
	f.Add([]byte(smallYAML))
	f.Add([]byte("issues: [{name: x}]\nactors: [{name: a, capability: 1, stances: {x: {position: 3, salience: 1}}}]\n"))
	f.Add([]byte("issues: [{name: x, min: 0, max: 10, anchors: [{position: 5, label: mid}]}]\nactors: [{name: a, risk: -0.5, capability: 1, stances: {x: {position: 3, salience: 1}}}]\n"))
	f.Add([]byte(rangeYAML))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadYAML("f.yaml", data)
		if err != nil {
			return
		}
		checkAccepted(t, m)
	})
}

func checkAccepted(t *testing.T, m *Model) {
	t.Helper()
	if errs := m.Validate(); len(errs) > 0 {
		t.Fatalf("accepted model does not validate: %v", errs)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, m); err != nil {
		t.Fatal(err)
	}
	back, err := ReadCSV("back.csv", buf.Bytes())
	if err != nil {
		t.Fatalf("written CSV does not read back: %v\n%s", err, buf.String())
	}
	if !reflect.DeepEqual(back.Stances, m.Stances) {
		t.Fatalf("stances change through CSV:\n%v\n%v", m.Stances, back.Stances)
	}
	if (m.Uncertain == nil) != (back.Uncertain == nil) || (m.Uncertain != nil && !reflect.DeepEqual(back.Uncertain, m.Uncertain)) {
		t.Fatalf("ranges change through CSV:\n%+v\n%+v", m.Uncertain, back.Uncertain)
	}
	if len(back.Actors) != len(m.Actors) {
		t.Fatalf("actors change through CSV")
	}
	for i := range m.Actors {
		a, b := m.Actors[i], back.Actors[i]
		// CSV turns a quoted \r\n into \n.
		if a.Name != b.Name || strings.ReplaceAll(a.Description, "\r\n", "\n") != b.Description || !reflect.DeepEqual(a.Risk, b.Risk) {
			t.Fatalf("actor %+v reads back as %+v", a, b)
		}
	}
	for k := range m.Issues {
		x, w := m.Positions(k, nil), m.Weights(k, nil)
		lo, hi := m.Issues[k].Min, m.Issues[k].Max
		tol := 1e-9 * math.Max(math.Abs(lo), math.Abs(hi))
		for name, v := range map[string]float64{"mean": Mean(x, w), "median": Median(x, w), "condorcet": Condorcet(x, w)} {
			if !(v >= lo-tol && v <= hi+tol) {
				t.Fatalf("issue %d: %s %v outside the scale [%v, %v]", k, name, v, lo, hi)
			}
		}
	}
}
