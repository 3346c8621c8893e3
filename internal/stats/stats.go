package stats

import "math"

// z975 is the standard normal quantile at 0.975 (95% two-sided).
const z975 = 1.959963984540054

// Wilson returns the share k/n of successes with its 95% Wilson score
// interval (Wilson 1927), clamped to [0,1]; all NaN when n is 0.
func Wilson(k, n int) (p, low, high float64) {
	if n == 0 {
		return math.NaN(), math.NaN(), math.NaN()
	}
	nf := float64(n)
	p = float64(k) / nf
	den := 1 + z975*z975/nf
	mid := (p + z975*z975/(2*nf)) / den
	half := z975 * math.Sqrt(p*(1-p)/nf+z975*z975/(4*nf*nf)) / den
	return p, max(0, mid-half), min(1, mid+half)
}
