package forecast

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/entente/entente/internal/shared"
)

const ktabCSV = `Tiny, a test scenario, 3, 2,
Actor,Description,Influence,Tax Position,Tax Salience,Roads Position,Roads Salience,
A,  the first,  10,  20, 30, 80, 50,
B,  , 5.5, 60, 10, 0, 0,
C,third,1,100,100,50,0,
`

// TestReadKTABAsWritten reads a small KTAB file whose numbers are checked
// by hand: dimensions named after their position columns, KTAB's scale,
// influences as capabilities on every issue, saliences as written.
func TestReadKTABAsWritten(t *testing.T) {
	m, err := Read("tiny.csv", []byte(ktabCSV))
	if err != nil {
		t.Fatal(err)
	}
	if m.Name != "Tiny" || m.KTAB == nil || m.KTAB.Description != "a test scenario" {
		t.Errorf("name %q, KTAB %+v", m.Name, m.KTAB)
	}
	if len(m.Issues) != 2 || !reflect.DeepEqual(m.Issues[0], Issue{Name: "Tax Position", Min: 0, Max: 100}) || m.Issues[1].Name != "Roads Position" {
		t.Errorf("issues %+v", m.Issues)
	}
	want := [][]Stance{
		{{20, 30, 10}, {80, 50, 10}},
		{{60, 10, 5.5}, {0, 0, 5.5}},
		{{100, 100, 1}, {50, 0, 1}},
	}
	if !reflect.DeepEqual(m.Stances, want) {
		t.Errorf("stances %v, want %v", m.Stances, want)
	}
	if m.Actors[0].Name != "A" || m.Actors[0].Description != "the first" || m.Actors[1].Description != "" {
		t.Errorf("actors %+v", m.Actors)
	}
	as := m.Assumptions()
	if len(as) != 1 || !strings.Contains(as[0], "KTAB's fixed scale, 0 to 100") {
		t.Errorf("assumptions %q", as)
	}
}

// TestReadKTABShipped reads every data set as KTAB ships it (../shared)
// and compares it with actors.csv beside it, the same data in entente's
// CSV form: the same actors, descriptions, issues and stances; and the XML
// file of dummyData_3Dim likewise.
func TestReadKTABShipped(t *testing.T) {
	dirs, _ := filepath.Glob(filepath.Join(shared.Dir(t), "reference", "spatial-data", "ktab-*"))
	if len(dirs) == 0 {
		t.Fatal("no ktab-* data sets")
	}
	xmls := 0
	for _, dir := range dirs {
		want := readFile(t, filepath.Join(dir, "actors.csv"), ReadCSV)
		for _, f := range []string{"ktab-native.csv", "ktab-native.xml"} {
			path := filepath.Join(dir, f)
			if _, err := os.Stat(path); err != nil {
				continue
			}
			if f == "ktab-native.xml" {
				xmls++
			}
			got := readFile(t, path, Read)
			if got.KTAB == nil {
				t.Errorf("%s: not recognised as KTAB", path)
			}
			if len(got.Actors) != len(want.Actors) || len(got.Issues) != len(want.Issues) {
				t.Fatalf("%s: %d actors x %d issues, actors.csv %d x %d", path, len(got.Actors), len(got.Issues), len(want.Actors), len(want.Issues))
			}
			for k := range want.Issues {
				if got.Issues[k].Name != want.Issues[k].Name || got.Issues[k].Min != 0 || got.Issues[k].Max != 100 {
					t.Errorf("%s: issue %d is %+v; want %q on 0..100", path, k, got.Issues[k], want.Issues[k].Name)
				}
			}
			for a := range want.Actors {
				if got.Actors[a].Name != want.Actors[a].Name || got.Actors[a].Description != want.Actors[a].Description {
					t.Errorf("%s: actor %d is %+v, actors.csv %+v", path, a, got.Actors[a], want.Actors[a])
				}
				for k := range want.Issues {
					g, w := got.Stances[a][k], want.Stances[a][k]
					if math.Abs(g.Position-w.Position) > 1e-9 || math.Abs(g.Salience-w.Salience) > 1e-9 || math.Abs(g.Capability-w.Capability) > 1e-9 {
						t.Errorf("%s: %s on %s: %+v, actors.csv %+v", path, want.Actors[a].Name, want.Issues[k].Name, g, w)
					}
				}
			}
		}
	}
	if xmls == 0 {
		t.Error("no ktab-native.xml found")
	}
}

