package stats

import (
	"math"
	"slices"
)

// Quantile returns the q-quantile of sorted (linear interpolation between
// the order statistics at (n-1)q, Hyndman and Fan's type 7), NaN when
// sorted is empty.
func Quantile(sorted []float64, q float64) float64 {
	n := len(sorted)
	if n == 0 {
		return math.NaN()
	}
	h := float64(n-1) * q
	i := int(math.Floor(h))
	if i >= n-1 {
		return sorted[n-1]
	}
	return sorted[i] + (h-float64(i))*(sorted[i+1]-sorted[i])
}

// Ranks returns the ranks of x (1-based, ties get their average rank), the
// first step of Spearman's rank correlation: the Pearson correlation of the
// ranks.
func Ranks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int {
		switch {
		case x[a] < x[b]:
			return -1
		case x[b] < x[a]:
			return 1
		}
		return 0
	})
	out := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for t := i; t <= j; t++ {
			out[idx[t]] = avg
		}
		i = j + 1
	}
	return out
}

// Pearson returns the Pearson correlation of x and y (equal lengths), NaN
// when either is constant or there are fewer than two pairs. With one of
// them 0/1 it is the point-biserial correlation; on ranks (see Ranks) it is
// Spearman's rho.
func Pearson(x, y []float64) float64 {
	n := float64(len(x))
	if n < 2 {
		return math.NaN()
	}
	mx, my := 0.0, 0.0
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx, my = mx/n, my/n
	sxy, sxx, syy := 0.0, 0.0, 0.0
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return math.NaN()
	}
	return sxy / math.Sqrt(sxx*syy)
}

// Mean returns the mean of the values of xs that are not NaN, and how many
// there are; NaN and 0 when there are none.
func Mean(xs []float64) (mean float64, n int) {
	var s float64
	for _, x := range xs {
		if !math.IsNaN(x) {
			s += x
			n++
		}
	}
	if n == 0 {
		return math.NaN(), 0
	}
	return s / float64(n), n
}
