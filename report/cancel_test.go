package report_test

import (
	"context"
	"errors"
	"testing"

	"github.com/entente/entente/report"
)

// TestCancelledBuildIsNoReport cancels Build as each stage starts: it must
// return the cancellation's cause and no document, never a document whose
// cut-short parts read as results (sessions counted as failed
// negotiations, a forecast of no runs).
func TestCancelledBuildIsNoReport(t *testing.T) {
	s, fm := example(t, "ukraine-2025")
	stop := errors.New("stopped by the test")
	for _, stage := range []string{
		"analysing every package",
		"drawing plausible profiles (robustness)",
		"explaining the zone",
		"comparing guarantee designs",
		"running the forecasting models",
		"simulating negotiations",
	} {
		t.Run(stage, func(t *testing.T) {
			ctx, cancel := context.WithCancelCause(context.Background())
			defer cancel(nil)
			opt := quick
			opt.Sessions = 2000
			if stage != "drawing plausible profiles (robustness)" {
				opt.Samples = -1 // the slowest part, needed only here
			}
			reached := false
			opt.Progress = func(s string) {
				if s == stage {
					reached = true
					cancel(stop)
				}
			}
			doc, err := report.Build(ctx, s, fm, opt)
			if !reached {
				t.Fatalf("Build never reached the stage %q", stage)
			}
			if !errors.Is(err, stop) || doc != nil {
				t.Errorf("Build cancelled at %q returned a document: %v, error %v; want none and the cause", stage, doc != nil, err)
			}
		})
	}
}