func readFile(t *testing.T, path string, read func(string, []byte) (*Model, error)) *Model {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := read(path, data)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

const ktabXML = `<?xml version="1.0" encoding="UTF-8"?>
<Scenario>
  <name>Tiny</name>
  <desc>with parameters</desc>
  <prngSeed>42</prngSeed>
  <ModelParameters>
    <VictoryProbModel>Square</VictoryProbModel>
    <VotingRule>Binary</VotingRule>
  </ModelParameters>
  <Dimensions><dName>Tax</dName></Dimensions>
  <Actors>
    <Actor><name>A</name><description>a</description><capability>10</capability>
      <Position><dCoord>20</dCoord></Position><Salience><dSal>30</dSal></Salience></Actor>
    <Actor><name>B</name><description></description><capability>5</capability>
      <Position><dCoord>60</dCoord></Position><Salience><dSal>10</dSal></Salience></Actor>
  </Actors>
  <IdealAdjustment>
    <iaPair><adjustingIdeal>A</adjustingIdeal><referencePos>B</referencePos><adjust>0.25</adjust></iaPair>
  </IdealAdjustment>
</Scenario>
`

func TestReadKTABXML(t *testing.T) {
	m, err := Read("tiny.xml", []byte(ktabXML))
	if err != nil {
		t.Fatal(err)
	}
	k := m.KTAB
	if k == nil || !k.HasSeed || k.Seed != 42 || k.Description != "with parameters" {
		t.Fatalf("KTAB settings %+v", k)
	}
	if !reflect.DeepEqual(k.Parameters, map[string]string{"VictoryProbModel": "Square", "VotingRule": "Binary"}) {
		t.Errorf("parameters %v", k.Parameters)
	}
	if !reflect.DeepEqual(k.Accommodation, [][]float64{{1, 0.25}, {0, 1}}) {
		t.Errorf("accommodation %v", k.Accommodation)
	}
	if !reflect.DeepEqual(m.Stances, [][]Stance{{{20, 30, 10}}, {{60, 10, 5}}}) {
		t.Errorf("stances %v", m.Stances)
	}
}

func TestReadKTABErrors(t *testing.T) {
	tests := []struct {
		name, data, want string
	}{
		{"empty", "", "k.csv:1:1: the file ends early; expected the title row"},
		{"bad count", "T,d,three,1,\nActor,Description,Influence,X Position,X Salience\n", `k.csv:1:5: actors: "three"; expected the number of actors`},
		{"short header", "T,d,1,2,\nActor,Description,Influence,X Position,X Salience\na,,1,1,1\n", "k.csv:2:1: the header has 5 fields; expected Actor, Description, Influence and a position and a salience column for each of the 2 dimensions"},
		{"position out of scale", "T,d,1,1,\nActor,Description,Influence,X Position,X Salience\na,,1,101,1\n", "k.csv:3:6: X Position: 101 is outside KTAB's scale; expected a position from 0 to 100"},
		{"salience sum", "T,d,1,2,\nActor,Description,Influence,X Position,X Salience,Y Position,Y Salience\na,,1,1,60,1,50\n", `k.csv:3:8: actor "a": saliences sum to 110; expected at most 100`},
		{"not a number", "T,d,1,1,\nActor,Description,Influence,X Position,X Salience\na,,lots,1,1\n", `k.csv:3:4: influence: "lots" is not a finite number`},
		{"too few rows", "T,d,2,1,\nActor,Description,Influence,X Position,X Salience\na,,1,1,1\n", "1 actor rows; the title row declares 2"},
		{"too many rows", "T,d,1,1,\nActor,Description,Influence,X Position,X Salience\na,,1,1,1\nb,,1,1,1\n", "k.csv:4:1: a row after the 1 actors the title row declares"},
		{"short row", "T,d,1,1,\nActor,Description,Influence,X Position,X Salience\na,,1,1\n", "k.csv:3:6: 4 fields; expected name, description, influence and a position and a salience"},
		{"duplicate actor", "T,d,2,1,\nActor,Description,Influence,X Position,X Salience\na,,1,1,1\na,,1,2,1\n", `k.csv:4:1: actor: duplicate actor name "a"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadKTAB("k.csv", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
	xmlTests := []struct{ name, data, want string }{
		// With the column since the XML readers share internal/xmltree:
		// the end of the file, where the element is left open.
		{"malformed", "<Scenario><name>x</name>", "k.xml:1:25: malformed XML: unexpected EOF"},
		{"no actors", "<Scenario><name>x</name><Dimensions><dName>X</dName></Dimensions></Scenario>", "k.xml:1:1: Actors: missing"},
		{"wrong count", "<Scenario><name>x</name><Dimensions><dName>X</dName><dName>Y</dName></Dimensions><Actors>\n<Actor><name>a</name><capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal><dSal>1</dSal></Salience></Actor></Actors></Scenario>",
			"k.xml:2:48: Position: 1 dCoord elements; expected one per dimension (2)"},
		{"unknown actor", "<Scenario><name>x</name><Dimensions><dName>X</dName></Dimensions><Actors><Actor><name>a</name><capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal></Salience></Actor></Actors>\n<IdealAdjustment><iaPair><adjustingIdeal>a</adjustingIdeal><referencePos>zz</referencePos><adjust>1</adjust></iaPair></IdealAdjustment></Scenario>",
			`k.xml:2:60: iaPair.referencePos: no actor named "zz"`},
	}
	for _, tt := range xmlTests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ReadKTABXML("k.xml", []byte(tt.data))
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s", err, tt.want)
			}
		})
	}
}

// TestWriteKTAB: a model on its own scale is written on KTAB's, by hand:
// 4..10 maps 7 to 50 and 5.5 to 25; saliences on 0..1 become percent.
func TestWriteKTAB(t *testing.T) {
	m := &Model{Name: "cars", Issues: []Issue{{Name: "year", Min: 4, Max: 10}},
		Actors:  []Actor{{Name: "NL", Description: "Netherlands"}, {Name: "DE"}},
		Stances: [][]Stance{{{7, 0.8, 2}}, {{5.5, 0.1, 3}}}}
	var b bytes.Buffer
	if err := WriteKTAB(&b, m); err != nil {
		t.Fatal(err)
	}
	want := "cars,,2,1\nActor,Description,Influence,year,year Salience\nNL,Netherlands,2,50,80\nDE,,3,25,10\n"
	if b.String() != want {
		t.Errorf("got\n%s\nwant\n%s", b.String(), want)
	}
	back, err := Read("back.csv", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if back.KTAB == nil || !reflect.DeepEqual(back.Stances, [][]Stance{{{50, 80, 2}}, {{25, 10, 3}}}) {
		t.Errorf("read back %v", back.Stances)
	}
	// A KTAB model goes through unchanged.
	k, err := ReadKTAB("tiny.csv", []byte(ktabCSV))
	if err != nil {
		t.Fatal(err)
	}
	b.Reset()
	if err := WriteKTAB(&b, k); err != nil {
		t.Fatal(err)
	}
	again, err := ReadKTAB("again.csv", b.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(again.Stances, k.Stances) || again.Name != k.Name || again.KTAB.Description != k.KTAB.Description {
		t.Errorf("round trip changed the model:\n%s", b.String())
	}
	// What KTAB cannot hold is refused.
	m.Stances[0][0].Capability = 9
	m.Issues = append(m.Issues, Issue{Name: "x", Min: 0, Max: 1})
	m.Stances[0] = append(m.Stances[0], Stance{0, 0, 1})
	m.Stances[1] = append(m.Stances[1], Stance{0, 0, 3})
	if err := WriteKTAB(&b, m); err == nil || !strings.Contains(err.Error(), "KTAB keeps one influence per actor") {
		t.Errorf("different capabilities per issue: %v", err)
	}
}

func TestAssumptions(t *testing.T) {
	m, err := ReadCSV("s.csv", []byte(smallCSV))
	if err != nil {
		t.Fatal(err)
	}
	as := m.Assumptions()
	if len(as) != 2 || as[0] != `issue "tax": the file gives no scale; assumed the range of the positions, 10 to 30` {
		t.Errorf("CSV: %q", as)
	}
	y, err := ReadYAML("s.yaml", []byte("issues: [{name: x, min: 0}, {name: y, min: 0, max: 9}]\nactors: [{name: a, capability: 1, stances: {x: {position: 3, salience: 1}, y: {position: 3, salience: 1}}}]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if as := y.Assumptions(); len(as) != 1 || as[0] != `issue "x": the file gives no max; assumed 3, from the positions` {
		t.Errorf("YAML: %q", as)
	}
	if as := (&Model{}).Assumptions(); as != nil {
		t.Errorf("a model built in code: %q", as)
	}
}

// FuzzReadKTAB: no input panics the reader; an accepted model validates,
// stays on KTAB's scale, and goes through WriteKTAB unchanged.
func FuzzReadKTAB(f *testing.F) {
	f.Add([]byte(ktabCSV))
	f.Add([]byte("XYZ,  XYZ Issue,  3,  1,  \nActor,  Description,  Influence,  XYZ Position,  XYZ Salience\na, d, 1, 2, 3\nb, d, 1, 2, 3\nc,,1,0,0\n"))
	f.Add([]byte("C,All,2,1,0,,,\r\nActor,Description,Influence,D Position,D Salience\r\nx,y,1,50,8\r\nz,w,2,62.5,10\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadKTAB("f.csv", data)
		if err != nil {
			return
		}
		if errs := m.Validate(); len(errs) > 0 {
			t.Fatalf("accepted model does not validate: %v", errs)
		}
		var b bytes.Buffer
		if err := WriteKTAB(&b, m); err != nil {
			// Capabilities are per actor in KTAB's layout, so this cannot
			// fail for a model it read.
			t.Fatalf("WriteKTAB: %v", err)
		}
		back, err := ReadKTAB("back.csv", b.Bytes())
		if err != nil {
			t.Fatalf("written KTAB does not read back: %v\n%s", err, b.String())
		}
		if !reflect.DeepEqual(back.Stances, m.Stances) {
			t.Fatalf("stances change through KTAB CSV:\n%v\n%v", m.Stances, back.Stances)
		}
	})
}

// FuzzReadKTABXML: no input panics the XML reader; an accepted model
// validates.
func FuzzReadKTABXML(f *testing.F) {
	f.Add([]byte(ktabXML))
	f.Add([]byte("<Scenario><name>x</name><Dimensions><dName>X</dName></Dimensions><Actors><Actor><name>a</name><capability>1</capability><Position><dCoord>1</dCoord></Position><Salience><dSal>1</dSal></Salience></Actor></Actors></Scenario>"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := ReadKTABXML("f.xml", data)
		if err != nil {
			return
		}
		if errs := m.Validate(); len(errs) > 0 {
			t.Fatalf("accepted model does not validate: %v", errs)
		}
		for a := range m.Stances {
			for k, s := range m.Stances[a] {
				if s.Position < 0 || s.Position > 100 || s.Salience < 0 || s.Salience > 100 {
					t.Fatalf("actor %d issue %d: %+v outside KTAB's ranges", a, k, s)
				}
			}
		}
	})
}
