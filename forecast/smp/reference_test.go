package smp_test

import (
	"math"
	"path/filepath"
	"testing"

	"github.com/entente/entente/forecast/smp"
	"github.com/entente/entente/internal/shared"
)

// TestKTAB compares every ktab-* data set with KTAB's run: expected outcome
// and most probable position per issue within 0.1 (KTAB prints positions
// with one decimal), and the number of turns.
func TestKTAB(t *testing.T) {
	for _, dir := range ktabSets(t) {
		name := filepath.Base(dir)
		t.Run(name, func(t *testing.T) {
			if testing.Short() && name == "ktab-dummy-a080" {
				t.Skip("large")
			}
			m := loadActors(t, filepath.Join(dir, "actors.csv"))
			res, err := smp.Run(m, smp.DefaultParams())
			if err != nil {
				t.Fatal(err)
			}
			checkHistory(t, res)
			exp, turns := expected(t, dir)
			worstEO := 0.0
			for d, is := range m.Issues {
				check := func(method string, got float64) {
					want, ok := exp[method][is.Name]
					if !ok {
						t.Fatalf("%s: no %s for %q", dir, method, is.Name)
					}
					if math.Abs(got-want) > 0.1 {
						t.Errorf("%s %s: got %.4f, KTAB %.4f", is.Name, method, got, want)
					}
					worstEO = math.Max(worstEO, math.Abs(got-want))
				}
				check("ktab_smp_expected_outcome", res.ExpectedOutcome[d])
				check("ktab_smp_most_probable_position", res.MostProbable[d])
				check("ktab_smp_final_weighted_mean", res.WeightedMean[d])
			}
			// Final positions, printed by KTAB with one decimal.
			rows := shared.ReadCSV(t, filepath.Join(dir, "ktab-final-positions.csv"))
			actor := map[string]int{}
			for a, x := range m.Actors {
				actor[x.Name] = a
			}
			issue := map[string]int{}
			for d, x := range m.Issues {
				issue[x.Name] = d
			}
			final := res.Final()
			worst, worstP := 0.0, 0.0
			for _, r := range rows {
				a, d := actor[r[0]], issue[r[1]]
				worst = math.Max(worst, math.Abs(final[a][d]-num(t, r[2])))
				worstP = math.Max(worstP, math.Abs(res.States[res.Turns].Prob[a]-num(t, r[3])))
			}
			if worst > 0.05+1e-9 {
				t.Errorf("final positions differ from KTAB's by up to %.4f", worst)
			}
			if worstP > 0.00005+1e-9 {
				t.Errorf("final PCE probabilities differ from KTAB's by up to %.5f", worstP)
			}
			if res.Turns != turns {
				t.Errorf("%d turns, KTAB took %d", res.Turns, turns)
			}
			t.Logf("%d turns (%s); max |summary - KTAB| = %.4f; max |final position - KTAB| = %.4f, max |final prob - KTAB| = %.5f", res.Turns, res.Stop, worstEO, worst, worstP)
		})
	}
}

// TestKTABFixedScale: with Params.Scale set to KTAB's [0 100], the issues'
// own Min and Max (here the range of the positions) do not matter.
func TestKTABFixedScale(t *testing.T) {
	for _, dir := range ktabSets(t) {
		if filepath.Base(dir) == "ktab-dummy-a080" && testing.Short() {
			continue
		}
		m := loadActors(t, filepath.Join(dir, "actors.csv"))
		want, err := smp.Run(m, smp.DefaultParams())
		if err != nil {
			t.Fatal(err)
		}
		for d := range m.Issues {
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := range m.Stances {
				lo, hi = math.Min(lo, m.Stances[i][d].Position), math.Max(hi, m.Stances[i][d].Position)
			}
			m.Issues[d].Min, m.Issues[d].Max = lo, hi
		}
		p := smp.DefaultParams()
		p.Scale = [2]float64{0, 100}
		got, err := smp.Run(m, p)
		if err != nil {
			t.Fatal(err)
		}
		if got.Turns != want.Turns {
			t.Errorf("%s: %d turns, not %d", dir, got.Turns, want.Turns)
		}
		for d := range m.Issues {
			if math.Abs(got.ExpectedOutcome[d]-want.ExpectedOutcome[d]) > 1e-9 {
				t.Errorf("%s: issue %d: %v, not %v", dir, d, got.ExpectedOutcome[d], want.ExpectedOutcome[d])
			}
		}
	}
}
