package forecast_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
)

func TestReadLimits(t *testing.T) {
	var csv, yml strings.Builder
	csv.WriteString("actor,issue,position,salience,capability\n")
	yml.WriteString("issues: [{name: tax}]\nactors:\n")
	for a := range 5 {
		fmt.Fprintf(&csv, "a%d,tax,%d,0.5,1\n", a, 10*a)
		fmt.Fprintf(&yml, "  - {name: a%d, capability: 1, stances: {tax: {position: %d, salience: 0.5}}}\n", a, 10*a)
	}
	r := forecast.Reader{Limits: entente.Limits{Actors: 4}}
	_, err := r.Read("m.csv", []byte(csv.String()))
	if want := "m.csv:6:1: actor: more than 4 actors, the limit; no real negotiation needs so many (raise the limit with --max-actors if this one does)"; err == nil || err.Error() != want {
		t.Errorf("CSV: got %v, want %s", err, want)
	}
	_, err = r.Read("m.yaml", []byte(yml.String()))
	if want := "m.yaml:3:3: actors: 5 actors, more than the limit of 4"; err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Errorf("YAML: got %v, want %s...", err, want)
	}
	for _, name := range []string{"m.csv", "m.yaml"} {
		data := csv.String()
		if name == "m.yaml" {
			data = yml.String()
		}
		if m, err := (forecast.Reader{}).Read(name, []byte(data)); err != nil || len(m.Actors) != 5 {
			t.Errorf("%s with the default limits: %v", name, err)
		}
	}
}

// A file of many bad rows gets a bounded number of messages.
func TestReadStopsAfterManyErrors(t *testing.T) {
	var b strings.Builder
	b.WriteString("actor,issue,position,salience,capability\n")
	for a := range 10_000 {
		fmt.Fprintf(&b, "a%d,tax,x,0.5,1\n", a)
	}
	_, err := forecast.ReadCSV("m.csv", []byte(b.String()))
	l, ok := err.(entente.ErrorList)
	if !ok || len(l) != 101 || !strings.Contains(l[100].Error(), "more than 100 problems; stopped reading here") {
		t.Errorf("got %d problems, the last %v", len(l), l[len(l)-1])
	}
}
