package bdm

import (
	"math"
	"slices"
	"testing"

	"github.com/entente/entente/forecast"
)

// FuzzRun: any model the CSV reader accepts runs without panicking, under
// every variant, and every round's positions, median and mean are numbers
// within the range of the initial positions.
func FuzzRun(f *testing.F) {
	f.Add([]byte("actor,issue,position,salience,capability\na,x,0,0.9,1\nb,x,5,0.5,1\nc,x,10,0.2,1\n"), uint8(0))
	f.Add([]byte("actor,issue,position,salience,capability\na,x,0,1,1\nb,x,0,1,1\n"), uint8(1))
	f.Add([]byte("actor,issue,position,salience,capability\na,x,-3,0,1\nb,x,1e6,1,0\nc,x,7,0.4,2\n"), uint8(2))
	f.Add([]byte("actor,issue,position,salience,capability\na,x,1,40,1\nb,x,2,60,3\n"), uint8(7))
	f.Fuzz(func(t *testing.T, data []byte, variant uint8) {
		m, err := forecast.ReadCSV("f.csv", data)
		if err != nil || len(m.Actors) > 30 {
			return
		}
		p := DefaultParams()
		p.Rounds = 4
		if variant&1 != 0 {
			p.Probability = PairDenominator
		}
		if variant&2 != 0 {
			p.Selection, p.Capitulations = SmallestMove, true
		}
		if variant&4 != 0 {
			p.RecomputeRange, p.Q, p.T = true, 0.5, 0.5
		}
		for k := range m.Issues {
			res, err := Run(m, k, p)
			if err != nil {
				continue // e.g. salience above the scale
			}
			x := m.Positions(k, nil)
			lo, hi := slices.Min(x), slices.Max(x)
			tol := 1e-9 * math.Max(1, math.Max(math.Abs(lo), math.Abs(hi)))
			for _, rd := range res.Rounds {
				vals := append([]float64{rd.Median}, rd.Positions...)
				if !math.IsInf(rd.Mean, 0) { // Σ w x may overflow for extreme inputs
					vals = append(vals, rd.Mean)
				}
				for _, v := range vals {
					if !(v >= lo-tol && v <= hi+tol) {
						t.Fatalf("issue %d round %d: %v outside [%v, %v] (positions %v)", k, rd.Round, v, lo, hi, rd.Positions)
					}
				}
			}
		}
	})
}
