package bdm

import (
	"math/rand/v2"
	"os"
	"path/filepath"
	"testing"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/shared"
)

// BenchmarkEUEmissions: 10 actors, 1 issue, 10 rounds.
func BenchmarkEUEmissions(b *testing.B) {
	m, _ := loadEU(b)
	p := DefaultParams()
	for b.Loop() {
		if _, err := RunAll(m, p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSynthetic12x9: 12 actors, 9 issues (seeded), 10 rounds each.
func BenchmarkSynthetic12x9(b *testing.B) {
	m := randomModel(rand.New(rand.NewPCG(12, 9)), 12, 9)
	p := DefaultParams()
	for b.Loop() {
		if _, err := RunAll(m, p); err != nil {
			b.Fatal(err)
		}
	}
}

func loadSet(b *testing.B, set string) *forecast.Model {
	path := filepath.Join(shared.Dir(b), "reference", "spatial-data", set, "actors.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	m, err := forecast.ReadCSV(path, data)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

// BenchmarkA040 and BenchmarkA080: KTAB's 40- and 80-actor data sets, one
// issue, 10 rounds (saliences on 0..100, scale chosen automatically).
func BenchmarkA040(b *testing.B) { benchSet(b, "ktab-dummy-a040") }

func BenchmarkA080(b *testing.B) { benchSet(b, "ktab-dummy-a080") }

func benchSet(b *testing.B, set string) {
	m := loadSet(b, set)
	p := DefaultParams()
	for b.Loop() {
		if _, err := RunAll(m, p); err != nil {
			b.Fatal(err)
		}
	}
}
