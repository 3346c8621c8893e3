package analysis

// streamSet builds R (frontier.go) from packages met one by one in
// enumeration order, for profiles that are not additive or under
// politics (where the zone depends on the package, not only on its
// utilities, so each vector counts its zone packages). Most packages are
// dominated, usually by a vector that dominated a recent one: a few
// recent dominators are tried first (O(k) each), then a k-d tree of R.
// Packages that pass wait in a buffer; when it outgrows R, it is sorted
// and swept with R into a new R, so each package is sorted once and
// memory stays within twice R (plus 256). One streamSet per worker;
// merge joins them.
type streamSet struct {
	k     int
	kept  *vset
	buf   []float64
	bidx  []uint64
	bzone []bool
	// recent lists positions in kept of recent dominators, most recent
	// first.
	recent []int
	spare  *vset
	// tree holds the kept vectors (nil before the first sweep).
	tree *kdTree
	high []float64
}

// recentLen is how many recent dominators a package is tried against
// before the k-d tree of the kept vectors; streamBuffer is the smallest
// buffer swept (small, so that R, which rejects most packages, is there
// early).
const (
	recentLen    = 8
	streamBuffer = 256
)

func newStreamSet(k int) *streamSet {
	return &streamSet{k: k, kept: newVset(k, true), spare: newVset(k, true), high: make([]float64, k)}
}

// add offers the utilities u of package idx.
func (s *streamSet) add(u []float64, idx uint64, zone bool) {
	for r, j := range s.recent {
		if s.absorbs(j, u, idx, zone) {
			if r > 0 {
				copy(s.recent[1:r+1], s.recent[:r])
				s.recent[0] = j
			}
			return
		}
	}
	if s.tree != nil {
		// A kept vector that dominates u with the margin.
		high := s.high
		for p := range high {
			high[p] = u[p] + Eps
		}
		if j := s.tree.find(u, high); j >= 0 {
			if len(s.recent) < recentLen {
				s.recent = append(s.recent, 0)
			}
			copy(s.recent[1:], s.recent[:len(s.recent)-1])
			s.recent[0] = j
			return
		}
	}
	s.buf = append(s.buf, u...)
	s.bidx = append(s.bidx, idx)
	s.bzone = append(s.bzone, zone)
	if len(s.bidx) > max(streamBuffer, s.kept.len()) {
		s.flush()
	}
}

// absorbs reports whether kept vector j settles package idx with
// utilities u: equal (counted with it) or dominating it with the margin
// (not in R).
func (s *streamSet) absorbs(j int, u []float64, idx uint64, zone bool) bool {
	e := s.kept.at(j)
	if !weaklyAbove(e, u) {
		return false
	}
	if equalVec(e, u) {
		*s.kept.count(j)++
		if zone {
			*s.kept.zoneCount(j)++
		}
		f := s.kept.firstOf(j)
		*f = min(*f, idx)
		return true
	}
	for p := range u {
		if e[p] > u[p]+Eps {
			return true
		}
	}
	return false // a near-tie: it may be in R
}

// flush sweeps the buffer into R.
func (s *streamSet) flush() {
	if len(s.bidx) == 0 {
		return
	}
	k := s.k
	ord := lexOrder(len(s.bidx), func(i int) []float64 { return s.buf[i*k : (i+1)*k] })
	sorted := newVset(k, true)
	for _, b := range ord {
		z := uint64(0)
		if s.bzone[b] {
			z = 1
		}
		sorted.push(s.buf[b*k:(b+1)*k], 1, z, s.bidx[b], false)
	}
	s.buf, s.bidx, s.bzone = s.buf[:0], s.bidx[:0], s.bzone[:0]
	s.sweepWith(sorted)
}

// merge sweeps the vectors of o (another worker's) into s.
func (s *streamSet) merge(o *streamSet) {
	s.flush()
	o.flush()
	s.sweepWith(o.kept)
}

// sweepWith replaces R by the sweep of R and o (both in order).
func (s *streamSet) sweepWith(o *vset) {
	out := s.spare
	out.reset()
	sw := newSweeper(s.k, epsMargins(s.k), out)
	mergeSets(s.kept, o, sw)
	sw.finish()
	s.spare, s.kept = s.kept, out
	s.recent = s.recent[:0]
	pts := make([]float64, 0, out.len()*s.k)
	for i := 0; i < out.len(); i++ {
		pts = append(pts, out.at(i)...)
	}
	s.tree = buildKD(s.k, pts)
}

// mergeSets offers the vectors of a and b (each in lexicographically
// descending order) to sw in that order.
func mergeSets(a, b *vset, sw *sweeper) {
	offer := func(s *vset, i int) {
		z := uint64(0)
		if zc := s.zoneCount(i); zc != nil {
			z = *zc
		}
		sw.offer(s.at(i), *s.count(i), z, *s.firstOf(i))
	}
	i, j := 0, 0
	for i < a.len() || j < b.len() {
		if j == b.len() || (i < a.len() && !lexGreater(b.at(j), a.at(i))) {
			offer(a, i)
			i++
			continue
		}
		offer(b, j)
		j++
	}
}
