package report_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/protocol"
	"github.com/entente/entente/report"
)

// Issue 19, finding 8: a report of more parties than a session seats
// failed outright; it now leaves the simulation out and says so.
func TestReportLeavesOutTheSimulationAboveMaxParties(t *testing.T) {
	n := protocol.MaxParties + 1
	s := &entente.Scenario{Name: "many", Issues: []entente.Issue{{Name: "x", Kind: entente.Discrete, Options: []string{"a", "b"}}}}
	for p := range n {
		s.Parties = append(s.Parties, entente.Party{Name: fmt.Sprint("p", p), Preferences: entente.Preferences{
			Weights: []float64{1}, Values: []entente.ValueFunc{entente.Table{Values: []float64{float64(p % 2), float64(1 - p%2)}}}}})
	}
	doc, err := report.Build(context.Background(), s, nil, report.Options{Samples: -1, Runs: -1, Sessions: 4, Rounds: 10})
	if err != nil {
		t.Fatalf("%d parties: %v", n, err)
	}
	if contains(sectionIDs(doc), "negotiation") {
		t.Error("a negotiation section for a scenario no session can seat")
	}
	var md bytes.Buffer
	if err := doc.Markdown(&md, func(int, []byte) (string, error) { return "fig.svg", nil }); err != nil {
		t.Fatal(err)
	}
	if want := fmt.Sprintf("No negotiation was simulated: a simulated session seats at most %d parties, and this scenario has %d.", protocol.MaxParties, n); !strings.Contains(md.String(), want) {
		t.Errorf("the report does not say %q", want)
	}
}
