package analysis

import (
	"math"
	"sort"
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
// two utilities, O(n log n) in all; more: the kept vectors in blocks with
// their upper corners.

// vset is a set of distinct vectors in lexicographically descending
// order, each with the number of packages that have it, how many of them
// are in the agreement zone (when tracked), the first of them in
// enumeration order, and whether it is maximal (on the exact skyline).
type vset struct {
	k     int
	vec   []float64 // len(first)*k
	cnt   []uint64
	zone  []uint64 // nil when not tracked
	first []uint64
	top   []bool
}

func newVset(k int, zone bool) *vset {
	s := &vset{k: k}
	if zone {
		s.zone = []uint64{}
	}
	return s
}

func (s *vset) len() int { return len(s.first) }

func (s *vset) at(i int) []float64 { return s.vec[i*s.k : (i+1)*s.k : (i+1)*s.k] }

func (s *vset) push(v []float64, cnt, zone, first uint64, top bool) {
	s.vec = append(s.vec, v...)
	s.cnt = append(s.cnt, cnt)
	if s.zone != nil {
		s.zone = append(s.zone, zone)
	}
	s.first = append(s.first, first)
	s.top = append(s.top, top)
}

func (s *vset) reset() {
	s.vec, s.cnt, s.first, s.top = s.vec[:0], s.cnt[:0], s.first[:0], s.top[:0]
	if s.zone != nil {
		s.zone = s.zone[:0]
	}
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
	// More parties: each block of blockK kept vectors' upper corner.
	corners []float64
	tmp     []float64
}

// blockK is the block size of the sweep and the classification for more
// than three parties.
const blockK = 64

func newSweeper(k int, margin []float64, out *vset) *sweeper {
	return &sweeper{k: k, margin: margin, out: out, pend: make([]float64, k), tmp: make([]float64, k),
		maxY: math.Inf(-1), dmaxY: math.Inf(-1)}
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
		keep = top || s.out.vec[0] <= d[0]+s.margin[0]
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
		s.addCorner(d)
	}
}

func (s *sweeper) sweep2(d []float64) (top, keep bool) {
	x, y := d[0], d[1]
	out := s.out.vec
	for thr := x + s.margin[0]; s.ptr < s.out.len() && out[2*s.ptr] > thr; s.ptr++ {
		s.dmaxY = max(s.dmaxY, out[2*s.ptr+1])
	}
	if s.dmaxY >= y || s.maxY > y+s.margin[1] {
		return false, false
	}
	return s.maxY < y, true
}

