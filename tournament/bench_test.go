package tournament_test

import (
	"context"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/entente/entente/internal/shared"
	"github.com/entente/entente/tournament"
)

// BenchmarkTournament runs testdata/bench.yaml (1,000 negotiations of up to
// 1,000 rounds on ten ANAC scenarios) into a fresh SQLite file, on all
// cores, and reports negotiations per second and the CPU used as a share
// of one core (200% = both cores of a 2-core machine busy).
// Run it with -benchtime=1x.
func BenchmarkTournament(b *testing.B) {
	// The plan names scenarios in ../shared, outside its folder.
	p, err := tournament.PlanReader{Allow: []string{shared.Dir(b)}}.Read("testdata/bench.yaml")
	if err != nil {
		b.Fatal(err)
	}
	if n := len(p.Jobs()); n != 1000 {
		b.Fatalf("the plan has %d negotiations, want 1000", n)
	}
	var ran int
	var wall, cpu time.Duration
	for b.Loop() {
		st := openStore(b, filepath.Join(b.TempDir(), "bench.db"))
		r0 := rusage()
		t0 := time.Now()
		sum, err := tournament.Run(context.Background(), p, st, tournament.Options{})
		if err != nil || sum.Failed > 0 {
			b.Fatalf("%+v %v", sum, err)
		}
		wall += time.Since(t0)
		cpu += rusage() - r0
		ran += sum.Ran
	}
	b.ReportMetric(float64(ran)/wall.Seconds(), "negotiations/s")
	b.ReportMetric(100*cpu.Seconds()/wall.Seconds(), "cpu%")
}

func rusage() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
