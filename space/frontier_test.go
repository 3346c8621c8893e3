package space_test

import (
	"testing"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
)

func TestEstimateFrontier(t *testing.T) {
	wide := []entente.Issue{{Name: "x", Kind: entente.Integer, Min: 0, Max: 999_999}}
	opposed := func(o entente.Outcome, u []float64) { u[0], u[1] = o[0], -o[0] }
	aligned := func(o entente.Outcome, u []float64) { u[0], u[1] = o[0], 2*o[0] }
	sp := space.New(wide)
	// Opposed utilities: every package is on the frontier, and the
	// estimate says so.
	if e := space.EstimateFrontier(sp, 2, 500, 1, opposed); e.Frontier != 1_000_000 || e.Sampled != 500 || e.OnFrontier != 500 {
		t.Errorf("opposed: %+v", e)
	}
	// Aligned utilities: one package dominates all others; the sample
	// finds one, and the estimate is the space's share of it.
	if e := space.EstimateFrontier(sp, 2, 500, 1, aligned); e.OnFrontier != 1 || e.Frontier != 2000 {
		t.Errorf("aligned: %+v", e)
	}
	// A small space is counted exactly.
	small := space.New([]entente.Issue{{Name: "x", Kind: entente.Integer, Min: 0, Max: 9}})
	if e := space.EstimateFrontier(small, 2, 500, 1, aligned); e.Sampled != 10 || e.Frontier != 1 {
		t.Errorf("exact: %+v", e)
	}
	// 1000 packages of 2 parties: 56 bytes each compact, 320 more as points.
	e := space.FrontierEstimate{Frontier: 1000}
	for _, c := range []struct {
		points int64
		want   int64
	}{{0, 56_000}, {-1, 56_000 + 320_000}, {10, 56_000 + 3_200}, {5000, 56_000 + 320_000}} {
		if got := e.Memory(2, c.points); got != c.want+32<<20 {
			t.Errorf("memory of 1000 packages of 2 parties, %d as points: %d, want %d", c.points, got, c.want+32<<20)
		}
	}
	if space.SampleFor(2) != 2048 || space.SampleFor(1000) != 200 || space.SampleFor(1e9) != 64 {
		t.Errorf("sample sizes %d %d %d", space.SampleFor(2), space.SampleFor(1000), space.SampleFor(1e9))
	}
}