func (s *sweeper) sweep3(d []float64) (top, keep bool) {
	x, y, z := d[0], d[1], d[2]
	out := s.out.vec
	for thr := x + s.margin[0]; s.ptr < s.out.len() && out[3*s.ptr] > thr; s.ptr++ {
		s.delayed.insert(out[3*s.ptr+1], out[3*s.ptr+2])
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
	k := s.k
	out := s.out.vec
	n := s.out.len()
	top = true
	for b := 0; b*blockK < n; b++ {
		if !weaklyAbove(s.corners[b*k:(b+1)*k], d) {
			continue
		}
		for j := b * blockK; j < min((b+1)*blockK, n); j++ {
			e := out[j*k : (j+1)*k]
			if !weaklyAbove(e, d) {
				continue
			}
			top = false
			for p := 0; p < k; p++ {
				if e[p] > d[p]+s.margin[p] {
					return false, false
				}
			}
		}
	}
	return top, true
}

func (s *sweeper) addCorner(d []float64) {
	k := s.k
	j := s.out.len() - 1
	if j%blockK == 0 {
		s.corners = append(s.corners, d...)
		return
	}
	c := s.corners[(j/blockK)*k:]
	for p := 0; p < k; p++ {
		c[p] = max(c[p], d[p])
	}
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
// for bit. lo and hi select a range of R (for parallel work).
func classify(r *vset, lo, hi int, front []bool) {
	k := r.k
	sky := &skyIndex{r: r}
	for i := 0; i < r.len(); i++ {
		if r.top[i] {
			sky.idx = append(sky.idx, i)
		}
	}
	switch k {
	case 1:
		best := r.vec[sky.idx[0]]
		for i := lo; i < hi; i++ {
			front[i] = !(best > r.vec[i]+Eps)
		}
	case 2:
		sky.classify2(lo, hi, front)
	case 3:
		sky.classify3(lo, hi, front)
	default:
		sky.classifyK(lo, hi, front)
	}
}

// skyIndex lists the maximal vectors of R, in R's order.
type skyIndex struct {
	r   *vset
	idx []int
}

func (s *skyIndex) classify2(lo, hi int, front []bool) {
	v := s.r.vec
	n := len(s.idx)
	// Maximal vectors in descending first utility have ascending second.
	for i := lo; i < hi; i++ {
		x, y := v[2*i], v[2*i+1]
		// Those with first utility > x + Eps: a prefix; its last has the
		// largest second utility.
		a := x + Eps
		p := sort.Search(n, func(j int) bool { return !(v[2*s.idx[j]] > a) })
		if p > 0 && v[2*s.idx[p-1]+1] >= y-Eps {
			front[i] = false
			continue
		}
		b := x - Eps
		p = sort.Search(n, func(j int) bool { return !(v[2*s.idx[j]] >= b) })
		front[i] = !(p > 0 && v[2*s.idx[p-1]+1] > y+Eps)
	}
}

func (s *skyIndex) classify3(lo, hi int, front []bool) {
	v := s.r.vec
	var near, far staircase // maximal vectors with x >= d_x - Eps, and x > d_x + Eps
	pn, pf := 0, 0
	for i := lo; i < hi; i++ {
		x, y, z := v[3*i], v[3*i+1], v[3*i+2]
		for a := x - Eps; pn < len(s.idx) && v[3*s.idx[pn]] >= a; pn++ {
			near.insert(v[3*s.idx[pn]+1], v[3*s.idx[pn]+2])
		}
		for a := x + Eps; pf < len(s.idx) && v[3*s.idx[pf]] > a; pf++ {
			far.insert(v[3*s.idx[pf]+1], v[3*s.idx[pf]+2])
		}
		dominated := far.covers(y-Eps, z-Eps) ||
			near.maxZAbove(y+Eps) >= z-Eps ||
			near.maxZ(y-Eps) > z+Eps
		front[i] = !dominated
	}
}

func (s *skyIndex) classifyK(lo, hi int, front []bool) {
	k := s.r.k
	v := s.r.vec
	// Blocks of maximal vectors with their upper corners.
	n := len(s.idx)
	corners := make([]float64, 0, (n/blockK+1)*k)
	for b := 0; b*blockK < n; b++ {
		c := append([]float64(nil), v[s.idx[b*blockK]*k:(s.idx[b*blockK]+1)*k]...)
		for j := b*blockK + 1; j < min((b+1)*blockK, n); j++ {
			for p := 0; p < k; p++ {
				c[p] = max(c[p], v[s.idx[j]*k+p])
			}
		}
		corners = append(corners, c...)
	}
	low := make([]float64, k)
	for i := lo; i < hi; i++ {
		d := v[i*k : (i+1)*k]
		for p := range low {
			low[p] = d[p] - Eps
		}
		front[i] = true
	blocks:
		for b := 0; b*blockK < n; b++ {
			if !weaklyAbove(corners[b*k:(b+1)*k], low) {
				continue
			}
			for j := b * blockK; j < min((b+1)*blockK, n); j++ {
				q := v[s.idx[j]*k : (s.idx[j]+1)*k]
				if !weaklyAbove(q, low) {
					continue
				}
				for p := 0; p < k; p++ {
					if q[p] > d[p]+Eps {
						front[i] = false
						break blocks
					}
				}
			}
		}
	}
}
