package negotiator

import (
	"math"
	"math/rand/v2"

	"github.com/entente/entente"
)

// Finder chooses bids for one negotiator. Over sorted Bids it answers
// exactly (Bids.NearestAbove). Over a space too large to sort it runs an
// approximate search, seeded from the negotiator's random source:
//
//   - start points: the previous answer (the first time: an optimal
//     outcome, from utility.Best) and Restarts uniformly random outcomes;
//   - from each, greedy per-issue moves: for each issue in turn, try its
//     values (all of them when it has at most 64, otherwise ±1, ±2, ±4, ...
//     grid steps and 8 random values) and keep the one that best meets the
//     goal, until a pass over all issues changes nothing or 8 passes are
//     done. Additive profiles are evaluated incrementally through
//     utility.Func.Contribution, others through Utility;
//   - the best end point wins: worth at least floor if any is, then the
//     smallest |U − target|, then the higher U. Over bids restricted by
//     Bids.Allowed only kept end points count, with up to 16 more random
//     restarts when none is.
//
// A Finder is not safe for concurrent use. It does not allocate after
// construction.
type Finder struct {
	b        *Bids
	rng      *rand.Rand
	linear   bool
	cur      entente.Outcome
	best     entente.Outcome
	last     entente.Outcome
	hasLast  bool
	bestU    float64
	restarts int
}

// Restarts is the number of random start points of an approximate search.
const Restarts = 1

// Finder returns a new Finder over the bids, drawing from rng.
func (b *Bids) Finder(rng *rand.Rand) *Finder {
	n := len(b.sp.Issues())
	return &Finder{
		b: b, rng: rng, linear: b.u.Linear(), restarts: Restarts,
		cur: make(entente.Outcome, n), best: make(entente.Outcome, n), last: make(entente.Outcome, n),
	}
}

// keptRestarts is the number of extra random restarts of an approximate
// search restricted to kept packages (Bids.Allowed) that found none.
const keptRestarts = 16

// Nearest writes into dst the bid nearest to target among those worth at
// least floor (the best bid when none is) and returns its utility. It is
// exact over sorted bids and approximate otherwise (see Finder). Over bids
// restricted by Bids.Allowed it returns NaN, leaving dst alone, when it
// finds no bid (exactly: there is none).
func (f *Finder) Nearest(target, floor float64, dst entente.Outcome) float64 {
	b := f.b
	if b.exact {
		k := b.NearestAbove(target, floor)
		if k < 0 {
			return math.NaN()
		}
		b.Outcome(k, dst)
		return b.util[k]
	}
	f.bestU = math.NaN()
	if f.hasLast {
		f.climb(f.last, target, floor)
	} else if b.top != nil {
		f.climb(b.top, target, floor)
	}
	for range f.restarts {
		b.sp.Sample(f.rng, f.cur)
		f.climb(f.cur, target, floor)
	}
	for k := 0; k < keptRestarts && b.keep != nil && math.IsNaN(f.bestU); k++ {
		b.sp.Sample(f.rng, f.cur)
		f.climb(f.cur, target, floor)
	}
	if math.IsNaN(f.bestU) {
		return math.NaN()
	}
	copy(dst, f.best)
	copy(f.last, f.best)
	f.hasLast = true
	return b.u.Utility(dst)
}

// sample writes into dst the end point of one greedy search toward target
// (worth at least floor if it can) from a uniformly random start, and
// returns its utility: a cheap, diverse candidate in approximate mode.
func (f *Finder) sample(target, floor float64, dst entente.Outcome) float64 {
	f.bestU = math.NaN()
	f.b.sp.Sample(f.rng, f.cur)
	f.climb(f.cur, target, floor)
	if math.IsNaN(f.bestU) {
		return math.NaN() // its end point is not kept
	}
	copy(dst, f.best)
	return f.b.u.Utility(dst)
}

// better reports whether utility u meets the goal (target, floor) strictly
// better than v.
func better(u, v, target, floor float64) bool {
	if math.IsNaN(v) {
		return true
	}
	if (u >= floor) != (v >= floor) {
		return u >= floor
	}
	if u < floor { // both below: closer to the floor
		return u > v
	}
	du, dv := math.Abs(u-target), math.Abs(v-target)
	return du < dv || (du == dv && u > v)
}

// climb runs the greedy per-issue search from start and records its end
// point in f.best when it beats the best so far.
func (f *Finder) climb(start entente.Outcome, target, floor float64) {
	u, sp, o := f.b.u, f.b.sp, f.cur
	copy(o, start)
	total := 0.0
	var cu float64
	if f.linear {
		total = u.Total(o)
		cu = u.Finish(total)
	} else {
		cu = u.Utility(o)
	}
	for pass := 0; pass < 8; pass++ {
		moved := false
		for i := range o {
			r := sp.Radix(i)
			if r <= 1 {
				continue
			}
			old := o[i]
			oldC := 0.0
			if f.linear {
				oldC = u.Contribution(i, old)
			}
			bx, bu := old, cu
			try := func(k uint64) {
				x := sp.Value(i, k)
				if x == bx {
					return
				}
				var v float64
				if f.linear {
					v = u.Finish(total - oldC + u.Contribution(i, x))
				} else {
					o[i] = x
					v = u.Utility(o)
				}
				if better(v, bu, target, floor) {
					bx, bu = x, v
				}
			}
			if r <= 64 {
				for k := range r {
					try(k)
				}
			} else {
				c := valueIndex(sp, i, old)
				for step := uint64(1); step < r && step != 0; step <<= 1 {
					if c >= step {
						try(c - step)
					}
					if c+step < r {
						try(c + step)
					}
				}
				for range 8 {
					try(f.rng.Uint64N(r))
				}
			}
			o[i] = bx
			if bx != old {
				moved = true
				cu = bu
				if f.linear {
					total += u.Contribution(i, bx) - oldC
				}
			}
		}
		if !moved {
			break
		}
	}
	if better(cu, f.bestU, target, floor) && (f.b.keep == nil || f.b.keep(o)) {
		f.bestU = cu
		copy(f.best, o)
	}
}
