package analysis

import (
	"context"

	"github.com/entente/entente"
	"github.com/entente/entente/internal/parallel"
)

// EachInZone calls fn for every package of the agreement zone, in
// enumeration order, streaming (nothing is kept). It stops at the first
// error fn returns.
func (r *Result) EachInZone(ctx context.Context, fn func(Point) error) error {
	return r.each(ctx, false, fn)
}

// EachRatifiable calls fn for every package of the ratifiable zone (the
// agreement zone when there is no Ratification), in enumeration order,
// streaming. It stops at the first error fn returns.
func (r *Result) EachRatifiable(ctx context.Context, fn func(Point) error) error {
	return r.each(ctx, r.Ratification != nil, fn)
}

func (r *Result) each(ctx context.Context, ratified bool, fn func(Point) error) error {
	k := len(r.funcs)
	type found struct {
		idx []uint64
		u   []float64
	}
	// Chunks are found on all cores and handed to fn in order; a chunk is
	// small enough that the results waiting for their turn stay small.
	opt := parallel.Options{Chunk: 1 << 16}
	return parallel.Map(ctx, r.Outcomes, opt, func(lo, hi uint64) (found, error) {
		w := r.wk.clone()
		w.seek(lo)
		cur := w.cur.clone()
		cur.seek(lo)
		j := r.pol.judge(r.Reservation)
		buf := make([]float64, blockLen*k)
		var f found
		for b := lo; b < hi; b += blockLen {
			cnt := int(min(blockLen, hi-b))
			w.fill(buf, cnt)
			for i := 0; i < cnt; i++ {
				u := buf[i*k : (i+1)*k]
				var in bool
				if j == nil {
					in = inZone(u, r.bar)
				} else {
					in = j.zone(cur.out, u) && (!ratified || j.ratified(cur.out))
				}
				if in {
					f.idx = append(f.idx, b+uint64(i))
					f.u = append(f.u, u...)
				}
				cur.next()
			}
		}
		return f, nil
	}, func(_, _ uint64, f found) error {
		for i, idx := range f.idx {
			o := make(entente.Outcome, len(r.space.Issues()))
			r.space.At(idx, o)
			if err := fn(Point{Index: idx, Outcome: o, Utilities: f.u[i*k : (i+1)*k : (i+1)*k]}); err != nil {
				return err
			}
		}
		return nil
	})
}

// Utilities returns the utilities of the analysed parties for a package
// (which need not lie on the analysis grid).
func (r *Result) Utilities(o entente.Outcome) []float64 {
	u := make([]float64, len(r.funcs))
	for p, f := range r.funcs {
		u[p] = f.Utility(o)
	}
	return u
}

// InZone reports whether utilities u (one per analysed party) reach every
// reservation value, within each profile's tolerance
// (entente.Preferences.AcceptTolerance). It ignores rules, blocs and red
// lines: use Accepted for a package.
func (r *Result) InZone(u []float64) bool { return inZone(u, r.bar) }

// Accepted reports whether package o lies in the agreement zone: every
// party it needs accepts it (every analysed party reaches its reservation
// value when Politics is not set).
func (r *Result) Accepted(o entente.Outcome) bool {
	u := r.Utilities(o)
	if j := r.pol.judge(r.Reservation); j != nil {
		return j.zone(o, u)
	}
	return inZone(u, r.bar)
}

// Ratifiable reports whether package o lies in the ratifiable zone: it is
// Accepted and every constituency lets it pass (just Accepted when there is
// no Ratification).
func (r *Result) Ratifiable(o entente.Outcome) bool {
	if !r.Accepted(o) {
		return false
	}
	return r.Ratification == nil || r.pol.set.All(o)
}
