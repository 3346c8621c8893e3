package negotiator

import (
	"cmp"
	"math"
	"slices"

	"github.com/entente/entente"
	"github.com/entente/entente/space"
	"github.com/entente/entente/utility"
)

// worstNodes is the node budget of the search for the worst outcome of a
// space too large to sort.
const worstNodes = 1 << 18

// ExactLimit is the largest outcome space whose bids are enumerated and
// sorted (4,194,304 outcomes, 48 MiB of sorted bids). Larger spaces are
// searched approximately (see Finder).
const ExactLimit = 1 << 22

// Bids is one party's view of an outcome space: for a space of at most the
// limit given to NewBids, every outcome sorted by the party's own
// undiscounted utility, highest first, equal utilities by ascending outcome
// index; for a larger space, only the utility range and a best outcome, and
// a Finder searches the space approximately.
//
// Bids is immutable once built and safe for concurrent use, so a Cache can
// share it between sessions. Positions k run from 0 (the best bid) to
// Len()-1.
type Bids struct {
	u     *utility.Func
	sp    *space.Space
	exact bool
	idx   []uint32  // outcome index by position
	util  []float64 // utility by position, non-increasing
	min   float64
	max   float64
	top   entente.Outcome // an outcome worth max (approximate mode)
	// keep, when set, restricts the bids to the packages it keeps (see
	// Allowed): in approximate mode the Finder searches only those.
	keep func(entente.Outcome) bool
}

// NewBids builds the bids of utility function u over the space sp. Spaces
// of at most limit outcomes (and at most 2^32) are enumerated and sorted
// exactly (about 0.9 s for ExactLimit outcomes on one core); larger ones
// take the utility range from the outcomes u.Best and u.WorstWithin find (exact
// for additive profiles, the best found within their search budget
// otherwise; over the issues' full ranges, so a real issue's optimum may
// lie between the space's grid points).
func NewBids(u *utility.Func, sp *space.Space, limit uint64) *Bids {
	b := &Bids{u: u, sp: sp}
	n, ok := sp.Len()
	if ok && n <= limit && n <= math.MaxUint32 {
		b.exact = true
		type entry struct {
			u float64
			i uint32
		}
		es := make([]entry, 0, n)
		_ = sp.Each(func(i uint64, o entente.Outcome) bool {
			es = append(es, entry{u.Utility(o), uint32(i)})
			return true
		})
		slices.SortFunc(es, func(a, b entry) int {
			if a.u != b.u {
				if a.u > b.u {
					return -1
				}
				return 1
			}
			return cmp.Compare(a.i, b.i)
		})
		b.idx = make([]uint32, len(es))
		b.util = make([]float64, len(es))
		for k, e := range es {
			b.idx[k], b.util[k] = e.i, e.u
		}
		if len(es) > 0 {
			b.max, b.min = b.util[0], b.util[len(es)-1]
		}
		return b
	}
	// The worst outcome only sets the default Pmin when rv is lower: a
	// smaller search budget will do.
	best, worst := u.Best(), u.WorstWithin(worstNodes)
	b.max, b.min = best.Utility, worst.Utility
	b.top = best.Outcome
	return b
}

// Allowed returns the bids restricted to the packages keep keeps, in the
// same order (their Min and Max are theirs; none, when keep keeps none).
// Over a space too large to sort, the restriction is left to the Finder,
// which then searches only packages keep keeps, and Min and Max stay those
// of the whole space.
func (b *Bids) Allowed(keep func(entente.Outcome) bool) *Bids {
	c := &Bids{u: b.u, sp: b.sp, exact: b.exact, keep: keep, min: b.min, max: b.max, top: b.top}
	if !b.exact {
		return c
	}
	c.min, c.max, c.top = 0, 0, nil
	o := make(entente.Outcome, len(b.sp.Issues()))
	for k, i := range b.idx {
		b.sp.At(uint64(i), o)
		if keep(o) {
			c.idx = append(c.idx, i)
			c.util = append(c.util, b.util[k])
		}
	}
	if n := len(c.util); n > 0 {
		c.max, c.min = c.util[0], c.util[n-1]
	}
	return c
}

