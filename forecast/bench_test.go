package forecast

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/entente/entente/internal/shared"
)

func synthetic12x9() *Model {
	rng := newRand(129)
	m := &Model{Name: "synthetic"}
	for k := 0; k < 9; k++ {
		m.Issues = append(m.Issues, Issue{Name: fmt.Sprintf("issue%d", k), Min: 0, Max: 100})
	}
	for i := 0; i < 12; i++ {
		m.Actors = append(m.Actors, Actor{Name: fmt.Sprintf("a%d", i)})
		row := make([]Stance, 9)
		for k := range row {
			row[k] = Stance{Position: float64(rng.IntN(101)), Salience: rng.Float64(), Capability: rng.Float64()}
		}
		m.Stances = append(m.Stances, row)
	}
	return m
}

func benchBaselines(b *testing.B, m *Model) {
	var x, w []float64
	for _, bc := range []struct {
		name string
		f    func(x, w []float64) float64
	}{{"compromise", Mean}, {"median", Median}, {"condorcet", Condorcet}} {
		b.Run(bc.name, func(b *testing.B) {
			for b.Loop() {
				for k := range m.Issues {
					x, w = m.Positions(k, x), m.Weights(k, w)
					bc.f(x, w)
				}
			}
		})
	}
}

func BenchmarkBaselinesEUEmissions(b *testing.B) { benchBaselines(b, loadSet(b, "bdm-eu-emissions")) }

func BenchmarkBaselinesA040(b *testing.B) { benchBaselines(b, loadSet(b, "ktab-dummy-a040")) }

func BenchmarkBaselinesA080(b *testing.B) { benchBaselines(b, loadSet(b, "ktab-dummy-a080")) }

func loadSet(b *testing.B, set string) *Model {
	path := filepath.Join(shared.Dir(b), "reference", "spatial-data", set, "actors.csv")
	data, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	m, err := ReadCSV(path, data)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkBaselinesSynthetic12x9(b *testing.B) { benchBaselines(b, synthetic12x9()) }
