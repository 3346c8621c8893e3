package utility

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"github.com/entente/entente"
)

// Extreme is the result of a search for a best or worst outcome.
type Extreme struct {
	// Outcome attains Utility.
	Outcome entente.Outcome
	// Utility is the utility of Outcome.
	Utility float64
	// Exact reports whether Outcome is proven optimal. When false (the
	// search hit its node budget), Bound is a proven limit: no outcome is
	// better than Bound (above it for Best, below it for Worst).
	Exact bool
	Bound float64
}

// DefaultNodes is the node budget Best and Worst use for profiles with
// interaction terms.
const DefaultNodes = 4_000_000

// Work is the budget of one search for a best or worst outcome, in
// condition checks (one per condition of a box when a total or a bound is
// computed): about a tenth of a second. The node budget shrinks with the
// cost of a node, so that a profile of thousands of interaction terms is
// searched in bounded time (with a proven bound if not to the end), and so
// does the local search that finds a first incumbent.
const Work = 60_000_000

// Cost returns the work of one evaluation of the function, in the units
// of Work: a check per issue and per condition of every box.
func (f *Func) Cost() int { return f.evalCost() }

// evalCost is the work of one Total or one term bound: a check per issue
// and per condition of every box.
func (f *Func) evalCost() int {
	c := len(f.issues) + 1
	for _, t := range f.inter {
		for _, b := range t.boxes {
			c += len(b) + 1
		}
	}
	return c
}

// Best returns an outcome with the highest utility. For additive profiles
// it is found issue by issue and is always exact. With interaction terms it
// is a branch-and-bound search over the issues (real issues restricted to
// their candidate points: bounds, breakpoints and region edges) with a node
// budget of DefaultNodes.
func (f *Func) Best() Extreme { return f.extreme(1, DefaultNodes, Work) }

// Worst returns an outcome with the lowest utility, as Best does.
func (f *Func) Worst() Extreme { return f.extreme(-1, DefaultNodes, Work) }

// BestWithin is Best with a node budget of its own.
func (f *Func) BestWithin(nodes int) Extreme { return f.extreme(1, nodes, Work) }

// WorstWithin is Worst with a node budget of its own.
func (f *Func) WorstWithin(nodes int) Extreme { return f.extreme(-1, nodes, Work) }

// ShareWork returns the work budget of each of n searches that share a
// budget of total (in the units of Work): an even share, but at least a
// sixty-fourth of Work and at most Work, so that many profiles cost a
// bounded total while each keeps a useful search.
func ShareWork(total, n int) int {
	return min(Work, max(Work/64, total/max(n, 1)))
}

// BestWork is Best within a work budget of its own (see Work).
func (f *Func) BestWork(work int) Extreme { return f.extreme(1, DefaultNodes, work) }

// WorstWork is Worst within a work budget of its own (see Work).
func (f *Func) WorstWork(work int) Extreme { return f.extreme(-1, DefaultNodes, work) }

// QuickRange returns cheap bounds on the utility without searching: the
// per-issue extremes of the additive part plus every bonus (for the upper
// bound) or every penalty (for the lower bound). The true range lies
// within them; they are exact for additive profiles.
func (f *Func) QuickRange() (lo, hi float64) {
	for i := range f.issues {
		mn, mx := math.Inf(1), math.Inf(-1)
		for _, x := range f.candidates(i) {
			v := f.Contribution(i, x)
			mn, mx = math.Min(mn, v), math.Max(mx, v)
		}
		lo, hi = lo+mn, hi+mx
	}
	for _, t := range f.inter {
		if t.value < 0 {
			lo += t.value
		} else {
			hi += t.value
		}
	}
	return f.finish(lo), f.finish(hi)
}

// Range returns the lowest and highest utility over all outcomes, and
// whether both are exact (see Best).
func (f *Func) Range() (lo, hi float64, exact bool) {
	b, w := f.Best(), f.Worst()
	lo, hi = w.Utility, b.Utility
	if !w.Exact {
		lo = w.Bound
	}
	if !b.Exact {
		hi = b.Bound
	}
	return lo, hi, b.Exact && w.Exact
}

