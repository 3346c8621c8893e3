package forecast

import (
	"math"
	"sort"
)

// The baselines of Scholz-style forecasting, per issue and without
// dynamics (reference: spatial-models.md section (c)). Each takes the
// actors' positions x and weights w (capability x salience, see
// Model.Weights) on one issue; the weights need not be normalised, and
// only positive weights count.

// Mean returns the weighted mean Σ w_i x_i / Σ w_i: the "mean voter", also
// the compromise model of Stokman and colleagues. It is NaN when the
// weights sum to 0.
func Mean(x, w []float64) float64 {
	num, den := 0.0, 0.0
	for i := range x {
		num += w[i] * x[i]
		den += w[i]
	}
	return num / den
}

// Median returns the weighted median (the "median voter"): sorting the
// actors by position, the position of the first actor at which the
// cumulative weight reaches half of the total. In an exact tie (the
// cumulative weight is exactly half at some position) this is the lower
// of the two middle positions. It is NaN when there is no positive weight.
func Median(x, w []float64) float64 {
	idx := sortedByPosition(x, w)
	total := 0.0
	for _, i := range idx {
		total += w[i]
	}
	if !(total > 0) {
		return math.NaN()
	}
	cum := 0.0
	for _, i := range idx {
		cum += w[i]
		// A tie up to rounding counts as reaching half (lower position).
		if 2*cum >= total*(1-tieTol) {
			return x[i]
		}
	}
	return x[idx[len(idx)-1]]
}

// Condorcet returns the pairwise (Condorcet) winner among the held
// positions under weighted votes with linear loss: a beats b when
// Σ_k w_k (|x_k - b| - |x_k - a|) > 0. Writing F(a) = Σ_k w_k |x_k - a|,
// a beats b exactly when F(a) < F(b), so the winner is the held position
// that minimises F; on a line that is always a weighted median. Tie rule:
// when several held positions minimise F (an exact tie), the lowest of
// them wins, as for Median. The BDM replications call this the median.
// It is NaN when there is no positive weight.
func Condorcet(x, w []float64) float64 {
	idx := sortedByPosition(x, w)
	if len(idx) == 0 {
		return math.NaN()
	}
	// F at each distinct held position, scanned in increasing order; a
	// later position replaces the best only when it is clearly better, so
	// ties (up to rounding) keep the lower position.
	best, bestF := math.NaN(), math.Inf(1)
	for j, i := range idx {
		if j > 0 && x[idx[j-1]] == x[i] {
			continue
		}
		f := 0.0
		for _, k := range idx {
			f += w[k] * math.Abs(x[k]-x[i])
		}
		if math.IsNaN(best) || f < bestF-tieTol*bestF {
			best, bestF = x[i], f
		}
	}
	return best
}

// tieTol is the relative tolerance under which two sums of weights count
// as equal in the tie rules: the same sum computed in a different order
// may differ in its last bits.
const tieTol = 1e-12

// sortedByPosition returns the indices of the actors with positive weight,
// by increasing position (input order among equal positions).
func sortedByPosition(x, w []float64) []int {
	idx := make([]int, 0, len(x))
	for i := range x {
		if w[i] > 0 {
			idx = append(idx, i)
		}
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	return idx
}
