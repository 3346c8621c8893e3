package analysis

import (
	"context"
	"math"
	"slices"
	"sort"

	"github.com/entente/entente/internal/parallel"
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
// a utility. Large levels are merged on workers cores (mergeParallel).
func dpFrontier(ctx context.Context, tabs [][]float64, radix []uint64, k int, scale []float64, capped []bool, workers int) (*vset, error) {
	n := len(tabs)
	d := &dp{k: k, scale: scale, capped: capped, margin: safeMargins(tabs, k, scale, capped), workers: workers}
	level := newVset(k, false)
	level.push(make([]float64, k), 1, 0, 0, true)
	for i := 0; i < n; i++ {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		cls := optionClasses(tabs[i], k, d.margin)
		next, err := d.merge(ctx, level, cls, radix[i], i == n-1)
		if err != nil {
			return nil, err
		}
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

// dp holds what every level of the merge needs.
type dp struct {
	k       int
	scale   []float64
	capped  []bool
	margin  []float64
	workers int
}

// margins returns the margins of a level: the safe ones, or Eps on the
// last level's utilities.
func (d *dp) margins(last bool) []float64 {
	if last {
		return epsMargins(d.k)
	}
	return d.margin
}

// parallelLevel is the fewest candidates a level needs to be merged on
// several cores (a variable for tests).
var parallelLevel uint64 = 1 << 17

// merge returns the next level: the sums of every vector of level with
// every class, swept.
func (d *dp) merge(ctx context.Context, level *vset, cls []class, radix uint64, last bool) (*vset, error) {
	cands := uint64(level.len()) * uint64(len(cls))
	if d.workers > 1 && cands >= parallelLevel && d.k > 1 && level.len() > 1 {
		return d.mergeParallel(ctx, level, cls, radix, last)
	}
	next := newVset(d.k, false)
	sw := newSweeper(d.k, d.margins(last), next)
	lists := d.lists(level, cls, radix, last, nil)
	mergeLists(lists, sw)
	sw.finish()
	return next, nil
}

// lists returns one list of sums per class, over the range of level
// vectors [lo[c], hi[c]) of each class c (all of them when lo is nil).
func (d *dp) lists(level *vset, cls []class, radix uint64, last bool, bounds [][2]int) []*sumList {
	lists := make([]*sumList, 0, len(cls))
	for c := range cls {
		l := &sumList{level: level, c: &cls[c], k: d.k, last: last, scale: d.scale, capped: d.capped, radix: radix, end: level.len()}
		if bounds != nil {
			l.next, l.end = bounds[c][0], bounds[c][1]
		}
		if l.fill() {
			lists = append(lists, l)
		}
	}
	return lists
}

// mergeLists offers to sw, in lexicographically descending order, the
// heads of the lists, merged with a heap.
func mergeLists(lists []*sumList, sw *sweeper) {
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

// mergeParallel merges a level on several cores. The sums are cut by
// their first coordinate into one band per worker (every class's sums are
// monotone in the level's order, so each band is a range of it, found by
// binary search); each band is merged and swept on its own, then the
// vectors of every band but the first are tested against the bands above
// (whose vectors are all larger in the first coordinate: only they can
// dominate across bands) exactly as the sweep would have, in parallel,
// and the bands are joined. The result is the sequential merge's.
func (d *dp) mergeParallel(ctx context.Context, level *vset, cls []class, radix uint64, last bool) (*vset, error) {
	k := d.k
	first := func(a, c int) float64 {
		x := level.at(a)[0] + cls[c].vec[0]
		if last {
			x = finishWith(x, d.scale[0], d.capped[0])
		}
		return x
	}
	// Split values from a sample of each class's sums.
	const samples = 64
	var sample []float64
	n := level.len()
	for c := range cls {
		for j := 0; j < samples; j++ {
			sample = append(sample, first(j*(n-1)/(samples-1), c))
		}
	}
	slices.Sort(sample)
	slices.Reverse(sample)
	splits := []float64{math.Inf(1)}
	for w := 1; w < d.workers; w++ {
		x := sample[w*len(sample)/d.workers]
		if x < splits[len(splits)-1] {
			splits = append(splits, x)
		}
	}
	splits = append(splits, math.Inf(-1))
	bands := len(splits) - 1
	// bounds[b][c]: band b's range of level vectors for class c, those
	// whose sum's first coordinate is in (splits[b+1], splits[b]].
	bounds := make([][][2]int, bands)
	for b := range bounds {
		bounds[b] = make([][2]int, len(cls))
	}
	for c := range cls {
		pos := func(x float64) int {
			if math.IsInf(x, 1) {
				return 0
			}
			return sort.Search(n, func(a int) bool { return first(a, c) <= x })
		}
		for b := 0; b < bands; b++ {
			bounds[b][c] = [2]int{pos(splits[b]), pos(splits[b+1])}
		}
	}
	out := make([]*vset, bands)
	opt := parallel.Options{Workers: d.workers, Chunk: 1}
	err := parallel.For(ctx, uint64(bands), opt, func(_ int, lo, hi uint64) error {
		for b := int(lo); b < int(hi); b++ {
			out[b] = newVset(k, false)
			sw := newSweeper(k, d.margins(last), out[b])
			mergeLists(d.lists(level, cls, radix, last, bounds[b]), sw)
			sw.finish()
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	// Each band below the first against the bands above.
	keep := make([][]bool, bands)
	err = parallel.For(ctx, uint64(bands-1), opt, func(_ int, lo, hi uint64) error {
		for b := int(lo) + 1; b < int(hi)+1; b++ {
			keep[b] = crossBands(out[:b], out[b], d.margins(last))
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	next := out[0]
	for b := 1; b < bands; b++ {
		next.moveFrom(out[b], keep[b])
		out[b] = nil
	}
	return next, nil
}

// crossBands tests the vectors of band (R of its own sums) against the
// vectors of the bands above it, which all have a larger first
// coordinate: it returns which vectors stay in R, and clears the maximal
// mark of those a vector above dominates. The tests are those of the
// sweep.
func crossBands(above []*vset, band *vset, margin []float64) []bool {
	keep := make([]bool, band.len())
	// The vectors above, in order.
	var all []*vset
	for _, a := range above {
		if a.len() > 0 {
			all = append(all, a)
		}
	}
	at := func(i int) []float64 {
		for _, a := range all {
			if i < a.len() {
				return a.at(i)
			}
			i -= a.len()
		}
		return nil
	}
	total := 0
	for _, a := range all {
		total += a.len()
	}
	// delay calls fn with the vectors above whose first coordinate
	// exceeds thr, each once (thr only decreases).
	ptr := 0
	delay := func(thr float64, fn func(e []float64)) {
		for ; ptr < total; ptr++ {
			e := at(ptr)
			if !(e[0] > thr) {
				return
			}
			fn(e)
		}
	}
	switch band.k {
	case 2:
		maxY, dmaxY := math.Inf(-1), math.Inf(-1)
		for i := 0; i < total; i++ {
			maxY = max(maxY, at(i)[1])
		}
		for i := 0; i < band.len(); i++ {
			v := band.at(i)
			delay(v[0]+margin[0], func(e []float64) { dmaxY = max(dmaxY, e[1]) })
			keep[i] = !(dmaxY >= v[1] || maxY > v[1]+margin[1])
			if !(maxY < v[1]) {
				band.setTop(i, false)
			}
		}
	case 3:
		var stairs, delayed staircase
		for i := 0; i < total; i++ {
			e := at(i)
			stairs.insert(e[1], e[2])
		}
		for i := 0; i < band.len(); i++ {
			v := band.at(i)
			delay(v[0]+margin[0], func(e []float64) { delayed.insert(e[1], e[2]) })
			q := stairs.maxZ(v[1])
			keep[i] = !(delayed.covers(v[1], v[2]) || q > v[2]+margin[2] || stairs.maxZAbove(v[1]+margin[1]) >= v[2])
			if !(q < v[2]) {
				band.setTop(i, false)
			}
		}
	default:
		var pts []float64
		for i := 0; i < total; i++ {
			pts = append(pts, at(i)...)
		}
		tree := buildKD(band.k, pts)
		high := make([]float64, band.k)
		for i := 0; i < band.len(); i++ {
			v := band.at(i)
			for p := range high {
				high[p] = v[p] + margin[p]
			}
			keep[i] = !tree.exists(v, high)
			if tree.exists(v, v) {
				band.setTop(i, false)
			}
		}
	}
	return keep
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
	ord := lexOrder(r, func(d int) []float64 { return tab[d*k : (d+1)*k] })
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
	end    int       // the end of the range of level vectors
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
	if l.next >= l.end {
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
	for l.next < l.end {
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
	ord := lexOrder(len(l.runAt), func(i int) []float64 { return l.run[i*k : (i+1)*k] })
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
