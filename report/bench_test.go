package report_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/entente/entente/report"
)

// BenchmarkFlagshipReport builds the flagship's report as `entente report
// ukraine-2025` does, with the default options (1,000 robustness draws,
// 1,000 forecast runs, up to 1,000 simulated sessions per arm), and
// reports the processor time per report (cpu-s/op, every goroutine) and
// the share of a core it kept busy (cpu%, 200% is both cores): on a
// machine shared with other work the processor time is the figure to
// compare. The parts: robustness, forecast or simulations alone, with the
// analysis, explanation, guarantees and charts every report has.
func BenchmarkFlagshipReport(b *testing.B) {
	res, fm := exampleB(b, "ukraine-2025")
	for _, c := range []struct {
		name string
		opt  report.Options
	}{
		{"all", report.Options{Seed: 1}},
		{"robustness", report.Options{Seed: 1, Runs: -1, Sessions: -1}},
		{"forecast", report.Options{Seed: 1, Samples: -1, Sessions: -1}},
		{"simulations", report.Options{Seed: 1, Samples: -1, Runs: -1}},
		{"rest", report.Options{Seed: 1, Samples: -1, Runs: -1, Sessions: -1}},
	} {
		b.Run(c.name, func(b *testing.B) {
			cpu0, wall0 := cpuTime(), time.Now()
			for b.Loop() {
				if _, err := report.Build(context.Background(), res, fm, c.opt); err != nil {
					b.Fatal(err)
				}
			}
			cpu, wall := cpuTime()-cpu0, time.Since(wall0)
			b.ReportMetric(cpu.Seconds()/float64(b.N), "cpu-s/op")
			b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu%")
		})
	}
}

// cpuTime returns the user and system processor time of the process so
// far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
