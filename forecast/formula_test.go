package forecast

import (
	"bytes"
	"encoding/csv"
	"reflect"
	"strings"
	"testing"
)

// TestWriteCSVNeutralizesFormulas: names a spreadsheet would run as
// formulas are written with an apostrophe before them, and read back as
// they were.
func TestWriteCSVNeutralizesFormulas(t *testing.T) {
	in := "actor,issue,position,salience,capability,description\n" +
		`"=HYPERLINK(""http://evil.example"")",@roads,-3,0.5,1,+cmd` + "\n" +
		"-b,@roads,7,0.5,1,plain\n"
	m, err := ReadCSV("hostile.csv", []byte(in))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, m); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+@", rune(cell[0])) {
				t.Errorf("a cell a spreadsheet would run: %q", cell)
			}
			if cell != "" && cell[0] == '-' && cell != "-3" {
				t.Errorf("a cell a spreadsheet would run: %q", cell)
			}
		}
	}
	back, err := ReadCSV("back.csv", buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back.Actors, m.Actors) || !reflect.DeepEqual(back.Issues, m.Issues) || !reflect.DeepEqual(back.Stances, m.Stances) {
		t.Errorf("read back differently:\n%+v\n%+v\n%s", back.Actors, m.Actors, buf.String())
	}
	if m.Actors[0].Name != `=HYPERLINK("http://evil.example")` || m.Actors[1].Name != "-b" {
		t.Errorf("names %q, %q", m.Actors[0].Name, m.Actors[1].Name)
	}
}
