package space

import (
	"math/rand/v2"
	"testing"
)

// TestOnFrontierSorted checks the count taken largest sum first against
// the comparison of every pair, on random vectors with many ties (few
// distinct values) and duplicates.
func TestOnFrontierSorted(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 300 {
		k := 1 + trial%4
		n := rng.IntN(200)
		levels := 1 + rng.IntN(8)
		us := make([][]float64, n)
		for i := range us {
			us[i] = make([]float64, k)
			for p := range us[i] {
				us[i][p] = float64(rng.IntN(levels)) / float64(levels)
			}
			if i > 0 && rng.IntN(5) == 0 {
				copy(us[i], us[rng.IntN(i)])
			}
		}
		if got, want := onFrontier(us), onFrontierAll(us); got != want {
			t.Fatalf("trial %d (%d vectors of %d): %d on the frontier, want %d", trial, n, k, got, want)
		}
	}
}
