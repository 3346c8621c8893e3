package analysis

import (
	"context"
	"math"
	"slices"
)

// The frontier of additive profiles, issue by issue.
//
// With additive profiles a package's raw totals are the sums, in issue
// order, of one contribution per issue. The frontier is found without
// enumerating the space: level d holds the distinct partial sums over
// issues 0..d that can still lead to the frontier, each with the number
// of prefixes that reach it exactly and the first of them; level d+1 adds
// every option of issue d+1 to every partial sum of level d (options with
// equal contributions for every party once, with their multiplicity) and
// keeps what is not dominated with a safe margin. The last level, mapped
// to utilities, is R (see frontier.go): the frontier is counted from it
// exactly, ties and near-ties included.
//
// Pruning a partial sum a is safe when another, a', has a'_p >= a_p for
// every party and a'_j - a_j > delta_j for some party j: whatever the rest
// of the package, floating-point addition is monotone, so the package
// completed from a' stays at least as good for every party, and delta_j
// is large enough that it stays better by more than 1e-12 for party j
// after every later rounding, scaling and the GENIUS cap (see margins).
// Every package completed from a is then dominated with a margin by one
// completed from a': not in R. Options of an issue that another option of
// the same issue dominates with the margin are pruned the same way before
// the merge.
//
// Each level is produced in lexicographically descending order without
// sorting: the previous level is in that order, adding an option's
// contributions keeps it (up to runs of equal first sums, sorted on the
// spot), and the lists of the options are merged with a heap. The sweep of
// frontier.go then keeps a level in O(m log m) for m candidates (three
// parties), so the cost grows with the sizes of the levels, not with the
// space.

// dpFrontier returns R for additive profiles: tabs are the per-issue
// tables of issueTables, scale and capped how each party's total becomes
// a utility.
func dpFrontier(ctx context.Context, tabs [][]float64, radix []uint64, k int, scale []float64, capped []bool) (*vset, error) {
	n := len(tabs)
	margin := safeMargins(tabs, k, scale, capped)
	level := newVset(k, false)
	level.push(make([]float64, k), 1, 0, 0, true)
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		last := i == n-1
		cls := optionClasses(tabs[i], k, margin)
		next := newVset(k, false)
		m := margin
		if last {
			m = epsMargins(k)
		}
		sw := newSweeper(k, m, next)
		mergeLevel(level, cls, radix[i], k, last, scale, capped, sw)
		sw.finish()
		level = next
	}
	if n == 0 {
		// One package with no issues: its utilities are the finished
		// empty sums.
		v := level.at(0)
		for p := range v {
			v[p] = finishWith(v[p], scale[p], capped[p])
		}
	}
	return level, nil
}

func epsMargins(k int) []float64 {
	m := make([]float64, k)
	for p := range m {
		m[p] = Eps
	}
	return m
}

func finishWith(t, scale float64, capped bool) float64 {
	u := t * scale
	if capped && u > 1 {
		return 1
	}
	return u
}

// safeMargins returns, per party, the margin in raw totals by which a
// partial sum must exceed another (at least as large for every party) to
// guarantee that the completed packages differ by more than Eps in that
// party's utility. A sum of n terms of magnitude at most M is off by at
// most n*M*2^-53 from the exact sum, and the difference of two such sums
// by twice that; the scaling adds a relative 2^-53 to each utility, the
// comparison with u + Eps rounds once more, and the GENIUS cap can remove
// at most by how much the largest total exceeds 1. The bound is taken
// four times over: margins of about 1e-12 still prune nearly everything
// dominated, and a larger margin only keeps more candidates.
func safeMargins(tabs [][]float64, k int, scale []float64, capped []bool) []float64 {
	const ulp = 0x1p-53
	n := float64(len(tabs))
	m := make([]float64, k)
	for p := 0; p < k; p++ {
		bound := 0.0 // largest magnitude of any partial sum
		most := 0.0  // largest total
		for _, t := range tabs {
			big, top := 0.0, math.Inf(-1)
			for d := p; d < len(t); d += k {
				big = max(big, math.Abs(t[d]))
				top = max(top, t[d])
			}
			bound += big
			if len(t) > 0 {
				most += top
			}
		}
		if scale[p] <= 0 || math.IsInf(bound, 0) || math.IsNaN(bound) {
			m[p] = math.Inf(1) // no margin is safe: never prune on this party
			continue
		}
		maxU := bound * scale[p]
		capLoss := 0.0
		if capped[p] {
			capLoss = max(0, most*scale[p]-1) + 4*ulp
		}
		utilErr := 4*ulp*(maxU+1) + capLoss
		m[p] = 4*((Eps+utilErr)/scale[p]+2*(n+2)*ulp*bound) + Eps
	}
	return m
}

// class is a group of options of an issue with the same contribution for
// every party: how many options share it, and the first of them.
type class struct {
	vec   []float64
	mult  uint64
	digit uint64
}

// optionClasses groups the options of an issue by contribution vector and
// drops the groups another dominates with the margin.
func optionClasses(tab []float64, k int, margin []float64) []class {
	r := len(tab) / k
	var cls []class
	// Sort the options by vector (descending), equal ones by digit.
	ord := make([]int, r)
	for d := range ord {
		ord[d] = d
	}
	slices.SortFunc(ord, func(a, b int) int {
		va, vb := tab[a*k:(a+1)*k], tab[b*k:(b+1)*k]
		switch {
		case lexGreater(va, vb):
			return -1
		case lexGreater(vb, va):
			return 1
		}
		return a - b
	})
	for _, d := range ord {
		v := tab[d*k : (d+1)*k]
		if len(cls) > 0 && equalVec(cls[len(cls)-1].vec, v) {
			cls[len(cls)-1].mult++
			continue
		}
		cls = append(cls, class{vec: v, mult: 1, digit: uint64(d)})
	}
	if len(cls) > 512 {
		return cls // pairwise pruning would cost more than the merge
	}
	kept := cls[:0]
	for i, c := range cls {
		if !dominatedWithMargin(cls, i, margin) {
			kept = append(kept, c)
		}
	}
	return kept
}

