package analysis

import (
	"math"
	"slices"
)

// The Pareto frontier is computed in two steps, for any number of parties.
//
// First the near-skyline R: the distinct vectors that no vector of the
// space dominates exactly with a margin, that is no q with q_i >= p_i for
// every party and q_j > p_j + m_j for some party (m_j is 1e-12 on
// utilities; more on the partial sums of the additive frontier, see
// dp.go). R holds the exact skyline (the maximal vectors) and every vector
// of the frontier with tolerance (docs/analyze.md: p is on it when no q has
// q_i >= p_i - 1e-12 for all i and q_j > p_j + 1e-12 for some j): if q
// dominates p with tolerance, so does the skyline vector above q, and a
// vector that some q dominates exactly with a margin is dominated with
// tolerance by q. Every vector of R lies within the margins below a
// skyline vector, so R is the skyline plus near-ties.
//
// Then each vector of R is tested against the skyline with tolerance
// (classify), and the frontier packages are counted from the multiplicity
// of each vector: the packages whose vector is not in R are not on the
// frontier.
//
// R is built by a sweep over vectors in lexicographically descending
// order, each compared with the vectors kept before it (which are
// lexicographically larger: only they can dominate it exactly). Two
// parties: a running maximum; three: a balanced staircase over the other
// two utilities, O(n log n) in all; more: a growing k-d tree of the kept
// vectors (kdtree.go).

// vset is a set of distinct vectors in lexicographically descending
// order, each with the number of packages that have it, how many of them
// are in the agreement zone (when tracked), the first of them in
// enumeration order, and whether it is maximal (on the exact skyline).
// Records are stored in chunks of chunkLen, so that a set of millions
// grows without ever being copied (memory stays within a chunk of its
// size).
type vset struct {
	k     int
	n     int
	zoned bool
	vec   [][]float64 // chunk c holds records c*chunkLen.., k values each
	cnt   [][]uint64
	zone  [][]uint64
	first [][]uint64
	top   [][]bool
	// spare holds whole chunks to reuse before allocating (moveFrom).
	spare []chunk
}

// chunk is the storage of chunkLen records.
type chunk struct {
	vec       []float64
	cnt, zone []uint64
	first     []uint64
	top       []bool
}

const (
	chunkBits = 16
	chunkLen  = 1 << chunkBits
	chunkMask = chunkLen - 1
)

func newVset(k int, zoned bool) *vset { return &vset{k: k, zoned: zoned} }

func (s *vset) len() int { return s.n }

// at returns record i's vector (a view: do not keep it across push).
func (s *vset) at(i int) []float64 {
	j := (i & chunkMask) * s.k
	return s.vec[i>>chunkBits][j : j+s.k : j+s.k]
}

func (s *vset) count(i int) *uint64   { return &s.cnt[i>>chunkBits][i&chunkMask] }
func (s *vset) firstOf(i int) *uint64 { return &s.first[i>>chunkBits][i&chunkMask] }
func (s *vset) isTop(i int) bool      { return s.top[i>>chunkBits][i&chunkMask] }
func (s *vset) setTop(i int, t bool)  { s.top[i>>chunkBits][i&chunkMask] = t }

// zoneCount returns record i's zone count (nil when not tracked).
func (s *vset) zoneCount(i int) *uint64 {
	if !s.zoned {
		return nil
	}
	return &s.zone[i>>chunkBits][i&chunkMask]
}

func (s *vset) push(v []float64, cnt, zone, first uint64, top bool) {
	c, j := s.n>>chunkBits, s.n&chunkMask
	if c == len(s.cnt) || j == len(s.cnt[c]) {
		s.grow(c)
	}
	k := s.k
	copy(s.vec[c][j*k:(j+1)*k], v)
	s.cnt[c][j], s.first[c][j], s.top[c][j] = cnt, first, top
	if s.zoned {
		s.zone[c][j] = zone
	}
	s.n++
}

