package stats

import "math"

// Argmax is the largest value offered so far and the first index (the
// smallest) that attains it: a maximum whose tie-break does not depend on
// the order of the offers, so that per-worker maxima merge into the
// sequential answer.
type Argmax struct {
	Val float64
	Idx uint64
}

// NewArgmax returns an Argmax that any offer beats: value -Inf at index
// first (0 when ties with -Inf should keep the earliest index offered,
// math.MaxUint64 when an offer of -Inf should win at all).
func NewArgmax(first uint64) Argmax { return Argmax{math.Inf(-1), first} }

// Offer keeps (v, i) when it beats a: a larger value, or the same value
// at a smaller index.
func (a *Argmax) Offer(v float64, i uint64) {
	if v > a.Val || (v == a.Val && i < a.Idx) {
		a.Val, a.Idx = v, i
	}
}

// Merge offers b's maximum to a.
func (a *Argmax) Merge(b Argmax) { a.Offer(b.Val, b.Idx) }