// candidates returns the values of issue i worth trying: every value of a
// discrete issue or of an integer issue small enough to tabulate; for a
// real or a large integer issue its bounds, the breakpoints of its value
// function and the edges of interaction regions inside its range (for
// integers, the whole numbers on either side of each).
func (f *Func) candidates(i int) []float64 {
	is := &f.issues[i]
	if n, ok := is.Size(); is.Finite() && ok && (is.Kind == entente.Discrete || n <= TableLimit) {
		c := make([]float64, n)
		for k := range c {
			c[k] = float64(k) + f.base[i]
		}
		return c
	}
	pts := []float64{is.Min, is.Max}
	if r := f.real[i]; r != nil {
		switch v := r.(type) {
		case entente.Piecewise:
			pts = append(pts, v.X...)
		case entente.Triangular:
			pts = append(pts, v.Low, v.Top, v.High)
		case entente.Linear:
			if v.Slope != 0 {
				// Where a clamped line reaches 0 and 1.
				pts = append(pts, v.Origin-v.Offset/v.Slope, v.Origin+(1-v.Offset)/v.Slope)
			}
		}
	}
	for _, t := range f.inter {
		for _, b := range t.boxes {
			for _, c := range b {
				if c.issue == i {
					// Both sides of each edge: a region is closed, so the
					// best point outside it lies just beyond its edge.
					pts = append(pts, c.min, c.max, math.Nextafter(c.min, math.Inf(-1)), math.Nextafter(c.max, math.Inf(1)))
				}
			}
		}
	}
	if is.Kind == entente.Integer {
		whole := make([]float64, 0, 4*len(pts))
		for _, p := range pts {
			whole = append(whole, math.Floor(p), math.Ceil(p), math.Floor(p)-1, math.Ceil(p)+1)
		}
		pts = whole
	}
	sort.Float64s(pts)
	out := pts[:0]
	for _, p := range pts {
		if p >= is.Min && p <= is.Max && !math.IsNaN(p) && (len(out) == 0 || p != out[len(out)-1]) {
			out = append(out, p)
		}
	}
	return out
}

// Contribution returns issue i's weighted additive contribution at value x
// (before scaling and capping); 0 when the issue has no additive term.
func (f *Func) Contribution(i int, x float64) float64 {
	if tab := f.tables[i]; tab != nil {
		return tab[int(x-f.base[i])]
	}
	if r := f.real[i]; r != nil {
		return f.realW[i] * r.Value(x)
	}
	return 0
}

// searcher runs a branch-and-bound maximisation of sign*Total.
type searcher struct {
	f      *Func
	sign   float64
	order  []int       // issue order
	cand   [][]float64 // candidates per issue (by issue index)
	add    [][]float64 // sign*additive per candidate (by issue index)
	rest   []float64   // rest[d]: sum of max add over order[d:]
	vorder [][]int     // candidate order per issue, best first
	partial
	best  float64
	bestO entente.Outcome
	nodes int
	limit int
	// bound is the largest bound left unexplored when the budget ran out.
	bound float64
	cut   bool
	// climbWork is the work (in the units of Work) the local search may
	// still do.
	climbWork int
	// Scratch for sweep.
	diff, sums []float64
	spans      [][2]int
}

func (f *Func) extreme(sign float64, limit, work int) Extreme {
	n := len(f.issues)
	cost := f.evalCost()
	// The node budget in work: a node computes a bound over every term.
	limit = min(limit, max(1000, work/cost))
	s := &searcher{f: f, sign: sign, cand: make([][]float64, n), add: make([][]float64, n),
		partial: newPartial(n), limit: limit, bound: math.Inf(-1), climbWork: work / 4}
	// Greedy per-issue optimum of the additive part: exact when there are
	// no interaction terms.
	for i := 0; i < n; i++ {
		s.cand[i] = f.candidates(i)
		s.add[i] = make([]float64, len(s.cand[i]))
		bi := 0
		for k, x := range s.cand[i] {
			s.add[i][k] = sign * f.Contribution(i, x)
			if s.add[i][k] > s.add[i][bi] {
				bi = k
			}
		}
		s.cur[i] = s.cand[i][bi]
	}
	if len(f.inter) == 0 {
		o := append(entente.Outcome(nil), s.cur...)
		u := f.Utility(o)
		return Extreme{Outcome: o, Utility: u, Exact: true, Bound: u}
	}
	s.order = issueOrder(n, f)
	// Each issue's values, most promising first, sorted once for the
	// whole search.
	s.vorder = make([][]int, n)
	for i := range s.vorder {
		idx := make([]int, len(s.cand[i]))
		for k := range idx {
			idx[k] = k
		}
		sort.SliceStable(idx, func(a, b int) bool { return s.add[i][idx[a]] > s.add[i][idx[b]] })
		s.vorder[i] = idx
	}
	s.rest = make([]float64, n+1)
	for d := n - 1; d >= 0; d-- {
		m := math.Inf(-1)
		for _, a := range s.add[s.order[d]] {
			m = math.Max(m, a)
		}
		s.rest[d] = s.rest[d+1] + m
	}
	// A good incumbent first: seeded hill climbing from the additive optimum
	// and a few random starts.
	s.bestO = append(entente.Outcome(nil), s.cur...)
	s.best = sign * f.Total(s.bestO)
	rng := rand.New(rand.NewPCG(1, 2))
	for r := 0; r < 200 && !s.capped() && s.climbWork > 0; r++ {
		o := append(entente.Outcome(nil), s.cur...)
		if r > 0 {
			for i := range o {
				o[i] = s.cand[i][rng.IntN(len(s.cand[i]))]
			}
		}
		v := s.climb(o)
		if v > s.best {
			s.best, s.bestO = v, o
		}
	}
	for i := range s.set {
		s.set[i] = false
	}
	if !s.capped() {
		s.search(0, 0)
	}
	e := Extreme{Outcome: s.bestO, Utility: f.Utility(s.bestO), Exact: !s.cut}
	e.Bound = e.Utility
	if s.cut {
		b := math.Max(s.bound, s.best)
		e.Bound = f.finish(sign * b)
	}
	return e
}