// grow makes room in chunk c: a new chunk (whole, except the first,
// which starts small), or the first chunk twice as large.
func (s *vset) grow(c int) {
	if c == len(s.cnt) && c > 0 && len(s.spare) > 0 {
		sp := s.spare[len(s.spare)-1]
		s.spare = s.spare[:len(s.spare)-1]
		s.vec, s.cnt, s.first, s.top = append(s.vec, sp.vec), append(s.cnt, sp.cnt), append(s.first, sp.first), append(s.top, sp.top)
		if s.zoned {
			s.zone = append(s.zone, sp.zone)
		}
		return
	}
	if c == len(s.cnt) && c > 0 {
		s.vec = append(s.vec, make([]float64, chunkLen*s.k))
		s.cnt = append(s.cnt, make([]uint64, chunkLen))
		s.first = append(s.first, make([]uint64, chunkLen))
		s.top = append(s.top, make([]bool, chunkLen))
		if s.zoned {
			s.zone = append(s.zone, make([]uint64, chunkLen))
		}
		return
	}
	if c == len(s.cnt) {
		s.vec, s.cnt, s.first, s.top = [][]float64{nil}, [][]uint64{nil}, [][]uint64{nil}, [][]bool{nil}
		if s.zoned {
			s.zone = [][]uint64{nil}
		}
	}
	size := max(16, min(2*len(s.cnt[0]), chunkLen))
	s.vec[0] = append(s.vec[0], make([]float64, size*s.k-len(s.vec[0]))...)
	s.cnt[0] = append(s.cnt[0], make([]uint64, size-len(s.cnt[0]))...)
	s.first[0] = append(s.first[0], make([]uint64, size-len(s.first[0]))...)
	s.top[0] = append(s.top[0], make([]bool, size-len(s.top[0]))...)
	if s.zoned {
		s.zone[0] = append(s.zone[0], make([]uint64, size-len(s.zone[0]))...)
	}
}

// moveFrom appends the records of o that keep marks (in order), and
// empties o: each of o's whole chunks, once read, stores s's next
// records, so memory grows by at most a chunk however many records move.
func (s *vset) moveFrom(o *vset, keep []bool) {
	for i := 0; i < o.n; i++ {
		if keep[i] {
			z := uint64(0)
			if zc := o.zoneCount(i); zc != nil {
				z = *zc
			}
			s.push(o.at(i), *o.count(i), z, *o.firstOf(i), o.isTop(i))
		}
		if (i+1)&chunkMask != 0 && i+1 < o.n {
			continue
		}
		// Chunk c of o is read.
		c := i >> chunkBits
		if len(o.cnt[c]) == chunkLen && o.zoned == s.zoned {
			sp := chunk{vec: o.vec[c], cnt: o.cnt[c], first: o.first[c], top: o.top[c]}
			if o.zoned {
				sp.zone = o.zone[c]
			}
			s.spare = append(s.spare, sp)
		}
		o.vec[c], o.cnt[c], o.first[c], o.top[c] = nil, nil, nil, nil
		if o.zoned {
			o.zone[c] = nil
		}
	}
	o.n = 0
	s.spare = nil // chunks not reused by now are garbage
}

// reset empties the set, keeping its memory for reuse.
func (s *vset) reset() { s.n = 0 }

// lexOrder returns the positions 0..n-1 sorted so that their vectors
// (at) are in lexicographically descending order, equal vectors in
// increasing position.
func lexOrder(n int, at func(int) []float64) []int {
	ord := make([]int, n)
	for i := range ord {
		ord[i] = i
	}
	slices.SortStableFunc(ord, func(a, b int) int {
		switch va, vb := at(a), at(b); {
		case lexGreater(va, vb):
			return -1
		case lexGreater(vb, va):
			return 1
		}
		return 0
	})
	return ord
}

// lexGreater reports whether a comes before b in lexicographically
// descending order.
func lexGreater(a, b []float64) bool {
	for p := range a {
		if a[p] != b[p] {
			return a[p] > b[p]
		}
	}
	return false
}

