package analysis

import (
	"math"
	"sort"
)

// Eps is the tolerance of dominance and ties: q dominates p when q_i >=
// p_i - Eps for every party and q_j > p_j + Eps for some party.
const Eps = 1e-12

// skyline holds the vectors that no vector seen so far dominates exactly
// (q >= p everywhere and > somewhere), one entry per distinct vector with
// the smallest outcome index that has it. It is a block-nested-loop
// skyline with move-to-front: the entry that last rejected a point is
// tried first, so the many dominated outcomes of a space cost O(k) each.
type skyline struct {
	k    int
	vec  []float64 // len(idx)*k
	idx  []uint64
	hint int // two parties: the entry that rejected the last point
	// Points not yet swept into the skyline.
	pend []float64
	pidx []uint64
}

func newSkyline(k int) *skyline { return &skyline{k: k} }

func (s *skyline) at(j int) []float64 { return s.vec[j*s.k : (j+1)*s.k] }

// add offers vector u (of outcome idx) to the skyline.
//
// With more than two parties a point is first tested against the entry
// that rejected the previous one (the common case: most outcomes are
// dominated, and by the same few frontier points). Points that pass wait
// in a buffer; when it outgrows the skyline, skyline and buffer are sorted
// by the sum of utilities (descending) and filtered in that order
// (sort-filter-skyline): a point can only be dominated by one before it,
// so nothing kept is ever removed again.
func (s *skyline) add(u []float64, idx uint64) {
	if s.k == 2 {
		s.add2(u[0], u[1], idx)
		return
	}
	// Try the first few entries, kept in move-to-front order: the usual
	// dominators of a region sit there.
	for j := 0; j < len(s.idx) && j < scanFront; j++ {
		if v := s.at(j); weaklyAbove(v, u) {
			if idx < s.idx[j] && equal(v, u) {
				s.idx[j] = idx
			}
			if j > 0 {
				s.swap(0, j)
			}
			return
		}
	}
	s.pend = append(s.pend, u...)
	s.pidx = append(s.pidx, idx)
	if len(s.pidx) > max(4096, 2*len(s.idx)) {
		s.flush()
	}
}

// scanFront is how many skyline entries add tries before buffering a point.
const scanFront = 256

