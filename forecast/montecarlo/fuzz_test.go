package montecarlo

import (
	"math"
	"testing"

	"github.com/entente/entente/forecast"
)

// FuzzRun: for any model the readers accept, Run and OneAtATime with the
// baselines do not panic, draw within the ranges, give intervals ordered
// low <= median <= high within the issue's scale, and give the same
// result on one worker and on three.
func FuzzRun(f *testing.F) {
	f.Add([]byte("issues: [{name: x, min: 0, max: 10}]\nactors:\n  - {name: a, capability: {range: [1, 2]}, stances: {x: {position: {range: [2, 4]}, salience: 1}}}\n  - {name: b, capability: 1, stances: {x: {position: 9, salience: {value: 0.5, range: [0, 1]}}}}\n"))
	f.Add([]byte("actor,issue,position,salience,capability,position_low,position_high\na,x,5,1,1,4,6\nb,x,9,0.5,2,,\na,y,1,1,1,,\nb,y,2,1,2,0,3\n"))
	f.Add([]byte("actor,issue,position,salience,capability,salience_low,salience_high\na,x,5,1,1,0,2\nb,x,9,0,2,0,0\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		m, err := forecast.Read("f", data)
		if err != nil || len(m.Actors)*len(m.Issues) > 200 {
			return
		}
		models := []Forecaster{Baseline("compromise", forecast.Mean), Baseline("median", forecast.Median), Baseline("condorcet", forecast.Condorcet)}
		a, err := Run(m, 7, 3, models, 1)
		if err != nil {
			t.Fatalf("Run on an accepted model: %v", err)
		}
		b, err := Run(m, 7, 3, models, 3)
		if err != nil {
			t.Fatal(err)
		}
		for r := range a.Runs {
			for j, in := range a.Inputs {
				if v := a.Samples[r][j]; !(v >= in.Range.Low && v <= in.Range.High) || v != b.Samples[r][j] {
					t.Fatalf("run %d: drew %v (and %v) for %+v", r, v, b.Samples[r][j], in)
				}
			}
		}
		for j := range models {
			for k, is := range m.Issues {
				x, y := a.Intervals[j][k], b.Intervals[j][k]
				if !same(x.Median, y.Median) || !same(x.Low, y.Low) || !same(x.High, y.High) {
					t.Fatalf("%s issue %d: %+v with 1 worker, %+v with 3", models[j].Name, k, x, y)
				}
				if x.Failed == a.Runs {
					continue // every draw put all weight to 0
				}
				tol := 1e-9 * math.Max(math.Abs(is.Min), math.Abs(is.Max))
				if !(x.Low <= x.Median && x.Median <= x.High && x.Low >= is.Min-tol && x.High <= is.Max+tol) {
					t.Fatalf("%s issue %d: interval %+v on the scale [%v, %v]", models[j].Name, k, x, is.Min, is.Max)
				}
			}
		}
		if _, err := OneAtATime(m, models); err != nil {
			t.Fatal(err)
		}
		a.Spearman()
	})
}