// capped reports whether the incumbent already reaches the GENIUS cap of
// 1, so that no outcome can have a higher utility.
func (s *searcher) capped() bool {
	return s.sign > 0 && s.f.cap && s.f.finish(s.best) >= 1
}

// climb improves o one issue at a time until no single change helps, and
// returns sign*Total(o). The values of issue i are tried all at once: the
// terms that condition i (the per-issue index) are swept over its sorted
// candidates (see sweep), so a change costs the number of terms and
// candidates, not their product; each issue's best value is then
// confirmed by a full total, so the value returned is exact.
func (s *searcher) climb(o entente.Outcome) float64 {
	f := s.f
	full := f.evalCost()
	v := s.sign * f.Total(o)
	s.climbWork -= full
	for improved := true; improved && s.climbWork > 0; {
		improved = false
		for i := range o {
			cand := s.cand[i]
			s.climbWork -= 2*len(cand) + 8*f.issueCost[i]
			if s.climbWork < 0 {
				break // out of work: keep the best so far
			}
			terms := s.sweep(i, o)
			keep := o[i]
			// The part of the total that depends on issue i, now.
			old := s.sign * (f.Contribution(i, keep) + f.termsOf(f.byIssue[i], o))
			best, bestX := v, keep
			for k, x := range cand {
				if w := v - old + s.add[i][k] + s.sign*terms[k]; w > best+1e-15 {
					best, bestX = w, x
				}
			}
			if bestX != keep {
				o[i] = bestX
				s.climbWork -= full
				if w := s.sign * f.Total(o); w > v+1e-15 {
					v, improved = w, true
				} else {
					o[i] = keep // rounding made it no better
				}
			}
		}
	}
	return v
}

// sweep returns, for every candidate value of issue i (s.cand[i], sorted),
// the raw sum of the interaction terms that condition i and apply to o
// with that value. A box holds on an interval of the sorted candidates
// once its conditions on the other issues are met, so each term is the
// union of a few intervals, added with a difference array: the work is
// the terms' boxes times log(candidates), plus the candidates.
func (s *searcher) sweep(i int, o entente.Outcome) []float64 {
	f, cand := s.f, s.cand[i]
	n := len(cand)
	diff := s.diff[:0]
	for range n + 1 {
		diff = append(diff, 0)
	}
	s.diff = diff
	for _, k := range f.byIssue[i] {
		t := &f.inter[k]
		spans := s.spans[:0]
		for _, b := range t.boxes {
			lo, hi, ok := 0, n-1, true
			for c := range b {
				cd := &b[c]
				if cd.issue != i {
					if !cd.holdsAt(o[cd.issue]) {
						ok = false
						break
					}
					continue
				}
				if cd.in != nil {
					// A set of options: candidates are the option
					// indices (offset by base), one span per run.
					lo, hi = s.optionRuns(cd, cand, lo, hi, &spans)
					ok = false // its spans are added already
					break
				}
				lo = max(lo, firstAbove(cand, cd.min, false))
				hi = min(hi, firstAbove(cand, cd.max, true)-1)
			}
			if ok && lo <= hi {
				spans = append(spans, [2]int{lo, hi})
			}
		}
		s.spans = spans
		add := func(lo, hi int, v float64) {
			diff[lo] += v
			diff[hi+1] -= v
		}
		if t.outside {
			add(0, n-1, t.value)
		}
		v := t.value
		if t.outside {
			v = -v
		}
		// The union of the spans, each candidate counted once.
		if len(spans) > 1 {
			slices.SortFunc(spans, func(a, b [2]int) int { return a[0] - b[0] })
		}
		for j := 0; j < len(spans); {
			lo, hi := spans[j][0], spans[j][1]
			for j++; j < len(spans) && spans[j][0] <= hi+1; j++ {
				hi = max(hi, spans[j][1])
			}
			add(lo, hi, v)
		}
	}
	out := s.sums[:0]
	run := 0.0
	for k := range n {
		run += diff[k]
		out = append(out, run)
	}
	s.sums = out
	return out
}

