package entente_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/entente/entente"
)

// TestCompiledCDF checks CompiledCDF.At against Param.CDF, bit for bit,
// for every distribution, normal ones untruncated, truncated by a range
// or by the number's domain, and degenerate.
func TestCompiledCDF(t *testing.T) {
	res := entente.Ref{Kind: entente.RefReservation}
	share := entente.Ref{Kind: entente.RefShare}
	params := []entente.Param{
		{Ref: res, Value: 0.5},
		{Ref: res, Value: 0.5, Dist: entente.DistUniform, Low: 0.2, High: 0.9, Ranged: true},
		{Ref: res, Value: 0.5, Dist: entente.DistTriangular, Low: 0.2, High: 0.9, Ranged: true},
		{Ref: res, Value: 0.5, Dist: entente.DistNormal, SD: 0.1},
		{Ref: res, Value: 0.65, Dist: entente.DistNormal, SD: 0.1, Low: 0.3, High: 0.95, Ranged: true},
		{Ref: share, Value: 0.9, Dist: entente.DistNormal, SD: 0.2},
		{Ref: res, Value: 0.5, Dist: entente.DistNormal, SD: 1e-9, Low: 0.7, High: 0.8, Ranged: true},
	}
	rng := rand.New(rand.NewPCG(3, 4))
	for k := range params {
		p := &params[k]
		c := p.CompileCDF()
		xs := []float64{math.Inf(-1), -1, 0, p.Value, p.Low, p.High, 1, 2, math.Inf(1)}
		for range 1000 {
			xs = append(xs, rng.Float64()*1.4-0.2)
		}
		for _, x := range xs {
			if got, want := c.At(x), p.CDF(x); math.Float64bits(got) != math.Float64bits(want) {
				t.Errorf("param %d at %v: %v, want %v", k, x, got, want)
			}
		}
	}
}
