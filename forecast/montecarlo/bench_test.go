package montecarlo

import (
	"testing"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/bdm"
	"github.com/entente/entente/forecast/smp"
)

// BenchmarkRun10000: 10,000 Monte Carlo runs of a seeded synthetic
// 12-actor x 9-issue model with ranges on every input, per model, on all
// cores. Run with -benchtime=1x.
func BenchmarkRun10000(b *testing.B) {
	m := synthetic(12, 9, 2026)
	for _, f := range []Forecaster{
		Baseline("compromise", forecast.Mean),
		Baseline("median", forecast.Median),
		BDM(m, bdm.DefaultParams()),
		SMP(m, smp.DefaultParams()),
	} {
		b.Run(f.Name, func(b *testing.B) {
			for b.Loop() {
				res, err := Run(m, 10000, 1, []Forecaster{f}, 0)
				if err != nil {
					b.Fatal(err)
				}
				if n := res.Intervals[0][0].Failed; n > 0 {
					b.Fatalf("%d runs failed: %v", n, res.Errors[0])
				}
			}
		})
	}
}

// BenchmarkSpearman10000: the rank correlations of 10,000 runs of the
// same model (324 inputs, 9 issues) for one model.
func BenchmarkSpearman10000(b *testing.B) {
	m := synthetic(12, 9, 2026)
	res, err := Run(m, 10000, 1, []Forecaster{Baseline("compromise", forecast.Mean)}, 0)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		res.Spearman()
	}
}