// sweeper builds R from vectors offered in lexicographically descending
// order (equal vectors may repeat: they are merged).
type sweeper struct {
	k      int
	margin []float64
	out    *vset
	// The vector waiting to be swept, while equal ones may follow.
	pend               []float64
	pcnt, pzone, pfirs uint64
	has                bool
	// Two parties: the largest second utility kept, and the largest among
	// the kept vectors whose first utility exceeds the current one by more
	// than the margin (ptr: the next kept vector to consider for it).
	maxY, dmaxY float64
	ptr         int
	// Three parties: the staircase of the kept vectors' (second, third)
	// utilities, and the delayed one of those whose first utility exceeds
	// the current one by more than the margin.
	all, delayed staircase
	// More parties: a growing k-d tree of the kept vectors.
	forest kdForest
	tmp    []float64
}

func newSweeper(k int, margin []float64, out *vset) *sweeper {
	return &sweeper{k: k, margin: margin, out: out, pend: make([]float64, k), tmp: make([]float64, k),
		maxY: math.Inf(-1), dmaxY: math.Inf(-1), forest: kdForest{k: k}}
}

// offer adds vector v of cnt packages (zone of them in the zone, the
// first with index first).
func (s *sweeper) offer(v []float64, cnt, zone, first uint64) {
	if s.has && equalVec(s.pend, v) {
		s.pcnt += cnt
		s.pzone += zone
		s.pfirs = min(s.pfirs, first)
		return
	}
	if s.has {
		s.sweep()
	}
	copy(s.pend, v)
	s.pcnt, s.pzone, s.pfirs, s.has = cnt, zone, first, true
}

// finish sweeps the last vector.
func (s *sweeper) finish() {
	if s.has {
		s.sweep()
		s.has = false
	}
}

func equalVec(a, b []float64) bool {
	for p := range a {
		if a[p] != b[p] {
			return false
		}
	}
	return true
}

// sweep decides whether the pending vector d joins R.
func (s *sweeper) sweep() {
	d := s.pend
	var top, keep bool
	switch s.k {
	case 1:
		// One party: only the first (largest) vector is maximal; others
		// within the margin below it are near-ties.
		top = s.out.len() == 0
		keep = top || s.out.at(0)[0] <= d[0]+s.margin[0]
	case 2:
		top, keep = s.sweep2(d)
	case 3:
		top, keep = s.sweep3(d)
	default:
		top, keep = s.sweepK(d)
	}
	if !keep {
		return
	}
	s.out.push(d, s.pcnt, s.pzone, s.pfirs, top)
	switch {
	case s.k == 2:
		s.maxY = max(s.maxY, d[1])
	case s.k == 3:
		s.all.insert(d[1], d[2])
	case s.k > 3:
		s.forest.insert(d)
	}
}

func (s *sweeper) sweep2(d []float64) (top, keep bool) {
	x, y := d[0], d[1]
	for thr := x + s.margin[0]; s.ptr < s.out.len(); s.ptr++ {
		e := s.out.at(s.ptr)
		if !(e[0] > thr) {
			break
		}
		s.dmaxY = max(s.dmaxY, e[1])
	}
	if s.dmaxY >= y || s.maxY > y+s.margin[1] {
		return false, false
	}
	return s.maxY < y, true
}

func (s *sweeper) sweep3(d []float64) (top, keep bool) {
	x, y, z := d[0], d[1], d[2]
	for thr := x + s.margin[0]; s.ptr < s.out.len(); s.ptr++ {
		e := s.out.at(s.ptr)
		if !(e[0] > thr) {
			break
		}
		s.delayed.insert(e[1], e[2])
	}
	if s.delayed.covers(y, z) {
		return false, false
	}
	q := s.all.maxZ(y)
	if q > z+s.margin[2] || s.all.maxZAbove(y+s.margin[1]) >= z {
		return false, false
	}
	return q < z, true
}

func (s *sweeper) sweepK(d []float64) (top, keep bool) {
	high := s.tmp
	for p := range high {
		high[p] = d[p] + s.margin[p]
	}
	if s.forest.exists(d, high) {
		return false, false
	}
	return !s.forest.exists(d, d), true
}

