package smp_test

import (
	"path/filepath"
	"testing"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/smp"
	"github.com/entente/entente/internal/shared"
)

func benchModel(b *testing.B, m *forecast.Model, workers int) {
	p := smp.DefaultParams()
	p.Workers = workers
	b.ReportAllocs()
	turns := 0
	for b.Loop() {
		res, err := smp.Run(m, p)
		if err != nil {
			b.Fatal(err)
		}
		turns = res.Turns
	}
	b.ReportMetric(float64(turns), "turns")
}

func benchSet(b *testing.B, name string) {
	m := loadActors(b, filepath.Join(shared.Dir(b), "reference", "spatial-data", name, "actors.csv"))
	b.Run("auto", func(b *testing.B) { benchModel(b, m, 0) })
	b.Run("serial", func(b *testing.B) { benchModel(b, m, 1) })
}

// BenchmarkA040 runs KTAB's 40-actor data set (KTAB: about 14 s here).
func BenchmarkA040(b *testing.B) { benchSet(b, "ktab-dummy-a040") }

// BenchmarkA080 runs KTAB's 80-actor data set (KTAB: about 235 s here).
func BenchmarkA080(b *testing.B) { benchSet(b, "ktab-dummy-a080") }

// BenchmarkSynthetic12x9 runs a seeded random model of 12 actors on 9
// issues.
func BenchmarkSynthetic12x9(b *testing.B) {
	m := synthetic(12, 9, 42)
	b.Run("auto", func(b *testing.B) { benchModel(b, m, 0) })
	b.Run("final-only", func(b *testing.B) {
		p := smp.DefaultParams()
		p.FinalOnly = true
		b.ReportAllocs()
		for b.Loop() {
			if _, err := smp.Run(m, p); err != nil {
				b.Fatal(err)
			}
		}
	})
}