// Exact reports whether the bids are enumerated and sorted.
func (b *Bids) Exact() bool { return b.exact }

// Len returns the number of sorted bids (0 in approximate mode).
func (b *Bids) Len() int { return len(b.util) }

// Max returns the highest utility over the space.
func (b *Bids) Max() float64 { return b.max }

// Min returns the lowest utility over the space.
func (b *Bids) Min() float64 { return b.min }

// Space returns the space the bids cover.
func (b *Bids) Space() *space.Space { return b.sp }

// Utility returns the utility of the bid at position k.
func (b *Bids) Utility(k int) float64 { return b.util[k] }

// Index returns the outcome index (in the space's enumeration order) of the
// bid at position k.
func (b *Bids) Index(k int) uint64 { return uint64(b.idx[k]) }

// Outcome writes the bid at position k into dst.
func (b *Bids) Outcome(k int, dst entente.Outcome) { b.sp.At(uint64(b.idx[k]), dst) }

// below returns the first position whose utility is below x (Len when none
// is).
func (b *Bids) below(x float64) int {
	lo, hi := 0, len(b.util)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if b.util[m] < x {
			hi = m
		} else {
			lo = m + 1
		}
	}
	return lo
}

// group returns the first position of the bids worth exactly as much as
// the bid at position k: the one with the lowest outcome index.
func (b *Bids) group(k int) int { return b.below(math.Nextafter(b.util[k], math.Inf(1))) }

// Nearest returns the position of the bid nearest to target as
// protocols.md §6.7 chooses it: smallest |U − target| (computed in floating
// point), then the higher U, then the lowest outcome index. It returns -1
// when there are no sorted bids.
func (b *Bids) Nearest(target float64) int {
	n := len(b.util)
	if n == 0 {
		return -1
	}
	p := b.below(target) // the largest U below target is at p
	switch {
	case p == n:
		return b.up(b.group(n-1), target)
	case p == 0:
		return 0
	}
	a := b.group(p - 1) // the smallest U at or above target
	if b.util[a]-target <= target-b.util[p] {
		return b.up(a, target)
	}
	return p
}

// up moves from the group at position k to higher groups as long as their
// distance to target, computed in floating point, is the same: bids 1 ulp
// apart far from the target can round to equal distances, and the rule
// then wants the higher U.
func (b *Bids) up(k int, target float64) int {
	d := math.Abs(b.util[k] - target)
	for k > 0 && math.Abs(b.util[k-1]-target) == d {
		k = b.group(k - 1)
	}
	return k
}

// NearestAbove is Nearest among the bids worth at least floor; when none
// is, it returns the best bid (position 0).
func (b *Bids) NearestAbove(target, floor float64) int {
	k := b.Nearest(target)
	if k < 0 || b.util[k] >= floor {
		return k
	}
	q := b.Count(floor)
	if q == 0 {
		return 0
	}
	return b.up(b.group(q-1), target)
}

// Count returns the number of bids worth at least floor; they are the
// positions 0..Count-1.
func (b *Bids) Count(floor float64) int { return b.below(floor) }

// Range returns the positions [from, to) of the bids with lo <= U <= hi.
func (b *Bids) Range(lo, hi float64) (from, to int) {
	from = b.below(math.Nextafter(hi, math.Inf(1)))
	to = b.below(lo)
	if to < from {
		to = from
	}
	return from, to
}

// valueIndex returns the index of value x of issue i among the space's
// values of that issue (nearest grid point for a real issue), clamped to
// the issue's range; 0 for a continuous issue.
func valueIndex(sp *space.Space, i int, x float64) uint64 {
	r := sp.Radix(i)
	if r <= 1 {
		return 0
	}
	is := &sp.Issues()[i]
	var k float64
	switch is.Kind {
	case entente.Integer:
		k = x - is.Min
	case entente.Real:
		k = math.Round((x/2 - is.Min/2) / (is.Max/2 - is.Min/2) * float64(r-1))
	default:
		k = x
	}
	if !(k > 0) { // also NaN
		return 0
	}
	if k >= float64(r-1) {
		return r - 1
	}
	return uint64(k)
}
