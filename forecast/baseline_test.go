package forecast

import (
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/entente/entente/internal/shared"
)

// expectedRow is one row of a spatial-data expected.csv.
type expectedRow struct {
	issue, method string
	value         float64
}

func readExpected(t *testing.T, path string) []expectedRow {
	t.Helper()
	var out []expectedRow
	for _, r := range shared.ReadCSV(t, path) {
		v, err := strconv.ParseFloat(r[2], 64)
		if err != nil {
			continue // textual facts
		}
		out = append(out, expectedRow{r[0], r[1], v})
	}
	return out
}

// TestBaselinesShared checks the three baselines against every data set in
// ../shared/reference/spatial-data. The expected values are printed with 4
// decimals. On one dimension the Condorcet winner is the weighted median,
// so where a data set has no Condorcet row the median row checks it too.
func TestBaselinesShared(t *testing.T) {
	dir := filepath.Join(shared.Dir(t), "reference", "spatial-data")
	sets, err := filepath.Glob(filepath.Join(dir, "*", "actors.csv"))
	if err != nil || len(sets) == 0 {
		t.Fatalf("no data sets in %s (%v)", dir, err)
	}
	checked := map[string]int{}
	for _, actors := range sets {
		set := filepath.Base(filepath.Dir(actors))
		t.Run(set, func(t *testing.T) {
			data, err := os.ReadFile(actors)
			if err != nil {
				t.Fatal(err)
			}
			m, err := ReadCSV(actors, data)
			if err != nil {
				t.Fatal(err)
			}
			hasCondorcet := false
			rows := readExpected(t, filepath.Join(filepath.Dir(actors), "expected.csv"))
			for _, r := range rows {
				hasCondorcet = hasCondorcet || r.method == "condorcet_winner_linear_cap_x_sal"
			}
			for _, r := range rows {
				k := m.IssueIndex(r.issue)
				if k < 0 {
					t.Fatalf("expected.csv names issue %q, not in actors.csv", r.issue)
				}
				x, w := m.Positions(k, nil), m.Weights(k, nil)
				check := func(name string, got float64) {
					t.Helper()
					checked[name]++
					if math.Abs(got-r.value) > 5e-5 {
						t.Errorf("%s %s: got %.6f, want %.4f", r.issue, name, got, r.value)
					}
				}
				switch r.method {
				case "weighted_mean_cap_x_sal":
					check("mean", Mean(x, w))
				case "weighted_median_cap_x_sal":
					check("median", Median(x, w))
					if !hasCondorcet {
						check("condorcet (= median)", Condorcet(x, w))
					}
				case "condorcet_winner_linear_cap_x_sal":
					check("condorcet", Condorcet(x, w))
				}
			}
		})
	}
	for _, name := range []string{"mean", "median", "condorcet"} {
		if checked[name] == 0 {
			t.Errorf("no expected %s value was checked", name)
		}
	}
}

func TestBaselinesSmall(t *testing.T) {
	for _, tc := range []struct {
		name                string
		x, w                []float64
		mean, median, cndct float64
	}{
		{"one actor", []float64{3}, []float64{2}, 3, 3, 3},
		{"heavy end", []float64{0, 10, 5}, []float64{1, 5, 1}, 55.0 / 7, 10, 10},
		// Cumulative weight exactly half at 2: the lower middle position.
		{"exact tie", []float64{2, 8}, []float64{1, 1}, 5, 2, 2},
		{"tie with rounding", []float64{1, 2, 9}, []float64{0.1, 0.2, 0.3}, (0.1 + 0.4 + 2.7) / 0.6, 2, 2},
		{"zero weight ignored", []float64{0, 4, 6}, []float64{0, 1, 2}, 16.0 / 3, 6, 6},
		{"shared positions", []float64{5, 1, 5, 9}, []float64{1, 3, 1, 2}, (5 + 3 + 5 + 18) / 7.0, 5, 5},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := Mean(tc.x, tc.w); math.Abs(got-tc.mean) > 1e-12 {
				t.Errorf("Mean = %v, want %v", got, tc.mean)
			}
			if got := Median(tc.x, tc.w); got != tc.median {
				t.Errorf("Median = %v, want %v", got, tc.median)
			}
			if got := Condorcet(tc.x, tc.w); got != tc.cndct {
				t.Errorf("Condorcet = %v, want %v", got, tc.cndct)
			}
		})
	}
	if !math.IsNaN(Median([]float64{1}, []float64{0})) || !math.IsNaN(Condorcet(nil, nil)) {
		t.Error("no positive weight: want NaN")
	}
}

// TestBaselineProperties: unanimity, staying within the range of positions,
// and invariance under scaling the weights, on random inputs.
func TestBaselineProperties(t *testing.T) {
	rng := newRand(1)
	for trial := 0; trial < 500; trial++ {
		n := 1 + rng.IntN(12)
		x, w := make([]float64, n), make([]float64, n)
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range x {
			x[i] = float64(rng.IntN(21)) * 5
			w[i] = rng.Float64() + 0.01
			lo, hi = math.Min(lo, x[i]), math.Max(hi, x[i])
		}
		scaled := make([]float64, n)
		c := 1 + 99*rng.Float64()
		for i := range w {
			scaled[i] = c * w[i]
		}
		for name, f := range map[string]func(x, w []float64) float64{"Mean": Mean, "Median": Median, "Condorcet": Condorcet} {
			got := f(x, w)
			if got < lo-1e-9 || got > hi+1e-9 {
				t.Fatalf("%s(%v, %v) = %v, outside [%v, %v]", name, x, w, got, lo, hi)
			}
			if g2 := f(x, scaled); math.Abs(g2-got) > 1e-9*math.Max(1, math.Abs(got)) {
				t.Fatalf("%s changes when the weights are scaled by %v: %v -> %v", name, c, got, g2)
			}
			same := make([]float64, n)
			for i := range same {
				same[i] = x[0]
			}
			if g := f(same, w); math.Abs(g-x[0]) > 1e-12 {
				t.Fatalf("%s of unanimous actors at %v = %v", name, x[0], g)
			}
		}
		if Median(x, w) != Condorcet(x, w) {
			t.Fatalf("Median %v != Condorcet %v for %v %v", Median(x, w), Condorcet(x, w), x, w)
		}
	}
}