// firstAbove returns the index of the first element of the sorted xs at
// or above x (strictly above when strict).
func firstAbove(xs []float64, x float64, strict bool) int {
	lo, hi := 0, len(xs)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if xs[m] < x || strict && xs[m] == x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// optionRuns appends the spans of the candidates in [lo, hi] whose option
// the condition allows, and returns an empty range (the spans are added).
func (s *searcher) optionRuns(cd *cond, cand []float64, lo, hi int, spans *[][2]int) (int, int) {
	start := -1
	for j := lo; j <= hi+1; j++ {
		in := false
		if j <= hi {
			k := int(cand[j] - cd.base)
			in = k >= 0 && k < len(cd.in) && cd.in[k]
		}
		switch {
		case in && start < 0:
			start = j
		case !in && start >= 0:
			*spans = append(*spans, [2]int{start, j - 1})
			start = -1
		}
	}
	return 0, -1
}

// search explores order[d:] with the additive part of order[:d] summing to
// acc.
func (s *searcher) search(d int, acc float64) {
	s.nodes++
	if s.capped() {
		return
	}
	ub := acc + s.rest[d] + s.termBound(s.f, s.sign)
	if ub <= s.best+1e-12 {
		return
	}
	if s.nodes > s.limit {
		s.cut = true
		s.bound = math.Max(s.bound, ub)
		return
	}
	if d == len(s.order) {
		if v := s.sign * s.f.Total(s.cur); v > s.best {
			s.best = v
			s.bestO = append(s.bestO[:0], s.cur...)
		}
		return
	}
	i := s.order[d]
	s.set[i] = true
	for _, k := range s.vorder[i] {
		if s.nodes >= s.limit {
			// Every node computes a bound, pruned or not: the budget is
			// checked before each, not only at the nodes expanded.
			s.cut = true
		}
		if !s.cut {
			s.cur[i] = s.cand[i][k]
			s.search(d+1, acc+s.add[i][k])
		}
		if s.cut {
			// Out of budget: the siblings left unexplored are bounded by
			// this node's bound; stop at once rather than bound each.
			s.bound = math.Max(s.bound, ub)
			break
		}
	}
	s.set[i] = false
}

// issueOrder orders the issues for a search: those that appear in most
// interaction terms of the functions first, so terms are decided early in
// the tree.
func issueOrder(n int, fs ...*Func) []int {
	count := make([]int, n)
	for _, f := range fs {
		for _, t := range f.inter {
			for _, b := range t.boxes {
				for _, c := range b {
					count[c.issue]++
				}
			}
		}
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return count[order[a]] > count[order[b]] })
	return order
}

// partial is an outcome under construction: the issues set so far.
type partial struct {
	cur entente.Outcome
	set []bool
}

func newPartial(n int) partial {
	return partial{cur: make(entente.Outcome, n), set: make([]bool, n)}
}

// termBound is an upper bound on sign*(sum of f's interaction terms) given
// the issues set so far: decided terms count as they are, undecided ones
// count when they could only help.
func (s *partial) termBound(f *Func, sign float64) float64 {
	b := 0.0
	for k := range f.inter {
		t := &f.inter[k]
		v := sign * t.value
		anyIn, allOut := false, true
		for _, bx := range t.boxes {
			st := s.boxStatus(bx)
			if st > 0 {
				anyIn = true
				allOut = false
				break
			}
			if st == 0 {
				allOut = false
			}
		}
		switch {
		case anyIn: // surely inside
			if !t.outside {
				b += v
			}
		case allOut: // surely outside
			if t.outside {
				b += v
			}
		default:
			if v > 0 {
				b += v
			}
		}
	}
	return b
}

// boxStatus is 1 when the box surely contains the current partial outcome,
// -1 when it surely does not, and 0 when undecided.
func (s *partial) boxStatus(bx box) int {
	st := 1
	for k := range bx {
		c := &bx[k]
		if !s.set[c.issue] {
			st = 0
			continue
		}
		x := s.cur[c.issue]
		if c.in != nil {
			if !c.in[int(x-c.base)] {
				return -1
			}
		} else if x < c.min || x > c.max {
			return -1
		}
	}
	return st
}
