package report_test

import (
	"context"
	"testing"

	"github.com/entente/entente/report"
)

// BenchmarkFlagshipReport builds the flagship's report as `entente report
// ukraine-2025` does (the default options: 1,000 robustness draws, 1,000
// forecast runs, 24 simulated sessions per protocol).
func BenchmarkFlagshipReport(b *testing.B) {
	res, fm := exampleB(b, "ukraine-2025")
	for b.Loop() {
		if _, err := report.Build(context.Background(), res, fm, report.Options{Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
