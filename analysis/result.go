package analysis

import (
	"context"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/parallel"
)

// Eps is the tolerance of dominance and ties: q dominates p when q_i >=
// p_i - Eps for every party and q_j > p_j + Eps for some party.
const Eps = 1e-12

// Frontier is the Pareto frontier's distinct utility vectors, stored
// flat: the memory of a frontier of F vectors for k parties is F*(k+1)
// words, however many packages share them. Vectors are in the order of
// Result.Pareto (lexicographically descending), each with the first
// package in enumeration order that has it.
type Frontier struct {
	set *vset // the first Len records of R, compacted
	n   int
	r   *Result
}

// Len returns the number of distinct frontier vectors.
func (f *Frontier) Len() int { return f.n }

// Utilities returns vector i (one utility per analysed party). The slice
// belongs to the frontier: do not modify it.
func (f *Frontier) Utilities(i int) []float64 { return f.set.at(i) }

// Index returns the enumeration index of the first package with vector i.
func (f *Frontier) Index(i int) uint64 { return *f.set.firstOf(i) }

// Outcome writes the first package with vector i into dst (of one entry
// per issue, allocated when nil) and returns it. It is safe for
// concurrent use.
func (f *Frontier) Outcome(i int, dst entente.Outcome) entente.Outcome {
	c := &f.r.wk.cur // read only: its value tables
	n := len(c.radix)
	if dst == nil {
		dst = make(entente.Outcome, n)
	}
	idx := f.Index(i)
	for j := n - 1; j >= 0; j-- {
		r := c.radix[j]
		dst[j] = c.value(j, idx%r)
		idx /= r
	}
	return dst
}

// Point returns vector i as a Point (its own copies of the slices).
func (f *Frontier) Point(i int) Point {
	return Point{Index: f.Index(i), Outcome: f.Outcome(i, nil), Utilities: append([]float64(nil), f.Utilities(i)...)}
}

// setFrontier classifies R (frontier.go) with tolerance and fills the
// frontier counts, Frontier and the first limit points of Pareto. When
// zoned, R counts its zone packages itself; otherwise a vector's packages
// are in the zone when its utilities are.
func (r *Result) setFrontier(ctx context.Context, rset *vset, workers int, zoned bool, limit int) error {
	n := rset.len()
	front := make([]bool, n)
	// Two and three parties sweep R with pointers from its start: one
	// chunk per worker. More parties test each vector on its own.
	opt := parallel.Options{Workers: workers, Chunk: uint64(max(1, (n+workers-1)/workers))}
	var sky *skyline
	if rset.k > 3 {
		sky = newSkyline(rset)
		opt.Chunk = 0
		opt.MinChunk = 256
	}
	if n > 0 {
		err := parallel.For(ctx, uint64(n), opt, func(_ int, lo, hi uint64) error {
			classify(rset, sky, int(lo), int(hi), front)
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Compact the frontier vectors in place: R becomes the frontier.
	kept := 0
	for i := 0; i < n; i++ {
		if !front[i] {
			continue
		}
		cnt := *rset.count(i)
		r.ParetoOutcomes += cnt
		v := rset.at(i)
		switch {
		case zoned:
			r.ParetoInZone += *rset.zoneCount(i)
		case inZone(v, r.bar):
			r.ParetoInZone += cnt
		}
		if rset.isTop(i) {
			if kept != i {
				copy(rset.at(kept), v)
				*rset.firstOf(kept) = *rset.firstOf(i)
			}
			kept++
		}
	}
	// Only the vectors and first indices stay.
	rset.cnt, rset.zone, rset.top = nil, nil, nil
	chunks := (kept + chunkLen - 1) >> chunkBits
	clear(rset.vec[chunks:])
	clear(rset.first[chunks:])
	rset.vec, rset.first, rset.n = rset.vec[:chunks], rset.first[:chunks], kept
	f := &Frontier{set: rset, n: kept, r: r}
	r.Frontier = f
	m := kept
	switch {
	case limit < 0:
		m = 0
	case limit > 0:
		m = min(m, limit)
	}
	r.Pareto = make([]Point, 0, m)
	for i := 0; i < m; i++ {
		r.Pareto = append(r.Pareto, f.Point(i))
	}
	return nil
}