func (s *skyline) swap(a, b int) {
	k := s.k
	for p := 0; p < k; p++ {
		s.vec[a*k+p], s.vec[b*k+p] = s.vec[b*k+p], s.vec[a*k+p]
	}
	s.idx[a], s.idx[b] = s.idx[b], s.idx[a]
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

func equal(v, u []float64) bool {
	for p := range u {
		if v[p] != u[p] {
			return false
		}
	}
	return true
}

// flushK sweeps the buffered points into the skyline (more than two
// parties), by sort-filter-skyline.
func (s *skyline) flushK() {
	k := s.k
	vec := append(s.vec, s.pend...)
	idx := append(s.idx, s.pidx...)
	sums := make([]float64, len(idx))
	ord := make([]int, len(idx))
	for j := range ord {
		ord[j] = j
		for _, x := range vec[j*k : (j+1)*k] {
			sums[j] += x
		}
	}
	// Sum descending; then lexicographically descending, which puts a
	// dominator first even when rounding makes the sums equal; then the
	// smallest index, so of equal vectors the first outcome is kept.
	sort.Slice(ord, func(a, b int) bool {
		x, y := ord[a], ord[b]
		if sums[x] != sums[y] {
			return sums[x] > sums[y]
		}
		vx, vy := vec[x*k:(x+1)*k], vec[y*k:(y+1)*k]
		for p := 0; p < k; p++ {
			if vx[p] != vy[p] {
				return vx[p] > vy[p]
			}
		}
		return idx[x] < idx[y]
	})
	keptVec := make([]float64, 0, len(s.vec)+k*64)
	keptIdx := make([]uint64, 0, len(s.idx)+64)
	front := 0
	for _, o := range ord {
		u := vec[o*k : (o+1)*k]
		n := len(keptIdx)
		dominated := false
		for c := 0; c < n; c++ {
			j := front + c
			if j >= n {
				j -= n
			}
			if weaklyAbove(keptVec[j*k:(j+1)*k], u) {
				dominated, front = true, j
				break
			}
		}
		if !dominated {
			keptVec = append(keptVec, u...)
			keptIdx = append(keptIdx, idx[o])
		}
	}
	s.vec, s.idx = keptVec, keptIdx
	s.pend, s.pidx = s.pend[:0], s.pidx[:0]
}

// merge adds every entry of o.
func (s *skyline) merge(o *skyline) {
	o.flush()
	for j := range o.idx {
		s.add(o.at(j), o.idx[j])
	}
}

// sort orders the entries lexicographically by vector, descending in the
// first party, so results do not depend on the order of insertion.
func (s *skyline) sort() {
	s.flush()
	ord := make([]int, len(s.idx))
	for j := range ord {
		ord[j] = j
	}
	k := s.k
	sort.Slice(ord, func(a, b int) bool {
		va, vb := s.vec[ord[a]*k:(ord[a]+1)*k], s.vec[ord[b]*k:(ord[b]+1)*k]
		for p := 0; p < k; p++ {
			if va[p] != vb[p] {
				return va[p] > vb[p]
			}
		}
		return s.idx[ord[a]] < s.idx[ord[b]]
	})
	vec := make([]float64, 0, len(s.vec))
	idx := make([]uint64, 0, len(s.idx))
	for _, j := range ord {
		vec = append(vec, s.at(j)...)
		idx = append(idx, s.idx[j])
	}
	s.vec, s.idx = vec, idx
}

// dominatedBy reports whether some entry dominates u with tolerance Eps.
// cache holds the position of the entry that answered last time, tried
// first. Checking against the exact skyline suffices: if any outcome q
// dominates u with tolerance, the skyline entry s >= q does too.
func (s *skyline) dominatedBy(u []float64, cache *int) bool {
	k := s.k
	n := len(s.idx)
	if n == 0 {
		return false
	}
	if k == 2 {
		if h := *cache; h < n {
			if vx, vy := s.vec[2*h], s.vec[2*h+1]; vx >= u[0]-Eps && vy >= u[1]-Eps && (vx > u[0]+Eps || vy > u[1]+Eps) {
				return true
			}
		}
		return s.dominated2(u[0], u[1], cache)
	}
	start := *cache
	if start >= n {
		start = 0
	}
	for c := 0; c < n; c++ {
		j := start + c
		if j >= n {
			j -= n
		}
		v := s.vec[j*k : (j+1)*k]
		ok, strict := true, false
		for p := 0; p < k; p++ {
			if v[p] < u[p]-Eps {
				ok = false
				break
			}
			if v[p] > u[p]+Eps {
				strict = true
			}
		}
		if ok && strict {
			*cache = j
			return true
		}
	}
	return false
}

// Two parties: the skyline is a staircase kept sorted by the first utility
// (descending), so the second ascends strictly. Each offer costs a binary
// search, O(log F), plus the shifting of a slice of the frontier: the
// frontier of n outcomes takes O(n log F).

// add2 offers (x, y) to the staircase. A point that the staircase does not
// dominate waits in a buffer; when the buffer outgrows the staircase, both
// are sorted together and swept into a new staircase. Each point is sorted
// once, so n points cost O(n log n) whatever their order, and memory stays
// within twice the frontier (plus 1,024).
func (s *skyline) add2(x, y float64, idx uint64) {
	n := len(s.idx)
	// Most outcomes are dominated, and by the entry that rejected the
	// previous one: try it before searching.
	if h := s.hint; h < n {
		if vx, vy := s.vec[2*h], s.vec[2*h+1]; vx >= x && vy >= y && (vx > x || vy > y) {
			return
		}
	}
	// i: the entries with first utility >= x form the prefix [0, i); the
	// last of them has the largest second utility among them.
	i := sort.Search(n, func(j int) bool { return s.vec[2*j] < x })
	if i > 0 {
		vx, vy := s.vec[2*(i-1)], s.vec[2*(i-1)+1]
		if vy >= y {
			if vx == x && vy == y && idx < s.idx[i-1] {
				s.idx[i-1] = idx
			}
			s.hint = i - 1
			return // dominated or equal
		}
	}
	s.pend = append(s.pend, x, y)
	s.pidx = append(s.pidx, idx)
	if len(s.pidx) > max(1024, n) {
		s.flush()
	}
}

// flush sweeps the buffered points into the skyline.
func (s *skyline) flush() {
	if len(s.pidx) == 0 {
		return
	}
	if s.k != 2 {
		s.flushK()
		return
	}
	type pt struct {
		x, y float64
		idx  uint64
	}
	all := make([]pt, 0, len(s.idx)+len(s.pidx))
	for j := range s.idx {
		all = append(all, pt{s.vec[2*j], s.vec[2*j+1], s.idx[j]})
	}
	for j := range s.pidx {
		all = append(all, pt{s.pend[2*j], s.pend[2*j+1], s.pidx[j]})
	}
	sort.Slice(all, func(a, b int) bool {
		if all[a].x != all[b].x {
			return all[a].x > all[b].x
		}
		if all[a].y != all[b].y {
			return all[a].y > all[b].y
		}
		return all[a].idx < all[b].idx
	})
	// Sweep by decreasing x: a point survives when its y beats every y
	// seen so far (equal vectors: the first, with the smallest index).
	s.vec, s.idx = s.vec[:0], s.idx[:0]
	maxY := math.Inf(-1)
	for _, p := range all {
		if p.y > maxY {
			s.vec = append(s.vec, p.x, p.y)
			s.idx = append(s.idx, p.idx)
			maxY = p.y
		}
	}
	s.pend, s.pidx = s.pend[:0], s.pidx[:0]
	s.hint = 0
}

// dominated2 reports whether some staircase entry dominates (x, y) with
// tolerance Eps, with two binary searches: the entries with first utility
// >= x - Eps are a prefix; among them those with second utility >= y - Eps
// are a suffix of it, whose first entry has the largest first utility and
// whose last has the largest second.
func (s *skyline) dominated2(x, y float64, cache *int) bool {
	n := len(s.idx)
	p := sort.Search(n, func(j int) bool { return s.vec[2*j] < x-Eps })
	j := sort.Search(p, func(j int) bool { return s.vec[2*j+1] >= y-Eps })
	if j >= p {
		return false
	}
	switch {
	case s.vec[2*j] > x+Eps:
		*cache = j
	case s.vec[2*(p-1)+1] > y+Eps:
		*cache = p - 1
	default:
		return false
	}
	return true
}
