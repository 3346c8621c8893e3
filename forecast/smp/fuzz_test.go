package smp_test

import (
	"encoding/binary"
	"errors"
	"math"
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/forecast"
	"github.com/entente/entente/forecast/smp"
)

// FuzzRun builds a small model and parameters from arbitrary bytes: Run must
// not panic, must fail only with an *entente.Error, and a forecast must lie
// within the range of the positions.
func FuzzRun(f *testing.F) {
	f.Add([]byte{3, 1, 0, 0, 0, 10, 20, 30, 40, 50, 60, 70, 80, 90})
	f.Add([]byte{5, 2, 1, 2, 3, 200, 1, 0, 255, 128, 64, 32, 16, 8, 4, 2, 1, 0, 99, 98})
	f.Add([]byte{4, 3, 9, 9, 9, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1})
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) < 5 {
			return
		}
		n, nd := 1+int(data[0]%6), 1+int(data[1]%3)
		p := smp.DefaultParams()
		p.VotingRule = smp.VotingRule(data[2] % 7) // 6 is invalid on purpose
		p.BargainModel = smp.BargainModel(data[3] % 3)
		p.Interpolation = smp.Interpolation(data[4] % 3)
		p.PCE = smp.PCEModel(data[4] / 3 % 3)
		p.MaxTurns = 20
		rest := data[5:]
		next := func() float64 {
			if len(rest) == 0 {
				return 1
			}
			if len(rest) >= 9 && rest[0] == 255 { // an arbitrary float64
				v := math.Float64frombits(binary.LittleEndian.Uint64(rest[1:9]))
				rest = rest[9:]
				return v
			}
			v := float64(rest[0])
			rest = rest[1:]
			return v
		}
		m := &forecast.Model{}
		for d := range nd {
			m.Issues = append(m.Issues, forecast.Issue{Name: string(rune('a' + d)), Min: 0, Max: 255})
		}
		for i := range n {
			m.Actors = append(m.Actors, forecast.Actor{Name: string(rune('A' + i))})
			c := next()
			row := make([]forecast.Stance, nd)
			for d := range row {
				row[d] = forecast.Stance{Position: next(), Salience: next() / 3, Capability: c}
			}
			m.Stances = append(m.Stances, row)
		}
		res, err := smp.Run(m, p)
		if err != nil {
			var e *entente.Error
			if !errors.As(err, &e) || e.Message == "" {
				t.Fatalf("error %v is not an *entente.Error", err)
			}
			return
		}
		for d := range nd {
			lo, hi := math.Inf(1), math.Inf(-1)
			for i := range n {
				lo, hi = math.Min(lo, m.Stances[i][d].Position), math.Max(hi, m.Stances[i][d].Position)
			}
			tol := 255e-4
			for _, x := range []float64{res.ExpectedOutcome[d], res.MostProbable[d], res.WeightedMean[d]} {
				if !(x >= lo-tol && x <= hi+tol) {
					t.Fatalf("issue %d: forecast %v outside [%v, %v]", d, x, lo, hi)
				}
			}
		}
	})
}
