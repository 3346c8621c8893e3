package smp_test

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/entente/entente/forecast"
	"github.com/entente/entente/internal/shared"
)

// loadActors reads a spatial-data actors.csv (actor, issue, position,
// salience, capability[, description]) into a model on KTAB's 0..100 scale.
// It is a test-only stand-in for the forecast package's reader.
func loadActors(t testing.TB, path string) *forecast.Model {
	t.Helper()
	rows := readCSV(t, path)
	m := &forecast.Model{Name: filepath.Base(filepath.Dir(path))}
	actor, issue := map[string]int{}, map[string]int{}
	type cell struct {
		a, i int
		st   forecast.Stance
	}
	var cells []cell
	for _, r := range rows[1:] {
		if len(r) < 5 {
			t.Fatalf("%s: short row %q", path, r)
		}
		a, ok := actor[r[0]]
		if !ok {
			a = len(m.Actors)
			actor[r[0]] = a
			desc := ""
			if len(r) > 5 {
				desc = r[5]
			}
			m.Actors = append(m.Actors, forecast.Actor{Name: r[0], Description: desc})
		}
		i, ok := issue[r[1]]
		if !ok {
			i = len(m.Issues)
			issue[r[1]] = i
			m.Issues = append(m.Issues, forecast.Issue{Name: r[1], Min: 0, Max: 100})
		}
		cells = append(cells, cell{a, i, forecast.Stance{Position: num(t, r[2]), Salience: num(t, r[3]), Capability: num(t, r[4])}})
	}
	m.Stances = make([][]forecast.Stance, len(m.Actors))
	for a := range m.Stances {
		m.Stances[a] = make([]forecast.Stance, len(m.Issues))
	}
	for _, c := range cells {
		m.Stances[c.a][c.i] = c.st
	}
	return m
}

func readCSV(t testing.TB, path string) [][]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	r := csv.NewReader(f)
	r.FieldsPerRecord = -1
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return rows
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
	for _, r := range readCSV(t, filepath.Join(dir, "expected.csv"))[1:] {
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
