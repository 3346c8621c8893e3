package smp_test

import (
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/shared"
)

// loadActors reads a spatial-data actors.csv with the forecast package's
// reader and puts every issue on KTAB's 0..100 scale (the reader would
// take the range of the positions; KTAB data is written for 0..100).
func loadActors(t testing.TB, path string) *forecast.Model {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	m, err := forecast.ReadCSV(path, data)
	if err != nil {
		t.Fatal(err)
	}
	m.Name = filepath.Base(filepath.Dir(path))
	for k := range m.Issues {
		m.Issues[k].Min, m.Issues[k].Max = 0, 100
	}
	return m
}

func num(t testing.TB, s string) float64 {
	t.Helper()
	v, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// ktabSets returns the directories of the ktab-* data sets.
func ktabSets(t testing.TB) []string {
	t.Helper()
	dirs, err := filepath.Glob(filepath.Join(shared.Dir(t), "reference", "spatial-data", "ktab-*"))
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no ktab-* data sets found (%v)", err)
	}
	return dirs
}

// expected reads expected.csv into method -> issue -> value, and the number
// of KTAB turns.
func expected(t testing.TB, dir string) (map[string]map[string]float64, int) {
	t.Helper()
	out := map[string]map[string]float64{}
	turns := -1
	for _, r := range shared.ReadCSV(t, filepath.Join(dir, "expected.csv")) {
		if r[1] == "ktab_smp_expected_outcome" {
			turns = int(num(t, r[3]))
		}
		if out[r[1]] == nil {
			out[r[1]] = map[string]float64{}
		}
		out[r[1]][r[0]] = num(t, r[2])
	}
	return out, turns
}
