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
	k     int
	vec   []float64
	first []uint64
	r     *Result
}

// Len returns the number of distinct frontier vectors.
func (f *Frontier) Len() int { return len(f.first) }

// Utilities returns vector i (one utility per analysed party). The slice
// belongs to the frontier: do not modify it.
func (f *Frontier) Utilities(i int) []float64 { return f.vec[i*f.k : (i+1)*f.k : (i+1)*f.k] }

// Index returns the enumeration index of the first package with vector i.
func (f *Frontier) Index(i int) uint64 { return f.first[i] }

// Outcome writes the first package with vector i into dst (of one entry
// per issue, allocated when nil) and returns it.
func (f *Frontier) Outcome(i int, dst entente.Outcome) entente.Outcome {
	n := len(f.r.space.Issues())
	if dst == nil {
		dst = make(entente.Outcome, n)
	}
	f.r.space.At(f.first[i], dst[:n])
	return dst
}

// Point returns vector i as a Point (its own copies of the slices).
func (f *Frontier) Point(i int) Point {
	return Point{Index: f.first[i], Outcome: f.Outcome(i, nil), Utilities: append([]float64(nil), f.Utilities(i)...)}
}

// setFrontier classifies R (frontier.go) with tolerance and fills the
// frontier counts, Frontier and the first limit points of Pareto. When
// zoned, R counts its zone packages itself; otherwise a vector's packages
// are in the zone when its utilities are.
func (r *Result) setFrontier(ctx context.Context, rset *vset, workers int, zoned bool, limit int) error {
	n := rset.len()
	front := make([]bool, n)
	opt := parallel.Options{Workers: workers, MinChunk: 4096}
	if rset.k == 3 {
		// The sweep rebuilds its staircases for each chunk: one per worker.
		opt.Chunk = uint64(max(1, (n+workers-1)/workers))
	}
	if n > 0 {
		err := parallel.For(ctx, uint64(n), opt, func(_ int, lo, hi uint64) error {
			classify(rset, int(lo), int(hi), front)
			return nil
		})
		if err != nil {
			return err
		}
	}
	// Compact the frontier vectors in place (R is dropped afterwards).
	f := &Frontier{k: rset.k, r: r}
	kept := 0
	for i := 0; i < n; i++ {
		if !front[i] {
			continue
		}
		r.ParetoOutcomes += rset.cnt[i]
		v := rset.at(i)
		switch {
		case zoned:
			r.ParetoInZone += rset.zone[i]
		case inZone(v, r.Reservation):
			r.ParetoInZone += rset.cnt[i]
		}
		if rset.top[i] {
			copy(rset.vec[kept*rset.k:], v)
			rset.first[kept] = rset.first[i]
			kept++
		}
	}
	f.vec = rset.vec[: kept*rset.k : kept*rset.k]
	f.first = rset.first[:kept:kept]
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
