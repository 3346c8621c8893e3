package analysis

import (
	"context"
	"math"

	"github.com/entente/entente/internal/parallel"
)

// Pass 2 by branch and bound (additive profiles).
//
// Pass 2 counts the zone packages whose objectives lie within Eps of the
// optima pass 1 found, and finds the Kalai–Smorodinsky optimum, which
// needs the ideal point. Only packages near an optimum matter, so instead
// of enumerating the space it walks the tree of issue prefixes and skips
// every subtree none of whose packages can matter: an upper bound on each
// party's utility below a prefix is the prefix's partial sum plus the
// largest contribution of each later issue (plus a bound on the rounding
// of the sums that complete it), finished to a utility; each objective is
// monotone in every utility, so its value at the bounds bounds it over
// the subtree. A subtree is skipped when no objective can reach its
// threshold (the optimum minus Eps; for Kalai–Smorodinsky, the best value
// of a package known to be in the zone, minus Eps) or, without politics,
// when some party cannot reach its reservation value. Leaves are
// evaluated exactly as pass 1 does (the same sums in the same order), and
// reach the same accumulators, so the counts are those of the full pass.

// bnbPass runs pass 2 over the packages that can matter, on all cores.
type bnbPass struct {
	wk      *walker
	n, k    int
	rest    []float64 // rest[d*k+p]: bound on party p's contributions of issues d.. (with slack)
	rv      []float64
	bar     []float64 // acceptance bars (Result.bar)
	zoneCut bool      // no politics: a package needs every party at its reservation value
	goals   []goal
}

// goal is a threshold on an objective: a package matters when its value
// can reach min.
type goal struct {
	obj int // nash, egal, util, or ksObj
	min float64
	ks  *kalai
}

const ksObj = nObjectives

func newBnbPass(wk *walker, rv, bar []float64, politics bool) *bnbPass {
	n, k := wk.n, wk.k
	b := &bnbPass{wk: wk, n: n, k: k, rv: rv, bar: bar, zoneCut: !politics, rest: make([]float64, (n+1)*k)}
	const ulp = 0x1p-53
	for p := 0; p < k; p++ {
		bound := 0.0
		for i := n - 1; i >= 0; i-- {
			top, big := math.Inf(-1), 0.0
			t := wk.tabs[i]
			for d := p; d < len(t); d += k {
				top = max(top, t[d])
				big = max(big, math.Abs(t[d]))
			}
			b.rest[i*k+p] = b.rest[(i+1)*k+p] + top
			bound += big
		}
		// The sums that complete a prefix, and this bound itself, are off
		// by at most n roundings of magnitude bound each: add four times
		// that to every level.
		slack := 4 * float64(n+2) * ulp * bound
		for i := 0; i <= n; i++ {
			b.rest[i*k+p] += slack
		}
	}
	return b
}

// promising reports whether some package with utilities at most ub can
// matter.
func (b *bnbPass) promising(ub []float64, clamp bool) bool {
	if b.zoneCut && !inZone(ub, b.bar) {
		return false
	}
	for _, g := range b.goals {
		var v float64
		switch g.obj {
		case ksObj:
			v = g.ks.value(ub)
		default:
			prod, mn, sum := objectives(ub, b.rv, clamp)
			v = [nObjectives]float64{prod, mn, sum}[g.obj]
		}
		if v >= g.min || math.IsNaN(v) {
			return true
		}
	}
	return false
}

// run visits every package that can matter with the pass-2 visitors.
func (b *bnbPass) run(ctx context.Context, workers int, vs []*pass2, outcomes bool, progress func(done, total uint64)) error {
	n, k := b.n, b.k
	// Roots: the prefixes of the first s issues, enough for all workers.
	s, roots := 0, uint64(1)
	for s < n-1 && roots < uint64(64*workers) {
		roots *= b.wk.radix[s]
		s++
	}
	sub := uint64(1)
	for i := s; i < n; i++ {
		sub *= b.wk.radix[i]
	}
	type state struct {
		wk   *walker
		part []float64
		ub   []float64
		u    []float64
	}
	states := make([]*state, workers)
	opt := parallel.Options{Workers: workers, Chunk: 1}
	if progress != nil {
		total := roots * sub
		opt.Progress = func(done, _ uint64) { progress(total+done*sub, 2*total) }
	}
	clamp := vs[0].clamp
	return parallel.For(ctx, roots, opt, func(w int, lo, hi uint64) error {
		st := states[w]
		if st == nil {
			st = &state{wk: b.wk.clone(), part: make([]float64, (n+1)*k), ub: make([]float64, k), u: make([]float64, int(b.wk.radix[n-1])*k)}
			states[w] = st
		}
		for root := lo; root < hi; root++ {
			// Position the cursor at the root's first package, and sum
			// the root's prefix in issue order.
			st.wk.cur.seek(root * sub)
			for i := 0; i < s; i++ {
				row := b.wk.tabs[i][int(st.wk.cur.digits[i])*k:]
				for p := 0; p < k; p++ {
					st.part[(i+1)*k+p] = st.part[i*k+p] + row[p]
				}
			}
			if !b.bound(st.part[s*k:(s+1)*k], s, st.ub, clamp) {
				continue
			}
			b.dfs(st.wk, st.part, st.ub, st.u, s, root, vs[w], outcomes, clamp)
		}
		return nil
	})
}

// bound writes the bounds below a prefix whose partial sum over the issues
// before d is part, and reports whether the subtree can matter.
func (b *bnbPass) bound(part []float64, d int, ub []float64, clamp bool) bool {
	rest := b.rest[d*b.k : (d+1)*b.k]
	for p := range ub {
		ub[p] = b.wk.finish(p, part[p]+rest[p])
	}
	return b.promising(ub, clamp)
}

// dfs visits the subtree of the prefix (of issues before d) with index
// prefix, whose partial sums are part[d*k:(d+1)*k].
func (b *bnbPass) dfs(wk *walker, part, ub, u []float64, d int, prefix uint64, v *pass2, outcomes bool, clamp bool) {
	k := b.k
	cur := &wk.cur
	r := b.wk.radix[d]
	base := part[d*k : (d+1)*k]
	t := b.wk.tabs[d]
	if d == b.n-1 {
		// Leaves: exactly the sums of walker.fill.
		for x := uint64(0); x < r; x++ {
			row := t[int(x)*k:]
			for p := 0; p < k; p++ {
				u[int(x)*k+p] = wk.finish(p, base[p]+row[p])
			}
		}
		cur.digits[d] = 0
		cur.out[d] = cur.value(d, 0)
		var c *cursor
		if outcomes {
			c = cur
		}
		// The visitor advances the cursor after each package.
		v.block(prefix*r, u[:int(r)*k], int(r), c)
		return
	}
	next := part[(d+1)*k : (d+2)*k]
	for x := uint64(0); x < r; x++ {
		row := t[int(x)*k:]
		for p := 0; p < k; p++ {
			next[p] = base[p] + row[p]
		}
		if !b.bound(next, d+1, ub, clamp) {
			continue
		}
		cur.digits[d] = x
		cur.out[d] = cur.value(d, x)
		b.dfs(wk, part, ub, u, d+1, prefix*r+x, v, outcomes, clamp)
	}
}