// dominatedWithMargin reports whether another class dominates class i
// with the margin. Only classes before it in descending order can.
func dominatedWithMargin(cls []class, i int, margin []float64) bool {
	v := cls[i].vec
	for j := 0; j < i; j++ {
		e := cls[j].vec
		if !weaklyAbove(e, v) {
			continue
		}
		for p := range v {
			if e[p] > v[p]+margin[p] {
				return true
			}
		}
	}
	return false
}

// mergeLevel offers to sw, in lexicographically descending order, the
// sums of every vector of level with every class (then finished to
// utilities when last).
func mergeLevel(level *vset, cls []class, radix uint64, k int, last bool, scale []float64, capped []bool, sw *sweeper) {
	lists := make([]*sumList, 0, len(cls))
	for c := range cls {
		l := &sumList{level: level, c: &cls[c], k: k, last: last, scale: scale, capped: capped, radix: radix}
		if l.fill() {
			lists = append(lists, l)
		}
	}
	h := sumHeap(lists)
	h.init()
	for len(h) > 0 {
		l := h[0]
		v, cnt, first := l.head()
		sw.offer(v, cnt, 0, first)
		if l.advance() {
			h.down(0)
		} else {
			h.pop()
		}
	}
}

// sumList walks the sums of one class with every vector of a level, in
// runs of equal first coordinates sorted on the spot (floating-point
// rounding, and the cap, can make two sums equal in the first coordinate
// and reorder the next).
type sumList struct {
	level  *vset
	c      *class
	k      int
	last   bool
	scale  []float64
	capped []bool
	radix  uint64
	next   int       // next vector of level to add
	run    []float64 // the current run's sums
	runAt  []int     // their vectors' positions in level
	pos    int       // position in the run
	cur    []float64 // the sum at pos
}

func (l *sumList) sum(a int, dst []float64) {
	v := l.level.at(a)
	for p := range dst {
		s := v[p] + l.c.vec[p]
		if l.last {
			s = finishWith(s, l.scale[p], l.capped[p])
		}
		dst[p] = s
	}
}

// fill reads the next run; false when the list is exhausted.
func (l *sumList) fill() bool {
	k := l.k
	l.run, l.runAt, l.pos = l.run[:0], l.runAt[:0], 0
	if l.next >= l.level.len() {
		return false
	}
	var buf [8]float64
	first := buf[:0]
	if k > len(buf) {
		first = make([]float64, 0, k)
	}
	first = first[:k]
	l.sum(l.next, first)
	l.run = append(l.run, first...)
	l.runAt = append(l.runAt, l.next)
	l.next++
	for l.next < l.level.len() {
		n := len(l.run)
		l.run = append(l.run, first...) // room
		l.sum(l.next, l.run[n:])
		if l.run[n] != l.run[0] {
			l.run = l.run[:n]
			break
		}
		l.runAt = append(l.runAt, l.next)
		l.next++
	}
	if len(l.runAt) > 1 {
		l.sortRun()
	}
	l.cur = l.run[:l.k]
	return true
}

func (l *sumList) sortRun() {
	k := l.k
	ord := make([]int, len(l.runAt))
	for i := range ord {
		ord[i] = i
	}
	slices.SortStableFunc(ord, func(a, b int) int {
		va, vb := l.run[a*k:(a+1)*k], l.run[b*k:(b+1)*k]
		switch {
		case lexGreater(va, vb):
			return -1
		case lexGreater(vb, va):
			return 1
		}
		return 0
	})
	run := make([]float64, 0, len(l.run))
	at := make([]int, 0, len(l.runAt))
	for _, i := range ord {
		run = append(run, l.run[i*k:(i+1)*k]...)
		at = append(at, l.runAt[i])
	}
	l.run, l.runAt = run, at
}

func (l *sumList) head() (v []float64, cnt, first uint64) {
	a := l.runAt[l.pos]
	return l.cur, *l.level.count(a) * l.c.mult, *l.level.firstOf(a)*l.radix + l.c.digit
}

func (l *sumList) advance() bool {
	l.pos++
	if l.pos < len(l.runAt) {
		l.cur = l.run[l.pos*l.k : (l.pos+1)*l.k]
		return true
	}
	return l.fill()
}

// sumHeap is a max-heap of lists by their heads, lexicographically.
type sumHeap []*sumList

func (h sumHeap) less(i, j int) bool { return lexGreater(h[i].cur, h[j].cur) }

func (h sumHeap) init() {
	for i := len(h)/2 - 1; i >= 0; i-- {
		h.down(i)
	}
}

func (h sumHeap) down(i int) {
	for {
		l := 2*i + 1
		if l >= len(h) {
			return
		}
		j := l
		if r := l + 1; r < len(h) && h.less(r, l) {
			j = r
		}
		if !h.less(j, i) {
			return
		}
		h[i], h[j] = h[j], h[i]
		i = j
	}
}

func (h *sumHeap) pop() {
	old := *h
	n := len(old) - 1
	old[0] = old[n]
	old[n] = nil
	*h = old[:n]
	if n > 0 {
		h.down(0)
	}
}
