package analysis_test

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/entente/entente"
	"github.com/entente/entente/analysis"
	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/internal/synth"
	"github.com/entente/entente/load"
)

// synthetic builds an additive scenario with the given number of parties
// and issues of ten options each, with seeded random values and weights
// (synth.Random).
func synthetic(parties, issues int, seed uint64) *entente.Scenario {
	return synth.Random(parties, issues, 10, seed)
}

// cpuTime returns the user and system CPU time of the process so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// benchScenario analyses s b.N times and reports the time per package and
// the CPU utilisation (100% is one core busy), besides the frontier.
func benchScenario(b *testing.B, s *entente.Scenario, opt analysis.Options) {
	b.Helper()
	var n uint64
	var r *analysis.Result
	b.ReportAllocs()
	cpu0, wall0 := cpuTime(), time.Now()
	for b.Loop() {
		var err error
		r, err = analysis.Analyze(context.Background(), s, opt)
		if err != nil {
			b.Fatal(err)
		}
		n = r.Outcomes
	}
	cpu, wall := cpuTime()-cpu0, time.Since(wall0)
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(uint64(b.N)*n), "ns/outcome")
	b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu%")
	b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N), "cpu-ns/op")
	b.ReportMetric(float64(r.Frontier.Len()), "frontier")
	b.ReportMetric(float64(r.ParetoOutcomes), "frontier-pkgs")
}

func benchAnalyze(b *testing.B, parties, issues int) {
	benchScenario(b, synthetic(parties, issues, 1), analysis.Options{})
}

// BenchmarkAnalyze2x1e6: 2 parties, 10^6 outcomes (aim: under 0.5 s).
func BenchmarkAnalyze2x1e6(b *testing.B) { benchAnalyze(b, 2, 6) }

// BenchmarkAnalyze3x1e6: 3 parties, 10^6 outcomes (aim: under 1.5 s).
func BenchmarkAnalyze3x1e6(b *testing.B) { benchAnalyze(b, 3, 6) }

// BenchmarkAnalyze2x1e7: 2 parties, 10^7 random outcomes, 10 options per
// issue (aim: under 0.2 s on 2 cores).
func BenchmarkAnalyze2x1e7(b *testing.B) { benchAnalyze(b, 2, 7) }

// BenchmarkAnalyze3x1e7: 3 parties, 10^7 random outcomes (aim: under
// 0.2 s on 2 cores).
func BenchmarkAnalyze3x1e7(b *testing.B) { benchAnalyze(b, 3, 7) }

// BenchmarkAnalyze4x1e7: 4 parties, 10^7 random outcomes (aim: under
// 0.5 s on 2 cores, under 200 MB).
func BenchmarkAnalyze4x1e7(b *testing.B) { benchAnalyze(b, 4, 7) }

// BenchmarkTies3x1e7: 3 parties, 10^7 outcomes whose frontier is made of
// heavily tied and near-tied packages (synth.Ties; aim: under 1 s).
func BenchmarkTies3x1e7(b *testing.B) {
	benchScenario(b, synth.Ties(3, 7, 10, 3, 1), analysis.Options{})
}

// BenchmarkTies4x1e7: 4 parties, 10^7 outcomes, heavy ties on a large
// frontier (synth.Ties with five levels: 6,920 vectors shared by 864,064
// packages): the k-d trees of more than three parties.
func BenchmarkTies4x1e7(b *testing.B) {
	benchScenario(b, synth.Ties(4, 7, 10, 5, 3), analysis.Options{ParetoPoints: -1})
}

// BenchmarkLikeAgentHp2: the look-alike of ANAC 2016 AgentHp2, 3 parties,
// 5,764,801 packages, 972,000 of them on the frontier sharing 731
// vectors (aim: the whole `analyze --json` under 0.3 s).
func BenchmarkLikeAgentHp2(b *testing.B) {
	benchScenario(b, synth.LikeAgentHp2(1), analysis.Options{})
}

// BenchmarkAllPareto2x1e7: 2 parties, 10^7 packages all Pareto-optimal
// with distinct vectors; the analysis keeps the frontier compactly and
// materialises no Point (as `analyze --json` asks).
func BenchmarkAllPareto2x1e7(b *testing.B) {
	benchScenario(b, synth.AllPareto(7, 10), analysis.Options{ParetoPoints: -1})
}

// BenchmarkParsCat: ANAC 2016 parsCat (3 parties, 390,625 packages) from
// ../shared when present (aim: the whole `analyze --json` under 0.03 s).
func BenchmarkParsCat(b *testing.B) {
	dir := shared.Dir(b)
	res, err := load.Paths(dir + "/scenarios/genius/anac2016-parsCat")
	if err != nil {
		b.Fatal(err)
	}
	benchScenario(b, res.Scenario, analysis.Options{})
}

// BenchmarkFlagship: the flagship example with its politics (72,576
// packages, 4 parties, a 7-member bloc, 3 constituencies; aim: the whole
// `analyze --json` under 0.05 s).
func BenchmarkFlagship(b *testing.B) {
	res, err := load.Paths("ukraine-2025")
	if err != nil {
		b.Fatal(err)
	}
	benchScenario(b, res.Scenario, analysis.Options{})
}
