package report_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/entente/entente/internal/fixture"
	"github.com/entente/entente/report"
)

// wilsonHalf is the half-width of the 95% Wilson interval of k of n,
// written here from Wilson (1927).
func wilsonHalf(k, n float64) float64 {
	const z = 1.959963984540054
	p := k / n
	return z * math.Sqrt(p*(1-p)/n+z*z/(4*n*n)) / (1 + z*z/n)
}

// TestSimulationSection: the section compares blind and aware agents under
// every protocol, runs until every 95% interval is within ±5 points, says
// how many sessions ran, and its numbers hold what the scenario implies:
// every agreement is the zone's one package, which alpha's parliament
// ratifies, so every agreement stands.
func TestSimulationSection(t *testing.T) {
	doc, err := report.Build(context.Background(), fixture.BlocCase(), nil, report.Options{Samples: -1, Runs: -1, Rounds: 100, Seed: 5})
	if err != nil {
		t.Fatal(err)
	}
	var sec *report.Section
	for _, s := range doc.Sections {
		if s.ID == "negotiation" {
			sec = s
		}
	}
	if sec == nil {
		t.Fatal("no negotiation section")
	}
	nums := doc.Numbers
	n := nums["negotiation.sessions"]
	t.Logf("%v sessions per arm", n)
	if n < 50 || n > 1000 || n != math.Trunc(n) {
		t.Fatalf("%v sessions", n)
	}
	var table *report.Table
	for _, b := range sec.Blocks {
		if tb, ok := b.(*report.Table); ok && table == nil {
			table = tb
		}
	}
	if table == nil || len(table.Rows) != 6 || !strings.Contains(strings.Join(table.Head, "|"), "deals that stand [95% CI]") {
		t.Fatalf("the table: %+v", table)
	}
	for _, key := range []string{"direct", "mediated", "mediated_compare"} {
		for _, who := range []string{"", ".aware"} {
			k := "negotiation." + key + who
			ag, st := nums[k+".agreements"], nums[k+".stands"]
			if ag != st {
				t.Errorf("%s: %v agreements but %v stand; every agreement here is ratified", k, ag, st)
			}
			if h := wilsonHalf(ag*n, n); h > 0.05 {
				t.Errorf("%s: ±%.3f after %v sessions, more than ±5 points", k, h, n)
			}
		}
	}
	var row string
	for _, r := range table.Rows {
		if strings.HasPrefix(r[0], "direct offers (alternating), aware") {
			row = strings.Join(r, "|")
		}
	}
	if !strings.Contains(row, "%, ") || !strings.Contains(row, "[") {
		t.Errorf("the aware direct offers row has no interval: %q", row)
	}
	text := ""
	for _, b := range sec.Blocks {
		if p, ok := b.(report.Paragraph); ok {
			text += string(p)
		}
	}
	if !strings.Contains(text, "Each arm ran the same") || !strings.Contains(text, "Aware agents (aware=all)") {
		t.Errorf("the section does not say what ran: %q", text)
	}
}