// weaklyAbove reports whether v >= u in every coordinate.
func weaklyAbove(v, u []float64) bool {
	for p := range u {
		if v[p] < u[p] {
			return false
		}
	}
	return true
}

// classify reports, for each vector of R (a vset built with margins of at
// most Eps), whether it is on the frontier with tolerance: no maximal
// vector q has q_i >= p_i - Eps for every party and q_j > p_j + Eps for
// some party. The comparisons are the floating-point expressions of the
// definition, so a brute force written from docs/analyze.md agrees bit
// for bit. lo and hi select a range of R (for parallel work); sky holds
// the maximal vectors for more than three parties (skyline).
func classify(r *vset, sky *skyline, lo, hi int, front []bool) {
	switch r.k {
	case 1:
		best := r.at(0)[0] // the first vector is the largest
		for i := lo; i < hi; i++ {
			front[i] = !(best > r.at(i)[0]+Eps)
		}
	case 2:
		classify2(r, lo, hi, front)
	case 3:
		classify3(r, lo, hi, front)
	default:
		sky.classify(r, lo, hi, front)
	}
}

// classify2 sweeps R in order with two pointers over its maximal vectors:
// those with first utility > x + Eps, and those with >= x - Eps. Both
// sets only grow as x decreases, and, maximal vectors having ascending
// second utilities in R's order, the last of each has the largest second
// utility among them.
func classify2(r *vset, lo, hi int, front []bool) {
	n := r.len()
	pf, pn := 0, 0                            // next vectors to consider
	farY, nearY := math.Inf(-1), math.Inf(-1) // largest second utility so far
	for i := lo; i < hi; i++ {
		d := r.at(i)
		x, y := d[0], d[1]
		for a := x + Eps; pf < n; pf++ {
			e := r.at(pf)
			if !(e[0] > a) {
				break
			}
			if r.isTop(pf) {
				farY = e[1]
			}
		}
		for b := x - Eps; pn < n; pn++ {
			e := r.at(pn)
			if !(e[0] >= b) {
				break
			}
			if r.isTop(pn) {
				nearY = e[1]
			}
		}
		front[i] = !(farY >= y-Eps || nearY > y+Eps)
	}
}

// classify3 sweeps R in order with the staircases of the maximal vectors
// with first utility >= x - Eps and > x + Eps.
func classify3(r *vset, lo, hi int, front []bool) {
	n := r.len()
	var near, far staircase
	pn, pf := 0, 0
	for i := lo; i < hi; i++ {
		d := r.at(i)
		x, y, z := d[0], d[1], d[2]
		for a := x - Eps; pn < n; pn++ {
			e := r.at(pn)
			if !(e[0] >= a) {
				break
			}
			if r.isTop(pn) {
				near.insert(e[1], e[2])
			}
		}
		for a := x + Eps; pf < n; pf++ {
			e := r.at(pf)
			if !(e[0] > a) {
				break
			}
			if r.isTop(pf) {
				far.insert(e[1], e[2])
			}
		}
		dominated := far.covers(y-Eps, z-Eps) ||
			near.maxZAbove(y+Eps) >= z-Eps ||
			near.maxZ(y-Eps) > z+Eps
		front[i] = !dominated
	}
}

// skyline holds the maximal vectors of R, for more than three parties, in
// a k-d tree.
type skyline struct {
	tree *kdTree
}

func newSkyline(r *vset) *skyline {
	var vec []float64
	for i := 0; i < r.len(); i++ {
		if r.isTop(i) {
			vec = append(vec, r.at(i)...)
		}
	}
	return &skyline{tree: buildKD(r.k, vec)}
}

func (s *skyline) classify(r *vset, lo, hi int, front []bool) {
	k := r.k
	low, high := make([]float64, k), make([]float64, k)
	for i := lo; i < hi; i++ {
		d := r.at(i)
		for p := range low {
			low[p], high[p] = d[p]-Eps, d[p]+Eps
		}
		front[i] = !s.tree.exists(low, high)
	}
}
