package wire

import (
	"bytes"
	"context"
	"strings"
	"testing"

	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/csvcell"
	"github.com/entente/entente/internal/synth"
)

// TestStreamCSVMemoryBounded: writing a frontier ten times as long as CSV
// allocates about as much, as for JSON (TestStreamMemoryBounded): the
// rows are formatted into the chunks' reused buffers. Writing 10^7
// Pareto-optimal packages allocated a record of strings per row (a 140 MB
// larger peak than --json and twice its processor time).
func TestStreamCSVMemoryBounded(t *testing.T) {
	if testing.Short() || raceEnabled {
		t.Skip("analyses 10^6 packages, and measures allocation (which the race detector changes)")
	}
	small, large := allocated(t, streamDoc(t, 5).WriteCSV), allocated(t, streamDoc(t, 6).WriteCSV)
	t.Logf("allocated %d bytes for 10^5 frontier points, %d for 10^6", small, large)
	if large > 2*small {
		t.Errorf("writing 10^6 frontier points as CSV allocated %d bytes, 10^5 %d: rows allocate", large, small)
	}
}

// TestStreamedCSVCells: option names that need quoting or would run as
// spreadsheet formulas come out in the streamed rows as csvcell.Writer
// writes them.
func TestStreamedCSVCells(t *testing.T) {
	s := synth.AllPareto(3, 6)
	s.Issues[0].Options[1] = "=HYPERLINK(\"x\")"
	s.Issues[0].Options[2] = "a, b"
	s.Issues[1].Options[0] = " leading space"
	s.Issues[1].Options[3] = "-5+3"
	s.Issues[2].Options[4] = "say \"no\""
	s.Issues[2].Options[5] = "line\nbreak"
	if errs := s.Validate(); len(errs) > 0 {
		t.Fatal(errs)
	}
	ctx := context.Background()
	all, err := analysis.Analyze(ctx, s, analysis.Options{})
	if err != nil {
		t.Fatal(err)
	}
	streamed, err := analysis.Analyze(ctx, s, analysis.Options{ParetoPoints: -1})
	if err != nil {
		t.Fatal(err)
	}
	var want bytes.Buffer
	cw := csvcell.NewWriter(&want)
	for _, p := range all.Pareto {
		_ = cw.Write(csvRecord(s, "pareto", "", p.Utilities, p.Outcome))
	}
	cw.Flush()
	var got bytes.Buffer
	if err := Analysis(s, streamed, AnalysisOptions{}).WriteCSV(ctx, &got); err != nil {
		t.Fatal(err)
	}
	i := strings.Index(got.String(), "\npareto,")
	if i < 0 || !strings.HasPrefix(got.String()[i+1:], want.String()) {
		t.Fatalf("streamed rows differ from csvcell's:\n%s\nwant\n%s", got.String(), want.String())
	}
	for _, risky := range []string{"'=HYPERLINK", "\"a, b\"", "\" leading space\"", "'-5+3", "\"say \"\"no\"\"\"", "\"line\nbreak\""} {
		if !strings.Contains(got.String(), risky) {
			t.Errorf("no cell %q in the rows", risky)
		}
	}
}
